"""segment: page → title, byline, dateline, body, comments, related headlines (segment/)."""

from __future__ import annotations

from ..page import Page
from ..resources import Resources
from ..segment import segment


class Segment:
    name = "segment"

    def __init__(self, resources: Resources):
        pass  # model-free

    def __call__(self, page: Page) -> None:
        if not page.segmented:
            page.document = segment(page.document)
            page.segmented = True
