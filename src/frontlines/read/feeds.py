"""RSS and Atom feed files → pages: one per item, dated by the item.

An item's full content (`content:encoded`, Atom `content`) is preferred to its summary, which is
often a teaser. feedparser sanitises the item HTML (no scripts or styles survive) and parses broken
feeds loosely: items it could read are kept, a feed it could not read at all is one `Skipped`.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator

from ..model import Document, Skipped
from .document import make_document

SUFFIXES = {".rss", ".atom"}

# The root element after an optional XML declaration, processing instructions (xml-stylesheet),
# comments and a doctype: <rss>, Atom's <feed>, RSS 1.0's <rdf:RDF>.
_FEED_START = re.compile(
    r"\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<(?:\w+:)?(?:rss|feed|RDF)\b",
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def looks_like_feed(text: str) -> bool:
    return _FEED_START.match(text[:4096].lstrip("\ufeff")) is not None


def read_feed(
    data: bytes,
    origin: str,
    *,
    source: str | None,
    url: str | None,
    published: dt.date | None,
) -> Iterator[Document | Skipped]:
    """`data` stays bytes so that feedparser honours the encoding the XML declares."""
    import feedparser  # a twentieth of a second to import: only once a feed is read

    # A file object, never a str: feedparser would take a str for a URL and fetch it.
    parsed = feedparser.parse(io.BytesIO(data))
    items = [entry for entry in parsed.entries if entry]
    if not items:
        if parsed.bozo:
            yield Skipped(origin=origin, reason=f"malformed feed: {parsed.bozo_exception}")
        elif not parsed.version:
            yield Skipped(origin=origin, reason="not an RSS or Atom feed")
        else:
            yield Skipped(origin=origin, reason="feed without items")
        return
    feed_title = _clean(parsed.feed.get("title"))
    for number, entry in enumerate(items, 1):
        yield _item(entry, f"{origin}:{number}", feed_title or source, url, published)


def _item(
    entry, where: str, source: str | None, url: str | None, published: dt.date | None
) -> Document | Skipped:
    raw = _content(entry)
    if not raw:
        return Skipped(origin=where, reason="feed item without content or summary")
    kind = "html" if _TAG.search(raw) else "text"
    # An aggregator's item names the outlet that published it, which is the source that counts.
    item_source = _clean((entry.get("source") or {}).get("title"))
    return make_document(
        raw,
        kind,
        where,
        source=item_source or source,
        url=_clean(entry.get("link")) or url,
        published=_date(entry) or published,
        title=_clean(entry.get("title")),
    )


def _content(entry) -> str | None:
    bodies = [c.get("value") or "" for c in entry.get("content") or []]
    bodies.append(entry.get("summary") or "")
    longest = max(bodies, key=lambda b: len(b.strip()))
    return longest.strip() or None


def _date(entry) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    return None


def _clean(value: object) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None
