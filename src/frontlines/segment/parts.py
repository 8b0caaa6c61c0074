"""The parts a page is cut into, and the clean-up of article paragraphs shared by text and HTML."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..model import Comment
from .lines import byline_name, date_line, kind_of, related_link, same_text, split_dateline

# Front matter (byline, date, caption) sits in the first few blocks, before the story starts.
_FRONT = 4
_CAPTION_WORDS = 12
# No paragraph a person writes comes near this (3,000 words); a page that is one line of a
# megabyte (a dump, an attack, a list of names run together) is cut into paragraphs of this size,
# so that the models tag only the pieces that may hold a trigger, never a megabyte at once.
MAX_PARAGRAPH = 20_000


@dataclass
class Parts:
    title: str | None = None
    byline: str | None = None
    dateline: str | None = None
    published: dt.date | None = None
    sitename: str | None = None  # the outlet, as the page names itself
    paragraphs: list[str] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def finish_body(parts: Parts) -> None:
    """Move bylines, dates, captions, credits, widgets and "Read more" links out of the paragraphs,
    then cut the dateline off the first paragraph."""
    kept: list[str] = []
    paragraphs = parts.paragraphs
    for i, paragraph in enumerate(paragraphs):
        front = not kept and i < _FRONT
        kind = kind_of(paragraph)
        if kind == "byline" and parts.byline is None:
            parts.byline = byline_name(paragraph)
        elif front and (published := date_line(paragraph)):
            parts.published = parts.published or published
            parts.removed.append(paragraph)
        elif (
            kind is not None
            or (parts.title and same_text(paragraph, parts.title))
            or (front and i + 1 < len(paragraphs) and _is_caption(paragraph, paragraphs[i + 1]))
        ):
            parts.removed.append(paragraph)
        elif headline := related_link(paragraph):
            parts.related.append(headline)
        else:
            kept.append(paragraph)
    if kept:
        parts.dateline, kept[0] = split_dateline(kept[0])
    parts.paragraphs = [piece for paragraph in kept for piece in _pieces(paragraph)]
    parts.sitename = parts.sitename or _outlet_named(parts)


_SUPPORT_BANNER = re.compile(r"^Support ((?:[A-Z][\w'’.-]*\s?){1,4})$")
_DATELINE_OUTLET = re.compile(r"\(([^()]{3,60})\)\s*[-—–]?\s*$")


def _outlet_named(parts: Parts) -> str | None:
    """A flattened page names its outlet in its donation banner ("Support Frontline Monitor")
    or in the brackets of its dateline ("Raqqa (North Syria Monitor)")."""
    for line in parts.removed:
        if match := _SUPPORT_BANNER.match(line.strip()):
            return match.group(1).strip()
    if parts.dateline and (match := _DATELINE_OUTLET.search(parts.dateline)):
        name = match.group(1).strip()
        return None if name.isupper() and len(name) <= 5 else name  # "(AP)" is a wire, not the outlet
    return None


def _pieces(paragraph: str) -> list[str]:
    """`paragraph` in pieces of at most `MAX_PARAGRAPH` characters, each cut after the last
    sentence end, else the last space, before the limit."""
    pieces = []
    while len(paragraph) > MAX_PARAGRAPH:
        head = paragraph[:MAX_PARAGRAPH]
        cut = max(head.rfind(". "), head.rfind("? "), head.rfind("! ")) + 1 or head.rfind(" ") + 1 or MAX_PARAGRAPH
        pieces.append(paragraph[:cut].strip())
        paragraph = paragraph[cut:].lstrip()
    return [*(piece for piece in pieces if piece), paragraph] if paragraph else pieces


def _is_caption(paragraph: str, following: str) -> bool:
    """A short line right before a paragraph that opens with a dateline is a photo caption."""
    return len(paragraph.split()) <= _CAPTION_WORDS and split_dateline(following)[0] is not None
