"""What one line of a page is: boilerplate of a known kind, a headline, a commenter's name, a date.

The boilerplate patterns live in `data/segment_boilerplate.tsv` (kind, pattern, source), so an
analyst adds a site's widget text as a row. Patterns match a whole line, ignoring case and spacing.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Literal

from ..lexicons import alternation, read_tsv, words
from ..read.document import parse_published

Kind = Literal["widget", "comments_start", "comments_end", "comment_meta", "related_start", "credit", "byline"]

_SENTENCE_END = (".", ",", ";", ":")
# The word lists of this module: data/segment_words.tsv and data/segment_patterns.tsv.
# Words a Title Case headline leaves in lower case.
_SMALL_WORDS = frozenset(words("segment_words.tsv", "small_word"))
_NAME_PARTICLES = frozenset(words("segment_words.tsv", "name_particle"))
_HANDLE = re.compile(r"[A-Za-z][\w.-]{1,29}")
_INITIAL = re.compile(r"[A-Z]\.")
_SAYS = re.compile(
    rf"(?P<name>[^:]{{1,40}}?)\s+(?:{alternation('segment_patterns.tsv', 'says_verb')})\s*(?::|\.\.\.|…)\s*(?P<text>.*)",
    re.IGNORECASE,
)
# Day and month names in the date patterns are the calendar's grammar, not a word list.
_DATE_LINE = re.compile(
    rf"(?:(?:{alternation('segment_patterns.tsv', 'date_line_lead')})(?: on)?:? )?"
    r"(?P<date>(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,? )?"
    r"(?:[a-z]{3,9}\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}|\d{1,2}(?:st|nd|rd|th)? [a-z]{3,9}\.?,? \d{4}|\d{4}-\d\d-\d\d))"
    r"(?:,? (?:at )?\d{1,2}[:.]\d\d(?: ?[ap]\.?m\.?)?(?: [a-z]{2,5})?)?(?: by .{1,40})?",
    re.IGNORECASE,
)
_WORD = r"[A-Z][\w'’.-]*"
# "Raqqa (North Syria Monitor) Kurdish-led forces ...", "DAMASCUS, March 3 (Reuters) - ...".
_DATELINE_AGENCY = re.compile(
    rf"(?P<dateline>(?P<place>{_WORD}(?:[ -]{_WORD}){{0,3}})"
    rf"(?:, (?:{_WORD}(?: {_WORD}){{0,2}}|[A-Z][a-z]+\.? \d{{1,2}}))*"
    r" \((?P<agency>[^()]{2,40})\))\s*(?P<dash>[-–—:]+\s*)?(?P<rest>\S.*)",
    re.DOTALL,
)
_DATELINE_HEAD = 160
# "BEIRUT — ...", "ALEPPO, Syria – ...", "Aleppo, Syria — ...".
_DATELINE_DASH = re.compile(
    r"(?P<dateline>[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,3}(?:, [A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2})*"
    rf"|{_WORD}(?: {_WORD}){{0,2}}(?:, [A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){{0,2}})+)"
    r"\s+(?:[-–—]{1,2})\s+(?P<rest>\S.*)",
    re.DOTALL,
)
_NOT_A_PLACE = frozenset(words("segment_words.tsv", "not_a_place"))


def normalize(text: str) -> str:
    return " ".join(text.split())


def same_text(a: str, b: str) -> bool:
    return normalize(a).casefold() == normalize(b).casefold()


@cache
def _patterns() -> dict[str, list[re.Pattern[str]]]:
    """The patterns of each kind, in the file's order. Each row compiles on its own, so an analyst's
    new row can reuse a group name such as `name`."""
    rows: dict[str, list[re.Pattern[str]]] = {}
    for row in read_tsv("segment_boilerplate.tsv"):
        rows.setdefault(row["kind"], []).append(re.compile(row["pattern"], re.IGNORECASE))
    return rows


_GROUP_NAME = re.compile(r"\(\?P<\w+>")


@cache
def _any_kind() -> re.Pattern[str]:
    """Every row's pattern in one: nearly every line is of no kind, and one match call rules that
    out where a call per row costs more than the matching. Group names become plain groups, as rows
    may repeat them."""
    rows = [_GROUP_NAME.sub("(?:", p.pattern) for patterns in _patterns().values() for p in patterns]
    return re.compile("|".join(f"(?:{row})" for row in rows), re.IGNORECASE)


def kind_of(line: str) -> Kind | None:
    """The boilerplate kind of a whole line, or None for content."""
    text = normalize(line)
    if not _any_kind().fullmatch(text):
        return None
    for kind, patterns in _patterns().items():
        if any(p.fullmatch(text) for p in patterns):
            return kind  # type: ignore[return-value]
    return None


def is_kind(line: str, kind: Kind) -> bool:
    """`kind_of(line) == kind`, asking `kind`'s own patterns first: nearly every line a page is
    searched with is of no kind, and that rules it out in one or two matches instead of all."""
    text = normalize(line)
    return any(p.fullmatch(text) for p in _patterns()[kind]) and kind_of(text) == kind


def byline_name(line: str) -> str | None:
    text = normalize(line)
    for pattern in _patterns()["byline"]:
        match = pattern.fullmatch(text)
        if match and "name" in pattern.groupindex:
            return match.group("name")
    return None


def is_title(line: str) -> bool:
    """Could this line be a page's headline: short, not a sentence."""
    words = line.split()
    return 2 <= len(words) <= 25 and len(line) <= 250 and not line.endswith(_SENTENCE_END)


