"""Who, what, where, when and how many on real ACLED records, scored as their MANIFEST says.

Reads ../shared/data/events/acled_notes/acled_notes.jsonl (evaluation only: never copied, never
trained on). Each record becomes one page (`acled://<id>`, its outlets as the source, its event
date as the publication date, its notes as the text), written to a temporary JSONL file and read
the way `frontlines extract FILE --format json` reads it. For each record the extracted event
that best matches the gold is chosen (same sub_event_type, else same event_type, else any; ties
to the nearest event, then the higher confidence); a record without an event is wrong on every
figure. Prints the figures over all records and over records with an event, by country and by
event type, and the reliability of the confidence (bins against the share right in type and
place).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTES = ROOT.parent / "shared" / "data" / "events" / "acled_notes" / "acled_notes.jsonl"
VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
PEACEFUL = {"Protests", "Strategic developments"}
# ACLED's old country names against today's (the MANIFEST: "Palestinian Territory" = "Palestine").
SAME_COUNTRY = {"palestinian territory": "palestine"}
_PARENTHESES = re.compile(r"\([^)]*\)")


@dataclass
class Score:
    """One record's figures: None where the record has no event (wrong on every figure)."""

    record: dict
    event: dict | None
    km: float | None

    @property
    def found(self) -> bool:
        return self.event is not None

    def type_right(self) -> bool:
        return self.found and self.event["event_type"] == self.record["event_type"]

    def sub_type_right(self) -> bool:
        return self.found and self.event["sub_event_type"] == self.record["sub_event_type"]

    def within(self, km: float) -> bool:
        return self.km is not None and self.km <= km

    def country_right(self) -> bool:
        return self.found and _country(self.event.get("country")) == _country(self.record["country"])

    def admin1_right(self) -> bool:
        return self.found and _fold(self.event.get("admin1")) == _fold(self.record["admin1"]) != ""

    def actor1_right(self) -> bool:
        if not self.found or not self.event.get("actor1"):
            return False
        mine = _actor(self.event["actor1"])
        for gold in (self.record["actor1"], self.record["actor2"]):
            theirs = _actor(gold)
            if theirs and (mine == theirs or mine in theirs or theirs in mine):
                return True
        return False

    def fatalities_right(self) -> bool:
        return self.found and self.event["fatalities"] == self.record["fatalities"]

    def date_right(self) -> bool:
        return self.found and self.event.get("event_date") == self.record["event_date"]

    def false_violent(self) -> bool:
        return self.record["event_type"] in PEACEFUL and self.found and self.event["event_type"] in VIOLENT


def _fold(text: str | None) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()


def _country(name: str | None) -> str:
    folded = _fold(name)
    return SAME_COUNTRY.get(folded, folded)


def _actor(name: str | None) -> str:
    return " ".join(_PARENTHESES.sub(" ", _fold(name)).split())


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def _distance(event: dict, record: dict) -> float | None:
    if event.get("latitude") is None or record.get("latitude") is None:
        return None
    return km(event["latitude"], event["longitude"], float(record["latitude"]), float(record["longitude"]))


def best_match(record: dict, events: list[dict]) -> Score:
    if not events:
        return Score(record, None, None)

    def rank(event: dict) -> tuple:
        distance = _distance(event, record)
        return (
            event["sub_event_type"] != record["sub_event_type"] if record["sub_event_type"] else True,
            event["event_type"] != record["event_type"],
            distance if distance is not None else math.inf,
            -event["confidence"],
        )

    event = min(events, key=rank)
    return Score(record, event, _distance(event, record))


def as_page(record: dict) -> dict:
    return {"url": f"acled://{record['id']}", "source": record["source"], "published": record["event_date"], "text": record["notes"]}


def extract(records: list[dict]) -> tuple[dict[str, list[dict]], float, Counter]:
    """Events per record url, CPU seconds of the extraction, skipped pages by reason."""
    from frontlines.build_model import ensure_typing_model
    from frontlines.model import Document
    from frontlines.pipeline import Pipeline, StageFailed
    from frontlines.read import read_paths
    from frontlines.resources import Resources
    from frontlines.settings import Settings

    settings = Settings.load()
    ensure_typing_model(settings)
    pipeline = Pipeline(Resources.build(settings))
    events: dict[str, list[dict]] = {}
    skipped: Counter = Counter()
    with tempfile.TemporaryDirectory() as directory:
        pages = Path(directory) / "acled_notes.jsonl"
        pages.write_text("".join(json.dumps(as_page(r), ensure_ascii=False) + "\n" for r in records))
        cpu = time.process_time()
        for item in read_paths([pages]):
            if not isinstance(item, Document):
                skipped[item.reason] += 1
                continue
            try:
                result = pipeline.process(item)
            except StageFailed as failed:
                skipped[f"internal error in the {failed.stage} stage"] += 1
                continue
            if not result.document.body.strip():
                skipped["no article text found"] += 1
                continue
            events[item.url] = [e.model_dump(mode="json") for e in result.events]
        cpu = time.process_time() - cpu
    return events, cpu, skipped


FIGURES = (
    ("detection", lambda s: s.found),
    ("event_type accuracy", Score.type_right),
    ("actor1", Score.actor1_right),
    ("country", Score.country_right),
    ("admin1", Score.admin1_right),
    ("within 25 km", lambda s: s.within(25)),
    ("within 161 km", lambda s: s.within(161)),
    ("fatalities exact", Score.fatalities_right),
    ("event_date exact", Score.date_right),
)


