"""dates: each candidate's event date, time precision and historical flag (dates.py)."""

from __future__ import annotations

from ..page import Page
from ..resources import Resources


class Dates:
    name = "dates"

    def __init__(self, resources: Resources):
        self.dates = resources.dates

    def __call__(self, page: Page) -> None:
        published = page.document.published
        # A date is read from a sentence and the paragraph before it: once per sentence.
        dates = {}
        for finding in page.findings:
            sentence = finding.candidate.sentence
            if finding.candidate.continues_previous:
                continue
            if sentence.start not in dates:
                before = [s.text for s in page.earlier_in_paragraph(sentence)]
                dates[sentence.start] = self.dates.resolve(sentence.text, published, paragraph_context=before)
            date = dates[sentence.start]
            finding.event_date, finding.time_precision, finding.historical = date.event_date, date.time_precision, date.historical
            finding.date_told = date.expression is not None
