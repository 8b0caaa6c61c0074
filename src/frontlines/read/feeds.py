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
_XML_DECLARATION = re.compile(r"\s*<\?xml\b[^>]*>")
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+))")
_UTF8_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>\n'


def looks_like_feed(text: str) -> bool:
    return _FEED_START.match(text[:4096].lstrip("\ufeff")) is not None


def read_feed(
    text: str,
    origin: str,
    *,
    source: str | None,
    url: str | None,
    published: dt.date | None,
) -> Iterator[Document | Skipped]:
    """`text` is the feed decoded as every page is (`decode`, which honours the encoding its XML
    declaration names)."""
    import feedparser  # a twentieth of a second to import: only once a feed is read

    try:
        # A file object, never a str: feedparser would take a str for a URL and fetch it.
        parsed = feedparser.parse(io.BytesIO(_for_feedparser(text)))
    except Exception as err:  # feedparser's loose parser trips on what its authors never saw
        yield Skipped(origin=origin, reason=f"malformed feed: {type(err).__name__}")
        return
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


def _for_feedparser(text: str) -> bytes:
    """The feed as UTF-8 under an XML declaration of ours. feedparser reads the declared encoding
    with a regex that backtracks quadratically over a long first line (23 s on a 19 KB feed), and
    fails on an encoding name that is not text; the text is decoded already. Character references
    to what is no character (a surrogate, past U+10FFFF, too many digits) become U+FFFD, as
    feedparser would encode them and fail."""
    body = text.lstrip("\ufeff")
    declaration = _XML_DECLARATION.match(body)  # one try from the start: linear
    if declaration:
        body = body[declaration.end() :]
    return _UTF8_DECLARATION + _CHAR_REF.sub(_valid_char_ref, body).encode("utf-8", "replace")


def _valid_char_ref(ref: re.Match[str]) -> str:
    hex_digits, digits = ref.groups()
    if len(hex_digits or digits) > 8:
        return "&#xFFFD"
    code = int(hex_digits, 16) if hex_digits else int(digits)
    return "&#xFFFD" if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF else ref.group()


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
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
            except ValueError:  # year 0 and the like: the item is still a page
                return None
    return None


def _clean(value: object) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None
