"""build: findings → ACLED events, one per happening, with confidence (events/build.py)."""

from __future__ import annotations

from ..events.build import events_of
from ..page import Page
from ..resources import Resources


class Build:
    name = "build"

    def __init__(self, resources: Resources):
        pass

    def __call__(self, page: Page) -> None:
        page.events = events_of(page.findings)
