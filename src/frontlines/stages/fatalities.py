"""fatalities: the toll each candidate's sentence reports, by ACLED's rules (events/fatalities.py)."""

from __future__ import annotations

from ..page import Page
from ..resources import Resources


class Fatalities:
    name = "fatalities"

    def __init__(self, resources: Resources):
        self.counter = resources.fatalities

    def __call__(self, page: Page) -> None:
        # A sentence's toll is its own, whichever of its events asks: counted once per sentence.
        tolls: dict[int, int] = {}
        for finding in page.findings:
            # A retelling too: its toll may be the one the event before it lacks.
            sentence = finding.candidate.sentence
            if sentence.start not in tolls:
                tolls[sentence.start] = self.counter.count(sentence.span).fatalities
            finding.fatalities = tolls[sentence.start]
