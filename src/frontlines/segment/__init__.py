"""Document → parts: title, byline, dateline, article body, reader comments, related headlines.

Fast and model-free (it backs `frontlines segment`): text pages are read by their layout
(`text_layouts`), HTML pages by trafilatura plus comment and related-list detection (`html`).
Every block dropped as boilerplate is listed in `Document.removed`.
"""

from __future__ import annotations

from ..model import Document
from .html import Unsegmentable, segment_html
from .text_layouts import segment_text

__all__ = ["segment", "Unsegmentable"]


def segment(doc: Document) -> Document:
    """The page cut into its parts; raises `Unsegmentable` (with the reason to skip it for) for a
    page that cannot be read whole."""
    if doc.raw_kind == "html":
        parts = segment_html(doc.raw, url=doc.url, title=doc.title)
    else:
        parts = segment_text(doc.raw, title=doc.title)
    return doc.model_copy(
        update={
            "title": parts.title,
            "source": doc.source or parts.sitename,
            "byline": parts.byline,
            "dateline": parts.dateline,
            "published": doc.published or parts.published,
            "body": "\n\n".join(parts.paragraphs),
            "comments": parts.comments,
            "related_headlines": parts.related,
            "removed": parts.removed,
        }
    )
