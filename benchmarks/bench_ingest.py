"""Bulk ingest throughput: `frontlines ingest` end to end (read, segment, NLP, syndication, store)
on a corpus in every input format, and what syndication detection costs as the store grows.

The corpus is built in a temporary folder: pages composed from the paragraphs of the bundled
examples with other places, days and numbers (text and HTML files, JSONL dumps, RSS feeds), one
in ten republished by another outlet as a syndicated copy, and, when ../shared is present, its
real news HTML pages in a gzipped WARC crawl with the images and missing pages a crawl holds.
Each run ingests into a fresh database; the rerun over the stored corpus is what resuming costs.

The full pipeline runs at a few pages/s per core, so by default 2,000 pages go through it, with as
many pipeline workers as there are cores (a few minutes on 2 cores); `--pages` sets the size and
`--workers 1 2` and `--engines local ray` compare worker counts and engines (the default: both engines at 1 and 2). Syndication is measured apart on `--signatures` synthetic
bodies, without the pipeline.

    .venv/bin/python benchmarks/bench_ingest.py [--pages 2000] [--workers 2] [--signatures 5000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import io
import json
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

from sqlalchemy import insert
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from frontlines.ingest import ingest
from frontlines.merge.syndication import SIMILARITY, SyndicationIndex, signature, signature_row
from frontlines.model import Document
from frontlines.read import read_paths
from frontlines.segment import segment
from frontlines.store import Store
from frontlines.store.schema import documents

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "extraction"

PLACES = [
    "Raqqa", "Palmyra", "Idlib", "Afrin", "Deir ez-Zor", "Tabqa", "Manbij", "Daraa", "Homs", "Hama", "Aleppo",
    "Douma", "Jisr al-Shughur", "Maarat al-Numan", "Qamishli", "Kobani", "Azaz", "al-Bab", "Mayadin",
    "Albu Kamal", "Mosul", "Tal Afar", "Fallujah", "Ramadi", "Sweida", "Quneitra", "Latakia", "Hasakah",
]  # fmt: skip
# Place names of the example paragraphs that a variant replaces.
EXAMPLE_PLACES = PLACES + ["Mashlab", "Hamrat", "Shaer", "Deir Ezzor", "Astana", "Gaziantep", "Damascus"]
OUTLETS = [
    "North Syria Monitor", "Levant Dispatch", "Frontline Monitor", "Euphrates Post", "Mesopotamia Daily",
    "Syria Direct Wire", "Idlib Observer", "Desert Herald",
]  # fmt: skip
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_PLACE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, EXAMPLE_PLACES), key=len, reverse=True)) + r")\b")
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b")
_NUMBER = re.compile(r"\b(?!(?:19|20)\d\d\b)\d{1,3}\b")


def peak_rss_mb() -> tuple[float, float]:
    """This process, and the largest child (a pipeline worker)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


