"""JSON lines → pages: one `{"url", "source", "published", "title", "html" | "text"}` object a line.

A bad line is skipped alone, so one broken record never costs the rest of a crawl dump. The file is
streamed: only one line is in memory at a time, and the page-size limit applies to each line.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator

from ..model import Document, Skipped
from . import limits
from .decode import BINARY, decode
from .document import make_document, parse_published


def read_lines(
    lines: Iterable[bytes],
    origin: str,
    *,
    source: str | None,
    url: str | None,
    published: dt.date | None,
    max_page_bytes: int = limits.DEFAULT_MAX_PAGE_BYTES,
) -> Iterator[Document | Skipped]:
    seen_any = False
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        seen_any = True
        where = f"{origin}:{number}"
        if len(line) > max_page_bytes:
            yield Skipped(origin=where, reason=limits.over_limit("line", max_page_bytes, len(line)))
            continue
        yield _page(line, where, source=source, url=url, published=published)
    if not seen_any:
        yield Skipped(origin=origin, reason="empty file")


def _page(
    line: bytes, where: str, *, source: str | None, url: str | None, published: dt.date | None
) -> Document | Skipped:
    text = decode(line)
    if text is None:
        return Skipped(origin=where, reason=BINARY)
    try:
        record = json.loads(text)
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
