"""Hostile inputs (issue 14): CPU time and peak memory of each reproducer of the issue, each in a
process of its own, with what became of it. Prints a Markdown table (RELIABILITY.md quotes it).

    python benchmarks/bench_hostile.py           # every case
    python benchmarks/bench_hostile.py CASE      # one case, as a JSON line
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

STORY = "Turkish shelling killed two civilians in Afrin on Monday, the Syrian Observatory said."
PLACES = ["Aleppo", "Homs", "Idlib", "Raqqa", "Afrin", "Palmyra", "Kobani", "Mosul", "Sanaa", "Rajo"]


def _read(path: Path) -> str:
    from frontlines.read import read_paths

    outcomes = []
    for item in read_paths([path]):
        outcomes.append(f"skipped: {item.reason}" if hasattr(item, "reason") else "read")
    return "; ".join(sorted(set(outcomes)))


def _segment(raw: str, kind: str) -> str:
    from frontlines.model import Document
    from frontlines.segment import segment

    doc = segment(Document(id="x", raw=raw, raw_kind=kind))
    return f"read: {len(doc.body):,} characters of body"


def case_donate_line(folder: Path):
    raw = "Title\n\n" + "donate " * 30000
    return len(raw.encode()), lambda: _segment(raw, "text")


def case_urls_line(folder: Path):
    from frontlines.segment.lines import kind_of

    line = " ".join(f"https://a.example/{i}" for i in range(2700))  # 50 KB
    return len(line), lambda: f"read: kind {kind_of(line)}"


def case_comment_author_spaces(folder: Path):
    raw = f"<html><body><p>{STORY}</p><ol class='commentlist'><li class='comment'><span class='fn'>{' ' * 100_000}</span><p>{STORY}</p></li></ol></body></html>"
    return len(raw), lambda: _segment(raw, "html")


def case_atom_declaration(folder: Path):
    path = folder / "slow.atom"
    path.write_bytes(b'<?xml version="1.0" ' + b'encoding="' * 1900 + b"\n<feed></feed>")  # 19 KB
    return path.stat().st_size, lambda: _read(path)


def case_geocoder_names(folder: Path):
    from frontlines.places.gazetteer import Gazetteer
    from frontlines.places.geocoder import Geocoder
    from frontlines.settings import Settings

    geocoder = Geocoder(Gazetteer(cache_dir=Settings.load().cache_dir))
    geocoder.find("Aleppo")  # the gazetteer loaded before the clock starts
    text = ", ".join(PLACES * 190)  # 12 KB
    return len(text), lambda: f"read: {len(geocoder.find(text))} places"


def case_html_1mb(folder: Path):
    paragraph = f"<p>{STORY} <a href='https://a.example/x'>More</a> <span>{STORY}</span></p>\n"
    raw = "<html><body><article>" + paragraph * (1024 * 1024 // len(paragraph)) + "</article></body></html>"
    return len(raw), lambda: _segment(raw, "html")


def case_jsonl_gz_without_newlines(folder: Path):
    path = folder / "dump.jsonl.gz"
    with gzip.open(path, "wb", compresslevel=9) as fh:
        for _ in range(4 * 1024):  # 4 GB of one line, a 4 MB file
            fh.write(b"x" * (1024 * 1024))
    return path.stat().st_size, lambda: _read(path)


def case_warc_header_line(folder: Path):
    path = folder / "crawl.warc.gz"
    pack = zlib.compressobj(9, zlib.DEFLATED, 31)  # a gzip member
    with path.open("wb") as fh:
        fh.write(pack.compress(b"WARC/1.0\r\nWARC-Type: response\r\nX-Junk: "))
        block = b"a" * (1024 * 1024)
        for _ in range(2 * 1024):  # a 2 GB header line
            fh.write(pack.compress(block))
        fh.write(pack.flush())
    return path.stat().st_size, lambda: _read(path)


def case_undefined_charset(folder: Path):
    path = folder / "page.html"
    path.write_bytes(b'<meta charset="undefined"><p>Caf\xe9 ' + STORY.encode() + b"</p>")
    return path.stat().st_size, lambda: _read(path)


def case_number_of_4301_digits(folder: Path):
    path = folder / "dump.jsonl"
    path.write_text('{"text": "%s", "n": %s}\n' % (STORY, "1" * 4301))
    return path.stat().st_size, lambda: _read(path)


def case_feed_surrogate(folder: Path):
    path = folder / "feed.rss"
    path.write_bytes(b'<rss version="2.0"><channel><item><title>&#xD800;</title><description>' + STORY.encode() + b"</description></item></channel></rss>")
    return path.stat().st_size, lambda: _read(path)


def case_feed_junk_encoding(folder: Path):
    path = folder / "feed.rss"
    path.write_bytes(b'<?xml version="1.0" encoding="\xff\xfe"?><rss version="2.0"><channel><item><description>' + STORY.encode() + b"</description></item></channel></rss>")
    return path.stat().st_size, lambda: _read(path)


def case_file_name_not_utf8(folder: Path):
    path = folder / os.fsdecode(b"page-\xff\n.txt")
    path.write_text(STORY)
    return path.stat().st_size, lambda: _read(path)


def case_symlink_loop(folder: Path):
    path = folder / "loop"
    path.symlink_to("loop")
    return 0, lambda: _read(path)


def case_paragraph_over_a_million(folder: Path):
    raw = (STORY + " ") * 12000
    return len(raw), lambda: _segment(raw, "text")


def case_utf16_without_bom(folder: Path):
    path = folder / "page.txt"
    path.write_bytes(STORY.encode("utf-16-le"))
    return path.stat().st_size, lambda: _read(path)


CASES = {name.removeprefix("case_"): fn for name, fn in globals().items() if name.startswith("case_")}


def run_case(name: str) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        size, work = CASES[name](Path(folder))
        started = time.process_time()
        outcome = work()
        cpu = time.process_time() - started
    peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM")) / 1024
    return {"case": name, "bytes": size, "cpu_s": cpu, "peak_rss_mb": peak, "outcome": outcome}


def main() -> int:
    if len(sys.argv) > 1:
        print(json.dumps(run_case(sys.argv[1])))
        return 0
    print("## Hostile inputs (issue 14)\n")
    print("Each case in a process of its own (`python benchmarks/bench_hostile.py CASE`); CPU time of the work")
    print("alone (files are written and models loaded before the clock starts, the readers' own imports")
    print("are in it); per 100 KB counts an input under 100 KB as 100 KB; peak RSS of the process.\n")
    print("| case | input | CPU s | CPU s per 100 KB | peak RSS MB | outcome |")
    print("|---|---:|---:|---:|---:|---|")
    for name in CASES:
        done = subprocess.run([sys.executable, __file__, name], capture_output=True, text=True, timeout=600)
        if done.returncode:
            print(f"| {name} | | | | | failed: {done.stderr.strip().splitlines()[-1][:120]} |")
            continue
        r = json.loads(done.stdout)
        per_100kb = r["cpu_s"] / max(r["bytes"], 100_000) * 100_000  # as the fuzz budget: at least 100 KB
        outcome = r["outcome"].replace("|", "/")[:110]
        print(f"| {name} | {r['bytes']:,} B | {r['cpu_s']:.2f} | {per_100kb:.3f} | {r['peak_rss_mb']:.0f} | {outcome} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
