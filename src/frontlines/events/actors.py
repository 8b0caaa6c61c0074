"""Actor mentions in a body: aliases from the lexicon, and anaphora ("the militant group")
resolved to the last actor of the right kind named before them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import ahocorasick

from .. import lexicons


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    text: str
    actor: str  # canonical name, may hold "{country}"
    by_reference: bool = False

    @property
    def info(self) -> lexicons.Actor:
        return lexicons.actors()[self.actor]


def _lower_same_length(text: str) -> str:
    # str.lower() can lengthen a few characters (İ → i̇) and would shift every offset after them.
    return "".join(c.lower()[0] for c in text)


@cache
def _automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    entries: dict[str, list] = {}
    for alias in lexicons.actor_aliases():
        entries.setdefault(alias.alias.lower(), []).append(("alias", alias))
    for ref in lexicons.actor_references():
        entries.setdefault(ref.phrase.lower(), []).append(("reference", ref))
    for key, values in entries.items():
        automaton.add_word(key, (key, values))
    automaton.make_automaton()
    return automaton


def _is_word_boundary(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in "-_") and not (after.isalnum() or after in "_")


def _raw_matches(text: str) -> list[tuple[int, int, str, object]]:
    lowered = _lower_same_length(text)
    found = []
    for end_index, (key, values) in _automaton().iter(lowered):
        start, end = end_index - len(key) + 1, end_index + 1
        if not _is_word_boundary(text, start, end):
            continue
        for kind, entry in values:
            if kind == "alias" and entry.case_sensitive and text[start:end] != entry.alias:
                continue
            found.append((start, end, kind, entry))
            break
    # Longest match wins: "Syrian government forces" over "government forces".
    found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    kept: list[tuple[int, int, str, object]] = []
    for match in found:
        if kept and match[0] < kept[-1][1]:
            continue
        kept.append(match)
    return kept


def _speaker_before(text: str, start: int) -> str | None:
    """ "Amaq claimed that its fighters …": "its" is the group whose own outlet speaks earlier in
    the same sentence."""
    sentence_start = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    window = text[sentence_start:start].casefold()
    for outlet in lexicons.outlets():
        if outlet.speaks_for and any(
            len(name) > 3 and name.casefold() in window for name in (outlet.name, *outlet.aliases)
        ):
            return outlet.speaks_for
    return None


def find_actor_mentions(text: str) -> list[ActorMention]:
    """All actor mentions in document order; references point to the actor they stand for."""
    known = lexicons.actors()
    last: dict[str, str] = {}
    mentions: list[ActorMention] = []
    for start, end, kind, entry in _raw_matches(text):
        if kind == "alias":
            actor = known[entry.actor]
            mentions.append(ActorMention(start, end, text[start:end], entry.actor))
            if actor.is_armed:
                last["state" if actor.is_state else "non-state"] = entry.actor
        else:
            target = _speaker_before(text, start) if entry.phrase.startswith("its ") else None
            target = target or last.get(entry.refers_to)
            if target:
                mentions.append(ActorMention(start, end, text[start:end], target, by_reference=True))
    return mentions


def fill_country(actor: str | None, country: str | None, country_code: str | None = None) -> str | None:
    """The actor as ACLED names it where the event happened: a generic actor named by the
    country (actor_by_country.tsv: "Coalition forces" in Yemen → Operation Restoring Hope), then
    "Islamic State ({country})" → "Islamic State (Syria)"; without a country the bare name."""
    if actor is None:
        return None
    by_country = lexicons.actor_by_country().get(actor)
    if by_country:
        actor = by_country.get(country_code) or by_country.get(None, actor)
    if "{country}" not in actor:
        return actor
    if country:
        return actor.replace("{country}", country)
    if actor.startswith("Military Forces of"):
        return "Military Forces (unknown state)"
    return actor.replace(" ({country})", "").replace("{country}", "").strip()
