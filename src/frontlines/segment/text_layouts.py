"""Flattened text pages → parts.

A page flattened to text keeps the order of the site's layout: widgets and the headline on top,
then the story, then the comment system (its chrome, the comments, the reply form), then links to
other stories. The page is read top to bottom in that order; the comment chrome is what ends the
story, so a comment can never be read as a body paragraph.
Layouts handled (see `examples/`): a donation widget and wpDiscuz comments ("Notify of", a name
line over each comment); a repeated headline, a caption and a dateline, numbered WordPress comments
and related headlines; a plain title + byline + paragraphs page.
"""

from __future__ import annotations

import re
from enum import Enum

from .comments import Line, parse_comments
from .lines import is_headline, is_title, kind_of, normalize, same_text
from .parts import Parts, finish_body

_BLANK = re.compile(r"\n[ \t]*\n")
# Hard-wrapped text (mail, wire copy, old archives) keeps paragraphs under a fixed width;
# flattened web pages put a whole paragraph on one line, far past it.
_WRAP_WIDTH = 100
_TRAILING_HEADLINES = 2


class _Region(Enum):
    HEAD = "head"
    BODY = "body"
    COMMENTS = "comments"
    TAIL = "tail"  # after the comment form: links to other stories and the footer


def segment_text(raw: str, title: str | None = None) -> Parts:
    parts = Parts(title=title)
    title_line_seen = False  # a title given with the page is still its first line, not a repeat
    region = _Region.HEAD
    commented: list[Line] = []
    listing_related = False  # after a "Related" header, until a line that is no headline
    for line in _lines(raw):
        text = line.text
        kind = kind_of(text)
        if listing_related and kind is None and is_headline(text):
            parts.related.append(text)
            continue
        listing_related = False
        if kind in ("widget", "credit"):
            parts.removed.append(text)
        elif kind == "related_start":
            parts.removed.append(text)
            listing_related = True
        elif kind == "comments_end" or (kind == "comments_start" and region is _Region.TAIL):
            parts.removed.append(text)
            region = _Region.TAIL
        elif kind == "comments_start" or (kind == "comment_meta" and region is _Region.COMMENTS):
            parts.removed.append(text)
            region = _Region.COMMENTS
        elif region is _Region.TAIL:
            (parts.related if is_headline(text) else parts.removed).append(text)
        elif region is _Region.COMMENTS:
            commented.append(line)
        elif region is _Region.HEAD and kind in ("byline", "comment_meta"):
            parts.paragraphs.append(text)  # a byline or date over the headline: front matter for finish_body
        elif region is _Region.HEAD and parts.title is None and is_title(text):
            parts.title, title_line_seen = text, True
        elif region is _Region.HEAD and parts.title and same_text(text, parts.title):
            if title_line_seen:
                parts.removed.append(text)
            title_line_seen = True
        else:
            region = _Region.BODY
            parts.paragraphs.append(text)

    if region is _Region.COMMENTS:
        commented, parts.related[:0] = _split_trailing_headlines(commented)
    elif region is _Region.BODY:
        body, parts.related[:0] = _split_trailing_headlines([Line(p, 0) for p in parts.paragraphs])
        parts.paragraphs = [line.text for line in body]
    parts.comments, unused = parse_comments(commented)
    parts.removed += unused
    if title_line_seen and title is None and not (parts.paragraphs or parts.comments or parts.related):
        # A page of one line (a wire brief, an ACLED-style note) is its report, not a headline
        # over nothing.
        parts.paragraphs, parts.title = [parts.title], None
    finish_body(parts)
    return parts


def _lines(raw: str) -> list[Line]:
    groups = [block.splitlines() for block in _BLANK.split(raw.replace("\r\n", "\n").replace("\r", "\n"))]
    width = _wrap_width([line for group in groups for line in group])
    lines: list[Line] = []
    for number, group in enumerate(groups):
        previous = ""
        for raw_line in group:
            text = normalize(raw_line)
            if not text:
                continue
            if width and lines and lines[-1].group == number and len(previous) >= 0.6 * width:
                lines[-1] = Line(f"{lines[-1].text} {text}", number)
            else:
                lines.append(Line(text, number))
            previous = raw_line.rstrip()
    return lines


def _wrap_width(lines: list[str]) -> int | None:
    """The width paragraphs were cut at, when they run over several lines (hard-wrapped text)."""
    lengths = [len(line.rstrip()) for line in lines if line.strip()]
    if not lengths or max(lengths) > _WRAP_WIDTH:
        return None
    width = max(lengths)
    return width if sum(length >= 0.8 * width for length in lengths) >= max(3, len(lengths) // 3) else None


def _split_trailing_headlines(lines: list[Line]) -> tuple[list[Line], list[str]]:
    """Headlines of other stories that end a page without a "Related" header."""
    cut = len(lines)
    while cut > 0 and is_headline(lines[cut - 1].text) and len(lines[cut - 1].text.split()) >= 4:
        cut -= 1
    if len(lines) - cut < _TRAILING_HEADLINES:
        return lines, []
    return lines[:cut], [line.text for line in lines[cut:]]
