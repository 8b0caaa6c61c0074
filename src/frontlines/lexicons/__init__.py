"""The analyst-editable lexicons in `frontlines/data/`, loaded once per process.

Every file is a TSV with a header and a `source` column that says where each row comes
from; analysts extend the project by adding rows, not code. `read_tsv` is the one reader:
it checks each file against its schema (`schema.py`) and fails with "<file>:<line>: <reason>".
Every loader takes an optional user data `directory` whose copies of files are read instead
of the package's (files it lacks come from the package).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import state_forces
from .reader import Row, data_file, read_tsv
from .schema import ATTACK, EVENT_TYPES, SCHEMAS, TERRITORY, Column, Schema

__all__ = [
    "ATTACK", "EVENT_TYPES", "SCHEMAS", "TERRITORY", "Actor", "ActorAlias", "actor_by_country", "actor_theatres", "ActorReference", "Column",
    "Outlet", "Row", "Schema", "SubEventType", "Trigger", "actor_aliases", "actor_references", "actors",
    "alternation", "data_file", "find_outlet", "outlets", "read_tsv", "taxonomy", "triggers", "words",
]  # fmt: skip

Directory = str | Path | None


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


HARM_ONLY_PRIORITY = 30


@dataclass(frozen=True)
class Trigger:
    lemmas: tuple[str, ...]
    sub_event_type: str  # an ACLED sub-event type, or TERRITORY / ATTACK
    priority: int
    needs: str  # none | place | armed_actor | air_actor | protest | agreement | weapon_object | told_past | air_noun | explosive_or_armed

    @property
    def names_only_harm(self) -> bool:
        """A trigger under priority 30 ("kill", "shoot", "target") tells that someone was hurt,
        not how: it stands only in a sentence where no other trigger does, and only with a
        victim it can name (events/extract.py, events/build.py)."""
        return self.priority < HARM_ONLY_PRIORITY


@dataclass(frozen=True)
class Outlet:
    name: str
    aliases: tuple[str, ...]
    country: str | None
    alignment: str
    speaks_for: str | None  # the actor whose own voice this outlet is (its claims are claims)
    kind: str


@cache
def taxonomy(directory: Directory = None) -> dict[str, SubEventType]:
    rows = read_tsv("acled_taxonomy.tsv", directory)
    return {
        r["sub_event_type"]: SubEventType(r["event_type"], r["sub_event_type"], r["disorder_type"], r["definition"])
        for r in rows
    }


@cache
def actors(directory: Directory = None) -> dict[str, Actor]:
    """actors.tsv, and the forces of every state its rows lack (lexicons/state_forces.py)."""
    listed = {
        r["actor"]: Actor(
            name=r["actor"],
            inter=int(r["inter"]),
            home_country=r["home_country"] or None,
            associated_with=r["associated_with"] or None,
        )
        for r in read_tsv("actors.tsv", directory)
    }
    made = {}
    for force in _state_forces(directory).values():
        if force.name not in listed:
            made[force.name] = force
    return listed | made


@cache
def _state_forces(directory: Directory) -> dict[tuple[str, str], Actor]:
    """(ISO code, military|police) → the actor of that state's forces: the actors.tsv row where
    there is one ("Military Forces of the United States"), else ACLED's pattern on the country's name."""
    rows = read_tsv("actors.tsv", directory)
    names = state_forces.country_names()
    out: dict[tuple[str, str], Actor] = {}
    for force, pattern in (("military", state_forces.MILITARY), ("police", state_forces.POLICE)):
        prefix = pattern.format("")
        for cc, name in names.items():
            own = [r["actor"] for r in rows if r["home_country"] == cc and r["inter"] == "1" and r["actor"].startswith(prefix)]
            actor = min(own, key=len) if own else pattern.format(name)
            out[cc, force] = Actor(name=actor, inter=1, home_country=cc, associated_with=None)
    return out


@cache
def actor_by_country(directory: Directory = None) -> dict[str, dict[str | None, str]]:
    """A generic actor → {ISO code of the event's country (None: anywhere else) → ACLED's actor}."""
    out: dict[str, dict[str | None, str]] = {}
    for r in read_tsv("actor_by_country.tsv", directory):
        out.setdefault(r["actor"], {})[r["country"] or None] = r["named"]
    return out


# The reader checks the cross references as it loads: an alias's actor is a row of actors.tsv,
# a trigger's sub-event type one of acled_taxonomy.tsv (or TERRITORY / ATTACK), an outlet's
# alignment one of alignments.tsv.


@cache
def actor_theatres(directory: Directory = None) -> dict[str, str]:
    """actor → the one country (ISO code) its events happen in when a report names no place."""
    return {r["actor"]: r["country"] for r in read_tsv("actor_theatres.tsv", directory)}


@cache
def actor_aliases(directory: Directory = None) -> tuple[ActorAlias, ...]:
    """actor_aliases.tsv, then the state forces' aliases it does not write itself."""
    listed = [ActorAlias(r["alias"], r["actor"], r["case_sensitive"] == "yes") for r in read_tsv("actor_aliases.tsv", directory)]
    taken = {a.alias.casefold() for a in listed}
    forces = _state_forces(directory)
    made = []
    for force in state_forces.state_force_aliases():
        if force.alias.casefold() in taken:
            continue
        taken.add(force.alias.casefold())
        actor = state_forces.OWN_STATE[force.force] if force.country is None else forces[force.country, force.force].name
        made.append(ActorAlias(force.alias, actor, force.case_sensitive))
    return (*listed, *made)


@cache
def actor_references(directory: Directory = None) -> tuple[ActorReference, ...]:
    return tuple(ActorReference(r["phrase"], r["refers_to"]) for r in read_tsv("actor_references.tsv", directory))


@cache
def triggers(directory: Directory = None) -> tuple[Trigger, ...]:
    return tuple(
        Trigger(tuple(r["lemmas"].split()), r["sub_event_type"], int(r["priority"]), r["needs"])
        for r in read_tsv("triggers.tsv", directory)
    )


@cache
def outlets(directory: Directory = None) -> tuple[Outlet, ...]:
    return tuple(
        Outlet(
            name=r["name"],
            aliases=tuple(a for a in r["aliases"].split("|") if a),
            country=r["country"] or None,
            alignment=r["alignment"],
            speaks_for=r["speaks_for"] or None,
            kind=r["kind"],
        )
        for r in read_tsv("outlets.tsv", directory)
    )


def find_outlet(name: str, directory: Directory = None) -> Outlet | None:
    key = name.casefold().removeprefix("the ").strip()
    for outlet in outlets(directory):
        if key == outlet.name.casefold() or key in (a.casefold() for a in outlet.aliases):
            return outlet
    return None


@cache
def words(name: str, list_name: str, directory: Directory = None) -> tuple[str, ...]:
    """The words (or regex fragments) of one list of a word-list file, in the file's order:
    `words("event_words.tsv", "armed_noun")`."""
    schema = SCHEMAS[name]
    if list_name not in schema.lists:
        raise KeyError(f"{name} has no list {list_name!r} (lists: {', '.join(schema.lists)})")
    value = schema.columns[1].name
    return tuple(r[value] for r in read_tsv(name, directory) if r["list"] == list_name)


def alternation(name: str, list_name: str, directory: Directory = None) -> str:
    """One list of a pattern file as a regex alternation, in the file's order ("a|b|c"): the
    order is the order the regex tries them in."""
    return "|".join(words(name, list_name, directory))
