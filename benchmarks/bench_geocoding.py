"""Geoparsing against GeoWebNews, LGL and GeoVirus (../shared/data/geoparsing), scored as its
MANIFEST.md says (Gritta et al.), through the code `frontlines geoparse` runs.

- Resolution with gold spans: accuracy@161 km (d < 161 km), mean and median error, AUC of the
  sorted log-error curve; an unresolved toponym counts 20,039 km so N is the same for every system.
  Sets: GeoWebNews' 2,401 `in_eval_2401` toponyms, LGL's 4,462 with coordinates, all 2,167 of GeoVirus.
- Recognition end to end: precision/recall/F1 of found spans against every gold toponym, exact
  spans (the guide's choice) and any overlap (labelled as such), by capitalisation alone and with
  spaCy entity hints; then resolution scored on the evaluation toponyms that were recognised.
"""

from __future__ import annotations

import json
import math
import statistics
import sys
import time
from pathlib import Path

from frontlines.places import Geocoder
from frontlines.places.geoparse import geoparse

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "geoparsing"
DATASETS = ("geowebnews", "lgl", "geovirus")
MAX_KM = 20039.0  # half the Earth's circumference: the largest possible error
EARTH_KM = 6371.009  # geopy's great_circle radius, as the reference code uses
# Published accuracy@161 km with gold spans (../shared/README.md) and the naive package-only
# geocoder's best setting, K5 (d) (../shared/data/geoparsing/BASELINES.md).
MORDECAI3 = {"geowebnews": "0.941", "lgl": "0.827", "geovirus": "—"}
NAIVE = {"geowebnews": "0.688", "lgl": "0.709", "geovirus": "0.687"}


def load(name: str) -> list[dict]:
    """Articles with `eval` marking the toponyms of the usual geocoding set. GeoWebNews keeps two
    evaluation toponyms in one article's title: that title is put before its text."""
    docs = []
    for line in (DATA / f"{name}.jsonl").open(encoding="utf-8"):
        doc = json.loads(line)
        if doc.get("title_toponyms"):
            shift = len(doc["title"]) + 2
            moved = [{**t, "start": t["start"] + shift, "end": t["end"] + shift} for t in doc["toponyms"]]
            doc = {**doc, "text": doc["title"] + "\n\n" + doc["text"], "toponyms": doc["title_toponyms"] + moved}
        for t in doc["toponyms"]:
            t["eval"] = t["in_eval_2401"] if name == "geowebnews" else t["lat"] is not None
        docs.append(doc)
    return docs


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def error(gold: dict, predicted: dict | None) -> float:
    if predicted is None or predicted["latitude"] is None:
        return MAX_KM
    return km(gold["lat"], gold["lon"], predicted["latitude"], predicted["longitude"])


def scores(errors: list[float]) -> dict:
    logs = sorted(math.log1p(d) for d in errors)
    trapz = sum(logs) - (logs[0] + logs[-1]) / 2  # numpy.trapz with dx=1
    return {
        "n": len(errors),
        "acc161": sum(d < 161 for d in errors) / len(errors),
        "mean": statistics.fmean(errors),
        "median": statistics.median(errors),
        "auc": trapz / ((len(errors) - 1) * math.log(MAX_KM)),
    }


def resolution(docs: list[dict], geocoder: Geocoder) -> tuple[dict, float]:
    errors, unresolved, same_id = [], 0, 0
    start = time.perf_counter()
    for doc in docs:
        gold = [t for t in doc["toponyms"] if t["eval"]]
        out = geoparse({"id": doc["id"], "text": doc["text"], "toponyms": gold}, geocoder)
        for g, p in zip(gold, out["toponyms"], strict=True):
            unresolved += p["latitude"] is None
            errors.append(error(g, p))
            # Countries and regions: the gold uses GeoNames' own points, the gazetteer others.
            same_id += errors[-1] < 161 or (g["geonameid"] is not None and p["geonameid"] == g["geonameid"])
    s = scores(errors)
    return {**s, "unresolved": unresolved, "acc161_or_id": same_id / s["n"]}, time.perf_counter() - start


