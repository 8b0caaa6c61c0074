"""Bulk ingest: pages from files, folders, JSONL, WARC and feeds → stored documents and events.

Every page is stored with its events and its MinHash signature in a transaction of its own, so a
killed ingest leaves only complete pages, and a rerun skips them by content id. Pages are read,
processed and stored in input order, so that what a page's syndication is decided against (the
pages stored before it) is the same whether the corpus went in at once or over several runs.
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from .budget import OverBudget, PageClock
from .merge.syndication import SyndicationIndex, signature, signature_row
from .model import Document, ExtractResult, Skipped
from .read.files import read_file, walk
from .segment import Unsegmentable, segment
from .settings import Settings
from .store import Store

if TYPE_CHECKING:
    from .pipeline import Pipeline

NO_TEXT = "no article text found"
ENGINES = ("local", "ray")
log = logging.getLogger(__name__)


@dataclass
class IngestSummary:
    """What one ingest did. `read` = `stored` + `already_stored` + all `skipped`."""

    read: int = 0  # inputs read: pages, and inputs that could not be pages
    stored: int = 0
    already_stored: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  # reason → pages
    syndicated: int = 0  # stored pages that copy a stored page: one report, not corroboration
    events: int = 0  # events of the pages stored
    seconds: float = 0.0
    merged: int | None = None  # reports merged into event records by the merge step after ingest

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())


def ingest(
    paths: Iterable[str | os.PathLike],
    store: Store,
    *,
    source_name: str | None = None,
    published: dt.date | None = None,
    workers: int = 1,
    engine: str = "local",
    address: str | None = None,
    progress: bool = False,
    on_skip: Callable[[Skipped], None] | None = None,
    pipeline: Pipeline | None = None,
    settings: Settings | None = None,
) -> IngestSummary:
    """Store the pages under `paths` that are not stored yet, with their events.

    `workers` > 1 runs the pipeline in that many processes, each building its resources from
    `settings` once; `pipeline` (one already built) is used when `workers` is 1, and built here
    from `settings` when needed. `engine="ray"` reads and processes on Ray instead, in `workers`
    actors, on a local Ray or the cluster at `address` (ray_engine.py); either way the pages are
    stored here, in input order. `on_skip` hears of every input skipped.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine: one of {', '.join(ENGINES)}, not {engine!r}")
    settings = settings or Settings()
    started = time.perf_counter()
    summary = IngestSummary()
    files = list(_files(paths))
    with (
        _Processor(workers, pipeline, settings) as processor,
        Progress(*_COLUMNS, console=Console(stderr=True), disable=not progress) as bar,
    ):
        task = bar.add_task("", total=sum(size for _, size in files), **_fields(summary))
        ingest_one = _Storer(store, summary)

        def skip(item: Skipped) -> None:
            summary.skipped[item.reason.split(": ")[0]] += 1
            if on_skip:
                on_skip(item)

        def new_pages() -> Iterator[Document]:
            for path, size in files:
                items = (
                    (path,)
                    if isinstance(path, Skipped)
                    else read_file(
                        path, source=source_name, url=None, published=published, max_page_bytes=settings.max_page_bytes
                    )
                )
                for item in items:
                    summary.read += 1
                    if isinstance(item, Skipped):
                        skip(item)
                    elif ingest_one.has(item.id):
                        summary.already_stored += 1
                    else:
                        yield item
                    bar.update(task, **_fields(summary))
                bar.advance(task, size)

        def keep(doc: Document, outcome: ExtractResult | str) -> None:
            if isinstance(outcome, str):
                skip(Skipped(origin=doc.origin or doc.id, reason=outcome))
            else:
                ingest_one.store(outcome)
            bar.update(task, **_fields(summary))

        if engine == "ray":
            from . import ray_engine

            readable = [(path, size) for path, size in files if not isinstance(path, Skipped)]
            for path, _ in files:
                if isinstance(path, Skipped):  # a folder that could not be listed
                    summary.read += 1
                    skip(path)
            outcomes = ray_engine.run(
                readable, settings, stored=set(ingest_one.stored), source_name=source_name, published=published,
                workers=workers, address=address,
            )  # fmt: skip
            for size, item in outcomes:
                summary.read += 1
                if isinstance(item, Skipped):
                    skip(item)
                elif isinstance(item, ray_engine.AlreadyStored) or ingest_one.has(item[0].id):
                    summary.already_stored += 1
                else:
                    keep(*item)
                bar.update(task, **_fields(summary))
                bar.advance(task, size)
        else:
            for doc, outcome in processor.run(new_pages()):
                keep(doc, outcome)
    summary.seconds = time.perf_counter() - started
    log.info(
        "ingest: %d read, %d stored (%d events), %d already stored, %d skipped in %.1f s",
        summary.read, summary.stored, summary.events, summary.already_stored, summary.skipped_total, summary.seconds,
    )
    return summary


