"""geocode: each candidate's place, from its sentence or the paragraph before it (places/)."""

from __future__ import annotations

from collections import Counter

from .. import lexicons
from ..annotate import Sentence
from ..events.extract import Candidate
from ..model import Place
from ..page import Page
from ..places import DocumentPlaceContext, Geocoder, PlaceMention
from ..places.borders import neighbours
from ..places.names import fold
from ..resources import Resources

# spaCy labels that may name a place; its labels alone are not trusted (Palmyra comes out
# PERSON), the gazetteer decides.
_PLACE_LABELS = {"GPE", "LOC", "FAC", "PERSON", "ORG", "NORP"}
# A page is in one country when this share of its place names' votes is that country's.
_PAGE_COUNTRY_SHARE = 0.6
# Places a page about another country may still name as an event's place.
_PLACES_THAT_STAND = {"PPLC", "PPLA", "ADM1", "PCLI", "PCL"}


class Geocode:
    name = "geocode"

    def __init__(self, resources: Resources):
        self.geocoder = resources.geocoder

    def __call__(self, page: Page) -> None:
        if not page.findings:
            return  # the page's place context is costly, and a page without events needs none
        context = self.geocoder.context(page.document.body)
        # The actors named on the page say where it is too: "regime forces" fight in Syria.
        theatres = lexicons.actor_theatres()
        for cc in {theatres[m.actor] for m in page.mentions if m.actor in theatres}:
            context.votes.append((f"theatre:{cc}", cc, 1.0))
        main_country = next(iter(context.countries.most_common(1)), (None, 0))[0]
        places = SentencePlaces(self.geocoder, context)
        # Whether a place's country is discussed depends on its name and country only, and asks
        # every vote of the page: once per place, not once per event.
        discussed: dict[tuple[str, str | None, str | None], bool] = {}
        for finding in page.findings:
            cand = finding.candidate
            if cand.continues_previous:
                continue
            place = _choose_place(cand, places(cand.sentence), main_country) or _earlier_place(
                page.earlier_in_paragraph(cand.sentence), places
            )
            if place is not None:
                key = (place.mention, place.country_code, place.feature_code)
                if key not in discussed:
                    discussed[key] = _country_discussed(place, context)
                if not discussed[key]:
                    place = None  # "Hays" read as Hays, Kansas on a page about Yemen: a homonym abroad
            finding.place = place or self._country_only(cand, places(cand.sentence), context)

    def _country_only(self, cand: Candidate, found: list[PlaceMention], context: DocumentPlaceContext) -> Place | None:
        """No town or region is named for the event: the country, at geo_precision 3, where the
        text says which it is. In order: a country its sentence names ("IS attacked an army post
        in Iraq"); the country the page's place names lie in (not its demonyms: "Russian
        warplanes" says who flew, not where); the one country its actors fight in
        (actor_theatres.tsv: "regime forces shelled the village")."""
        named = [m for m in found if m.place.is_country]
        if named:
            return named[0].place.model_copy(update={"geo_precision": 3})
        cc = _page_country(context) or _theatre(cand)
        return self.geocoder.country_place(cc, "") if cc else None


def _where_votes(context: DocumentPlaceContext, own: str = "") -> Counter[str]:
    """Country → the weight of the page's votes for it that say where (place names, countries,
    actors' theatres), not who: a demonym ("Russian warplanes") names who flew. Votes of the
    name `own` are left out: a name is never its own evidence."""
    votes: Counter[str] = Counter()
    for key, cc, weight in context.votes:
        if not key.startswith("demonym:") and not (own and key in own):
            votes[cc] += weight
    return votes


def _leading_country(votes: Counter[str]) -> str | None:
    """The country most votes go to, when most of them agree."""
    if not votes:
        return None
    cc, top = votes.most_common(1)[0]
    return cc if top >= _PAGE_COUNTRY_SHARE * sum(votes.values()) else None


def _page_country(context: DocumentPlaceContext) -> str | None:
    return _leading_country(_where_votes(context))


def _country_discussed(place: Place, context: DocumentPlaceContext) -> bool:
    """False for a town abroad, not across a border, on a page whose other place names and
    actors point to one other country: "Hays" read as Hays, Kansas on a page about Yemen is a
    homonym of a village the gazetteer lacks. Capitals and regions stand (protests in Berlin
    are in Germany), and so does any place on a page that points to several countries or none."""
    if place.feature_code in _PLACES_THAT_STAND:
        return True
    votes = _where_votes(context, own=fold(place.mention))
    leading = _leading_country(votes)
    return (
        leading is None
        or place.country_code in votes
        # across a border: Houthi missiles on Jizan, Turkish shelling from Kilis
        or place.country_code in neighbours().get(leading, ())
    )


def _theatre(cand: Candidate) -> str | None:
    """The one country the event's actors fight in, if they agree on one."""
    theatres = lexicons.actor_theatres()
    countries = {theatres[a] for a in (*cand.actor1, *cand.actor2) if a in theatres}
    return countries.pop() if len(countries) == 1 else None


class SentencePlaces:
    """Place mentions of a page's sentences, found the first time a stage asks: only
    sentences near a candidate event are ever geocoded."""

    def __init__(self, geocoder: Geocoder, context: DocumentPlaceContext):
        self.geocoder, self.context = geocoder, context
        self.found: dict[int, list[PlaceMention]] = {}

    def __call__(self, sentence: Sentence) -> list[PlaceMention]:
        if sentence.start not in self.found:
            span = sentence.entity_span()
            ents = span.ents if span is not None else ()
            hints = [(e.start_char, e.end_char, e.label_) for e in ents if e.label_ in _PLACE_LABELS]
            self.found[sentence.start] = self.geocoder.find(sentence.text, entity_spans=hints, context=self.context)
        return self.found[sentence.start]


def _choose_place(cand: Candidate, found: list[PlaceMention], main_country: str | None) -> Place | None:
    """The place nearest the trigger that is not part of an actor's name ("Syrian army"),
    preferring the page's main country ("the Old City of Damascus" is not Jerusalem's)."""
    sentence = cand.sentence
    anchor_offset = cand.anchor.idx
    usable = [
        m
        for m in found
        if not any(a <= sentence.start + m.start < b for a, b in cand.actor_spans)
        and not m.place.is_country
    ]
    if not usable:
        return None
    return min(usable, key=lambda m: (m.place.country_code != main_country, abs(m.start - anchor_offset))).place


def _earlier_place(earlier: list[Sentence], places: SentencePlaces) -> Place | None:
    """A sentence that names no place happened where its paragraph last said (ACLED: near it)."""
    for s in reversed(earlier):
        named = [m for m in places(s) if not m.place.is_country]
        if named:
            place = named[-1].place
            return place.model_copy(update={"geo_precision": max(place.geo_precision, 2)})
    return None
