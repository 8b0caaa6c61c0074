"""Candidates with place, date, fatalities and attribution → final ACLED events.

Decides what depended on the other stages (the territory sub-event type needs the actor
type and the event's country), names actors by country, scores confidence, and emits an
event told in several sentences once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache

from .. import lexicons
from ..attribute import Attribution
from ..model import Event, Evidence, Place
from .actors import fill_country
from .extract import Candidate


def _default_actors(when: str) -> dict[str, str]:
    """sub-event type → actor1 of the rows of data/default_actors.tsv with this `when`."""
    return {r["sub_event_type"]: r["actor1"] for r in lexicons.read_tsv("default_actors.tsv") if r["when"] == when}


# Who an event without a named actor1 is coded to, by ACLED's conventions.
_DEFAULT_ACTOR1 = _default_actors("no_actor")
_GEO_FACTOR = {1: 1.0, 2: 0.93, 3: 0.85}
# How far before the publication date an undated retelling may join a dated telling: ACLED's
# time_precision 2 (a week).
_RETELLING_WINDOW = dt.timedelta(days=7)
# Events whose trigger names the weapon or the harm itself: told without an author, ACLED codes
# them to an unidentified armed group.
_WEAPON_NAMES_EVENT = _default_actors("weapon_named")
# Vaguer triggers ("attack") need told victims or deaths before an unnamed author is assumed.
_HARM_WITHOUT_AUTHOR = _default_actors("harm_told")
_HANDOVER_WORDS = set(lexicons.words("event_words.tsv", "handover_word"))


@dataclass
class Finding:
    """One candidate event and what the geocode, dates, fatalities and attribute stages found
    for it; a candidate that retells the one before it only gets its toll."""

    candidate: Candidate
    place: Place | None = None
    event_date: dt.date | None = None
    time_precision: int | None = None
    date_told: bool = False  # the sentence or its paragraph names the date (else: the publication date)
    historical: bool = False
    fatalities: int = 0
    attribution: Attribution = field(default_factory=Attribution)


def events_of(findings: list[Finding]) -> list[Event]:
    """The page's events, each happening once: a retelling ("… were killed in the clashes")
    gives its toll to the event before it when that has none, and two events told alike
    (same type, place, day and actor) become one."""
    events: list[Event] = []
    told: list[bool] = []  # beside each event: whether its date was told or is the publication date
    named: list[bool] = []  # beside each event: whether the report named its actor1
    for finding in findings:
        if finding.candidate.continues_previous:
            if events and not events[-1].fatalities:
                events[-1].fatalities = finding.fatalities
            continue
        event = build_event(finding)
        if event is None:
            continue
        names_actor = bool(finding.candidate.actor1)
        fight_of = next((i for i, e in enumerate(events) if _fight_of_the_capture(e, event)), None)
        if fight_of is not None:
            # "captured the village after clashes with X", "after fierce clashes, X took control
            # of …": the clash is the capture's fight, one battle; the capture names it.
            capture, clash = (events[fight_of], event) if event.sub_event_type == "Armed clash" else (event, events[fight_of])
            capture.fatalities = capture.fatalities or clash.fatalities
            capture.actor2 = capture.actor2 or clash.actor2
            events[fight_of] = capture
            continue
        weapon_of = next(
            (i for i, e in enumerate(events) if _weapon_of_the_same_fight(e, event, named[i], names_actor)), None
        )
        if weapon_of is not None:
            # "Clashes and exchange of shelling between regime forces and rebels": the shelling
            # nobody is named for is the clash's, told in the same sentence at the same place.
            if not named[weapon_of]:
                event.fatalities = event.fatalities or events[weapon_of].fatalities
                events[weapon_of], named[weapon_of] = event, True
            else:
                events[weapon_of].fatalities = events[weapon_of].fatalities or event.fatalities
            continue
        twin = next(
            (
                i
                for i, e in enumerate(events)
                if same_event(e, event, dates_told=(told[i], finding.date_told), actors_named=(named[i], names_actor))
            ),
            None,
        )
        if twin is None:
            events.append(event)
            told.append(finding.date_told)
            named.append(names_actor)
            continue
        if names_actor and not named[twin]:
            # "Airstrikes killed 12 in Saraqib …" then "Government warplanes struck Saraqib": the
            # retelling names who the lede left to the default.
            events[twin].actor1, events[twin].assoc_actor_1, named[twin] = event.actor1, event.assoc_actor_1, True
        merge_into(events[twin], event)
        if finding.date_told and not told[twin]:
            # "Airstrikes on Saraqeb killed 12 …" after the lede dated them: the told date wins.
            events[twin].event_date, events[twin].time_precision = event.event_date, event.time_precision
            events[twin].historical, told[twin] = event.historical, True
    return events


def _sub_event_type(cand: Candidate, place: Place | None) -> str | None:
    known = lexicons.actors()
    first = cand.actor1[0] if cand.actor1 else "Unidentified Armed Group ({country})" if cand.unknown_armed_actor1 else None
    actor1 = known.get(first) if first else None
    if cand.sub_event_type == lexicons.TERRITORY:
        if actor1 is None:
            return None  # a capture by nobody named is not codable
        country = place.country_code if place else None
        if _handed_over(cand):
            # A handover is coded with the side that left as actor1 (build_event): without it named,
            # only a battle could be coded, and none was told.
            return "Non-violent transfer of territory" if cand.actor2 else None
        own_state = actor1.is_state and (actor1.home_country is None or country is None or actor1.home_country == country)
        return "Government regains territory" if own_state else "Non-state actor overtakes territory"
    involved = cand.actor1 + cand.actor2
    if cand.sub_event_type in ("Armed clash", lexicons.ATTACK) and "Protesters ({country})" in involved:
        return "Violent demonstration"  # "protesters clashed with police"
    if cand.sub_event_type == lexicons.ATTACK:
        targets = [known[a] for a in cand.actor2]
        if cand.trigger.trigger.names_only_harm and not (targets and actor1):
            # "X killed two": without a victim it names, not a clash nor an attack; "a man was shot",
            # "the 20 killed included …": without who did it, a crime or a toll told again.
            return None
        if targets and all(t.inter == 7 for t in targets):
            return "Attack"
        return "Armed clash" if actor1 is not None else None
    return cand.sub_event_type


def _handed_over(cand: Candidate) -> bool:
    """A place taken after the other side withdrew, and no fight told but one that did not happen
    ("after the withdrawal of IS", "took over the town without clashes"): ACLED's non-violent
    transfer of territory, not a battle."""
    sent = cand.sentence.span
    fight_words = _fight_lemmas()
    fought = any(t.lemma_.lower() in fight_words and t.head.lower_ != "without" for t in sent)
    without_fight = any(t.lemma_.lower() in fight_words and t.head.lower_ == "without" for t in sent)
    handover = any(t.lemma_.lower() in _HANDOVER_WORDS for t in sent)
    return without_fight or (handover and not fought)


@cache
def _fight_lemmas() -> frozenset[str]:
    """The one-word triggers of an armed clash ("clash", "fight", "battle", "skirmish")."""
    return frozenset(t.lemmas[0] for t in lexicons.triggers() if t.sub_event_type == "Armed clash" and len(t.lemmas) == 1)


def _confidence(cand: Candidate, place: Place | None, attribution: Attribution, has_actor1: bool, dated: bool) -> float:
    priority = cand.trigger.trigger.priority
    score = 0.9 if priority >= 70 else 0.8 if priority >= 50 else 0.7
    if attribution.claimed_by:
        score *= 0.7
    if attribution.hedged:
        score *= 0.85
    if place is None:
        score *= 0.6
    elif place.is_country:
        score *= 0.7  # only the country is known
    else:
        score *= _GEO_FACTOR.get(place.geo_precision, 0.85)
    if not has_actor1:
        score *= 0.85
    if not dated:
        score *= 0.9
    return round(min(max(score, 0.05), 0.99), 2)


def _join(names: list[str]) -> str | None:
    return "; ".join(names) if names else None


def build_event(res: Finding) -> Event | None:
    cand = res.candidate
    place = res.place
    territorial = cand.trigger.trigger.needs == "place" or cand.trigger.trigger.sub_event_type == lexicons.TERRITORY
    if territorial and (place is None or place.is_country):
        return None  # a capture, a base: of a place the report names, never of a whole country
    sub_event_type = _sub_event_type(cand, place)
    if sub_event_type is None:
        return None
    event_type = lexicons.taxonomy()[sub_event_type].event_type
    country = place.country if place else None
    if sub_event_type in ("Peaceful protest", "Protest with intervention") and res.fatalities:
        sub_event_type, event_type = "Excessive force against protesters", "Protests"
    default = "Unidentified Armed Group ({country})" if cand.unknown_armed_actor1 else _DEFAULT_ACTOR1.get(sub_event_type)
    actor1 = list(cand.actor1) or ([default] if default else [])
    if event_type in ("Protests", "Riots") and actor1[:1] == ["Civilians ({country})"]:
        actor1[0] = _DEFAULT_ACTOR1[sub_event_type]  # "residents demonstrated": ACLED codes them as protesters
    actor2 = list(cand.actor2)
    assoc1, assoc2 = cand.assoc1, cand.assoc2
    if sub_event_type == "Non-violent transfer of territory" and cand.sub_event_type == lexicons.TERRITORY:
        # "X took the town after Y withdrew": told as X's taking, coded as every handover here is
        # (data/event_families.tsv): actor1 the side that left, actor2 the side that took over.
        actor1, actor2, assoc1, assoc2 = actor2, actor1, assoc2, assoc1
    # An attack nobody is named for is coded to an unidentified armed group when it killed, or
    # when it hit an armed side; one that only hurt a civilian ("assaulted a girl", "police said")
    # is, in real news, mostly a crime.
    hit_armed = any(lexicons.actors()[a].is_armed for a in actor2)
    if not actor1 and (sub_event_type in _WEAPON_NAMES_EVENT or (sub_event_type in _HARM_WITHOUT_AUTHOR and (res.fatalities or hit_armed))):
        actor1 = [_WEAPON_NAMES_EVENT.get(sub_event_type) or _HARM_WITHOUT_AUTHOR[sub_event_type]]  # "shelling killed …"
    if not actor1:
        # ACLED codes no event without the actor who acts; a strike nobody is named for and nobody
        # is hit by is, in real text, mostly a generic mention ("reports of continued air strikes").
        return None
    if sub_event_type in ("Government regains territory", "Non-state actor overtakes territory", "Armed clash"):
        if not any(lexicons.actors()[a].is_armed for a in actor1):
            return None  # a battle needs an armed side that acts
    def named(names: list[str], *taken: str | None) -> list[str]:
        # "Syrian army soldiers": two aliases that become one actor once the country is known
        out: list[str] = []
        for a in (fill_country(n, country, place.country_code if place else None) for n in names):
            if a not in out and a not in taken:
                out.append(a)
        return out

    first = named(actor1[:1])
    second = named(actor2[:1], *first)
    sentence = cand.sentence
    return Event(
        event_type=event_type,
        sub_event_type=sub_event_type,
        actor1=_join(first),
        assoc_actor_1=_join(named(actor1[1:] + assoc1, *first, *second)),
        actor2=_join(second),
        assoc_actor_2=_join(named(actor2[1:] + assoc2, *first, *second)),
        location=place.location if place else None,
        admin1=place.admin1 if place else None,
        country=country,
        latitude=place.latitude if place else None,
        longitude=place.longitude if place else None,
        geo_precision=place.geo_precision if place else None,
        event_date=res.event_date,
        time_precision=res.time_precision,
        historical=res.historical,
        fatalities=res.fatalities,
        reported_by=res.attribution.reported_by,
        claimed_by=named(res.attribution.claimed_by),
        evidence=Evidence(text=sentence.text, start=sentence.start, end=sentence.end),
        confidence=_confidence(cand, place, res.attribution, bool(cand.actor1), res.event_date is not None),
    )


def _fight_of_the_capture(a: Event, b: Event) -> bool:
    """A capture and a clash told in one sentence, on the same day, the capturer one of its sides."""
    kinds = {a.sub_event_type, b.sub_event_type}
    if not ("Armed clash" in kinds and len(kinds & _CAPTURES) == 1):
        return False
    capture, clash = (a, b) if a.sub_event_type in _CAPTURES else (b, a)
    return (
        a.evidence.start == b.evidence.start
        and a.event_date == b.event_date
        and capture.actor1 in (clash.actor1, clash.actor2)
    )


_CAPTURES = {"Government regains territory", "Non-state actor overtakes territory"}


def _weapon_of_the_same_fight(a: Event, b: Event, a_named: bool, b_named: bool) -> bool:
    """Two events of one sentence and place, one of them with a named actor and the other not:
    the unnamed one is a weapon of the named one's fight, not an event of its own."""
    return (
        a_named != b_named
        and a.evidence.start == b.evidence.start
        and a.location is not None
        and a.location == b.location
        and a.event_date == b.event_date
    )


