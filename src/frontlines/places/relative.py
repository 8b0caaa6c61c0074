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

Kind = Literal["distance", "direction", "near", "part", "region", "district"]

_DIR = r"(?:north|south)(?:[\s-]?(?:east|west))?|east|west"
_NUMBER = (
    r"\d+(?:[.,]\d+)?|a few|a couple of|several|few|some|dozens of|tens of|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"a hundred|one hundred"
)
_UNIT = r"km|kms|kilometres?|kilometers?|miles?|mi"
_OF_PLACE = r"(?:the\s+)?(?:(?:city|town|village|area|centre|center)\s+of\s+)?"
_APPROX = (
    r"(?:(?:about|some|around|approximately|nearly|roughly|almost|at least|more than|less than|over|under|"
    r"up to|just)\s+)?"
)

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
            rf"\b(?:the\s+)?(?:(?:{_DIR})(?:ern)?\s+|central\s+|rural\s+)?(?:countryside|outskirts|suburbs?|"
            rf"environs|vicinity|periphery|edges?|outskirt|surroundings|parts?|sides?|hinterland|desert)\s+of\s+{_OF_PLACE}$",
            re.I,
        ),
    ),
    (
        "near",
        re.compile(
            rf"\b(?:near|nearby|close to|near to|around|outside|just outside|on the road to|on the road from|"
            rf"on the way to|on the road between|on the outskirts of|on the edge of)\s+{_OF_PLACE}$",
            re.I,
        ),
    ),
    ("region", re.compile(r"\b(?:the\s+)?(?:province|governorate|governate|region)\s+of\s+(?:the\s+)?$", re.I)),
    # "southern Idlib", "eastern Aleppo", "central Syria": an adjective glued to the name.
    ("part", re.compile(rf"\b(?:(?:{_DIR})(?:ern)?|central|rural|greater)\s+$", re.I)),
]

_AFTER: list[tuple[Kind, re.Pattern[str]]] = [
    ("region", re.compile(r"^\s+(?:province|governorate|governate|region)\b", re.I)),
    (
        "part",
        re.compile(
            r"^\s+(?:countryside|outskirts|suburbs|environs|vicinity|surroundings|area|areas|desert|hinterland)\b",
            re.I,
        ),
    ),
    ("district", re.compile(r"^\s+(?:district|neighbou?rhood|quarter)\b", re.I)),
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
