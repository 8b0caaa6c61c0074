"""`ingest --engine ray`: the pipeline in a Ray Data actor pool, the store in this process.

Ray Data reads the input files in tasks (a file each: folders, JSONL, WARC and feeds are read as
by the local engine), and an actor pool runs the pipeline: each actor builds its resources and
models once, from the ingest's settings, and answers plain columns (JSON text), never spaCy
objects. Rows come back in input order (Ray Data's `preserve_order`), and this process stores them
one page a transaction, as the local engine does: what a page's syndication is decided against is
the same, so the database is the same. A worker killed mid-run is retried by Ray; an ingest that
stops loses only the pages it had not stored, and a rerun skips the stored ones by content id.

Without an address a local Ray is started for the ingest (and stopped after it); with one
("auto", or "ray://HOST:PORT") the ingest joins that cluster, whose nodes must have frontlines
installed and see the input paths. Ray is an optional extra: `pip install frontlines[ray]`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from .model import Document, Event, ExtractResult, Skipped
from .read.files import read_file
from .settings import Settings

# Pages a call of an actor: small, so that the pool stays busy to the end of a small corpus.
BATCH_SIZE = 4


class AlreadyStored(str):
    """The id of a page that was stored before this ingest began."""


# What the engine yields for each input, in input order, with the bytes of input it finishes
# (for the progress bar): a skipped input, a page stored before, or a page and its outcome
# (its result, or why it has none).
Outcome = Skipped | AlreadyStored | tuple[Document, ExtractResult | str]


def run(
    files: list[tuple[Path, int]],
    settings: Settings,
    *,
    stored: set[str],
    source_name: str | None,
    published: dt.date | None,
    workers: int,
    address: str | None,
) -> Iterator[tuple[int, Outcome]]:
    """Every input of `files` (path, size) read and processed on Ray, in input order."""
    try:
        import ray
        import ray.data
        from ray.data import ActorPoolStrategy
    except ModuleNotFoundError:
        raise RuntimeError("--engine ray needs Ray: pip install 'frontlines[ray]'") from None

    started_here = not ray.is_initialized()
    if started_here:
        # Locally, a CPU for each actor and one for the reading tasks.
        local = {"num_cpus": workers + 1} if address is None else {}
        ray.init(address=address, include_dashboard=False, log_to_driver=False, **local)
    try:
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True
        context.enable_progress_bars = False
        inputs = [{"path": os.fsencode(path), "size": size} for path, size in files]
        if not inputs:
            return
        rows = (
            ray.data.from_items(inputs, override_num_blocks=min(len(inputs), 200))
            .flat_map(_read, fn_kwargs={"source_name": source_name, "published": published, "max_page_bytes": settings.max_page_bytes})
            .map_batches(
                _PipelineActor,
                fn_constructor_kwargs={"settings": settings, "stored": frozenset(stored)},  # Ray Data puts it in its object store
                compute=ActorPoolStrategy(size=workers),
                batch_size=BATCH_SIZE,
                batch_format="pyarrow",
                num_cpus=1,
            )
        )
        for row in rows.iter_rows():
            yield row["size"], _outcome(row["kind"], row["payload"])
    finally:
        if started_here:
            ray.shutdown()


def _read(row: dict, *, source_name: str | None, published: dt.date | None, max_page_bytes: int) -> Iterable[dict]:
    """The pages of one input file as rows; the file's size rides on its first row."""
    path = Path(os.fsdecode(row["path"]))
    size = row["size"]
    for item in read_file(path, source=source_name, url=None, published=published, max_page_bytes=max_page_bytes):
        if isinstance(item, Skipped):
            yield {"kind": "skipped", "payload": json.dumps(item.model_dump()), "size": size}
        else:
            yield {"kind": "page", "payload": json.dumps(_document_data(item, with_raw=True)), "size": size}
        size = 0


class _PipelineActor:
    """One pipeline per actor, built by its first page with text (as a local worker's)."""

    def __init__(self, settings: Settings, stored: frozenset[str]):
        self.settings = settings
        self.stored = stored
        self.pipeline = None

    def __call__(self, batch) -> dict[str, list]:
        from .ingest import process_page

        kinds, payloads = [], []
        for kind, payload in zip(batch.column("kind").to_pylist(), batch.column("payload").to_pylist()):
            if kind == "page":
                doc = Document.model_validate(json.loads(payload))
                if doc.id in self.stored:
                    kind, payload = "already", doc.id
                else:
                    outcome = process_page(doc, self._pipeline, self.settings)
                    if isinstance(outcome, str):
                        kind, payload = "failed", json.dumps({"document": _document_data(doc), "reason": outcome})
                    else:
                        kind, payload = "result", json.dumps(_result_data(outcome))
            kinds.append(kind)
            payloads.append(payload)
        return {"kind": kinds, "payload": payloads, "size": batch.column("size").to_pylist()}

    def _pipeline(self):
        if self.pipeline is None:
            from .ingest import build_pipeline

            self.pipeline = build_pipeline(self.settings)
        return self.pipeline


def _outcome(kind: str, payload: str) -> Outcome:
    if kind == "skipped":
        return Skipped.model_validate(json.loads(payload))
    if kind == "already":
        return AlreadyStored(payload)
    data = json.loads(payload)
    doc = Document.model_validate(data["document"])
    if kind == "failed":
        return doc, data["reason"]
    return doc, ExtractResult(document=doc, events=[Event.model_validate(e) for e in data["events"]])


def _document_data(doc: Document, *, with_raw: bool = False) -> dict:
    """A page as JSON, with where it came from (which a Document leaves out of its output and the
    store keeps) and, for the pipeline, what was read (`with_raw`): the store never reads it, so
    an answer leaves it behind in the actor."""
    data = {**doc.model_dump(mode="json"), "origin": doc.origin}
    return data | {"raw": doc.raw, "raw_kind": doc.raw_kind} if with_raw else data


def _result_data(result: ExtractResult) -> dict:
    return {"document": _document_data(result.document), "events": [e.model_dump(mode="json") for e in result.events]}
