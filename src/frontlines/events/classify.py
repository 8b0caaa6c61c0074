"""Whole-snippet event typing (`frontlines classify`), and the learned typing of `extract`'s events.

The trigger rules read the snippet as `extract` would (its most confident event, or none);
the typing model (events/classifier.py) then decides from that reading and the snippet's
embedding. In `extract`, the same model drops events it is sure are none and moves an event
between sub-types of its event type.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..lexicons import taxonomy
from ..model import Document, Event
from .classifier import NO_EVENT, TypingModel, decide
from .embedding import SentenceEncoder

if TYPE_CHECKING:
    from ..pipeline import Pipeline


@dataclass(frozen=True)
class Typing:
    event_type: str | None
    sub_event_type: str | None
    confidence: float


def rule_reading(rules: Pipeline, text: str, published: dt.date | None = None) -> str | None:
    """The sub-event type of the most confident event a rules-only pipeline extracts, if any."""
    doc = Document(id=hashlib.sha256(text.encode()).hexdigest()[:16], body=as_paragraph(text), published=published)
    events = rules.process(doc, segmented=True).events
    return max(events, key=lambda e: e.confidence).sub_event_type if events else None


def classify_text(pipeline: Pipeline, text: str, published: dt.date | None = None) -> Typing:
    model = pipeline.resources.typing_model
    vector = pipeline.resources.encoder.encode([as_paragraph(text)])
    reading = rule_reading(pipeline.rules_only(), text, published)
    probabilities = model.probabilities(vector, [reading])[0]
    sub_event_type, confidence = decide(model, probabilities, reading)
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


def apply_learned_typing(model: TypingModel, encoder: SentenceEncoder, events: list[Event]) -> list[Event]:
    """Drop events the model is confident are none (sports, metaphors), and move an event to
    another sub-type of the same event type when the model is confident of it (a peaceful
    protest the police dispersed is a protest with intervention)."""
    if not events:
        return events
    vectors = encoder.encode([e.evidence.text for e in events])
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


def as_paragraph(text: str) -> str:
    # A snippet is one paragraph; its own blank lines would otherwise split it.
    return " ".join(text.split())
