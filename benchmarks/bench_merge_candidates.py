"""The merge's candidate search at 100k and 1M stored events, on SQLite and on PostgreSQL +
PostGIS: how long the store takes to say which merged events 1,000 new reports may join.

Each store is written and merged as bench_merge.py does it (synthetic stories over Syria, each
told by one to five outlets, ~10 stories a day, so a larger store is a longer history). Then
1,000 new reports spread over the whole history are merged in; the row times the one candidate
query that this merge makes (`Store.merged_ids_near`): grid blocks on SQLite; on PostGIS, the
GiST index over (week, box) of the reports' reaches (`week =`, `&&`). Both databases must then
hold the same merged events.

PostgreSQL comes from FRONTLINES_BENCH_POSTGRES (an empty database of its own: the benchmark
empties it), else FRONTLINES_TEST_POSTGRES (the tests' server, which `.ci/run` starts).

    .venv/bin/python benchmarks/bench_merge_candidates.py [--sizes 100000 1000000]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from bench_merge import INCREMENT, STORIES_PER_DAY, Corpus, write
from sqlalchemy import text

from frontlines.merge.events import merge_stored_events
from frontlines.store import Store
from frontlines.store.migrate import drop_schema


class TimedStore(Store):
    """The store, timing the candidate query the merge asks of it."""

    def __init__(self, db: str):
        super().__init__(db)
        self.asked: list[tuple[int, int, float]] = []  # (reaches asked, merged events proposed, seconds)

    def merged_ids_near(self, reaches):
        reaches = list(reaches)
        started = time.perf_counter()
        found = super().merged_ids_near(reaches)
        self.asked.append((len(reaches), len(found), time.perf_counter() - started))
        return found


def measure(size: int, url: str) -> dict:
    corpus = Corpus(seed=size, days=max(1, size // (3 * STORIES_PER_DAY)))
    store = TimedStore(url)
    started = time.perf_counter()
    write(store, *corpus.batch(size))
    merge_stored_events(store)
    if store.engine.dialect.name == "postgresql":
        with store.engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    built = time.perf_counter() - started
    store.asked.clear()
    write(store, *corpus.batch(INCREMENT))
    started = time.perf_counter()
    summary = merge_stored_events(store)
    merge_seconds = time.perf_counter() - started
    ((reaches, proposed, query_seconds),) = store.asked
    merged = {(r.id, tuple(sorted(x.id for x in r.reports))) for r in store.merged_events()}
    store.engine.dispose()
    return {
        "reaches": reaches, "proposed": proposed, "query": query_seconds, "merge": merge_seconds,
        "written": summary.records, "built": built, "merged": merged,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    args = parser.parse_args()
    postgres = os.environ.get("FRONTLINES_BENCH_POSTGRES") or os.environ.get("FRONTLINES_TEST_POSTGRES")
    print("## merge candidate search: SQLite and PostgreSQL + PostGIS\n")
    print(f"{INCREMENT:,} new reports merged into a store of that many events (reports); the candidate query is the one")
    print("`Store.merged_ids_near` call of that merge (all its reaches in one call)\n")
    print("| stored events | database | candidate query ms | merged events proposed | whole +1k merge s | events written | store built in s |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            targets = [("SQLite (grid blocks)", str(Path(folder) / f"candidates-{size}.sqlite"))]
            if postgres:
                drop_schema(postgres)
                targets.append(("PostgreSQL + PostGIS (GiST over week and box, `&&`)", postgres))
            results = []
            for name, url in targets:
                m = measure(size, url)
                results.append(m)
                print(
                    f"| {size:,} | {name} | {1000 * m['query']:.1f} | {m['proposed']:,} | {m['merge']:.2f} | {m['written']:,} "
                    f"| {m['built']:.0f} |",
                    flush=True,
                )
            if len(results) == 2:
                same = "the same" if results[0]["merged"] == results[1]["merged"] else "DIFFERENT"
                print(f"| {size:,} | both | | | | {same} merged events and reports | |", flush=True)
    if not postgres:
        print("\nPostgreSQL: no server given (FRONTLINES_BENCH_POSTGRES), its rows left out")


if __name__ == "__main__":
    main()
