"""Whole-snippet event typing: the typing `extract` does, applied to a text as one page body.

The trigger rules read the snippet as `extract` would (its most confident event, or none);
the learned typing model (events/classifier.py) then decides from that reading and the
snippet's embedding. The default model is built on first use from the shipped examples and
cached; `FRONTLINES_CLASSIFIER` names a model trained with `frontlines train-classifier`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import platformdirs

from ..lexicons import taxonomy
from ..files import save_to_cache
from ..model import Document, Event
from .classifier import NO_EVENT, Example, TypingModel, builtin_examples, decide, train

if TYPE_CHECKING:
    from ..pipeline import Pipeline

MODEL_ENV = "FRONTLINES_CLASSIFIER"


@dataclass(frozen=True)
class Typing:
    event_type: str | None
    sub_event_type: str | None
    confidence: float


def rule_reading(pipeline: Pipeline, text: str, published: dt.date | None = None) -> str | None:
    """The sub-event type of the most confident event the rules alone extract, if any."""
    doc = Document(id=hashlib.sha256(text.encode()).hexdigest()[:16], body=_as_paragraphs(text), published=published)
    events = pipeline.process(doc, segmented=True, learned_typing=False).events
    return max(events, key=lambda e: e.confidence).sub_event_type if events else None


def classify_text(pipeline: Pipeline, text: str, published: dt.date | None = None) -> Typing:
    vector = pipeline.encoder.encode([_as_paragraphs(text)])
    reading = rule_reading(pipeline, text, published)
    probabilities = pipeline.typing_model.probabilities(vector, [reading])[0]
    sub_event_type, confidence = decide(pipeline.typing_model, probabilities, reading)
    if sub_event_type is None:
        return Typing(None, None, 0.0)  # the confidence is that of an event, as in `extract`
    return Typing(taxonomy()[sub_event_type].event_type, sub_event_type, round(confidence, 3))


# Thresholds for changing what the rules built. An event is dropped when the model holds "no
# event" likelier than every event type together; on CASE-2021 that removed 4 of the rules' 16
# events in non-ACLED snippets and none of their 238 right ones (0.7 removed none). Retyping
# asks for more, because the rules also found the actors, place and toll the embedding knows
# nothing of.
NOT_AN_EVENT = 0.5
RETYPE = 0.6
# Battle sub-types follow from who fights and who ends up holding the place (events/build.py).
_RULE_DECIDED_TYPES = {"Battles"}


def apply_learned_typing(pipeline: Pipeline, events: list[Event]) -> list[Event]:
    """Drop events the model is confident are none (sports, metaphors), and move an event to
    another sub-type of the same event type when the model is confident of it (a peaceful
    protest the police dispersed is a protest with intervention)."""
    if not events:
        return events
    vectors = pipeline.encoder.encode([e.evidence.text for e in events])
    model = pipeline.typing_model
    probabilities = model.probabilities(vectors, [e.sub_event_type for e in events])
    kept = []
    for event, row in zip(events, probabilities):
        best = int(row.argmax())
        label = model.classes[best]
        if label == NO_EVENT and row[best] >= NOT_AN_EVENT:
            continue
        if (
            label not in (NO_EVENT, event.sub_event_type)
            and row[best] >= RETYPE
            and event.event_type not in _RULE_DECIDED_TYPES
            and taxonomy()[label].event_type == event.event_type
        ):
            event.sub_event_type = label
        kept.append(event)
    return kept


def train_model(pipeline: Pipeline, examples: list[Example]) -> TypingModel:
    """A model trained on the shipped examples plus `examples`."""
    builtin = _builtin_training(pipeline)
    vectors, readings, gold = builtin.vectors, builtin.readings, builtin.gold
    if examples:
        texts = [e.text for e in examples]
        vectors = np.vstack([vectors, pipeline.encoder.encode(texts)])
        readings = readings + [rule_reading(pipeline, text) for text in texts]
        gold = gold + [e.sub_event_type for e in examples]
    return train(vectors, readings, gold)


def load_typing_model(pipeline: Pipeline) -> TypingModel:
    """The user's model when FRONTLINES_CLASSIFIER names one, else the default model."""
    if os.environ.get(MODEL_ENV):
        return TypingModel.load(Path(os.environ[MODEL_ENV]))
    return _builtin_training(pipeline).model


@dataclass(frozen=True)
class _Training:
    vectors: np.ndarray
    readings: list[str | None]
    gold: list[str]
    model: TypingModel


def _builtin_training(pipeline: Pipeline) -> _Training:
    """The shipped examples' features (embedding and rule reading) and the default model
    trained on them, computed the first time and cached until the code or the data change."""
    path = Path(platformdirs.user_cache_dir("frontlines")) / f"typing-{_cache_key(pipeline)}.npz"
    try:
        with np.load(path, allow_pickle=False) as cached:
            return _Training(
                cached["vectors"],
                [str(r) or None for r in cached["readings"]],
                [str(g) for g in cached["gold"]],
                TypingModel(tuple(str(c) for c in cached["classes"]), cached["coef"], cached["intercept"]),
            )
    except (OSError, ValueError, KeyError):
        pass
    examples = builtin_examples()
    vectors = pipeline.encoder.encode([e.text for e in examples])
    readings = [rule_reading(pipeline, e.text) for e in examples]
    gold = [e.sub_event_type for e in examples]
    model = train(vectors, readings, gold)
    save_to_cache(path, lambda fh: np.savez(
        fh, vectors=vectors, readings=np.array([r or "" for r in readings]), gold=np.array(gold),
        classes=np.array(model.classes), coef=model.coef, intercept=model.intercept,
    ))
    return _Training(vectors, readings, gold, model)


def _cache_key(pipeline: Pipeline) -> str:
    # The rules' readings are features, so any lexicon or code change may change the model.
    h = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for item in sorted(package.rglob("*")):
        if item.suffix in (".tsv", ".py"):
            h.update(str(item.relative_to(package)).encode() + item.read_bytes())
    h.update(np.__version__.encode())
    h.update(str(pipeline.encoder.weights["embeddings.word_embeddings.weight"].shape).encode())
    return h.hexdigest()[:16]


def _as_paragraphs(text: str) -> str:
    # A snippet is one paragraph; its own blank lines would otherwise split it.
    return " ".join(text.split())