def recognition(docs: list[dict], geocoder: Geocoder, nlp) -> dict:
    exact = overlap_tp_found = overlap_tp_gold = found = gold_n = 0
    errors, evaluated = [], 0
    start = time.perf_counter()
    for doc in docs:
        gold = doc["toponyms"]
        out = geoparse({"id": doc["id"], "text": doc["text"]}, geocoder, nlp=nlp)["toponyms"]
        spans = {(p["start"], p["end"]) for p in out}
        found += len(out)
        gold_n += len(gold)
        exact += sum((g["start"], g["end"]) in spans for g in gold)
        overlap_tp_found += sum(any(p["start"] < g["end"] and g["start"] < p["end"] for g in gold) for p in out)
        for g in gold:
            hits = [p for p in out if p["start"] < g["end"] and g["start"] < p["end"]]
            overlap_tp_gold += bool(hits)
            if g["eval"]:
                evaluated += 1
                if hits:
                    errors.append(error(g, hits[0]))
    seconds = time.perf_counter() - start
    return {
        "gold": gold_n,
        "found": found,
        "exact": prf(exact, found, exact, gold_n),
        "overlap": prf(overlap_tp_found, found, overlap_tp_gold, gold_n),
        "resolved": scores(errors) if len(errors) > 1 else None,
        "evaluated": evaluated,
        "seconds": seconds,
        "docs": len(docs),
    }


def prf(tp_found: int, found: int, tp_gold: int, gold: int) -> tuple[float, float, float]:
    p = tp_found / found if found else 0.0
    r = tp_gold / gold if gold else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def main() -> int:
    print("## Geoparsing: GeoWebNews, LGL, GeoVirus\n")
    if not all((DATA / f"{name}.jsonl").exists() for name in DATASETS):
        print(f"skipped: {DATA} is not here (the shared evaluation data sits beside the checkout).")
        return 0
    geocoder = Geocoder()
    data = {name: load(name) for name in DATASETS}

    print("### Resolution with gold spans\n")
    print("accuracy@161 km counts d < 161 km; unresolved = 20,039 km; AUC lower is better.\n")
    print("| dataset | toponyms | unresolved | acc@161 | acc@161 or gold GeoNames id | mean km | median km | AUC "
          "| articles/s | Mordecai3 acc@161 (published) | naive K5 (d) acc@161 |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, docs in data.items():
        s, seconds = resolution(docs, geocoder)
        print(f"| {name} | {s['n']:,} | {s['unresolved']} | {s['acc161']:.3f} | {s['acc161_or_id']:.3f} "
              f"| {s['mean']:.0f} | {s['median']:.1f} | {s['auc']:.3f} | {len(docs) / seconds:.0f} "
              f"| {MORDECAI3[name]} | {NAIVE[name]} |")

    from frontlines.annotate import load_nlp

    runs = [(name, hints, recognition(docs, geocoder, load_nlp() if hints else None))
            for name, docs in data.items() for hints in (False, True)]

    print("\n### Recognition end to end (every gold toponym)\n")
    print("| dataset | spaCy hints | gold | found | exact P | exact R | exact F1 | overlap P | overlap R "
          "| overlap F1 | articles/s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, hints, r in runs:
        print(f"| {name} | {'yes' if hints else 'no'} | {r['gold']:,} | {r['found']:,} | "
              + " | ".join(f"{v:.3f}" for v in (*r["exact"], *r["overlap"]))
              + f" | {r['docs'] / r['seconds']:.1f} |")

    print("\n### Resolution end to end, on the evaluation toponyms recognised (any overlap)\n")
    print("| dataset | spaCy hints | recognised | acc@161 | mean km | median km | AUC |")
    print("|---|---|---|---|---|---|---|")
    for name, hints, r in runs:
        s = r["resolved"]
        print(f"| {name} | {'yes' if hints else 'no'} | {s['n']:,} of {r['evaluated']:,} | {s['acc161']:.3f} "
              f"| {s['mean']:.0f} | {s['median']:.1f} | {s['auc']:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
