"""attribute: who reports each candidate and which party claims it (attribute.py)."""

from __future__ import annotations

from ..attribute import Attribution, attribute
from ..page import Page
from ..resources import Resources


class Attribute:
    name = "attribute"

    def __init__(self, resources: Resources):
        pass  # lexicons only

    def __call__(self, page: Page) -> None:
        # Who says so depends on the sentence and the event's actors only: read once for each.
        read: dict[tuple[int, frozenset[str]], Attribution] = {}
        for finding in page.findings:
            cand = finding.candidate
            if cand.continues_previous:
                continue
            actors = frozenset(cand.actor1 + cand.actor2 + cand.assoc1 + cand.assoc2)
            sentence = cand.sentence
            key = (sentence.start, actors)
            if key not in read:
                read[key] = attribute(sentence.span, sentence.start, page.mentions, actors, page.document.source)
            said = read[key]
            finding.attribution = Attribution(list(said.reported_by), list(said.claimed_by), said.hedged)
