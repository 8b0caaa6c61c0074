"""Event typing on CASE-2021 task 2 (../shared/data/events): `frontlines classify`'s typing,
scored as the shared task scores subtask 1 (the 25 ACLED sub-event types), plus how many
non-ACLED snippets (subtasks 2-3) wrongly get an event. Nothing here is learned from this data."""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "events" / "case2021_task2.jsonl"
NONE = "(no event)"


def f1_table(gold: list[str], pred: list[str], labels: list[str]) -> dict[str, tuple[float, float, float, int]]:
    out = {}
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, pred))
        fp = sum(g != label and p == label for g, p in zip(gold, pred))
        fn = sum(g == label and p != label for g, p in zip(gold, pred))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[label] = (precision, recall, f1, tp + fn)
    return out


def main() -> int:
    if not DATA.exists():
        print("## Event typing on CASE-2021\n\nskipped: ../shared/data/events is not present")
        return 0
    from frontlines.events.classify import classify_text
    from frontlines.pipeline import Pipeline

    rows = [json.loads(line) for line in DATA.open(encoding="utf-8")]
    start = time.perf_counter()
    pipeline = Pipeline()
    load = time.perf_counter() - start
    start = time.perf_counter()
    predicted = {r["id"]: classify_text(pipeline, r["text"]).sub_event_type or NONE for r in rows}
    seconds = time.perf_counter() - start

    acled = [r for r in rows if r["min_subtask"] == 1]
    gold = [r["acled_sub_event_type"] for r in acled]
    pred = [predicted[r["id"]] for r in acled]
    labels = sorted(set(gold))
    table = f1_table(gold, pred, labels)
    support = sum(t[3] for t in table.values())
    weighted = sum(t[2] * t[3] for t in table.values()) / support
    macro = sum(t[2] for t in table.values()) / len(table)
    coverage = sum(p != NONE for p in pred) / len(pred)
    others = [r for r in rows if r["min_subtask"] > 1]
    false_events = sum(predicted[r["id"]] != NONE for r in others)

    print("## Event typing on CASE-2021 task 2 (subtask 1: 25 ACLED sub-event types)\n")
    print(f"{len(rows)} snippets in {seconds:.1f} s ({len(rows) / seconds:.1f}/s), model load {load:.1f} s; "
          "rules only, nothing trained on this data\n")
    print("| system | weighted F1 | macro F1 | snippets typed | non-ACLED given an event |")
    print("|---|---|---|---|---|")
    print(f"| frontlines (trigger rules) | {weighted:.3f} | {macro:.3f} | {coverage:.0%} | "
          f"{false_events}/{len(others)} ({false_events / len(others):.0%}) |")
    print("| best CASE-2021 system (GPU transformer, published) | 0.839 | | | |")
    print("| zero-shot NLI (published in the issue) | 0.74 | | | |\n")
    print("| sub-event type | n | precision | recall | F1 |")
    print("|---|---|---|---|---|")
    for label, (p, r, f, n) in sorted(table.items(), key=lambda kv: -kv[1][2]):
        print(f"| {label} | {n} | {p:.2f} | {r:.2f} | {f:.2f} |")
    confusions = Counter((g, p) for g, p in zip(gold, pred) if g != p)
    print("\n| gold | predicted | count |\n|---|---|---|")
    for (g, p), n in confusions.most_common(12):
        print(f"| {g} | {p} | {n} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
