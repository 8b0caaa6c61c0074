"""Flattened reader comments → `Comment`s, for text pages and for HTML comment threads without markup.

The shapes are told apart by what the lines carry: numbered items ("  1. Abu Omar says: ..."),
signature lines ("Posted by: Andrew | Mar 26, 2007 2:00 PM") over or under each comment, blank-line
groups (one comment a group, a name line first when the commenter has one), and a run of lines
where only name lines mark where a comment begins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Comment
from .lines import is_name, signature_name, split_says

_NUMBERED = re.compile(r"(\d{1,3})[.)]\s+(.*)")


@dataclass(frozen=True)
class Line:
    text: str  # whitespace-normalised
    group: int  # blank-line separated block it belongs to


def parse_comments(lines: list[Line]) -> tuple[list[Comment], list[str]]:
    """The comments, and the name lines that were left without any comment text."""
    if any(_NUMBERED.fullmatch(line.text) for line in lines):
        return _numbered(lines)
    if any(signature_name(line.text) for line in lines):
        return _signed([line.text for line in lines])
    groups: dict[int, list[str]] = {}
    for line in lines:
        groups.setdefault(line.group, []).append(line.text)
    if len(groups) > 1 and any(len(g) > 1 for g in groups.values()):
        return _by_groups(list(groups.values()))
    return _by_name_lines([line.text for line in lines])


def _numbered(lines: list[Line]) -> tuple[list[Comment], list[str]]:
    threads: list[tuple[str | None, list[str]]] = []
    for line in lines:
        match = _NUMBERED.fullmatch(line.text)
        if match or not threads:
            author, first = split_says(match.group(2) if match else line.text)
            threads.append((author, [first] if first else []))
        else:
            threads[-1][1].append(line.text)
    return _finish(threads)


def _signed(texts: list[str]) -> tuple[list[Comment], list[str]]:
    on_top = signature_name(texts[0]) is not None
    threads: list[tuple[str | None, list[str]]] = []
    author: str | None = None
    paragraphs: list[str] = []
    for text in texts:
        name = signature_name(text)
        if name is None:
            paragraphs.append(text)
        elif on_top:
            if author or paragraphs:
                threads.append((author, paragraphs))
            author, paragraphs = name, []
        else:
            threads.append((name, paragraphs))
            paragraphs = []
    if author or paragraphs:
        threads.append((author, paragraphs))
    return _finish(threads)


def _by_groups(groups: list[list[str]]) -> tuple[list[Comment], list[str]]:
    comments: list[Comment] = []
    unused: list[str] = []
    pending: str | None = None  # a name line that stood alone, waiting for its text in the next group
    for texts in groups:
        author, texts = _take_author(texts)
        if not texts:
            unused += [pending] if pending else []
            pending = author
            continue
        if author is None:
            author, pending = pending, None
        comments.append(Comment(author=author, text="\n\n".join(texts)))
        unused += [pending] if pending else []
        pending = None
    return comments, unused + ([pending] if pending else [])


def _by_name_lines(texts: list[str]) -> tuple[list[Comment], list[str]]:
    threads: list[tuple[str | None, list[str]]] = []
    for i, text in enumerate(texts):
        following = texts[i + 1] if i + 1 < len(texts) else None
        author, rest = split_says(text)
        if author:
            threads.append((author, [rest] if rest else []))
        elif is_name(text) and following is not None and not is_name(following):
            threads.append((text, []))
        elif not threads:
            threads.append((None, [text]))
        else:
            threads[-1][1].append(text)
    return _finish(threads)


def _finish(threads: list[tuple[str | None, list[str]]]) -> tuple[list[Comment], list[str]]:
    comments = [Comment(author=a, text="\n\n".join(p)) for a, p in threads if p]
    return comments, [a for a, p in threads if a and not p]


def _take_author(texts: list[str]) -> tuple[str | None, list[str]]:
    author, first = split_says(texts[0])
    if author:
        return author, ([first] if first else []) + texts[1:]
    if is_name(texts[0]):
        return texts[0], texts[1:]
    return None, texts
