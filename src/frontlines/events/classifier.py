"""Event typing learned from examples: a sentence's embedding plus the trigger rules' reading
of it, into one of ACLED's 25 sub-event types or "none".

The rules know what they saw (a trigger, its roles); the embedding knows how the whole
sentence reads ("stormed the charts" is no attack). A multinomial logistic regression over
both is small enough to train in a second on a few hundred examples, so the model is built
by our code from the examples shipped in `data/event_examples.tsv` and ACLED's definitions,
plus any examples a user supplies (JSONL, or an ACLED export with its notes).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

from ..lexicons import read_tsv, taxonomy
from .embedding import DIMENSIONS

NO_EVENT = "none"
# The rules' reading counts half as much as one embedding unit: in 5-fold cross-validation on
# CASE-2021 a weight of 0.5 typed better than 1.0 (0.72 vs 0.70 weighted F1) or 0 (0.70).
RULE_WEIGHT = 0.5
# sklearn's default strength of L2 regularisation over-smooths 384 dense dimensions; C=4 and
# C=16 gave the same cross-validated F1, 1 was clearly worse.
REGULARISATION_C = 4.0
# An event the rules did not see needs this probability: on CASE-2021 it cut the share of
# non-ACLED snippets given an event from 14% to 10% for 0.04 weighted F1.
UNSEEN_BY_RULES = 0.3


def labels() -> tuple[str, ...]:
    """The classes a model chooses among, in a fixed order: ACLED's sub-event types and none."""
    return (*taxonomy(), NO_EVENT)


@dataclass(frozen=True)
class Example:
    text: str
    sub_event_type: str


@dataclass(frozen=True)
class TypingModel:
    classes: tuple[str, ...]
    coef: np.ndarray
    intercept: np.ndarray

    def probabilities(self, vectors: np.ndarray, rule_types: Sequence[str | None]) -> np.ndarray:
        scores = features(vectors, rule_types) @ self.coef.T + self.intercept
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        return scores / scores.sum(axis=1, keepdims=True)

    def save(self, file: BinaryIO) -> None:
        np.savez(file, classes=np.array(self.classes), coef=self.coef, intercept=self.intercept)

    @classmethod
    def load(cls, path: Path) -> TypingModel:
        try:
            with np.load(path, allow_pickle=False) as data:
                model = cls(tuple(str(c) for c in data["classes"]), data["coef"], data["intercept"])
        except (OSError, ValueError, KeyError) as exc:
            raise ValueError(f"{path} is not a frontlines typing model ({exc})") from None
        if model.coef.shape != (len(model.classes), DIMENSIONS + len(labels())):
            raise ValueError(f"{path} was trained for other features than this version uses")
        return model


def features(vectors: np.ndarray, rule_types: Sequence[str | None]) -> np.ndarray:
    classes = labels()
    rules = np.zeros((len(rule_types), len(classes)), dtype=np.float32)
    for row, rule_type in enumerate(rule_types):
        rules[row, classes.index(rule_type if rule_type in classes else NO_EVENT)] = RULE_WEIGHT
    return np.hstack([vectors, rules])


def train(vectors: np.ndarray, rule_types: Sequence[str | None], gold: Sequence[str]) -> TypingModel:
    from sklearn.linear_model import LogisticRegression

    fitted = LogisticRegression(C=REGULARISATION_C, max_iter=5000).fit(features(vectors, rule_types), list(gold))
    coef, intercept = fitted.coef_, fitted.intercept_
    if len(fitted.classes_) == 2:
        # sklearn keeps one row for two classes (the second's log-odds); a zero row for the
        # first makes the softmax of `probabilities` the same sigmoid.
        coef, intercept = np.vstack([np.zeros_like(coef), coef]), np.concatenate([[0.0], intercept])
    return TypingModel(tuple(str(c) for c in fitted.classes_), coef.astype(np.float32), intercept.astype(np.float32))


def decide(model: TypingModel, probabilities: np.ndarray, rule_type: str | None) -> tuple[str | None, float]:
    """The most probable class; None when that is "no event", or when the rules saw no event
    and the model is unsure (a false event is worse than a missing one)."""
    best = int(probabilities.argmax())
    label = model.classes[best]
    if label == NO_EVENT or (rule_type is None and probabilities[best] < UNSEEN_BY_RULES):
        return None, float(probabilities[best])
    return label, float(probabilities[best])


def builtin_examples() -> list[Example]:
    """Hand-written examples, then ACLED's own definition of every sub-event type."""
    examples = [Example(r["text"], r["sub_event_type"]) for r in read_tsv("event_examples.tsv")]
    examples += [Example(t.definition, name) for name, t in taxonomy().items()]
    unknown = {e.sub_event_type for e in examples} - set(labels())
    if unknown:
        raise ValueError(f"event_examples.tsv: unknown sub-event types {sorted(unknown)}")
    return examples


def read_user_examples(path: Path) -> list[Example]:
    """Examples from JSONL lines {"text", "sub_event_type"} (null or "none" for no event), or
    from a CSV with ACLED's `notes` and `sub_event_type` columns (an ACLED export)."""
    known = set(labels())
    examples: list[Example] = []
    for number, text, sub_event_type in _rows(path):
        label = sub_event_type or NO_EVENT
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{path}:{number}: no text")
        if label not in known:
            raise ValueError(f"{path}:{number}: {label!r} is not an ACLED sub-event type")
        examples.append(Example(" ".join(text.split()), label))
    if not examples:
        raise ValueError(f"{path}: no examples")
    return examples


def _rows(path: Path) -> Iterable[tuple[int, object, object]]:
    with open(path, encoding="utf-8", newline="") as f:
        if path.suffix.lower() == ".csv":
            reader = csv.DictReader(f)
            if not {"notes", "sub_event_type"} <= set(reader.fieldnames or ()):
                raise ValueError(f"{path}: a CSV needs ACLED's notes and sub_event_type columns")
            for number, row in enumerate(reader, 2):
                yield number, row["notes"], row["sub_event_type"]
            return
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                yield number, item["text"], item.get("sub_event_type")
            except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
                raise ValueError(f"{path}:{number}: not a {{\"text\", \"sub_event_type\"}} line") from None
