"""Words around a toponym that make it a relative place expression.

"15 km south of Deir ez-Zor", "near Palmyra", "the western countryside of Aleppo",
"southern Idlib", "the outskirts of Raqqa" name a place *near* or *in part of* the reference
place: ACLED codes them at the reference place with geo_precision 2 and never invents an
offset point. "the province of Raqqa" / "Raqqa governorate" name the region (precision 3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..lexicons import alternation

Kind = Literal["distance", "direction", "near", "part", "region", "district"]


def _words(name: str) -> str:
    """One list of data/place_patterns.tsv as an alternation, in the file's order."""
    return alternation("place_patterns.tsv", name)


# Left in the patterns as their grammar: the compass points and their -ern/-ward forms, the
# prepositions that tie a qualifier to its place (of, from, to the), the adverbs before a
# direction (just, directly, further, far) and the adjectives central/rural/greater.
_DIR = r"(?:north|south)(?:[\s-]?(?:east|west))?|east|west"
_NUMBER = rf"\d+(?:[.,]\d+)?|{_words('number')}"
_UNIT = _words("unit")
_OF_PLACE = rf"(?:the\s+)?(?:(?:{_words('place_noun')})\s+of\s+)?"
_APPROX = rf"(?:(?:{_words('approximation')})\s+)?"
_PART_BEFORE = _words("part_before")
_NEAR = _words("near_phrase")
_REGION = _words("region_word")

# Each pattern must end where the toponym starts.
_BEFORE: list[tuple[Kind, re.Pattern[str]]] = [
    (
        "distance",
        re.compile(
            rf"\b{_APPROX}(?:{_NUMBER})\s*-?\s*(?:{_UNIT})\.?\s+(?:\([^)]{{1,20}}\)\s+)?"
            rf"(?:(?:to the\s+)?(?:{_DIR})(?:ern|ward|wards)?\s+)?"
            rf"(?:of|from|outside|away from|short of)\s+{_OF_PLACE}$",
            re.I,
        ),
    ),
    (
        "direction",
        re.compile(
            rf"\b(?:(?:just|directly|further|far)\s+)?(?:to the\s+)?(?:{_DIR})(?:ern|ward|wards)?\s+of\s+{_OF_PLACE}$",
            re.I,
        ),
    ),
    (
        "part",
        re.compile(
            rf"\b(?:the\s+)?(?:(?:{_DIR})(?:ern)?\s+|central\s+|rural\s+)?(?:{_PART_BEFORE})\s+of\s+{_OF_PLACE}$",
            re.I,
        ),
    ),
    (
        "near",
        re.compile(
            rf"\b(?:{_NEAR})\s+{_OF_PLACE}$",
            re.I,
        ),
    ),
    ("region", re.compile(rf"\b(?:the\s+)?(?:{_REGION})\s+of\s+(?:the\s+)?$", re.I)),
    # "southern Idlib", "eastern Aleppo", "central Syria": an adjective glued to the name.
    ("part", re.compile(rf"\b(?:(?:{_DIR})(?:ern)?|central|rural|greater)\s+$", re.I)),
]

_AFTER: list[tuple[Kind, re.Pattern[str]]] = [
    ("region", re.compile(rf"^\s+(?:{_REGION})\b", re.I)),
    ("part", re.compile(rf"^\s+(?:{_words('part_after')})\b", re.I)),
    ("district", re.compile(rf"^\s+(?:{_words('district_word')})\b", re.I)),
]

_WINDOW = 90


@dataclass(frozen=True, slots=True)
class Qualifier:
    """How the words around a toponym qualify it. `start`/`end` widen the toponym's span to
    include those words; `precision` is the ACLED geo_precision they imply at least."""

    kind: Kind
    start: int
    end: int
    precision: int


def qualify(text: str, start: int, end: int) -> Qualifier | None:
    """The qualifier around text[start:end], or None when the toponym stands alone.

    A region word ("province") wins over a part word ("countryside") only when nothing else
    qualifies: "the southern countryside of Idlib province" is part of a region, precision 2.
    """
    before = text[max(0, start - _WINDOW) : start]
    after = text[end : end + _WINDOW]
    new_start, kinds = start, []
    for kind, pattern in _BEFORE:
        m = pattern.search(before)
        if m:
            new_start = start - (len(before) - m.start())
            kinds.append(kind)
            break
    new_end = end
    for kind, pattern in _AFTER:
        m = pattern.match(after)
        if m:
            new_end = end + m.end()
            kinds.append(kind)
            break
    if not kinds:
        return None
    kind = next((k for k in kinds if k not in ("region", "district")), kinds[0])
    precision = 3 if kind == "region" else (1 if kind == "district" else 2)
    return Qualifier(kind, new_start, new_end, precision)
