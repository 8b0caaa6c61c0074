"""Facility words after a place name ("Shayrat airbase", "Tabqa Dam", "Zaatari refugee camp")
and the GeoNames feature codes of the facilities each names."""

from __future__ import annotations

import re

from .gazetteer import Gazetteer, Match
from .spot import Spot

# Facility words stay here: each is tied to the GeoNames feature codes of _FACILITY_CODES and to
# the stems `add_facility` maps them to, so a word added without code would match nothing.
_FACILITY = re.compile(
    r"^\s*(?:(military|army)\s+)?(air\s?base|airport|air\s?field|air\s?strip|gas\s+field|oil\s?field|"
    r"gas\s+plant|field|refugee\s+camp|camp|dam|mountains?|border\s+crossing|crossing|base)\b",
    re.I,
)
_FACILITY_SUFFIX = re.compile(
    r"\s+(?:(?:military|army)\s+)?(?:air\s?base|airport|air\s?field|gas\s+field|oil\s?field|field|camp)$", re.I
)
_FACILITY_CODES = {
    "air": {"AIRB", "AIRP", "AIRF", "MILB"},
    "field": {"GASF", "OILF", "OILR"},
    "camp": {"CMPRF", "CMP", "MILB"},
    "dam": {"DAM"},
    "mountain": {"MT", "MTS", "HLL", "HLLS"},
    "crossing": {"PSTB"},
    "base": {"MILB", "AIRB"},
}


def facility_follows(text: str, end: int) -> bool:
    """Whether a facility word follows text[:end]."""
    return bool(_FACILITY.match(text[end : end + 40]))


def facility_suffix_start(name: str) -> int | None:
    """Where a facility word that ends `name` starts ("Shayrat airbase" → 7), else None."""
    m = _FACILITY_SUFFIX.search(name)
    return m.start() if m else None


def facility_codes(facility: str | None) -> set[str]:
    """The feature codes of what a facility word names; none for no facility."""
    return _FACILITY_CODES.get(facility or "", set())


def add_facility(gazetteer: Gazetteer, text: str, spot: Spot) -> None:
    """Note the facility word after a found name, and for an airfield word the airfields
    named by that name or town."""
    m = _FACILITY.match(text[spot.end : spot.end + 40])
    if not m:
        return
    word = m.group(2).casefold().replace(" ", "")
    spot.facility = next(
        (k for k, stem in (("air", "air"), ("field", "field"), ("camp", "camp"), ("dam", "dam"),
                           ("mountain", "mountain"), ("crossing", "crossing"), ("base", "base"))
         if stem in word),
        None,
    )
    spot.facility_end = spot.end + m.end()
    if spot.facility == "air":
        known = {m.idx for m in spot.matches}
        name = text[spot.start : spot.end]
        spot.matches += [Match(i, "full") for i in gazetteer.airports(name) if i not in known]
