"""Names that only say where the name before them lies ("Arak, Homs", "Palmyra, Syria",
"Hamrat village north of Raqqa"): the region they name, and whether a reading lies in it."""

from __future__ import annotations

import re

from ..geo import km
from ..lexicons import alternation
from .gazetteer import Entry, Gazetteer
from .spot import Spot, spot_end

# Between a name and words that only say where it lies: "Arak, Homs", "Raqqa in the province
# of Raqqa", "Hamrat village north of Raqqa".
_QUALIFYING_GAP = re.compile(r"\s*(?:,|\bin\b|\bof\b|,\s*in\b)?\s*(?:the\s+)?", re.I)
_LOCATING_GAP = re.compile(
    rf"\s*(?:{alternation('place_patterns.tsv', 'locating_word')})?\s*,?\s*(?:about\s+|some\s+)?", re.I
)


def lies_within(e: Entry, region: Entry) -> bool:
    """Whether `e` lies in `region`, a country or a first-level region."""
    if e.country_code != region.country_code:
        return False
    return region.feature_code == "PCLI" or e.admin1_code == region.admin1_code


def only_locates(gazetteer: Gazetteer, text: str, prev: Spot, spot: Spot) -> bool:
    """Whether `spot` only says where `prev` lies: the region it is in, or a relative
    expression about a town next to it."""
    region = region_after(gazetteer, text, prev, spot)
    if region is not None:
        return lies_within(prev.ranked[0][1], region)
    q = spot.qualifier
    if prev.qualifier is not None or q is None or q.kind not in ("distance", "direction", "near"):
        return False
    gap = text[spot_end(prev) : q.start]
    a, b = prev.ranked[0][1], spot.ranked[0][1]
    return bool(_LOCATING_GAP.fullmatch(gap)) and km(a.latitude, a.longitude, b.latitude, b.longitude) < 100


def region_after(gazetteer: Gazetteer, text: str, prev: Spot, spot: Spot) -> Entry | None:
    """The region `spot` names when it only says where `prev` lies ("Arak, Homs",
    "Palmyra, Syria", "Raqqa in the province of Raqqa"), else None."""
    if not spot.ranked or not prev.ranked:
        return None
    gap = text[spot_end(prev) : spot.qualifier.start if spot.qualifier else spot.start]
    if not _QUALIFYING_GAP.fullmatch(gap):
        return None
    region = region_entry(gazetteer, spot)
    if gap.strip() == "," and region.feature_code in ("PPLA", "PPLC"):  # "Arak, Homs": the province
        region = gazetteer.admin1_region(region.country_code, region.admin1_code) or region
    if region.feature_code not in ("ADM1", "PCLI") or prev.ranked[0][1].feature_code == "PCLI":
        return None
    return region


def region_entry(gazetteer: Gazetteer, spot: Spot) -> Entry:
    """The spot's best reading, as its first-level region when a region word qualifies it."""
    best = spot.ranked[0][1]
    if spot.qualifier and spot.qualifier.kind == "region" and best.feature_code != "ADM1" and not best.is_region:
        region = gazetteer.admin1_region(best.country_code, best.admin1_code)
        if region is not None:
            return region
    return best
