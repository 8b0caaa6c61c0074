"""How merge time grows with the number of stored events: 1k, 10k, 100k synthetic reports.

Reports are written straight into a fresh SQLite store (no NLP): stories (true events) of mixed
types, places and actors, each told by one to five outlets with the imprecision real reports
have (a week or a month instead of the day, "near" a town, a region's centre), a few of them
syndicated copies. Density is held constant, ~10 stories a day across Syria, so a larger store
is a longer history, as a growing archive is.

For each size: the merge of all reports at once, and then an incremental merge of 1,000 new
reports spread over the whole history (the worst case for the neighbourhood it reloads).
Linear growth shows as ~10x the time for 10x the events; quadratic would be ~100x.

    .venv/bin/python benchmarks/bench_merge.py [--sizes 1000 10000 100000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from frontlines.merge.events import merge_stored_events
from frontlines.store import Store
from frontlines.store.schema import documents, events

STORIES_PER_DAY = 10
INCREMENT = 1_000
START = dt.date(2012, 1, 1)
OUTLETS = [
    "SANA", "Smart News Agency", "Hawar News Agency", "Amaq News Agency", "Reuters", "Syrian Observatory for Human Rights",
    "Al-Masdar News", "Enab Baladi", "Agence France-Presse", "Anadolu Agency", "Step News Agency", "Al Jazeera",
]  # fmt: skip
# sub-event type, actor1 choices, actor2 choices
KINDS = [
    ("Armed clash", ["Military Forces of Syria", "QSD: Syrian Democratic Forces", "Free Syrian Army"],
     ["Islamic State (Syria)", "HTS: Hayat Tahrir al-Sham", None]),
    ("Air/drone strike", ["Military Forces of Russia", "Military Forces of Syria", "Global Coalition Against Daesh"],
     ["Islamic State (Syria)", "Civilians (Syria)", None]),
    ("Shelling/artillery/missile attack", ["Military Forces of Syria", "Military Forces of Turkey"],
     ["YPG: Peoples Protection Units", "Civilians (Syria)", None]),
    ("Government regains territory", ["Military Forces of Syria"], ["Islamic State (Syria)", "Free Syrian Army"]),
    ("Non-state actor overtakes territory", ["Islamic State (Syria)", "HTS: Hayat Tahrir al-Sham"], ["Military Forces of Syria"]),
    ("Remote explosive/landmine/IED", ["Unidentified Armed Group (Syria)"], [None, "Civilians (Syria)"]),
    ("Peaceful protest", ["Protesters (Syria)"], [None]),
]  # fmt: skip
EVENT_TYPE = {
    "Armed clash": "Battles", "Government regains territory": "Battles", "Non-state actor overtakes territory": "Battles",
    "Air/drone strike": "Explosions/Remote violence", "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence", "Peaceful protest": "Protests",
}  # fmt: skip


class Corpus:
    """Synthetic stories and their reports, reproducible from a seed."""

    def __init__(self, seed: int, days: int):
        self.rng = random.Random(seed)
        self.days = days
        # ~600 towns over Syria's bounding box
        self.towns = [(f"Town {i}", self.rng.uniform(32.5, 37.0), self.rng.uniform(36.0, 41.5)) for i in range(600)]
        self.documents = 0
        self.stories = 0

    def story(self) -> dict:
        self.stories += 1
        kind, actors1, actors2 = self.rng.choice(KINDS)
        name, lat, lon = self.rng.choice(self.towns)
        return {
            "sub_event_type": kind, "actor1": self.rng.choice(actors1), "actor2": self.rng.choice(actors2),
            "location": name, "latitude": lat, "longitude": lon,
            "event_date": START + dt.timedelta(days=self.rng.randrange(self.days)),
            "fatalities": self.rng.choice([0, 0, 1, 2, 3, 5, 8, 12]),
        }  # fmt: skip

    def reports(self, story: dict, count: int) -> tuple[list[dict], list[dict]]:
        docs, rows = [], []
        for _ in range(count):
            self.documents += 1
            doc_id = f"d{self.documents:09d}"
            copy_of = docs[-1]["id"] if docs and self.rng.random() < 0.05 else None
            outlet = self.rng.choice(OUTLETS)
            docs.append(
                {
                    "id": doc_id, "source": outlet, "url": f"https://{doc_id}.example/", "title": story["location"],
                    "published": story["event_date"], "origin": None, "syndicated_of": copy_of,
                    "ingested_at": dt.datetime.now(dt.timezone.utc), "document": {},
                }  # fmt: skip
            )
            rows.append(self._telling(doc_id, outlet, story))
        return docs, rows

    def _telling(self, doc_id: str, outlet: str, story: dict) -> dict:
        rng = self.rng
        geo = rng.choices([1, 2, 3], weights=[75, 20, 5])[0]
        time_precision = rng.choices([1, 2, 3], weights=[85, 12, 3])[0]
        jitter = {1: 0.0, 2: 0.04, 3: 0.25}[geo]  # "near" a town; a region's centre
        date = story["event_date"] + dt.timedelta(days=rng.choice([0, 0, 0, -1, 2]) if time_precision == 2 else 0)
        evidence = f"{story['actor1']} {story['sub_event_type']} in {story['location']}."
        return {
            "id": f"{doc_id}e", "document_id": doc_id, "event_type": EVENT_TYPE[story["sub_event_type"]],
            "sub_event_type": story["sub_event_type"], "actor1": story["actor1"], "assoc_actor_1": None,
            "actor2": story["actor2"] if rng.random() < 0.8 else None, "assoc_actor_2": None,
            "location": story["location"], "admin1": None, "country": "Syria",
            "latitude": story["latitude"] + rng.uniform(-jitter, jitter),
            "longitude": story["longitude"] + rng.uniform(-jitter, jitter), "geo_precision": geo,
            "event_date": date, "time_precision": time_precision, "historical": False,
            "fatalities": max(0, story["fatalities"] + rng.choice([0, 0, -1, 1, 3])), "reported_by": [outlet],
            "claimed_by": [], "evidence_text": evidence, "evidence_start": 0, "evidence_end": len(evidence),
            "confidence": 0.8,
        }  # fmt: skip

    def batch(self, size: int) -> tuple[list[dict], list[dict]]:
        docs, rows = [], []
        while len(rows) < size:
            d, r = self.reports(self.story(), min(self.rng.randint(1, 5), size - len(rows)))
            docs += d
            rows += r
        return docs, rows


def write(store: Store, docs: list[dict], rows: list[dict]) -> None:
    with store.engine.begin() as conn:
        for start in range(0, len(docs), 5_000):
            conn.execute(insert(documents), docs[start : start + 5_000])
            conn.execute(insert(events), rows[start : start + 5_000])


def measure(size: int, folder: Path) -> dict:
    corpus = Corpus(seed=size, days=max(1, size // (3 * STORIES_PER_DAY)))
    store = Store(folder / f"bench-{size}.sqlite")
    write(store, *corpus.batch(size))
    started = time.perf_counter()
    full = merge_stored_events(store)
    full_seconds = time.perf_counter() - started
    merged, stories = len(store.merged_events(with_reports=False)), corpus.stories
    write(store, *corpus.batch(INCREMENT))
    started = time.perf_counter()
    more = merge_stored_events(store)
    more_seconds = time.perf_counter() - started
    return {
        "size": size,
        "stories": stories,
        "merged": merged,
        "comparisons": full.comparisons,
        "full": full_seconds,
        "more": more_seconds,
        "reloaded": more.records,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    args = parser.parse_args()
    header = (
        f"{'stored':>8} {'stories':>8} {'merged':>8} {'comparisons':>12} {'merge all':>10} {'µs/report':>10} {'growth':>12}"
        f" {'+1k merge':>10} {'written':>8}"
    )
    print(header)
    print("-" * len(header))
    previous = None
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            m = measure(size, Path(tmp))
            growth = ""
            if previous:
                growth = f"x{m['size'] / previous['size']:.0f} → x{m['full'] / previous['full']:.1f}"
            print(
                f"{m['size']:>8,} {m['stories']:>8,} {m['merged']:>8,} {m['comparisons']:>12,} {m['full']:>9.2f}s"
                f" {m['full'] / m['size'] * 1e6:>10.0f} {growth:>12} {m['more']:>9.2f}s {m['reloaded']:>8,}",
                flush=True,
            )
            previous = m
    print(
        "\nstories: true events behind the reports; merged: merged events found.\n"
        "growth: how much longer merging all reports takes for that many more (x10 → x10 is linear, "
        "x100 quadratic).\n+1k merge: merging 1,000 new reports into that store afterwards; written: merged "
        "events rewritten by it."
    )


if __name__ == "__main__":
    main()
