"""geocode: each candidate's place, from its sentence or the paragraph before it (places/)."""

from __future__ import annotations

from ..annotate import Sentence
from ..events.extract import Candidate
from ..model import Place
from ..page import Page
from ..places import DocumentPlaceContext, Geocoder, PlaceMention
from ..resources import Resources

# spaCy labels that may name a place; its labels alone are not trusted (Palmyra comes out
# PERSON), the gazetteer decides.
_PLACE_LABELS = {"GPE", "LOC", "FAC", "PERSON", "ORG", "NORP"}
# A country is where an event happened only when nothing nearer is named.
_COUNTRY_CODES = ("PCLI", "PCL")


class Geocode:
    name = "geocode"

    def __init__(self, resources: Resources):
        self.geocoder = resources.geocoder

    def __call__(self, page: Page) -> None:
        if not page.findings:
            return  # the page's place context is costly, and a page without events needs none
        context = self.geocoder.context(page.document.body)
        main_country = next(iter(context.countries.most_common(1)), (None, 0))[0]
        places = SentencePlaces(self.geocoder, context)
        for finding in page.findings:
            cand = finding.candidate
            if cand.continues_previous:
                continue
            finding.place = _choose_place(cand, places(cand.sentence), main_country) or _earlier_place(
                page.earlier_in_paragraph(cand.sentence), places
            )


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
        and m.place.feature_code not in _COUNTRY_CODES
    ]
    if not usable:
        return None
    return min(usable, key=lambda m: (m.place.country_code != main_country, abs(m.start - anchor_offset))).place


def _earlier_place(earlier: list[Sentence], places: SentencePlaces) -> Place | None:
    """A sentence that names no place happened where its paragraph last said (ACLED: near it)."""
    for s in reversed(earlier):
        named = [m for m in places(s) if m.place.feature_code not in _COUNTRY_CODES]
        if named:
            place = named[-1].place
            return place.model_copy(update={"geo_precision": max(place.geo_precision, 2)})
    return None
