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
        for finding in page.findings:
            sentence = finding.candidate.sentence
            if finding.candidate.continues_previous:
                continue
            before = " ".join(s.text for s in page.earlier_in_paragraph(sentence))
            date = self.dates.resolve(sentence.text, published, paragraph_context=before or None)
            finding.event_date, finding.time_precision, finding.historical = date.event_date, date.time_precision, date.historical
            finding.date_told = date.expression is not None
