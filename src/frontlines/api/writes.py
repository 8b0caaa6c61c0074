"""POST /documents: pages in, through the same ingest and merge as `frontlines ingest`, for a
caller with the service's bearer token only, one request at a time."""

from __future__ import annotations

import hmac
import json
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import Request

from ..controls import json_dumps
from ..settings import Settings
from ..store import Store
from .problems import Problem

if TYPE_CHECKING:
    from ..pipeline import Pipeline


def check_token(request: Request, settings: Settings) -> None:
    if not settings.api_token:
        raise Problem(403, "this service is read-only: it has no FRONTLINES_API_TOKEN to take writes with")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    # compare_digest: the time taken says nothing of how much of the token was right.
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), settings.api_token.encode()):
        raise Problem(401, "POST /documents needs the header Authorization: Bearer <token>", headers={"WWW-Authenticate": "Bearer"})


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it passes `limit` bytes, whatever its
    Content-Length says (a chunked body has none)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise Problem(413, f"the body has {int(declared)} bytes; this service takes at most {limit}")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise Problem(413, f"the body passes {limit} bytes, the most this service takes")
        chunks.append(chunk)
    return b"".join(chunks)


def page_lines(body: bytes) -> bytes:
    """The body as JSON lines: one JSON object (however laid out) becomes one line; anything
    else is read as JSON lines, each bad line skipped with its reason by the reader."""
    try:
        single = json.loads(body)
    except (ValueError, RecursionError):
        return body
    if isinstance(single, dict):
        return json_dumps(single).encode() + b"\n"
    raise Problem(400, "the body must be one page as a JSON object, or JSON lines of pages")


class Ingester:
    """Runs ingest then merge for one request at a time: the pipeline and the merge are not
    made for threads, and two merges at once would race on the same merged events."""

    def __init__(self, store: Store, settings: Settings, pipeline: Pipeline | None):
        self.store = store
        self.settings = settings
        self.pipeline = pipeline
        self.lock = threading.Lock()

    def ingest(self, lines: bytes) -> dict:
        from ..ingest import ingest
        from ..merge.events import merge_stored_events

        skipped = []
        with self.lock, tempfile.TemporaryDirectory(prefix="frontlines-post-") as folder:
            # The JSONL reader of `frontlines ingest` reads the body, with its limits and reasons.
            path = Path(folder) / "request.jsonl"
            path.write_bytes(lines)
            if self.pipeline is None and lines.strip():
                self.pipeline = _pipeline(self.settings)
            summary = ingest(
                [path],
                self.store,
                pipeline=self.pipeline,
                settings=self.settings,
                on_skip=lambda item: skipped.append({"origin": _where(item.origin, path), "reason": item.reason}),
            )
            merged = merge_stored_events(self.store)
        return {
            "read": summary.read,
            "stored": summary.stored,
            "already_stored": summary.already_stored,
            "events": summary.events,
            "syndicated": summary.syndicated,
            "merged_reports": merged.reports,
            "skipped": skipped,
        }


def _pipeline(settings: Settings) -> Pipeline:
    """Built by the first write, so a read-only service never loads a model."""
    from ..build_model import ensure_typing_model
    from ..pipeline import Pipeline
    from ..resources import Resources

    ensure_typing_model(settings)
    return Pipeline(Resources.build(settings))


def _where(origin: str, path: Path) -> str:
    """"line 3" of the body rather than the temporary file's path."""
    if origin.startswith(f"{path}:"):
        return "line " + origin[len(str(path)) + 1 :]
    return "body" if origin == str(path) else origin
