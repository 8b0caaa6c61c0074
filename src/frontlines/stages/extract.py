"""extract: parsed sentences → candidate events with trigger, type and actors (events/extract.py)."""

from __future__ import annotations

from ..events.actors import find_actor_mentions
from ..events.build import Finding
from ..events.extract import candidates_in
from ..page import Page
from ..resources import Resources


class Extract:
    name = "extract"

    def __init__(self, resources: Resources):
        pass  # rules and lexicons only

    def __call__(self, page: Page) -> None:
        # Not the sentences parsed later for their entities: they hold no whole trigger.
        parsed = [s for s in page.sentences if s.span is not None]
        if not parsed:
            return
        page.mentions = find_actor_mentions(page.document.body)
        page.findings = [Finding(c) for s in parsed for c in candidates_in(s, page.mentions)]
