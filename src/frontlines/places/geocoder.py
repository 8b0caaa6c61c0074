"""Find place names in text and resolve them to `Place`s: the geocoder's interface, over
finding (scan.py), weighing (ranking.py) and locating names (locating.py).

Districts and neighbourhoods (Mashlab in Raqqa) are curated aliases of their city and are
coded as the city with precision 1, as ACLED codes them; "the X district" of a town that is
named after its seat stays precision 2.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .. import geo
from ..lexicons import alternation
from ..model import Place
from . import names as N
from .context import DocumentPlaceContext
from .facilities import facility_codes
from .gazetteer import Entry, Gazetteer, Match, get_gazetteer
from .locating import lies_within, only_locates, region_after, region_entry
from .ranking import accept, document_context, rank
from .scan import NameFinder
from .spot import Spot

_COUNTY_ABBREVIATION = re.compile(r"\s+Co\.?$")  # "Platte Co."


@dataclass(frozen=True, slots=True)
class PlaceMention:
    start: int
    end: int
    text: str
    place: Place


class Geocoder:
    """Finds and resolves place names. Cheap to build once the gazetteer is loaded."""

    def __init__(self, gazetteer: Gazetteer | None = None):
        self.gazetteer = gazetteer or get_gazetteer()
        self._finder = NameFinder(self.gazetteer)

    # -- public API -----------------------------------------------------------------------

    def find(
        self,
        text: str,
        *,
        entity_spans: Sequence[tuple[int, int, str]] | None = None,
        country_hint: str | None = None,
        context: DocumentPlaceContext | None = None,
    ) -> list[PlaceMention]:
        """Place mentions in `text`, in order. Without `context`, the text is its own document."""
        spots, demonyms = self._finder.spots(text, entity_spans or ())
        if context is None:
            context = document_context(self.gazetteer, spots, demonyms, country_hint)
        elif country_hint and not context.country_hint:
            context = DocumentPlaceContext(
                context.votes, context.points, country_hint, context.regions, context.readings
            )
        for spot in spots:
            rank(self.gazetteer, spot, context)
        accepted = _read_districts_at_their_town(text, [s for s in spots if accept(s, context)])
        for a, b in zip(accepted, accepted[1:]):
            region = region_after(self.gazetteer, text, a, b)
            if region is not None:
                a.ranked.sort(key=lambda se: (not lies_within(se[1], region), -se[0], se[1].idx))
        return self._mentions(text, accepted)

    def context(
        self,
        text: str,
        *,
        entity_spans: Sequence[tuple[int, int, str]] | None = None,
        country_hint: str | None = None,
    ) -> DocumentPlaceContext:
        """The document-level context of a whole text (first pass of two)."""
        spots, demonyms = self._finder.spots(text, entity_spans or ())
        return document_context(self.gazetteer, spots, demonyms, country_hint)

    def resolve(
        self,
        name: str,
        *,
        country_hint: str | None = None,
        context: DocumentPlaceContext | None = None,
        within: str | None = None,
    ) -> Place | None:
        """The place a given name (a gold or NER span) most likely means, or None. `within` is
        a name written right after it that only says where it lies ("Dublin" + "Ohio")."""
        text = _COUNTY_ABBREVIATION.sub(" County", name.strip())
        if context is None or (country_hint and not context.country_hint):
            context = DocumentPlaceContext(
                context.votes if context else [], context.points if context else [], country_hint,
                context.regions if context else [], context.readings if context else [],
            )
        named = self.gazetteer.demonym(text)
        if named is not None:
            # "Canadian", "Georgian": the people of a country, not a small town of that name.
            spot = Spot(0, len(text), [Match(named.idx, "curated")], N.fold(text))
            rank(self.gazetteer, spot, context)
            return self._place(spot, text)
        spot = self._finder.name_spot(text, 0, len(text))
        if spot is not None:
            rank(self.gazetteer, spot, context)
            region = self._region_named(within, context) if within else None
            if region is not None and spot.ranked and spot.ranked[0][1].feature_code != "PCLI":
                spot.ranked.sort(key=lambda se: (not lies_within(se[1], region), -se[0], se[1].idx))
            return self._place(spot, text)
        mentions = self.find(text, context=context)
        return mentions[0].place if mentions else None

    def country_place(self, cc: str, mention: str) -> Place | None:
        """The country itself as an event's place: its centre, geo_precision 3 (only the
        country is known)."""
        entry = self.gazetteer.country(cc)
        if entry is None:
            return None
        return Place(
            mention=mention,
            location=entry.location,
            country=self.gazetteer.country_name(cc),
            country_code=cc,
            latitude=entry.latitude,
            longitude=entry.longitude,
            geo_precision=3,
            geonameid=entry.geonameid,
            feature_code=entry.feature_code,
            source=entry.source,
        )

    # -- output ---------------------------------------------------------------------------

    def _mentions(self, text: str, spots: list[Spot]) -> list[PlaceMention]:
        out: list[PlaceMention] = []
        for prev, spot in zip([None, *spots], spots):
            q = spot.qualifier
            start = min(spot.start, q.start) if q else spot.start
            end = max(spot.facility_end or spot.end, q.end if q else 0)
            if prev is not None and out and only_locates(self.gazetteer, text, prev, spot):
                # "north of Raqqa in the province of Raqqa", "Palmyra, Syria",
                # "Hamrat village north of Raqqa": one place, named by the first.
                first = out.pop()
                mention = text[first.start : end]
                out.append(PlaceMention(first.start, end, mention, first.place.model_copy(update={"mention": mention})))
                continue
            out.append(PlaceMention(start, end, text[start:end], self._place(spot, text[start:end])))
        return out

    def _region_named(self, name: str, context: DocumentPlaceContext) -> Entry | None:
        """The first-level region or country a locating name means ("Ohio", "Syria"; "Homs"
        after a comma is the province)."""
        spot = self._finder.name_spot(name, 0, len(name))
        if spot is None:
            return None
        rank(self.gazetteer, spot, context)
        if not spot.ranked:
            return None
        region = spot.ranked[0][1]
        if region.feature_code in ("PPLA", "PPLC"):
            region = self.gazetteer.admin1_region(region.country_code, region.admin1_code) or region
        return region if region.feature_code in ("ADM1", "PCLI") else None

    def _place(self, spot: Spot, mention: str) -> Place | None:
        if not spot.ranked:
            return None
        e = region_entry(self.gazetteer, spot)
        precision = e.precision
        q = spot.qualifier
        if q is not None:
            precision = max(precision, q.precision)
            if q.kind == "district" and N.fold(e.location) != spot.key:
                precision = e.precision  # a neighbourhood alias: the city itself
        if spot.facility and e.feature_code not in facility_codes(spot.facility):
            precision = max(precision, 2)  # "X airbase" with no such base known: near X
        named = self.gazetteer.entry(e.parent) if e.parent is not None else e
        return Place(
            mention=mention,
            location=named.location,
            admin1=self.gazetteer.admin1_name(e.country_code, e.admin1_code),
            country=self.gazetteer.country_name(e.country_code),
            country_code=e.country_code,
            latitude=e.latitude,
            longitude=e.longitude,
            geo_precision=precision,
            geonameid=e.geonameid,
            feature_code=e.feature_code,
            source=e.source,
        )


# "the Zahra neighbourhood of Homs": the words between a district and the town it lies in.
_DISTRICT_OF = re.compile(rf"\s+(?:{alternation('place_patterns.tsv', 'district_link')})\s+", re.I)
_DISTRICT_KM = 30.0  # a neighbourhood of a town lies within this of the town's point


def _read_districts_at_their_town(text: str, spots: list[Spot]) -> list[Spot]:
    """Spots with each neighbourhood that lies in the town named right after it ("the Zahra
    neighbourhood of Homs") but that the gazetteer reads far from it (Ez Zahra, Tunisia) read as
    that town: ACLED codes a neighbourhood at its town. A neighbourhood the gazetteer places within
    reach of its town keeps its own reading."""
    for spot, town in zip(spots, spots[1:]):
        q = spot.qualifier
        if q is None or q.kind != "district" or not spot.ranked or not town.ranked:
            continue
        district, place = spot.ranked[0][1], town.ranked[0][1]
        # A town, not a region: "the Jiangxia district of Hubei" is not at Hubei's centre.
        if (place.feature_code or "").startswith("PPL") and _DISTRICT_OF.fullmatch(text[max(spot.end, q.end) : town.start]) and (
            geo.km(district.latitude, district.longitude, place.latitude, place.longitude) > _DISTRICT_KM
        ):
            spot.ranked = list(town.ranked)
    return spots
