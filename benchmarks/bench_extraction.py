"""Article bodies and reader comments from real HTML (../shared/data/extraction), against
trafilatura and readability-lxml, scored as the MANIFESTs there say.

Scoring (scrapinghub/article-extraction-benchmark's evaluate.py): `\\w+` tokens, 4-token
shingles compared as multisets, per page TP/FP/FN, precision and recall the means over pages,
F1 the harmonic mean of those means. On the comments set also: comment leak, the share of gold
comment shingles (those not in the gold body) that the extracted body holds; and for tools that
return comments apart, comment P/R/F1 and the share of gold comment shingles they recover.
Leak and recovered share are means over pages.

Every tool runs as its own process over all pages of a set (`frontlines segment --format json`
through the real command; the others through this file's `--runner` mode), timed end to end:
interpreter start and imports are part of pages/s. pages/s is pages per second of the process's
own CPU time (user + system): on a shared machine wall time swung 2-3x between identical runs,
and the tools run one after another, so wall time would compare them under different loads.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import resource
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "extraction"
SETS = {
    "article-extraction-benchmark": "ground-truth.json",
    "comments": "gold.json",
}
TOOLS = {
    "frontlines segment": "frontlines",
    "trafilatura defaults": "trafilatura",
    "trafilatura precision, no comments": "trafilatura-precision",
    "readability-lxml": "readability",
}
_TOKEN = re.compile(r"\w+")
_BLOCK_TAGS = frozenset("p div br li h1 h2 h3 h4 h5 h6 blockquote pre tr td th table ul ol section article".split())


# -- runners: one process per tool and set ------------------------------------------------


def page_id(path: Path) -> str:
    return path.name.split(".")[0]


def read_html(path: Path) -> str:
    # One comments page declares UTF-8 but holds invalid bytes (MANIFEST): decode leniently.
    return gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")


def readability_text(html: str) -> str:
    import lxml.html
    from readability import Document

    tree = lxml.html.fromstring(Document(html).summary(html_partial=True))
    # text_content() glues the words of adjacent blocks ("end.Next"), which changes \w+ tokens.
    for el in tree.iter():
        if isinstance(el.tag, str) and el.tag in _BLOCK_TAGS:
            el.text = "\n" + (el.text or "")
            el.tail = "\n" + (el.tail or "")
    return tree.text_content().strip()


def extract_page(tool: str, html: str) -> dict:
    import trafilatura

    if tool == "trafilatura":
        found = trafilatura.extract(html, output_format="json")
        if found is None:
            return {"body": "", "comments": ""}
        parts = json.loads(found)
        # extract()'s text output is the body with the comments after it; keep both views
        body = f"{parts['text']}\n{parts['comments']}".strip() if parts["comments"] else parts["text"]
        return {"body": body, "comments": parts["comments"]}
    if tool == "trafilatura-precision":
        return {"body": trafilatura.extract(html, include_comments=False, favor_precision=True) or "", "comments": ""}
    if tool == "readability":
        return {"body": readability_text(html), "comments": ""}
    raise ValueError(tool)


def run_tool(tool: str, out: Path, files: list[Path]) -> None:
    results = {page_id(f): extract_page(tool, read_html(f)) for f in files}
    out.write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")


def frontlines_outputs(files: list[Path]) -> dict[str, dict]:
    done = subprocess.run(
        [sys.executable, "-c", "from frontlines.cli import app; app()", "segment", "--format", "json",
         *map(str, files)],
        capture_output=True, text=True,
    )
    # Skipped pages are left out of the array and named on stderr as "skipped PATH: reason".
    skipped = {line.split(" ", 1)[1].rsplit(": ", 1)[0] for line in done.stderr.splitlines() if line.startswith("skipped ")}
    read = [f for f in files if str(f) not in skipped]
    pages = json.loads(done.stdout) if done.stdout.strip() else []
    if len(pages) != len(read):
        raise RuntimeError(f"frontlines segment gave {len(pages)} pages for {len(read)} read: {done.stderr[-500:]}")
    out = {page_id(f): {"body": "", "comments": ""} for f in files}
    for f, page in zip(read, pages):
        doc = page["document"]
        comments = "\n\n".join(f"{c['author']}\n{c['text']}" if c.get("author") else c["text"] for c in doc["comments"])
        out[page_id(f)] = {"body": doc["body"], "comments": comments}
    return out


def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_run(tool: str, files: list[Path], scratch: Path) -> tuple[dict[str, dict], float]:
    start = _children_cpu_seconds()
    if tool == "frontlines":
        outputs = frontlines_outputs(files)
    else:
        out = scratch / f"{tool}.json"
        subprocess.run([sys.executable, __file__, "--runner", tool, str(out), *map(str, files)], check=True)
        outputs = json.loads(out.read_text(encoding="utf-8"))
    return outputs, _children_cpu_seconds() - start


# -- scoring ---------------------------------------------------------------------------------


def shingles(text: str) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + 4]) for i in range(max(1, len(tokens) - 3)) if tokens[i : i + 4])


def tp_fp_fn(gold: str, predicted: str) -> tuple[float, float, float]:
    g, p = shingles(gold), shingles(predicted)
    tp = sum((g & p).values())
    fp, fn = sum(p.values()) - tp, sum(g.values()) - tp
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def prf(counts: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Upstream's macro precision/recall: a page with nothing predicted (or nothing gold)
    leaves precision (recall) alone; FP = FN = 0 scores 1."""
    def score(tp, wrong, other):
        return 1.0 if wrong == other == 0 else 0.0 if tp == wrong == 0 else tp / (tp + wrong)

    ps = [score(tp, fp, fn) for tp, fp, fn in counts if tp + fp > 0]
    rs = [score(tp, fn, fp) for tp, fp, fn in counts if tp + fn > 0]
    p = statistics.fmean(ps) if ps else 0.0
    r = statistics.fmean(rs) if rs else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def found_share(gold_comments: str, gold_body: str, predicted: str) -> float:
    """Share of the comment shingles that are not also body shingles found in `predicted`."""
    comment_only = set(shingles(gold_comments)) - set(shingles(gold_body))
    return len(comment_only & set(shingles(predicted))) / len(comment_only) if comment_only else 0.0


