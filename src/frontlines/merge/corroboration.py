"""Who reported an event, and how far that establishes it.

Every outlet has a profile in `data/outlets.tsv` (alignment, the party it speaks for, if any);
`data/alignments.tsv` says which alignments are sides of the war and which sides disagree.

A report stands for its *origins*: the outlets it cites ("SANA reported"), else the outlet that
published it; a syndicated copy stands for the page it copies. Independent outlets are distinct
origins, so a wire story on three sites, or a site repeating an agency, counts once.

A report is a *claim* when a party to the fight speaks in it: its own agency or ministry
published or is cited (Amaq for Islamic State, SANA for the Syrian army), or the text says a
party claimed it. An event that only one party's claims report stays a claim.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from .. import lexicons
from ..events.actors import fill_country
from ..store.rows import Corroboration

_UNIDENTIFIED = "Unidentified Armed Group"


@dataclass(frozen=True)
class Telling:
    """What corroboration needs of one report."""

    origins: tuple[str, ...]
    parties: tuple[str, ...]  # the parties speaking in it; empty for an outside account
    copy: bool


@cache
def outlet_name(name: str) -> str:
    """The profile name of an outlet named by an alias ("ANHA" → "Hawar News Agency")."""
    profile = _profile(name)
    return profile.name if profile else name.strip()


def origins(publisher: str | None, reported_by: Iterable[str], fallback: str) -> tuple[str, ...]:
    """The outlets a report stands for: those it cites, else its publisher, else `fallback`
    (the page's address), so an unnamed outlet still counts once."""
    own = outlet_name(publisher) if publisher else None
    cited = _unique(n for n in map(outlet_name, reported_by) if n != own)
    return tuple(cited) or ((own,) if own else (fallback,))


def parties(
    origin_names: Iterable[str], claimed_by: Iterable[str], actors: Iterable[str | None], country: str | None
) -> tuple[str, ...]:
    """The parties to the fight that speak in a report: those the text says claimed it, and
    those whose own outlet it stands for."""
    in_fight = {side(a) for a in actors if a}
    speaking = list(claimed_by)
    for name in origin_names:
        profile = _profile(name)
        if profile and profile.speaks_for:
            party = fill_country(profile.speaks_for, country)
            if side(party) in in_fight:
                speaking.append(party)
    return tuple(_unique(speaking))


def corroborate(tellings: list[Telling]) -> Corroboration:
    names = tuple(_unique(o for t in tellings for o in t.origins))
    alignments = [_alignment(n) for n in names]
    sides = tuple(_unique(a for a in alignments if a in _partisan()))
    across = any(b in _opposed().get(a, ()) for a in sides for b in sides)
    claimants = tuple(_unique(p for t in tellings for p in t.parties))
    claim_only = all(t.parties for t in tellings) and len({side(p) for p in claimants}) == 1
    return Corroboration(
        outlets=len(names),
        names=names,
        sides=sides,
        across_sides=across,
        claim_only=claim_only,
        claimed_by=claimants,
        reports=len(tellings),
        copies=sum(t.copy for t in tellings),
    )


@cache
def actor_info(name: str | None) -> lexicons.Actor | None:
    """The lexicon entry of an actor name as events carry it ("Islamic State (Syria)" →
    "Islamic State ({country})")."""
    if not name:
        return None
    known = lexicons.actors()
    if name in known:
        return known[name]
    for pattern, actor in _templates():
        if pattern.fullmatch(name):
            return actor
    return None


@cache
def side(name: str) -> str:
    """The side an actor fights on: a militia fighting beside an army is that army's side."""
    info = actor_info(name)
    return info.associated_with if info and info.associated_with else name


def unidentified(name: str | None) -> bool:
    return name is None or name.startswith(_UNIDENTIFIED)


@cache
def _templates() -> tuple[tuple[re.Pattern, lexicons.Actor], ...]:
    return tuple(
        (re.compile(re.escape(a.name).replace(re.escape("{country}"), ".+")), a)
        for a in lexicons.actors().values()
        if "{country}" in a.name
    )


def _alignment(outlet: str) -> str | None:
    profile = _profile(outlet)
    return profile.alignment if profile else None


@cache
def _profile(name: str) -> lexicons.Outlet | None:
    return lexicons.find_outlet(name)


@cache
def _partisan() -> frozenset[str]:
    return frozenset(r["alignment"] for r in lexicons.read_tsv("alignments.tsv") if r["partisan"] == "yes")


@cache
def _opposed() -> dict[str, frozenset[str]]:
    pairs = {
        (r["alignment"], other)
        for r in lexicons.read_tsv("alignments.tsv")
        for other in r["opposes"].split("|")
        if other
    }
    both = pairs | {(b, a) for a, b in pairs}
    return {a: frozenset(b for x, b in both if x == a) for a, _ in both}


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