def share(scores: list[Score], test) -> str:
    return f"{sum(1 for s in scores if test(s)) / len(scores):.2f}" if scores else "–"


def weighted_f1(scores: list[Score]) -> float:
    """Weighted F1 of event_type over all records; a record without an event predicts 'none'."""
    gold = [s.record["event_type"] for s in scores]
    predicted = [s.event["event_type"] if s.found else "none" for s in scores]
    total = 0.0
    for label, support in Counter(gold).items():
        tp = sum(1 for g, p in zip(gold, predicted) if g == p == label)
        precision = tp / max(1, sum(1 for p in predicted if p == label))
        recall = tp / support
        total += support * (2 * precision * recall / (precision + recall) if tp else 0.0)
    return total / len(gold)


def median(values: list[float]) -> str:
    if not values:
        return "–"
    values = sorted(values)
    middle = len(values) // 2
    return f"{values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2:.0f}"


def print_overall(scores: list[Score]) -> None:
    found = [s for s in scores if s.found]
    with_sub = [s for s in scores if s.record["sub_event_type"]]
    peaceful = [s for s in scores if s.record["event_type"] in PEACEFUL]
    print(f"| figure | all records (n={len(scores)}) | records with an event (n={len(found)}) |")
    print("|---|---|---|")
    for name, test in FIGURES:
        print(f"| {name} | {share(scores, test)} | {share(found, test) if name != 'detection' else '–'} |")
    print(f"| sub_event_type accuracy (gold sub-type given, n={len(with_sub)}) | {share(with_sub, Score.sub_type_right)} "
          f"| {share([s for s in with_sub if s.found], Score.sub_type_right)} |")
    print(f"| false violent events (protest / strategic records, n={len(peaceful)}) | {share(peaceful, Score.false_violent)} "
          f"| {share([s for s in peaceful if s.found], Score.false_violent)} |")
    print(f"| event_type weighted F1 | {weighted_f1(scores):.2f} | {weighted_f1(found) if found else 0:.2f} |")
    print(f"| median km (events with a point) | {median([s.km for s in scores if s.km is not None])} | |")


def print_by(scores: list[Score], key: str, minimum: int) -> None:
    groups: dict[str, list[Score]] = defaultdict(list)
    for s in scores:
        groups[s.record[key] or "(none)"].append(s)
    names = ("detection", "event_type accuracy", "actor1", "country", "within 25 km", "fatalities exact")
    tests = dict(FIGURES)
    print(f"| {key} | n | " + " | ".join(names) + " |")
    print("|---|---|" + "---|" * len(names))
    for group, members in sorted(groups.items(), key=lambda item: -len(item[1])):
        if len(members) >= minimum:
            print(f"| {group} | {len(members)} | " + " | ".join(share(members, tests[n]) for n in names) + " |")


def print_reliability(scores: list[Score]) -> None:
    """Every emitted event, not only the best match: is an event of confidence c right with
    probability about c? Right = the record's event_type and within 25 km of its point."""
    bins: dict[float, list[bool]] = defaultdict(list)
    for s in scores:
        for event in s.record["_events"]:
            distance = _distance(event, s.record)
            right = event["event_type"] == s.record["event_type"] and distance is not None and distance <= 25
            bins[min(int(event["confidence"] * 10), 9) / 10].append(right)
    print("| confidence | events | right (type and within 25 km) |")
    print("|---|---|---|")
    for low in sorted(bins):
        rights = bins[low]
        print(f"| {low:.1f}–{low + 0.1:.1f} | {len(rights)} | {sum(rights) / len(rights):.2f} |")
    high = [r for low, rights in bins.items() if low >= 0.8 for r in rights]
    if high:
        print(f"\nconfidence ≥ 0.8: {len(high)} events, {sum(high) / len(high):.2f} right")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="score only the first N records (0: all)")
    parser.add_argument("--dump", type=Path, help="write each record's gold and chosen event as JSON lines here (outside the repository)")
    args = parser.parse_args()
    if not NOTES.exists():
        print(f"skipped: {NOTES} is not there")
        return 0
    records = [json.loads(line) for line in NOTES.read_text().splitlines() if line.strip()]
    if args.limit:
        records = records[: args.limit]
    events, cpu, skipped = extract(records)
    scores = []
    for record in records:
        record["_events"] = events.get(f"acled://{record['id']}", [])
        scores.append(best_match(record, record["_events"]))

    if args.dump:
        with args.dump.open("w") as dump:
            for score in scores:
                dump.write(json.dumps({"record": score.record, "event": score.event, "km": score.km}, ensure_ascii=False) + "\n")
    print("## ACLED's own notes, coded by frontlines (../shared/data/events/acled_notes)\n")
    skips = "".join(f"; {n} skipped: {reason}" for reason, n in skipped.most_common())
    print(f"{len(records)} records, {sum(len(e) for e in events.values())} events, "
          f"{len(records) / cpu:.1f} pages per CPU-second{skips}\n")
    print_overall(scores)
    print("\n### By country\n")
    print_by(scores, "country", 10)
    print("\n### By ACLED event type\n")
    print_by(scores, "event_type", 10)
    print("\n### Reliability of the confidence\n")
    print_reliability(scores)
    return 0


if __name__ == "__main__":
    sys.exit(main())
