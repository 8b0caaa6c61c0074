"""Whole-snippet event typing: the typing `extract` does, applied to a text as one page body.

A snippet reports the event its most confident extracted event has; none when extraction
finds none (a false event is worse than a missing one).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from ..model import Document
from ..pipeline import Pipeline


@dataclass(frozen=True)
class Typing:
    event_type: str | None
    sub_event_type: str | None
    confidence: float


def classify_text(pipeline: Pipeline, text: str, published: dt.date | None = None) -> Typing:
    doc = Document(id=hashlib.sha256(text.encode()).hexdigest()[:16], body=_as_paragraphs(text), published=published)
    events = pipeline.process(doc, segmented=True).events
    if not events:
        return Typing(None, None, 0.0)
    best = max(events, key=lambda e: e.confidence)
    return Typing(best.event_type, best.sub_event_type, best.confidence)


def _as_paragraphs(text: str) -> str:
    # A snippet is one paragraph; its own blank lines would otherwise split it.
    return " ".join(text.split())