class _Storer:
    """Stores results one transaction each, deciding syndication against what is stored."""

    def __init__(self, store: Store, summary: IngestSummary):
        self.db = store
        self.summary = summary
        self.stored = store.document_ids()
        self._index: SyndicationIndex | None = None

    def has(self, doc_id: str) -> bool:
        # A page given twice in one run is stored once: its id joins the set when stored.
        return doc_id in self.stored

    def store(self, result: ExtractResult) -> None:
        if self._index is None:  # a rerun with nothing new never pays for loading the signatures
            self._index = SyndicationIndex.load(self.db.engine)
        doc = result.document
        sig = signature(doc.body)
        original = self._index.original_of(sig) if sig else None
        extra = [signature_row(doc.id, sig)] if sig else []
        if not self.db.add(result, syndicated_of=original, extra_rows=extra):
            self.summary.already_stored += 1  # stored meanwhile by another ingest
            # Indexed as that ingest stored it: the copies of it further on are decided as one
            # ingest alone would decide them.
            if sig:
                self._index.add(doc.id, sig, self.db.syndicated_of(doc.id))
            self.stored.add(doc.id)
            return
        if sig:
            self._index.add(doc.id, sig, original)
        self.stored.add(doc.id)
        self.summary.stored += 1
        self.summary.events += len(result.events)
        self.summary.syndicated += original is not None


class _Processor:
    """Runs the pipeline over documents in order: in this process, or in worker processes."""

    def __init__(self, workers: int, pipeline: Pipeline | None, settings: Settings):
        self.workers = max(1, workers)
        self.pipeline = pipeline
        self.settings = settings
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> _Processor:
        return self

    def __exit__(self, *exc) -> None:
        if self.pool:
            self.pool.shutdown(cancel_futures=True)

    def run(self, docs: Iterator[Document]) -> Iterator[tuple[Document, ExtractResult | str]]:
        """(document, its result or why it failed), in the order the documents came."""
        if self.workers == 1:
            for doc in docs:
                yield doc, process_page(doc, self._local_pipeline, self.settings)
            return
        # A bounded window of pages in flight: reading stays ahead of the workers without holding
        # a whole crawl in memory.
        window: deque[tuple[Document, Future]] = deque()
        for doc in docs:
            if self.pool is None:
                # spawn, not fork: the progress bar runs a thread, and forking a threaded process is unsafe.
                context = multiprocessing.get_context("spawn")
                self.pool = ProcessPoolExecutor(
                    self.workers, mp_context=context, initializer=_start_worker, initargs=(self.settings,)
                )
            window.append((doc, self.pool.submit(_process_in_worker, doc)))
            if len(window) >= 4 * self.workers:
                first, future = window.popleft()
                yield first, future.result()
        while window:
            first, future = window.popleft()
            yield first, future.result()

    def _local_pipeline(self) -> Pipeline:
        """Built when the first page with text comes: a rerun over stored pages loads no model."""
        if self.pipeline is None:
            self.pipeline = build_pipeline(self.settings)
        return self.pipeline


def process_page(doc: Document, pipeline: Callable[[], Pipeline], settings: Settings) -> ExtractResult | str:
    """The page's result, or why it has none."""
    from .pipeline import StageFailed

    clock = PageClock(settings.max_page_seconds, settings.max_page_memory_mb)
    try:
        with clock.running():
            doc = segment(doc)
        if not doc.body.strip():
            return NO_TEXT  # known before any model is loaded: a rerun over such pages stays fast
        built = pipeline()  # loading the models is not the page's time
        with clock.running():
            return built.process(doc, segmented=True)
    except OverBudget as over:
        return over.reason
    except Unsegmentable as err:
        return str(err)
    except StageFailed as failed:
        if settings.debug:
            raise
        log.debug("page %s failed", doc.origin or doc.id, exc_info=True)
        return f"internal error in the {failed}"
    except Exception as exc:  # segmenting a hostile page: one broken page must not stop a bulk ingest
        if settings.debug:
            raise
        log.debug("page %s failed", doc.origin or doc.id, exc_info=True)
        return f"internal error: {type(exc).__name__}: {exc}"


def build_pipeline(settings: Settings) -> Pipeline:
    from .pipeline import Pipeline
    from .resources import Resources

    pipeline = Pipeline(Resources.build(settings))
    pipeline.warm_up()
    return pipeline


# A worker process's own settings and pipeline: set by the pool's initializer, the pipeline built
# by the worker's first page with text.
_worker: dict[str, object] = {}


def _start_worker(settings: Settings) -> None:
    _worker["settings"] = settings


def _worker_pipeline() -> Pipeline:
    if "pipeline" not in _worker:
        _worker["pipeline"] = build_pipeline(_worker["settings"])
    return _worker["pipeline"]


def _process_in_worker(doc: Document) -> ExtractResult | str:
    return process_page(doc, _worker_pipeline, _worker["settings"])


def _files(paths: Iterable[str | os.PathLike]) -> Iterator[tuple[Path | Skipped, int]]:
    """Every file to read, with its size for the progress bar; folders recursed as `read_paths`
    does, and a folder that could not be listed as its `Skipped`."""
    for given in paths:
        path = Path(given)
        for file in walk(path) if path.is_dir() else (path,):
            if isinstance(file, Skipped):
                yield file, 0
                continue
            try:
                size = file.stat().st_size
            except OSError:
                size = 0  # read_file says why it cannot be read
            yield file, size


# Fits an 80-column terminal with thousands of pages; the summary at the end has the rest.
_COLUMNS = (
    BarColumn(bar_width=12),
    TaskProgressColumn(),
    TextColumn(
        "{task.fields[read]} read · {task.fields[stored]} stored · {task.fields[syndicated]} copies · "
        "{task.fields[skipped]} skipped"
    ),
    TimeRemainingColumn(),
)


def _fields(summary: IngestSummary) -> dict:
    return {
        "read": summary.read,
        "stored": summary.stored,
        "syndicated": summary.syndicated,
        "skipped": summary.skipped_total,
    }
