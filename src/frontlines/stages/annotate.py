"""annotate: body → sentences, the few that may report an event parsed by spaCy (annotate.py)."""

from __future__ import annotations

from ..annotate import annotate
from ..page import Page
from ..resources import Resources


class Annotate:
    name = "annotate"

    def __init__(self, resources: Resources):
        self.nlp, self.splitter, self.prefilter = resources.nlp, resources.splitter, resources.prefilter

    def __call__(self, page: Page) -> None:
        if not page.document.body.strip():
            return
        page.sentences = annotate(page.document.body, nlp=self.nlp, splitter=self.splitter, wanted=self.prefilter)
        for sentence in page.sentences:
            page.by_paragraph.setdefault(sentence.paragraph, []).append(sentence)
