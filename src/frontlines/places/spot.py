"""A place name found in a text: what finding notes about it and what ranking adds."""

from __future__ import annotations

from dataclasses import dataclass, field

from .gazetteer import Entry, Match
from .relative import Qualifier

# spaCy labels of entity spans: places (tried whole as names), and names of people, groups
# and nationalities (a place name inside one is part of that name).
CONTEXT_LABELS = frozenset({"GPE", "LOC", "FAC"})
NAME_LABELS = frozenset({"PERSON", "ORG", "NORP"})


@dataclass
class Spot:
    """A name found in the text, before and after ranking."""

    start: int  # the name itself
    end: int
    matches: list[Match]
    key: str
    words: int = 1  # how many words of the scan it used
    label: str | None = None  # spaCy label of a span equal to it
    locative: bool = False
    in_name: bool = False  # placed like a word of a personal or organisation name
    facility: str | None = None
    facility_end: int | None = None
    qualifier: Qualifier | None = None
    ranked: list[tuple[float, Entry]] = field(default_factory=list)


def spot_end(spot: Spot) -> int:
    """Where the words of a found name end: the name, its facility word, its qualifier."""
    return max(spot.facility_end or spot.end, spot.qualifier.end if spot.qualifier else 0)
