"""Building a `Document` from a decoded page, the same way for every kind of input."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Literal

from dateutil import parser as dateparser

from ..model import Document


def document_id(url: str | None, raw: str) -> str:
    # surrogatepass: a jsonl string may hold a lone surrogate escape ("\\ud800"), which is still a page.
    return hashlib.sha256(f"{url or ''}\n{raw}".encode("utf-8", errors="surrogatepass")).hexdigest()[:16]


def clean_text(text: str) -> str:
    """Lone surrogates ("\\ud800" in JSON) cannot be written as UTF-8 and PostgreSQL rejects NUL:
    both become U+FFFD, so a page that holds them is still read, stored and printed."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace").replace("\x00", "\ufffd")


def make_document(
    raw: str,
    raw_kind: Literal["text", "html"],
    origin: str,
    *,
    source: str | None = None,
    url: str | None = None,
    published: dt.date | None = None,
    title: str | None = None,
) -> Document:
    raw = clean_text(raw)
    return Document(
        id=document_id(url, raw),
        source=clean_text(source) if source else source,
        url=clean_text(url) if url else url,
        title=clean_text(title) if title else title,
        published=published if published and _plausible(published) else None,
        raw=raw,
        raw_kind=raw_kind,
        origin=origin,
    )


def parse_published(value: object) -> dt.date | None:
    """A publication date given as data (jsonl field); anything unreadable is None, never an error."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value if _plausible(value) else None
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        parsed_iso = dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    else:
        return parsed_iso if _plausible(parsed_iso) else None
    # Feeds and scrapers also write RFC 822 ("Sun, 14 May 2017 10:00:00 GMT") and "May 14, 2017".
    # The default year 1 exposes a text without a year, which must not become a date this year.
    try:
        parsed = dateparser.parse(text, default=dt.datetime(1, 1, 1))
    except (ValueError, OverflowError):
        return None
    return parsed.date() if _plausible(parsed.date()) else None


# A news page's publication date: a year such as 1 or 9999 is a mistake, and the date arithmetic
# of the stages (a week before publication) would run off the calendar.
_FIRST_YEAR, _LAST_YEAR = 1900, 2200


def _plausible(date: dt.date) -> bool:
    return _FIRST_YEAR <= date.year <= _LAST_YEAR