def is_headline(line: str) -> bool:
    """A Title Case link text, as in related-article lists ("Regime Forces Advance Near Daraa")."""
    words = line.split()
    if not 3 <= len(words) <= 20 or line.endswith(_SENTENCE_END):
        return False
    big = [w for w in words if w.lower() not in _SMALL_WORDS]
    return bool(big) and sum(w[0].isupper() or w[0].isdigit() for w in big) >= 0.8 * len(big)


def is_name(line: str) -> bool:
    """A commenter's name alone on a line: 1-4 capitalised words, or a handle like "aleppo_watcher"."""
    words = line.split()
    if not 1 <= len(words) <= 4 or len(line) > 40 or any(c in line for c in '?!,;:"()'):
        return False
    if line.endswith(".") and not _INITIAL.fullmatch(words[-1]):
        return False
    if len(words) == 1 and _HANDLE.fullmatch(line) and (not line.isalpha() or line.islower()):
        return not line.isdigit()
    return all(w[0].isupper() or w.lower() in _NAME_PARTICLES for w in words)


def split_says(line: str) -> tuple[str | None, str]:
    """ "Abu Omar says: Turkish shelling ..." → ("Abu Omar", "Turkish shelling ...")."""
    match = _SAYS.fullmatch(line)
    if match and is_name(match.group("name")):
        return match.group("name"), match.group("text").strip()
    return None, line


def date_line(line: str) -> dt.date | None:
    """The date of a line that holds only a publication date ("Posted on June 7, 2017")."""
    match = _DATE_LINE.fullmatch(normalize(line))
    return parse_published(match.group("date")) if match else None


def split_dateline(paragraph: str) -> tuple[str | None, str]:
    """Cut the dateline that opens a story off its first paragraph."""
    # A dateline is short; matching only the paragraph's head keeps the backtracking of these
    # patterns bounded on hostile input ("A-A-A-…" runs).
    head = paragraph[:_DATELINE_HEAD]
    match = _DATELINE_AGENCY.match(head)
    if match and _is_agency_dateline(match):
        return match.group("dateline"), paragraph[match.start("rest") :]
    match = _DATELINE_DASH.match(head)
    if match and match.group("dateline").split()[0].lower() not in _NOT_A_PLACE:
        return match.group("dateline").rstrip(","), paragraph[match.start("rest") :]
    return None, paragraph


def _is_agency_dateline(match: re.Match[str]) -> bool:
    place_words = match.group("place").replace("-", " ").split()
    if place_words[0].lower() in _NOT_A_PLACE:
        return False
    # "Syrian Democratic Forces (SDF) seized ...": the brackets spell out the words before them.
    agency = match.group("agency")
    initials = "".join(w[0] for w in place_words).upper()
    if agency.isupper() and initials.endswith(agency.replace(".", "")):
        return False
    # After a dateline the story's first sentence begins; after "Forces (SDF)" the sentence goes on.
    rest = match.group("rest")
    return bool(match.group("dash")) or rest[0].isupper() or rest[0] in "\"'“‘0123456789"


_RELATED_LINK = re.compile(
    rf"(?:{alternation('segment_patterns.tsv', 'related_label')})"
    r"\s*(?::|\||»|-|–|—)\s*(?P<headline>.{10,200})",
    re.IGNORECASE,
)


def related_link(line: str) -> str | None:
    """ "Read more: Regime Forces Advance Near Daraa" inside an article → the headline it points to."""
    match = _RELATED_LINK.fullmatch(normalize(line))
    return match.group("headline") if match else None


# "Posted by: Andrew | Mar 26, 2007 2:00:18 PM", "by Kris Roadruck on February 8, 2012 at 1:26 pm. Reply":
# the line that signs a comment on blogs (Movable Type, TypePad, many WordPress themes). Month and
# day abbreviations are the calendar's grammar, not a word list.
_WHEN = (
    r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s"
    r"|\d|(?:\w+\s+){1,2}ago\b)"
)
_SIGNATURE = re.compile(
    rf"(?:{alternation('segment_patterns.tsv', 'signature_lead')}|[-—–]+)\s*:?\s*(?P<name>[^|:,.!?]{{1,40}}?)\s*(?:\||\bat\b|\bon\b|@|,)\s*"
    rf"(?P<when>{_WHEN}[^|]{{0,40}}?)\.?(?:\s*\|?\s*(?:reply|permalink|link|#))?",
    re.IGNORECASE,
)


def signature_name(line: str) -> str | None:
    match = _SIGNATURE.fullmatch(normalize(line))
    return match.group("name").strip() if match and len(match.group("name").split()) <= 5 else None
