"""Box queries over stored merged events on SQLite and on PostgreSQL with PostGIS: what the web
service's bbox filter costs at 100k and 1M events, with and without a date range.

The store is written as bench_api.py writes it (merged events over eight years of Syria, with
their reports and pages). On PostgreSQL with PostGIS the box is asked of the GiST index of
migration 0002's geometry (`&&`); on SQLite it is a comparison of longitude and latitude, helped
only by the date index. Each row: the mean of `--queries` boxes at random places, counting the
matches and reading the first page of 100, as one request of the service does.

PostgreSQL comes from FRONTLINES_BENCH_POSTGRES (an empty database of its own: the benchmark
empties it), else FRONTLINES_TEST_POSTGRES (the tests' server, which `.ci/run` starts).

    .venv/bin/python benchmarks/bench_spatial.py [--sizes 100000 1000000] [--queries 50]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from bench_api import DAYS, START, build
from sqlalchemy import text

from frontlines.store import Store
from frontlines.store.migrate import drop_schema
from frontlines.store.queries import EventFilter

# (name, degrees of the box's side, days of the date range or None for every date)
QUERIES = [("1°, 30 days", 1.0, 30), ("1°, every date", 1.0, None), ("0.2°, every date", 0.2, None)]


def timed(store: Store, degrees: float, days: int | None, queries: int) -> tuple[float, float]:
    """Mean milliseconds a box query (count and first page of 100), and the mean matches."""
    rng = random.Random(int(degrees * 1000) + (days or 0))
    seconds, matched = [], []
    for _ in range(queries):
        lat, lon = rng.uniform(32.5, 37.0 - degrees), rng.uniform(36.0, 41.5 - degrees)
        first = START + dt.timedelta(days=rng.randrange(DAYS - (days or 0))) if days else None
        where = EventFilter(
            bbox=(lon, lat, lon + degrees, lat + degrees),
            since=first, until=first + dt.timedelta(days=days - 1) if first else None,
        )  # fmt: skip
        started = time.perf_counter()
        matched.append(store.count_merged(where))
        store.merged_page(where, limit=100)
        seconds.append(time.perf_counter() - started)
    return 1000 * statistics.mean(seconds), statistics.mean(matched)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=50)
    args = parser.parse_args()
    postgres = os.environ.get("FRONTLINES_BENCH_POSTGRES") or os.environ.get("FRONTLINES_TEST_POSTGRES")
    print("## box queries over merged events: SQLite and PostgreSQL + PostGIS\n")
    print(f"mean of {args.queries} boxes at random places in Syria; each counts the matches and reads the first page of 100\n")
    print("| events | database | box | ms a query | events matched | store written in s |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            targets = [("SQLite", str(Path(folder) / f"spatial-{size}.sqlite"))]
            if postgres:
                targets.append(("PostgreSQL + PostGIS", postgres))
            for name, url in targets:
                if url == postgres:
                    drop_schema(url)
                started = time.perf_counter()
                build(url, size)
                written = time.perf_counter() - started
                store = Store(url)
                if url == postgres:
                    with store.engine.begin() as conn:
                        conn.execute(text("ANALYZE"))
                    name += "" if store.spatial else " (no PostGIS: coordinates compared)"
                for label, degrees, days in QUERIES:
                    ms, matched = timed(store, degrees, days, args.queries)
                    print(f"| {size:,} | {name} | {label} | {ms:.1f} | {matched:,.0f} | {written:.0f} |", flush=True)
                store.engine.dispose()
    if not postgres:
        print("\nPostgreSQL: no server given (FRONTLINES_BENCH_POSTGRES), its rows left out")


if __name__ == "__main__":
    main()
