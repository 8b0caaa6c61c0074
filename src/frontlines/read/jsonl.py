"""JSON lines → pages: one `{"url", "source", "published", "title", "html" | "text"}` object a line.

A bad line is skipped alone, so one broken record never costs the rest of a crawl dump. The file is
streamed: only one line is in memory at a time, and the page-size limit applies to each line.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from typing import BinaryIO

from ..model import Document, Skipped
from . import limits
from .decode import BINARY, decode
from .document import make_document, parse_published


def read_lines(
    stream: BinaryIO,
    origin: str,
    *,
    source: str | None,
    url: str | None,
    published: dt.date | None,
    max_page_bytes: int = limits.DEFAULT_MAX_PAGE_BYTES,
) -> Iterator[Document | Skipped]:
    seen_any = False
    for number, line in enumerate(_lines(stream, max_page_bytes), 1):
        if isinstance(line, int):
            seen_any = True
            yield Skipped(origin=f"{origin}:{number}", reason=limits.over_limit("line", max_page_bytes, line))
            continue
        if not line.strip():
            continue
        seen_any = True
        yield _page(line, f"{origin}:{number}", source=source, url=url, published=published)
    if not seen_any:
        yield Skipped(origin=origin, reason="empty file")


_SKIP_CHUNK = 1024 * 1024


def _lines(stream: BinaryIO, limit: int) -> Iterator[bytes | int]:
    """The stream's lines, none read past `limit`: a longer line comes out as its size in bytes,
    read past in chunks and never held whole (a gzipped file without newlines is gigabytes of one
    line)."""
    while line := stream.readline(limit + 1):
        if len(line) <= limit:
            yield line
            continue
        size = len(line)
        while not line.endswith(b"\n") and (line := stream.readline(_SKIP_CHUNK)):
            size += len(line)
        yield size


def _number(digits: str) -> int | float:
    """A JSON integer; one too long for `int` (over 4,300 digits) is read as a float, as no field of
    a page is a number and one such field must not cost the page."""
    limit = sys.get_int_max_str_digits()  # 0: no limit
    return int(digits) if not limit or len(digits) <= limit else float(digits)


def _page(
    line: bytes, where: str, *, source: str | None, url: str | None, published: dt.date | None
) -> Document | Skipped:
    text = decode(line)
    if text is None:
        return Skipped(origin=where, reason=BINARY)
    try:
        record = json.loads(text, parse_int=_number)
    except RecursionError:
        return Skipped(origin=where, reason="malformed JSON line: nested too deeply")
    except json.JSONDecodeError as err:
        return Skipped(origin=where, reason=f"malformed JSON line: {err.msg} (column {err.colno})")
    if not isinstance(record, dict):
        return Skipped(origin=where, reason="malformed JSON line: not an object")
    for kind in ("html", "text"):
        raw = record.get(kind)
        if isinstance(raw, str) and raw.strip():
            break
    else:
        return Skipped(origin=where, reason='no page in the line: "html" and "text" are missing or empty')
    return make_document(
        raw,
        kind,
        where,
        source=_text_field(record, "source") or source,
        url=_text_field(record, "url") or url,
        published=parse_published(record["published"]) if record.get("published") else published,
        title=_text_field(record, "title"),
    )


def _text_field(record: dict, key: str) -> str | None:
    value = record.get(key)
    return (value.strip() or None) if isinstance(value, str) else None
