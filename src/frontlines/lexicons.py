"""The analyst-editable lexicons in `frontlines/data/`, loaded once per process.

Every file is a TSV with a header and a `source` column that says where each row comes
from; analysts extend the project by adding rows, not code.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import get_args

from .model import EventType

EVENT_TYPES = get_args(EventType)

# Trigger rows whose sub-event type depends on who acts or who is hit.
TERRITORY = "territory"
ATTACK = "attack"


def read_tsv(name: str) -> list[dict[str, str]]:
    text = resources.files("frontlines.data").joinpath(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]  # '#' lines are file notes
    rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [{k: (v or "").strip() for k, v in row.items()} for row in rows if any(row.values())]


@dataclass(frozen=True)
class SubEventType:
    event_type: str
    sub_event_type: str
    disorder_type: str
    definition: str


@dataclass(frozen=True)
class Actor:
    name: str  # may hold "{country}", filled from the event's country
    inter: int  # ACLED inter code of the actor type
    home_country: str | None
    associated_with: str | None

    @property
    def is_state(self) -> bool:
        return self.inter == 1

    @property
    def is_armed(self) -> bool:
        return self.inter in (1, 2, 3, 4, 8)


@dataclass(frozen=True)
class ActorAlias:
    alias: str
    actor: str
    case_sensitive: bool


@dataclass(frozen=True)
class ActorReference:
    phrase: str
    refers_to: str  # "state" or "non-state"


@dataclass(frozen=True)
class Trigger:
    lemmas: tuple[str, ...]
    sub_event_type: str  # an ACLED sub-event type, or TERRITORY / ATTACK
    priority: int
    needs: str  # none | place | armed_actor | air_actor | protest | agreement | weapon_object


@dataclass(frozen=True)
class Outlet:
    name: str
    aliases: tuple[str, ...]
    country: str | None
    alignment: str
    speaks_for: str | None  # the actor whose own voice this outlet is (its claims are claims)
    kind: str


@cache
def taxonomy() -> dict[str, SubEventType]:
    rows = read_tsv("acled_taxonomy.tsv")
    return {
        r["sub_event_type"]: SubEventType(r["event_type"], r["sub_event_type"], r["disorder_type"], r["definition"])
        for r in rows
    }


@cache
def actors() -> dict[str, Actor]:
    return {
        r["actor"]: Actor(
            name=r["actor"],
            inter=int(r["inter"]),
            home_country=r["home_country"] or None,
            associated_with=r["associated_with"] or None,
        )
        for r in read_tsv("actors.tsv")
    }


@cache
def actor_aliases() -> tuple[ActorAlias, ...]:
    known = actors()
    aliases = []
    for r in read_tsv("actor_aliases.tsv"):
        if r["actor"] not in known:
            raise ValueError(f"actor_aliases.tsv: alias {r['alias']!r} names unknown actor {r['actor']!r}")
        aliases.append(ActorAlias(r["alias"], r["actor"], r["case_sensitive"] == "yes"))
    return tuple(aliases)


@cache
def actor_references() -> tuple[ActorReference, ...]:
    return tuple(ActorReference(r["phrase"], r["refers_to"]) for r in read_tsv("actor_references.tsv"))


@cache
def triggers() -> tuple[Trigger, ...]:
    known = taxonomy()
    out = []
    for r in read_tsv("triggers.tsv"):
        if r["sub_event_type"] not in known and r["sub_event_type"] not in (TERRITORY, ATTACK):
            raise ValueError(f"triggers.tsv: {r['lemmas']!r} names unknown sub-event type {r['sub_event_type']!r}")
        out.append(Trigger(tuple(r["lemmas"].split()), r["sub_event_type"], int(r["priority"]), r["needs"]))
    return tuple(out)


@cache
def outlets() -> tuple[Outlet, ...]:
    return tuple(
        Outlet(
            name=r["name"],
            aliases=tuple(a for a in r["aliases"].split("|") if a),
            country=r["country"] or None,
            alignment=r["alignment"],
            speaks_for=r["speaks_for"] or None,
            kind=r["kind"],
        )
        for r in read_tsv("outlets.tsv")
    )


def find_outlet(name: str) -> Outlet | None:
    key = name.casefold().removeprefix("the ").strip()
    for outlet in outlets():
        if key == outlet.name.casefold() or key in (a.casefold() for a in outlet.aliases):
            return outlet
    return None