class Pages:
    """Pages made from the examples' paragraphs, each with its own places, days and numbers."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        docs = [segment(d) for d in read_paths([ROOT / "examples"]) if isinstance(d, Document)]
        self.paragraphs = [p for d in docs for p in d.paragraphs if len(p.split()) >= 8]

    def make(self, n: int) -> dict:
        rng = self.rng
        places = {}

        def place(m: re.Match) -> str:
            return places.setdefault(m.group(1), rng.choice(PLACES))

        paragraphs = [
            _NUMBER.sub(lambda m: str(rng.randint(2, 90)), _WEEKDAY.sub(lambda m: rng.choice(WEEKDAYS), _PLACE.sub(place, p)))
            for p in rng.sample(self.paragraphs, rng.randint(3, 5))
        ]
        title = " ".join(paragraphs[0].split()[:9]).rstrip(",.")
        published = dt.date(2017, 1, 1) + dt.timedelta(days=rng.randrange(365))
        outlet = rng.choice(OUTLETS)
        slug = re.sub(r"\W+", "-", title.lower())[:60]
        url = f"https://{outlet.lower().replace(' ', '-')}.example/{published:%Y/%m/%d}/{slug}-{n}"
        return {"url": url, "source": outlet, "published": published, "title": title, "paragraphs": paragraphs}

    def copy(self, page: dict, n: int) -> dict:
        """The page republished by another outlet: its own headline and credit line, the same text."""
        outlet = self.rng.choice([o for o in OUTLETS if o != page["source"]])
        paragraphs = [f"({page['source']}) - {page['paragraphs'][0]}", *page["paragraphs"][1:]]
        url = f"https://{outlet.lower().replace(' ', '-')}.example/wire/{n}"
        return {**page, "url": url, "source": outlet, "title": "Wire: " + page["title"], "paragraphs": paragraphs}


def as_text(page: dict) -> str:
    return "\n\n".join([page["title"], page["published"].strftime("%B %-d, %Y"), *page["paragraphs"]]) + "\n"


def as_html(page: dict) -> str:
    body = "".join(f"<p>{escape(p)}</p>\n" for p in page["paragraphs"])
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(page["title"])}</title>'
        f'<meta property="og:site_name" content="{escape(page["source"])}">'
        f'<meta property="article:published_time" content="{page["published"].isoformat()}T08:00:00Z"></head>'
        f'<body><nav><a href="/">Home</a> <a href="/syria">Syria</a></nav><article><h1>{escape(page["title"])}</h1>'
        f"{body}</article><footer>&copy; {escape(page['source'])}</footer></body></html>"
    )


def write_response(writer: WARCWriter, url: str, payload: bytes, content_type: str, status: str = "200 OK") -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=headers))


def build_corpus(folder: Path, n_pages: int, seed: int) -> tuple[list[Path], int, int]:
    """The corpus files, the number of pages in them, and of syndicated copies planted."""
    shared = sorted(SHARED.glob("*/html/*.html.gz"))[: n_pages // 5] if SHARED.exists() else []
    copies = n_pages // 10
    pages = Pages(seed)
    made = [pages.make(i) for i in range(n_pages - copies - len(shared))]
    planted = [pages.copy(p, i) for i, p in enumerate(pages.rng.sample(made, copies))]
    paths = []

    loose = folder / "pages"
    loose.mkdir()
    quarter = len(made) // 4
    for i, page in enumerate(made[:quarter]):
        if i % 2:
            (loose / f"{i:05d}.html").write_text(as_html(page))
        else:
            (loose / f"{i:05d}.txt").write_text(as_text(page))
    paths.append(loose)

    feeds = folder / "feeds"
    feeds.mkdir()
    for start in range(quarter, 2 * quarter, 50):
        items = "".join(
            f"<item><title>{escape(p['title'])}</title><link>{p['url']}</link>"
            f"<pubDate>{p['published']:%a, %d %b %Y} 09:00:00 GMT</pubDate>"
            f"<content:encoded><![CDATA[{''.join(f'<p>{x}</p>' for x in p['paragraphs'])}]]></content:encoded></item>"
            for p in made[start : min(start + 50, 2 * quarter)]
        )
        (feeds / f"feed-{start:05d}.rss").write_text(
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            f"<title>{escape(made[start]['source'])}</title>{items}</channel></rss>"
        )
    paths.append(feeds)

    dumps = folder / "dumps"
    dumps.mkdir()
    lines = made[2 * quarter :] + planted
    pages.rng.shuffle(lines)
    for start in range(0, len(lines), 200):
        with (dumps / f"dump-{start:05d}.jsonl").open("w") as fh:
            for i, p in enumerate(lines[start : start + 200]):
                record = {"url": p["url"], "source": p["source"], "published": p["published"].isoformat()}
                if i % 2:
                    record["html"] = as_html(p)
                else:
                    record["text"] = as_text(p)
                fh.write(json.dumps(record) + "\n")
            fh.write('{"url": "https://broken.example/cut", "text": "Syrian army\n')  # a dump cut mid-line
    paths.append(dumps)

    if shared:
        crawl = folder / "crawl.warc.gz"
        with crawl.open("wb") as fh:
            writer = WARCWriter(fh, gzip=True)
            for i, path in enumerate(shared):
                url = f"https://crawl.example/{path.parent.parent.name}/{path.name.removesuffix('.html.gz')}"
                write_response(writer, url, gzip.decompress(path.read_bytes()), "text/html; charset=utf-8")
                if i % 3 == 0:
                    write_response(writer, url + ".png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")
                if i % 7 == 0:
                    write_response(writer, url + "/old", b"<html><title>Gone</title></html>", "text/html", "404 Not Found")
        paths.append(crawl)
    return paths, len(made) + len(planted) + len(shared), len(planted)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=2000, help="pages in the corpus, all through the pipeline")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="pipeline processes (or Ray actors)")
    parser.add_argument("--engines", nargs="+", default=["local", "ray"], choices=["local", "ray"], help="ray is skipped where not installed")
    parser.add_argument("--signatures", type=int, default=5000, help="bodies for the syndication measurement")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        folder = Path(tmp)
        paths, n_pages, planted = build_corpus(folder, args.pages, args.seed)
        print("## bulk ingest end to end\n")
        print(
            f"corpus: {n_pages} pages ({planted} of them syndicated copies planted) in text/HTML files, "
            f"JSONL dumps, RSS feeds{' and a WARC crawl of the ../shared HTML pages' if len(paths) == 4 else ''}; "
            f"the pipeline runs on every page; seconds include loading the models\n"
        )
        print("| run | engine | workers | pages read | stored | skipped | seconds | pages/s | speed-up | ingest process CPU ms a page | events | syndicated |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        engines = [e for e in args.engines if e != "ray" or ray_installed()]
        first_rate, ray_start = None, None
        for engine in engines:
            if engine == "ray":
                ray_start = start_ray(max(args.workers))
            for workers in args.workers:
                db = folder / f"ingest-{engine}-{workers}.sqlite"
                before = own_cpu()
                summary = ingest(paths, Store(db), workers=workers, engine=engine)
                first_rate = first_rate or rate_of(summary)
                row("fresh database", engine, workers, summary, first_rate, own_cpu() - before)
        size = db.stat().st_size + sum(f.stat().st_size for f in folder.glob(f"{db.name}-*"))  # with the WAL
        stored = summary.stored or 1
        database = f"database: {size / 2**20:.1f} MB for {summary.stored} pages and {summary.events} events ({size / stored / 1024:.1f} KB a page, before merging)"
        before = own_cpu()
        resumed = ingest(paths, Store(db), workers=args.workers[-1], engine=engines[-1])
        row("rerun, all stored", engines[-1], args.workers[-1], resumed, first_rate, own_cpu() - before)
        own, child = peak_rss_mb()
        print(f"\nspeed-up: pages/s over the first run's; ingest process CPU: what the process that reads and stores spent a page read (the pipeline too with one local worker). peak RSS: {own:.0f} MB in the ingest process, {child:.0f} MB in the largest local worker")
        print(database)
        if ray_start is not None:
            import ray

            ray.shutdown()
            print(f"Ray: a local Ray started once in {ray_start:.1f} s before its runs, not counted in them; each run's seconds include its actors loading the models")
        elif "ray" in args.engines:
            print("Ray: not installed (pip install 'frontlines[ray]'), its runs left out")
        syndication(folder, args.signatures, args.seed)


def ray_installed() -> bool:
    try:
        import ray  # noqa: F401
    except ModuleNotFoundError:
        return False
    return True


def start_ray(actors: int) -> float:
    """Seconds to start a local Ray with a CPU for each actor and one for the reading tasks."""
    import ray

    started = time.perf_counter()
    ray.init(num_cpus=actors + 1, include_dashboard=False, log_to_driver=False)
    return time.perf_counter() - started


def rate_of(summary) -> float:
    return summary.read / summary.seconds if summary.seconds else 0.0


def own_cpu() -> float:
    """CPU seconds of this process (the ingest's reading, storing and, with one local worker, the pipeline)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def row(name: str, engine: str, workers: int, summary, first_rate: float, cpu: float) -> None:
    rate = rate_of(summary)
    cells = (
        name, engine, workers, summary.read, summary.stored, summary.skipped_total, f"{summary.seconds:.1f}",
        f"{rate:.1f}", f"x{rate / first_rate:.2f}" if first_rate else "", f"{1000 * cpu / max(summary.read, 1):.1f}",
        summary.events, summary.syndicated,
    )  # fmt: skip
    print("| " + " | ".join(str(c) for c in cells) + " |", flush=True)


def syndication(folder: Path, n: int, seed: int) -> None:
    """Signature, lookup and index-load cost with `n` stored bodies, a tenth of them planted copies
    stored after their originals; every copy found is checked against the exact Jaccard similarity."""
    pages = Pages(seed + 1)
    made = [pages.make(i) for i in range(n - n // 10)]
    sources = pages.rng.sample(range(len(made)), n // 10)
    bodies = ["\n\n".join(p["paragraphs"]) for p in made]
    bodies += ["\n\n".join(pages.copy(made[i], i)["paragraphs"]) for i in sources]
    planted = {len(made) + k: i for k, i in enumerate(sources)}  # copy → the page it copies
    key = [f"{i:016x}" for i in range(len(bodies))]

    start = time.perf_counter()
    sigs = [signature(b) for b in bodies]
    signing = time.perf_counter() - start

    index = SyndicationIndex()
    originals: list[str | None] = []
    start = time.perf_counter()
    for k, sig in zip(key, sigs):
        originals.append(index.original_of(sig))
        index.add(k, sig, originals[-1])
    lookup = time.perf_counter() - start

    store = Store(folder / "signatures.sqlite")
    with store.engine.begin() as conn:
        now = dt.datetime.now(dt.timezone.utc)
        rows = [{"id": k, "syndicated_of": o, "ingested_at": now, "document": {"body": b}} for k, b, o in zip(key, bodies, originals)]
        conn.execute(insert(documents), rows)
        table, _ = signature_row(key[0], sigs[0])
        conn.execute(insert(table), [signature_row(k, s)[1] for k, s in zip(key, sigs)])
    start = time.perf_counter()
    SyndicationIndex.load(store.engine)
    load = time.perf_counter() - start

    root = {k: o or k for k, o in zip(key, originals)}
    found_planted = sum(originals[c] == root[key[i]] for c, i in planted.items())
    others = [(i, o) for i, o in enumerate(originals) if o and i not in planted]
    position = {k: i for i, k in enumerate(key)}
    similarities = [exact_jaccard(bodies[i], bodies[position[o]]) for i, o in others]
    true_others = sum(j >= SIMILARITY for j in similarities)

    print(f"\n## syndication detection with {n} stored bodies ({n // 10} copies planted)\n")
    print("| step | total s | ms per page |")
    print("|---|---|---|")
    print(f"| MinHash signature (word 5-shingles, 128 permutations) | {signing:.2f} | {1000 * signing / n:.2f} |")
    print(f"| LSH lookup of the first copy + index add | {lookup:.2f} | {1000 * lookup / n:.2f} |")
    print(f"| index load from the database at ingest start | {load:.2f} | {1000 * load / n:.3f} |")
    print(
        f"\nplanted copies found: {found_planted} of {len(planted)}. Other copies found: {len(others)}, pages the "
        f"generator happened to compose from the same paragraphs and names; {true_others} of them have an exact "
        f"Jaccard similarity >= {SIMILARITY} with the page they were tied to, the lowest has "
        f"{min(similarities, default=1):.2f} (MinHash estimates near the threshold, and copies of copies)"
    )


def exact_jaccard(a: str, b: str) -> float:
    def shingles(text: str) -> set[str]:
        words = re.findall(r"\w+", text.lower())
        return {" ".join(words[i : i + 5]) for i in range(len(words) - 4)}

    x, y = shingles(a), shingles(b)
    return len(x & y) / len(x | y) if x | y else 0.0


if __name__ == "__main__":
    sys.exit(main())
