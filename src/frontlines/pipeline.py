"""The ordered stages, built once per process:

read → segment → annotate → extract → geocode → dates → fatalities → attribute → build events

`Pipeline()` loads spaCy and the gazetteer once; `Pipeline.process(document)` runs one page.
"""

from __future__ import annotations

from .annotate import Sentence, annotate, load_nlp, load_splitter
from .attribute import attribute
from .dates import load_models as load_date_models
from .dates import resolve_event_date
from .events.actors import ActorMention, find_actor_mentions
from .events.build import Resolved, build_event, merge_into, same_event
from .events.classify import apply_learned_typing, load_typing_model
from .events.embedding import SentenceEncoder
from .events.extract import Candidate, candidates_in
from .events.triggers import TriggerPrefilter
from .events.fatalities import count_fatalities
from .events.fatalities import load_models as load_number_models
from .model import Document, Event, ExtractResult, Place
from .places import DocumentPlaceContext, Geocoder, PlaceMention
from .segment import segment

# spaCy labels that may name a place; its labels alone are not trusted (Palmyra comes out
# PERSON), the gazetteer decides.
_PLACE_LABELS = {"GPE", "LOC", "FAC", "PERSON", "ORG", "NORP"}


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


class Pipeline:
    def __init__(self, geocoder: Geocoder | None = None):
        self.nlp = load_nlp()
        self.splitter = load_splitter()
        self.triggers = TriggerPrefilter(self.splitter)
        load_date_models()
        load_number_models()
        self.geocoder = geocoder or Geocoder()
        self.encoder = SentenceEncoder()
        # Built from the rules' readings of the shipped examples, so it comes after the rules.
        self.typing_model = load_typing_model(self)

    def process(self, doc: Document, *, segmented: bool = False, learned_typing: bool = True) -> ExtractResult:
        if not segmented:
            doc = segment(doc)
        if not doc.body.strip():
            return ExtractResult(document=doc, events=[])
        triggers = self.triggers
        sentences = annotate(
            doc, triggers.might_report_event, self.nlp, self.splitter, triggers.may_hold, triggers.may_complete
        )
        # Not those parsed later for their entities: they hold no whole trigger.
        parsed = [s for s in sentences if s.span is not None]
        mentions = find_actor_mentions(doc.body) if parsed else []
        candidates = [c for s in parsed for c in candidates_in(s, mentions)]
        if not candidates:
            # The page's place context is the costliest thing left; a page without events needs none.
            return ExtractResult(document=doc, events=[])
        by_paragraph: dict[int, list[Sentence]] = {}
        for s in sentences:
            by_paragraph.setdefault(s.paragraph, []).append(s)
        places, main_country = self._places(doc)
        events: list[Event] = []
        for cand in candidates:
            if cand.continues_previous:
                # "… were killed in the clashes": the last event told again, maybe with its toll.
                if events and not events[-1].fatalities:
                    events[-1].fatalities = count_fatalities(cand.sentence.span).fatalities
                continue
            event = build_event(self._resolve(cand, doc, by_paragraph, places, main_country, mentions))
            if event is None:
                continue
            twin = next((e for e in events if same_event(e, event)), None)
            if twin:
                merge_into(twin, event)
            else:
                events.append(event)
        if learned_typing:
            events = apply_learned_typing(self, events)
        return ExtractResult(document=doc, events=events)

    def _places(self, doc: Document) -> tuple[SentencePlaces, str | None]:
        """Places per sentence (found on demand), resolved with the whole page as context,
        and the page's main country."""
        context = self.geocoder.context(doc.body)
        main_country = next(iter(context.countries.most_common(1)), (None, 0))[0]
        return SentencePlaces(self.geocoder, context), main_country

    def _resolve(
        self,
        cand: Candidate,
        doc: Document,
        by_paragraph: dict[int, list[Sentence]],
        places: SentencePlaces,
        main_country: str | None,
        mentions: list[ActorMention],
    ) -> Resolved:
        sentence = cand.sentence
        earlier = [s for s in by_paragraph[sentence.paragraph] if s.start < sentence.start]
        place = _choose_place(cand, places(sentence), main_country) or _earlier_place(earlier, places)
        before = [s.text for s in earlier]
        date = resolve_event_date(sentence.text, doc.published, paragraph_context=" ".join(before) or None)
        deaths = count_fatalities(sentence.span)
        actors = set(cand.actor1 + cand.actor2 + cand.assoc1 + cand.assoc2)
        attribution = attribute(sentence.span, sentence.start, mentions, actors, doc.source)
        return Resolved(
            candidate=cand,
            place=place,
            event_date=date.event_date,
            time_precision=date.time_precision,
            historical=date.historical,
            fatalities=deaths.fatalities,
            attribution=attribution,
        )


def _choose_place(cand: Candidate, found: list[PlaceMention], main_country: str | None) -> Place | None:
    """The place nearest the trigger that is not part of an actor's name ("Syrian army"),
    preferring the page's main country ("the Old City of Damascus" is not Jerusalem's)."""
    sentence = cand.sentence
    anchor_offset = cand.anchor.idx
    usable = [
        m
        for m in found
        if not any(a <= sentence.start + m.start < b for a, b in cand.actor_spans)
        and m.place.feature_code not in ("PCLI", "PCL")
    ]
    if not usable:
        return None
    return min(usable, key=lambda m: (m.place.country_code != main_country, abs(m.start - anchor_offset))).place


def _earlier_place(earlier: list[Sentence], places: SentencePlaces) -> Place | None:
    """A sentence that names no place happened where its paragraph last said (ACLED: near it)."""
    for s in reversed(earlier):
        named = [m for m in places(s) if m.place.feature_code not in ("PCLI", "PCL")]
        if named:
            place = named[-1].place
            return place.model_copy(update={"geo_precision": max(place.geo_precision, 2)})
    return None
