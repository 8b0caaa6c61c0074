"""Reading pages and running the pipeline over them for a command: skips reported as they
come, the typing model built first where this version has none, the models loaded only
when a page needs them."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import typer
from rich.console import Console

from ..model import Document, Skipped
from ..read import read_paths
from ..settings import Settings
from .app import Skips

log = logging.getLogger("frontlines")


def documents(settings: Settings, skips: Skips, paths: list[Path], source_name, url, published) -> list[Document]:
    docs = []
    reading = read_paths(paths, source_name=source_name, url=url, published=published, max_page_bytes=settings.max_page_bytes)
    for item in reading:
        if isinstance(item, Skipped):
            skips(item)
        else:
            docs.append(item)
    return docs


def resources(settings: Settings):
    """The process's resources, building the typing model first if this version has none."""
    from ..resources import Resources

    ensure_typing_model(settings)
    return Resources.build(settings)


def ensure_typing_model(settings: Settings) -> None:
    from ..build_model import ensure_typing_model as build_if_missing

    if build_if_missing(settings, progress=progress) is not None:
        typer.echo("built the typing model of this version (`frontlines build-model`)", err=True)


def progress(texts):
    from rich.progress import track

    if not sys.stderr.isatty():
        return iter(texts)
    return track(texts, description="typing model: reading the examples", console=Console(stderr=True), transient=True)


def process(settings: Settings, skips: Skips, docs: list[Document]):
    """Yield each page's result while loading the models only if needed; a page a stage fails
    on is skipped with the stage and the error (with --debug: the run stops with the traceback)."""
    if not docs:
        return
    from ..budget import OverBudget, PageClock
    from ..pipeline import Pipeline, StageFailed
    from ..segment import Unsegmentable

    pipeline = Pipeline(resources(settings))
    for doc in docs:
        try:
            with PageClock(settings.max_page_seconds, settings.max_page_memory_mb).running():
                result = pipeline.process(doc)
        except OverBudget as over:
            skips(Skipped(origin=doc.origin or doc.id, reason=over.reason))
            continue
        except StageFailed as failed:
            if isinstance(failed.error, Unsegmentable):
                skips(Skipped(origin=doc.origin or doc.id, reason=str(failed.error)))
                continue
            if settings.debug:
                raise
            log.debug("page %s failed", doc.origin or doc.id, exc_info=True)
            skips(Skipped(origin=doc.origin or doc.id, reason=f"internal error in the {failed}"))
            continue
        if not result.document.body.strip():
            skips(Skipped(origin=doc.origin or doc.id, reason="no article text found"))
            continue
        yield result
