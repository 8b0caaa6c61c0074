"""WARC crawl archives → pages: each HTTP `response` record with an HTML or text payload.

Requests, metadata, warcinfo and revisit records carry no page and are passed over in silence (an
archive without any response is one `Skipped`); responses that are not pages (images, scripts, errors, redirects) come out as `Skipped`. The
publication date is left to the segmenter, which reads it from the page: WARC-Date is when the
crawler fetched it, not when the outlet published it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BUFF_SIZE, DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader

from ..model import Document, Skipped
from . import limits
from .decode import BINARY, decode, looks_like_html
from .document import make_document

_PAGE_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}
# warcio reads each WARC and HTTP header line whole; real ones are well under a kilobyte.
MAX_HEADER_LINE = 64 * 1024


class HeaderLineTooLong(Exception):
    pass


class _LineCappedReader(DecompressingBufferedReader):
    """warcio's reader, with no line read past `MAX_HEADER_LINE`: a header line of 2 GB (2 MB
    gzipped) would otherwise be held in memory whole before anything could look at it."""

    def readline(self, length=None):
        cap = MAX_HEADER_LINE + 1 if length is None else min(length, MAX_HEADER_LINE + 1)
        line = super().readline(cap)
        if len(line) > MAX_HEADER_LINE:
            raise HeaderLineTooLong
        return line


class _Archive(ArchiveIterator):
    # warcio's warning about a record not followed by a blank line, without the line itself: page
    # bytes on the terminal.
    INC_RECORD = "WARNING: a WARC record at offset {0} is not followed by a blank line (a wrong Content-Length?)\n"

    def __init__(self, stream: BinaryIO):
        super().__init__(stream)
        # Replaced before anything is read: the records are read through it from the first.
        self.reader = _LineCappedReader(self.fh, block_size=BUFF_SIZE)


def read_warc(
    stream: BinaryIO,
    origin: str,
    *,
    source: str | None,
    url: str | None,
    published: dt.date | None,
    max_page_bytes: int = limits.DEFAULT_MAX_PAGE_BYTES,
) -> Iterator[Document | Skipped]:
    """`stream` is the raw file: warcio finds out itself whether its records are gzipped."""
    records = _Archive(stream)
    seen_any = responses = False
    while True:
        try:
            record = next(records, None)
        except HeaderLineTooLong:
            yield Skipped(origin=f"{origin}@{records.offset}", reason=_LINE_TOO_LONG)
            return
        except Exception as err:  # warcio trips on broken archives with anything from AttributeError to zlib.error
            # Nothing tells where the next record would start; the pages before this one stand.
            yield Skipped(origin=f"{origin}@{records.offset}", reason=_malformed(err))
            return
        if record is None:
            break
        if record.format != "warc":
            # warcio reads old ARC files too, and takes any text with space-separated lines for one.
            yield Skipped(origin=origin, reason="not a WARC file")
            return
        seen_any = True
        if record.rec_type != "response":
            continue
        responses = True
        # The offset of the record being read; get_record_offset() would consume its payload.
        where = f"{origin}@{records.offset}"
        page = _page(record, where, source=source, url=url, published=published, max_page_bytes=max_page_bytes)
        try:
            records.read_to_end()
        except HeaderLineTooLong:
            yield Skipped(origin=where, reason=_LINE_TOO_LONG)
            return
        except Exception as err:  # as above: the archive is broken from here on
            yield Skipped(origin=where, reason=_malformed(err))
            return
        if isinstance(record.raw_stream, LimitReader) and record.raw_stream.limit > 0:
            # Fewer bytes than the record's Content-Length: a crawl cut off while writing, and the
            # page would be a fragment of itself.
            yield Skipped(origin=where, reason="truncated WARC record")
            return
        yield page
    if not seen_any:
        yield Skipped(origin=origin, reason="empty file")
    elif not responses:  # requests and metadata only, or a record type that could not be read
        yield Skipped(origin=origin, reason="no HTTP response record in the WARC file")


_LINE_TOO_LONG = f"malformed WARC record: a header line over {MAX_HEADER_LINE // 1024} KB"


def _page(
    record, where: str, *, source: str | None, url: str | None, published: dt.date | None, max_page_bytes: int
) -> Document | Skipped:
    http = record.http_headers
    if http is None:
        return Skipped(origin=where, reason="not an HTTP response: no HTTP headers")
    status = http.get_statuscode()
    if not status.startswith("2"):
        return Skipped(origin=where, reason=f"HTTP status {status}")
    content_type = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    kind = _PAGE_TYPES.get(content_type)
    if kind is None:
        return Skipped(origin=where, reason=f"not an HTML or text response: {content_type or 'no content type'}")
    try:
        data = record.content_stream().read(max_page_bytes + 1)
    except HeaderLineTooLong:
        return Skipped(origin=where, reason=_LINE_TOO_LONG)
    except Exception as err:  # a payload whose chunking or Content-Encoding is broken, whatever warcio makes of it
        return Skipped(origin=where, reason=f"unreadable response payload: {type(err).__name__}")
    if len(data) > max_page_bytes:
        return Skipped(origin=where, reason=limits.over_limit("response", max_page_bytes))
    text = decode(data)
    if text is None:
        return Skipped(origin=where, reason=BINARY)
    if not text.strip():
        return Skipped(origin=where, reason="empty response")
    if kind == "text" and looks_like_html(text):
        kind = "html"
    target = record.rec_headers.get_header("WARC-Target-URI")
    return make_document(text, kind, where, source=source, url=target or url, published=published)


def _malformed(err: Exception) -> str:
    # Only warcio's own error says something about the record; the others are its internals tripping.
    lines = str(err).strip().splitlines() if isinstance(err, ArchiveLoadFailed) else []
    return f"malformed WARC record: {lines[0]}" if lines else "malformed or truncated WARC record"
