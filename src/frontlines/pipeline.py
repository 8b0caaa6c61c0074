"""Runs the stages (stages/__init__.py: STAGES) over one page at a time.

`Pipeline(resources)` builds each stage once; `Pipeline.process(document)` runs them in order
over the page's working state (page.py) and returns the segmented document with its events.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

from .model import Document, ExtractResult
from .page import Page
from .resources import Resources
from .stages import RULE_STAGES, STAGES

log = logging.getLogger(__name__)

# A page that goes through every stage: an attack with actors, a place, a date, a toll and a source.
WARM_UP = (
    "Clashes near Aleppo\n\n"
    "Government warplanes struck the town of Saraqib in Idlib province on Monday, killing three "
    "civilians, the Syrian Observatory for Human Rights said."
)


class StageFailed(RuntimeError):
    """A stage raised on a page: a bug, not bad input. Carries the stage's name."""

    def __init__(self, stage: str, error: Exception):
        super().__init__(f"{stage} stage: {type(error).__name__}: {error}")
        self.stage, self.error = stage, error


class Pipeline:
    def __init__(self, resources: Resources, stages: Sequence[type] = STAGES):
        self.resources = resources
        self.stage_types = tuple(stages)
        self.stages = [stage(resources) for stage in stages]

    def rules_only(self) -> Pipeline:
        """The same resources without the learned typing: what the trigger rules alone read."""
        return Pipeline(self.resources, RULE_STAGES)

    def warm_up(self) -> None:
        """Run one page through the stages, so that what they build on first use (the actor
        automaton, the sentence encoder's first call) is built as part of loading: an ingest's
        first page must not pay for it within its time budget (budget.py). A stage that fails
        here fails on every page, and each page is skipped naming it."""
        try:
            self.process(Document(id="warm-up", raw=WARM_UP, raw_kind="text"))
        except StageFailed as failed:
            log.warning("warming up the pipeline: %s", failed)

    def process(self, doc: Document, *, segmented: bool = False) -> ExtractResult:
        page = Page(document=doc, segmented=segmented)
        for stage in self.stages:
            started = time.perf_counter()
            try:
                stage(page)
            except Exception as exc:
                raise StageFailed(stage.name, exc) from exc
            page.seconds[stage.name] = time.perf_counter() - started
        if log.isEnabledFor(logging.INFO):
            timings = ", ".join(f"{name} {1000 * s:.0f} ms" for name, s in page.seconds.items())
            log.info("%s: %d event(s); %s", doc.origin or doc.id, len(page.events), timings)
        return page.result()