def tokens_equal(gold: str, predicted: str) -> bool:
    return _TOKEN.findall(gold) == _TOKEN.findall(predicted or "")


# -- report ----------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runner", nargs="+", metavar=("TOOL OUT", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.runner:
        tool, out, *files = args.runner
        run_tool(tool, Path(out), [Path(f) for f in files])
        return 0

    print("## Article body and comment extraction from real HTML\n")
    missing = [name for name, gold in SETS.items() if not (DATA / name / gold).exists()]
    if missing:
        print(f"skipped: {', '.join(missing)} not under {DATA} (the shared evaluation data sits beside the checkout).")
        return 0
    tools = dict(TOOLS)
    versions = f"trafilatura {version('trafilatura')}"
    if find_spec("readability") is None:  # not a frontlines dependency: compared where installed
        del tools["readability-lxml"]
        print("readability-lxml is not installed: its row is left out (pip install readability-lxml).\n")
    else:
        versions += f", readability-lxml {version('readability-lxml')}"

    with tempfile.TemporaryDirectory() as scratch:
        results = {}
        for name, gold_file in SETS.items():
            gold = json.loads((DATA / name / gold_file).read_text(encoding="utf-8"))
            files = sorted((DATA / name / "html").glob("*.html.gz"))
            runs = {label: timed_run(tool, files, Path(scratch)) for label, tool in tools.items()}
            results[name] = (gold, files, runs)

    gold, files, runs = results["article-extraction-benchmark"]
    print(f"### Article bodies: article-extraction-benchmark, {len(files)} pages\n")
    print(f"{versions}. Published for trafilatura 2.0.0 on all 181 pages with "
          "include_comments=False: P 0.938, R 0.978, F1 0.958 (not directly comparable to this subset).\n")
    print("| tool | precision | recall | F1 | identical | pages/s |")
    print("|---|---|---|---|---|---|")
    for label, (outputs, seconds) in runs.items():
        counts = [tp_fp_fn(gold[k]["articleBody"], outputs[k]["body"]) for k in gold]
        same = statistics.fmean(tokens_equal(gold[k]["articleBody"], outputs[k]["body"]) for k in gold)
        p, r, f = prf(counts)
        print(f"| {label} | {p:.3f} | {r:.3f} | {f:.3f} | {same:.3f} | {len(files) / seconds:.1f} |")

    gold, files, runs = results["comments"]
    print(f"\n### Pages with reader comments: comments set, {len(files)} pages\n")
    print("Leak: share of gold comment shingles in the extracted body (lower is better). Comments: "
          "the tool's comments against the gold comments; recovered: share of gold comment shingles found.\n")
    print("| tool | body P | body R | body F1 | comment leak | pages with comments | comment P | comment R "
          "| comment F1 | recovered | pages/s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for label, (outputs, seconds) in runs.items():
        body = prf([tp_fp_fn(gold[k]["articleBody"], outputs[k]["body"]) for k in gold])
        leak = statistics.fmean(found_share(gold[k]["comments"], gold[k]["articleBody"], outputs[k]["body"]) for k in gold)
        with_comments = sum(bool(outputs[k]["comments"].strip()) for k in gold)
        cells = [*(f"{v:.3f}" for v in body), f"{leak:.3f}", str(with_comments)]
        if with_comments:
            comment = prf([tp_fp_fn(gold[k]["comments"], outputs[k]["comments"]) for k in gold])
            recovered = statistics.fmean(
                found_share(gold[k]["comments"], gold[k]["articleBody"], outputs[k]["comments"]) for k in gold
            )
            cells += [*(f"{v:.3f}" for v in comment), f"{recovered:.3f}"]
        else:
            cells += ["—"] * 4
        print(f"| {label} | " + " | ".join(cells) + f" | {len(files) / seconds:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
