"""attribute: who reports each candidate and which party claims it (attribute.py)."""

from __future__ import annotations

from ..attribute import attribute
from ..page import Page
from ..resources import Resources


class Attribute:
    name = "attribute"

    def __init__(self, resources: Resources):
        pass  # lexicons only

    def __call__(self, page: Page) -> None:
        for finding in page.findings:
            cand = finding.candidate
            if cand.continues_previous:
                continue
            actors = set(cand.actor1 + cand.actor2 + cand.assoc1 + cand.assoc2)
            sentence = cand.sentence
            finding.attribution = attribute(sentence.span, sentence.start, page.mentions, actors, page.document.source)