def same_event(
    a: Event, b: Event, dates_told: tuple[bool, bool] = (True, True), actors_named: tuple[bool, bool] = (True, True)
) -> bool:
    """Two events of one page that are one event told twice. A telling whose date is only the
    page's publication date ("The Observatory said the airstrikes on Saraqeb killed 12") agrees
    with any date of the week before it: the lede dated the event, the retelling did not. A
    telling that names no actor1 (it has the default) agrees with any actor1."""
    if a.event_date == b.event_date:
        same_day = True
    elif all(dates_told) or a.event_date is None or b.event_date is None:
        same_day = False
    else:
        told, untold = (a, b) if dates_told[0] else (b, a)
        same_day = dt.timedelta(0) <= untold.event_date - told.event_date <= _RETELLING_WINDOW
    return (
        a.sub_event_type == b.sub_event_type
        and a.location is not None
        and a.location == b.location
        and same_day
        and (a.actor1 == b.actor1 or None in (a.actor1, b.actor1) or not all(actors_named))
    )


def merge_into(kept: Event, other: Event) -> None:
    """Keep the first telling as evidence; take what the retelling adds, never summing tolls."""
    kept.fatalities = kept.fatalities or other.fatalities
    for field_name in ("reported_by", "claimed_by"):
        values = getattr(kept, field_name)
        values.extend(v for v in getattr(other, field_name) if v not in values)
    for field_name in ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2"):
        if getattr(kept, field_name) is None:
            setattr(kept, field_name, getattr(other, field_name))
