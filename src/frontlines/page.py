"""The working state of one page while the stages run; `model.py` holds what comes out.

Each stage reads what the stages before it filled in and fills in its own part: `segment` the
document's parts, `annotate` the sentences, `extract` the findings (one per candidate event),
`geocode`, `dates`, `fatalities` and `attribute` each finding's fields, `build` the events.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .annotate import Sentence
from .events.actors import ActorMention
from .events.build import Finding
from .model import Document, Event, ExtractResult


@dataclass
class Page:
    document: Document
    segmented: bool = False  # the document's parts are already cut (ingest segments first)
    sentences: list[Sentence] = field(default_factory=list)
    by_paragraph: dict[int, list[Sentence]] = field(default_factory=dict)
    mentions: list[ActorMention] = field(default_factory=list)  # actors named anywhere in the body
    findings: list[Finding] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # time each stage took

    def earlier_in_paragraph(self, sentence: Sentence) -> list[Sentence]:
        return [s for s in self.by_paragraph[sentence.paragraph] if s.start < sentence.start]

    def result(self) -> ExtractResult:
        return ExtractResult(document=self.document, events=self.events)
