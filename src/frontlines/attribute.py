"""Who says so: the outlet, the sources it cites ("SANA reported"), and the claims a party
makes about its own fight ("Amaq claimed …"), which stay claims, never facts."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Span, Token

from . import lexicons
from .events.actors import ActorMention


@dataclass
class Attribution:
    reported_by: list[str] = field(default_factory=list)
    claimed_by: list[str] = field(default_factory=list)  # actor names, may hold "{country}"
    hedged: bool = False


@cache
def _cues() -> dict[str, str]:
    return {r["cue"]: r["kind"] for r in lexicons.read_tsv("attribution_cues.tsv")}


def _source_phrases(sent: Span) -> list[tuple[Span, str]]:
    """(source phrase, cue kind) for each "X reported/said/claimed" and "according to X"."""
    cues = _cues()
    out = []
    for token in sent:
        kind = cues.get(token.lemma_.lower())
        if token.pos_ == "VERB" and kind in ("report", "claim"):
            subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
            for subj in subjects:
                out.append((_phrase(subj), kind))
            if not subjects and (before := _words_before(token)) is not None:
                out.append((before, kind))
        if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor().lower_ == "to":
            for obj in token.nbor().children:
                if obj.dep_ == "pobj":
                    out.append((_phrase(obj), "report"))
    return out


def _words_before(verb: Token) -> Span | None:
    """ "…, the Syrian Observatory for Human Rights said, …": a reporting verb the parser left
    without a subject (it hung the source from the place before it) has it in the words between
    the comma before it and itself."""
    sent = verb.sent
    start = verb.i
    while start > sent.start and verb.i - start < _MAX_SOURCE_WORDS and verb.doc[start - 1].text not in (",", ";", ":"):
        start -= 1
    words = verb.doc[start : verb.i]
    if start == verb.i or verb.doc[start - 1].text not in (",", ";", ":") or not any(t.pos_ in ("NOUN", "PROPN") for t in words):
        return None
    return words


# The longest source a reporting verb can have after a comma ("the Syrian Observatory for Human Rights").
_MAX_SOURCE_WORDS = 8


def _phrase(token: Token) -> Span:
    subtree = list(token.subtree)
    return token.doc[subtree[0].i : subtree[-1].i + 1]


def attribute(
    sent: Span,
    sentence_start: int,
    mentions: list[ActorMention],
    event_actors: Collection[str],
    outlet: str | None,
) -> Attribution:
    result = Attribution(reported_by=[outlet] if outlet else [])
    cues = _cues()
    if any(cues.get(t.lower_) == "hedge" or cues.get(t.lemma_.lower()) == "hedge" for t in sent):
        result.hedged = True
    for phrase, kind in _source_phrases(sent):
        start = sentence_start + phrase.start_char
        end = sentence_start + phrase.end_char
        cited = _outlet_in(phrase.text)
        speaking_actors = [m.actor for m in mentions if start <= m.start < end]
        if cited:
            if cited.name not in result.reported_by:
                result.reported_by.append(cited.name)
            if cited.speaks_for:
                speaking_actors.append(cited.speaks_for)
        party = [a for a in speaking_actors if a in event_actors]
        if party:
            for actor in party:
                if actor not in result.claimed_by:
                    result.claimed_by.append(actor)
        elif kind == "claim" or not cited:
            # "activists said", "pro-government sources", a non-party's claim: believable, not confirmed.
            result.hedged = True
    return result


def _outlet_in(text: str) -> lexicons.Outlet | None:
    folded = f" {text.casefold()} "
    best = None
    for outlet in lexicons.outlets():
        for name in (outlet.name, *outlet.aliases):
            key = name.casefold()
            if len(key) <= 3 and name not in text:
                continue  # short acronyms (AP, AFP) must match in their own case
            if f" {key} " in folded or f" {key}," in folded or f" {key}'" in folded:
                if best is None or len(key) > best[0]:
                    best = (len(key), outlet)
    return best[1] if best else None
