"""Throughput and memory of the whole extraction path (segment → … → events) on one core.

Prints a table: model load time apart, then pages/s and events for the bundled examples and,
when ../shared is present, for the real HTML pages of the extraction benchmarks.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import time
from pathlib import Path

from frontlines.model import Document
from frontlines.read import read_paths

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "extraction"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def shared_pages(limit: int) -> list[Document]:
    files = sorted(SHARED.glob("*/html/*.html.gz"))[:limit]
    docs = []
    for path in files:
        for item in read_paths([path]):
            if isinstance(item, Document):
                docs.append(item)
    return docs


def run(name: str, pipeline, docs: list[Document]) -> tuple:
    # CPU time of this (single-threaded) process is what one core delivers; wall time on a
    # shared machine also counts other processes' turns, and is shown beside it.
    wall, cpu = time.perf_counter(), time.process_time()
    events = sum(len(pipeline.process(d).events) for d in docs)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return name, len(docs), round(cpu, 2), round(len(docs) / cpu, 1) if cpu else 0, round(len(docs) / wall, 1) if wall else 0, events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20, help="copies of the example pages")
    parser.add_argument("--shared", type=int, default=300, help="real HTML pages from ../shared (0: none)")
    args = parser.parse_args()

    start, cpu = time.perf_counter(), time.process_time()
    from frontlines.build_model import ensure_typing_model
    from frontlines.pipeline import Pipeline
    from frontlines.resources import Resources
    from frontlines.settings import Settings

    settings = Settings.load()
    ensure_typing_model(settings)
    pipeline = Pipeline(Resources.build(settings))
    pipeline.process(next(d for d in read_paths([ROOT / "examples"]) if isinstance(d, Document)))
    load, load_cpu = time.perf_counter() - start, time.process_time() - cpu

    # Each copy is dated a day later, so per-sentence caches (dates) cannot serve a copy.
    pages = [d for d in read_paths([ROOT / "examples"]) if isinstance(d, Document)]
    examples = [
        d.model_copy(update={"published": (d.published or dt.date(2017, 1, 1)) + dt.timedelta(days=k)})
        for k in range(args.repeat)
        for d in pages
    ]
    rows = [run("bundled examples", pipeline, examples)]
    if args.shared and SHARED.exists():
        rows.append(run("shared real HTML pages", pipeline, shared_pages(args.shared)))

    print("## extract end to end (one process, one core)\n")
    print(f"model and gazetteer load, first page included: {load:.1f} s ({load_cpu:.1f} s CPU)\n")
    print("| pages | n | CPU seconds | pages/s (CPU time) | pages/s (wall) | events |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(str(c) for c in row) + " |")
    print(f"\npeak RSS: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
