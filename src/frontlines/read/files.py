"""Files and directories → pages, with every unreadable input reported as `Skipped`."""

from __future__ import annotations

import datetime as dt
import gzip
import logging
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..controls import escaped, escaped_path
from ..model import Document, Skipped
from . import feeds, jsonl, limits
from .decode import BINARY, decode, looks_like_html
from .document import make_document

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
log = logging.getLogger(__name__)


def walk(root: Path) -> Iterator[Path | Skipped]:
    """Files under `root` in sorted order, leaving out hidden files and hidden folders; a folder
    that cannot be listed is a `Skipped` in their place."""
    unreadable: list[OSError] = []
    for folder, dirs, files in os.walk(root, onerror=unreadable.append):
        yield from (Skipped(origin=escaped_path(err.filename), reason=_os_reason(err)) for err in unreadable)
        unreadable.clear()
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(folder, name)
    yield from (Skipped(origin=escaped_path(err.filename), reason=_os_reason(err)) for err in unreadable)


def read_file(
    path: Path,
    *,
    source: str | None,
    url: str | None,
    published: dt.date | None,
    max_page_bytes: int = limits.DEFAULT_MAX_PAGE_BYTES,
) -> Iterator[Document | Skipped]:
    """The pages of one file. Its origin is its name escaped (`controls.escaped_path`): a name that
    is not UTF-8 or holds a newline is stored and shown on one line."""
    origin = escaped_path(path)
    try:
        yield from _read_file(path, origin, source=source, url=url, published=published, max_page_bytes=max_page_bytes)
    except Exception as err:  # a library tripping on input nobody foresaw: that file is skipped, the batch goes on
        log.debug("reading %s failed", origin, exc_info=True)
        yield Skipped(origin=origin, reason=escaped(f"unreadable input: {type(err).__name__}: {err}"))


def _read_file(
    path: Path,
    origin: str,
    *,
    source: str | None,
    url: str | None,
    published: dt.date | None,
    max_page_bytes: int,
) -> Iterator[Document | Skipped]:
    name = path.name.lower().removesuffix(".gz")
    try:
        size = path.stat().st_size  # a symlink loop says so here; exists() would call it missing
        if size == 0:
            yield Skipped(origin=origin, reason="empty file")
            return
        if name.endswith(".warc"):
            from . import warc  # warcio takes a tenth of a second to import: only for archives

            with path.open("rb") as raw:
                yield from warc.read_warc(
                    raw, origin, source=source, url=url, published=published, max_page_bytes=max_page_bytes
                )
            return
        with _open(path) as stream:
            if name.endswith(".jsonl"):
                yield from jsonl.read_lines(
                    stream, origin, source=source, url=url, published=published, max_page_bytes=max_page_bytes
                )
                return
            if size > max_page_bytes:
                yield Skipped(origin=origin, reason=limits.over_limit("file", max_page_bytes, size))
                return
            data = stream.read(max_page_bytes + 1)
    except (OSError, EOFError, zlib.error) as err:
        yield Skipped(origin=origin, reason=_os_reason(err))
        return
    if len(data) > max_page_bytes:
        yield Skipped(origin=origin, reason=limits.over_limit("decompressed content", max_page_bytes))
        return
    text = decode(data)
    if text is None:
        yield Skipped(origin=origin, reason=BINARY)
    elif not text.strip():
        yield Skipped(origin=origin, reason="empty file")
    elif Path(name).suffix in feeds.SUFFIXES or feeds.looks_like_feed(text):
        yield from feeds.read_feed(text, origin, source=source, url=url, published=published)
    else:
        kind = "html" if Path(name).suffix in HTML_SUFFIXES or looks_like_html(text) else "text"
        yield make_document(text, kind, origin, source=source, url=url, published=published)


def _open(path: Path) -> BinaryIO:
    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def _os_reason(err: BaseException) -> str:
    if isinstance(err, OSError) and err.strerror:
        return err.strerror[0].lower() + err.strerror[1:]
    return f"unreadable file: {err}"
