"""The web service under load: requests per second and p50/p99 latency of
/collections/events/items with a bbox and a date range over 100k stored merged events, and the
time to the first marker of the map (Debian's chromium) over the same store.

The store is written directly (no NLP, no merge): 100k merged events over eight years of Syria,
each with its report, its page and the link between them, as the merge writes them. The
service runs as `frontlines serve` in its own process, so the load generator does not share its
interpreter; the load is bounded: a fixed number of requests from a few concurrent clients.

    .venv/bin/python benchmarks/bench_api.py [--events 100000] [--requests 400] [--clients 4]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from sqlalchemy import insert

from frontlines.store import Store
from frontlines.store.rows import Corroboration
from frontlines.store.schema import documents, events, merged_event_reports, merged_events

START = dt.date(2012, 1, 1)
DAYS = 8 * 365
SUB_EVENTS = [
    ("Battles", "Armed clash"), ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"), ("Battles", "Government regains territory"),
    ("Violence against civilians", "Attack"), ("Protests", "Peaceful protest"),
]  # fmt: skip
ACTORS = ["Military Forces of Syria", "Islamic State (Syria)", "SDF: Syrian Democratic Forces", "Military Forces of Russia"]
OUTLETS = ["SANA", "Reuters", "Smart News Agency", "Syrian Observatory for Human Rights", "Hawar News Agency"]
BATCH = 5_000
# Queries: a box of `degrees` around a random point of Syria and a window of `days`, `limit` events a page.
QUERIES = [("1°, 30 days, limit 10", 1.0, 30, 10), ("2°, 1 year, limit 1000", 2.0, 365, 1000)]


def build(path: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    store = Store(path)
    now = dt.datetime.now(dt.timezone.utc)
    with store.engine.begin() as conn:
        for first in range(0, count, BATCH):
            docs, reports, merged, links = [], [], [], []
            for n in range(first, min(first + BATCH, count)):
                event_type, sub_event_type = rng.choice(SUB_EVENTS)
                lat, lon = rng.uniform(32.5, 37.0), rng.uniform(36.0, 41.5)
                date = START + dt.timedelta(days=rng.randrange(DAYS))
                outlet, actor1, actor2 = rng.choice(OUTLETS), rng.choice(ACTORS), rng.choice(ACTORS)
                fatalities = rng.choice([0, 0, 1, 2, 3, 5, 8, 12])
                sentence = f"{actor1} and {actor2} fought near town {n % 600} on that day, killing {fatalities}."
                place = {"location": f"Town {n % 600}", "admin1": None, "country": "Syria", "latitude": lat, "longitude": lon}
                common = {
                    "event_type": event_type, "sub_event_type": sub_event_type, "actor1": actor1, "assoc_actor_1": None,
                    "actor2": actor2, "assoc_actor_2": None, **place, "geo_precision": 1, "event_date": date,
                    "time_precision": 1, "historical": False, "fatalities": fatalities, "claimed_by": [],
                    "evidence_text": sentence, "confidence": 0.8,
                }  # fmt: skip
                # Hex ids, as the merge makes them (the export reads a number from them).
                doc_id, event_id, merged_id = f"d{n:015x}", f"e{n:015x}", f"{n:016x}"
                docs.append({
                    "id": doc_id, "source": outlet, "url": f"https://{doc_id}.example/", "title": place["location"],
                    "published": date, "origin": None, "syndicated_of": None, "ingested_at": now,
                    "document": {"id": doc_id, "title": place["location"], "body": sentence},
                })  # fmt: skip
                reports.append({**common, "id": event_id, "document_id": doc_id, "reported_by": [outlet],
                                "evidence_start": 0, "evidence_end": len(sentence)})  # fmt: skip
                merged.append({
                    **common, "id": merged_id, "sources": [outlet],
                    "corroboration": Corroboration(1, (outlet,), (), False, False, (), 1, 0),
                    "why": {"place": "the only report", "date": "the only report", "fatalities": "the only report"},
                    "updated_at": now,
                })  # fmt: skip
                links.append({"event_id": event_id, "merged_id": merged_id, "syndicated_of": None, "copy_of": None,
                              "claim": False, "origins": [outlet]})  # fmt: skip
            for table, rows in ((documents, docs), (events, reports), (merged_events, merged), (merged_event_reports, links)):
                conn.execute(insert(table), rows)
    store.engine.dispose()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_service(db: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [sys.executable, "-m", "frontlines", "serve", "--db", str(db), "--port", str(port)]
    env = {**os.environ, "FRONTLINES_API_TOKEN": ""}
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{base}/conformance")
            return server, base
        except httpx.TransportError:
            if server.poll() is not None:
                raise RuntimeError(server.stderr.read().decode()[-2000:])
            time.sleep(0.2)
    raise RuntimeError("frontlines serve did not answer")


def load(base: str, degrees: float, days: int, limit: int, requests: int, clients: int) -> dict:
    rng = random.Random(degrees * 1000 + days)
    params = []
    for _ in range(requests):
        lat, lon = rng.uniform(32.5, 37.0 - degrees), rng.uniform(36.0, 41.5 - degrees)
        first = START + dt.timedelta(days=rng.randrange(DAYS - days))
        params.append({
            "bbox": f"{lon:.3f},{lat:.3f},{lon + degrees:.3f},{lat + degrees:.3f}",
            "datetime": f"{first}/{first + dt.timedelta(days=days - 1)}", "limit": str(limit),
        })  # fmt: skip
    latencies, returned = [], []
    with httpx.Client(base_url=base, timeout=60) as client:
        client.get("/collections/events/items", params=params[0])  # warm: first-request imports

        def one(query: dict) -> None:
            started = time.perf_counter()
            answer = client.get("/collections/events/items", params=query)
            latencies.append(time.perf_counter() - started)
            answer.raise_for_status()
            returned.append(answer.json()["numberReturned"])

        started = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            list(pool.map(one, params))
        wall = time.perf_counter() - started
    latencies.sort()
    return {
        "rps": requests / wall,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "returned": statistics.mean(returned),
    }


def first_marker(base: str) -> tuple[float, float, int] | None:
    """Seconds to the first marker on the map and to the whole window drawn, and the markers drawn."""
    try:
        from playwright.sync_api import sync_playwright
    except ModuleNotFoundError:
        return None
    if not os.access("/usr/bin/chromium", os.X_OK):
        return None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        started = time.perf_counter()
        page.goto(f"{base}/map")
        page.wait_for_selector(".event-cluster, path.event-marker", state="attached", timeout=120_000)
        first = time.perf_counter() - started
        page.wait_for_selector("body[data-state=ready]", state="attached", timeout=600_000)
        ready = time.perf_counter() - started
        shown = int(page.locator("#status").get_attribute("data-count"))
        browser.close()
    return first, ready, shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench-api.sqlite"
        started = time.perf_counter()
        build(db, args.events)
        built = time.perf_counter() - started
        server, base = start_service(db)
        try:
            rows = [(name, load(base, degrees, days, limit, args.requests, args.clients)) for name, degrees, days, limit in QUERIES]
            marker = first_marker(base)
        finally:
            server.terminate()
            server.wait(10)
    print(f"## web service: /collections/events/items over {args.events:,} stored merged events (SQLite)\n")
    print(f"`frontlines serve` in its own process on loopback; {args.requests} requests per row from {args.clients} concurrent clients; store written in {built:.0f} s\n")
    print("| query (bbox, date range, page) | req/s | p50 ms | p99 ms | events a page |")
    print("|---|---|---|---|---|")
    for name, m in rows:
        print(f"| {name} | {m['rps']:.1f} | {m['p50']:.1f} | {m['p99']:.1f} | {m['returned']:.1f} |")
    if marker:
        first, ready, shown = marker
        capped = " (the map draws at most 50,000)" if shown >= 50_000 else ""
        print(f"\nmap (/map, the whole {DAYS // 365}-year window, chromium headless): first marker after {first:.2f} s; "
              f"{shown:,} markers drawn{capped} after {ready:.1f} s")  # fmt: skip
    else:
        print("\nmap: not measured (no playwright or no /usr/bin/chromium)")


if __name__ == "__main__":
    main()
