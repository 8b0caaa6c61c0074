"""Event typing on CASE-2021 task 2 (../shared/data/events): `frontlines classify`'s typing,
scored as the shared task scores subtask 1 (the 25 ACLED sub-event types), plus how many
non-ACLED snippets (subtasks 2-3) wrongly get an event.

Three systems, one run:
- the trigger rules alone (what the rules read, before the learned typing);
- frontlines as shipped: the typing model trained on the shipped examples only, nothing from
  this data;
- the same model with this data added to its training, scored by 5-fold cross-validation
  (stratified, fixed seed): every snippet is typed by a model that never saw it.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "events" / "case2021_task2.jsonl"
NONE = "(no event)"
FOLDS = 5


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


def scores(rows: list[dict], predicted: dict[str, str]) -> dict:
    acled = [r for r in rows if r["min_subtask"] == 1]
    gold = [r["acled_sub_event_type"] for r in acled]
    pred = [predicted[r["id"]] for r in acled]
    table = f1_table(gold, pred, sorted(set(gold)))
    support = sum(t[3] for t in table.values())
    others = [r for r in rows if r["min_subtask"] > 1]
    return {
        "gold": gold,
        "pred": pred,
        "table": table,
        "weighted": sum(t[2] * t[3] for t in table.values()) / support,
        "macro": sum(t[2] for t in table.values()) / len(table),
        "coverage": sum(p != NONE for p in pred) / len(pred),
        "false_events": sum(predicted[r["id"]] != NONE for r in others),
        "others": len(others),
    }


def folds(labels: list[str], k: int, seed: int = 0) -> list[np.ndarray]:
    """Stratified folds: each label's items dealt round-robin after a seeded shuffle."""
    rng = np.random.default_rng(seed)
    buckets: list[list[int]] = [[] for _ in range(k)]
    position = 0
    for label in sorted(set(labels)):
        members = [i for i, g in enumerate(labels) if g == label]
        rng.shuffle(members)
        for i in members:
            buckets[position % k].append(i)
            position += 1
    return [np.array(sorted(b)) for b in buckets]


def main() -> int:
    if not DATA.exists():
        print("## Event typing on CASE-2021\n\nskipped: ../shared/data/events is not present")
        return 0
    from frontlines.events.classifier import NO_EVENT, decide, train
    from frontlines.events.classify import rule_reading
    from frontlines.build_model import ensure_typing_model
    from frontlines.pipeline import Pipeline
    from frontlines.resources import Resources, builtin_training
    from frontlines.settings import Settings

    rows = [json.loads(line) for line in DATA.open(encoding="utf-8")]
    texts = [" ".join(r["text"].split()) for r in rows]
    start = time.perf_counter()
    settings = Settings.load()
    ensure_typing_model(settings)
    resources = Resources.build(settings)
    rules = Pipeline(resources).rules_only()
    model = resources.typing_model
    load = time.perf_counter() - start

    start = time.perf_counter()
    readings = [rule_reading(rules, text) for text in texts]
    vectors = resources.encoder.encode(texts)
    shipped = model.probabilities(vectors, readings)
    seconds = time.perf_counter() - start

    def label_of(model, row, reading) -> str:
        return decide(model, row, reading)[0] or NONE

    systems = {
        "frontlines trigger rules alone": {r["id"]: reading or NONE for r, reading in zip(rows, readings)},
        "frontlines as shipped (trained on its own examples only)": {
            r["id"]: label_of(model, p, reading) for r, p, reading in zip(rows, shipped, readings)
        },
    }

    # The shipped examples' features, as the built model was trained on them.
    builtin = builtin_training(resources.settings, resources.encoder)
    example_vectors, example_readings = builtin.vectors, builtin.readings
    gold_all = [r["acled_sub_event_type"] or NO_EVENT for r in rows]
    cross_validated: dict[str, str] = {}
    for held_out in folds(gold_all, FOLDS):
        training = np.setdiff1d(np.arange(len(rows)), held_out)
        fold_model = train(
            np.vstack([example_vectors, vectors[training]]),
            example_readings + [readings[i] for i in training],
            builtin.gold + [gold_all[i] for i in training],
        )
        probabilities = fold_model.probabilities(vectors[held_out], [readings[i] for i in held_out])
        for i, row in zip(held_out, probabilities):
            cross_validated[rows[i]["id"]] = label_of(fold_model, row, readings[i])
    systems[f"frontlines + this data, {FOLDS}-fold cross-validated"] = cross_validated
    results = {name: scores(rows, predicted) for name, predicted in systems.items()}

    print("## Event typing on CASE-2021 task 2 (subtask 1: 25 ACLED sub-event types)\n")
    print(f"{len(rows)} snippets typed in {seconds:.1f} s ({len(rows) / seconds:.1f}/s, rules and embedding), "
          f"model load {load:.1f} s\n")
    print("| system | weighted F1 | macro F1 | snippets typed | non-ACLED given an event |")
    print("|---|---|---|---|---|")
    for name, s in results.items():
        print(f"| {name} | {s['weighted']:.3f} | {s['macro']:.3f} | {s['coverage']:.0%} | "
              f"{s['false_events']}/{s['others']} ({s['false_events'] / s['others']:.0%}) |")
    print("| best CASE-2021 system (GPU transformer trained on ACLED data, published) | 0.839 | | | |")
    print("| zero-shot NLI (published in the issue) | 0.74 | | | |\n")

    shipped_name = "frontlines as shipped (trained on its own examples only)"
    cv_name = f"frontlines + this data, {FOLDS}-fold cross-validated"
    print(f"Per type: F1 as shipped / {FOLDS}-fold cross-validated\n")
    print("| sub-event type | n | precision | recall | F1 | cross-validated F1 |")
    print("|---|---|---|---|---|---|")
    table, cv_table = results[shipped_name]["table"], results[cv_name]["table"]
    for label, (p, r, f, n) in sorted(table.items(), key=lambda kv: -cv_table[kv[0]][2]):
        print(f"| {label} | {n} | {p:.2f} | {r:.2f} | {f:.2f} | {cv_table[label][2]:.2f} |")
    confusions = Counter((g, p) for g, p in zip(results[cv_name]["gold"], results[cv_name]["pred"]) if g != p)
    print(f"\nMost frequent confusions, {FOLDS}-fold cross-validated\n")
    print("| gold | predicted | count |\n|---|---|---|")
    for (g, p), n in confusions.most_common(12):
        print(f"| {g} | {p} | {n} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
