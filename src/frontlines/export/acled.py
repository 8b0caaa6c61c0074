"""A merged event as a row of ACLED's export, with frontlines' own columns after ACLED's.

Inter codes come from the actor lexicon (a state's forces outside their own country are 8,
external forces); the interaction is the two codes as one number, the smaller first. The
notes read as ACLED writes them: the date, what happened, what the reports disagree on, and
the fatalities coded.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import cache

import pycountry

from .. import lexicons
from ..merge.corroboration import actor_info
from ..store.rows import MergedEvent

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip
FRONTLINES_COLUMNS = ("confidence", "corroboration", "historical", "claimed_by", "evidence")
COLUMNS = ACLED_COLUMNS + FRONTLINES_COLUMNS

CIVILIANS = 7
EXTERNAL = 8
# ACLED's source scales, in the order ACLED names them in a combined scale ("Other-National").
SCALES = ("Local partner", "New media", "Other", "Subnational", "National", "Regional", "International")
# Outlets whose kind says their scale whatever their country: a party's own channel is new media,
# a monitor or an official statement is neither a national nor an international outlet.
_KIND_SCALE = {
    "party agency": "New media",
    "aggregator": "New media",
    "monitor": "Other",
    "ministry": "Other",
    "military press office": "Other",
    "local outlet": "Subnational",
}
_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
_FIELD = re.compile(r"\{(\w+)\}")


def acled_row(record: MergedEvent) -> dict:
    """ACLED's columns, then frontlines' own, from a merged event as `Store.merged_events` gives it."""
    country = _country(record.country)
    inter1 = inter_code(record.actor1, country.alpha2)
    inter2 = inter_code(record.actor2, country.alpha2)
    date = record.event_date
    updated = record.updated_at
    if updated.tzinfo is None:  # SQLite keeps no zone; the store writes UTC
        updated = updated.replace(tzinfo=dt.timezone.utc)
    taxonomy = lexicons.taxonomy().get(record.sub_event_type)
    return {
        "event_id_cnty": f"{country.iso3 or 'XXX'}{int(record.id[:10], 16)}",
        "event_date": date,
        "year": date.year if date else None,
        "time_precision": record.time_precision,
        "disorder_type": taxonomy.disorder_type if taxonomy else None,
        "event_type": record.event_type,
        "sub_event_type": record.sub_event_type,
        "actor1": record.actor1,
        "assoc_actor_1": record.assoc_actor_1,
        "inter1": inter1,
        "actor2": record.actor2,
        "assoc_actor_2": record.assoc_actor_2,
        "inter2": inter2,
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if inter2 == CIVILIANS else None,
        "iso": country.numeric,
        "region": country.region,
        "country": record.country,
        "admin1": record.admin1,
        "admin2": None,
        "admin3": None,
        "location": record.location,
        "latitude": record.latitude,
        "longitude": record.longitude,
        "geo_precision": record.geo_precision,
        "source": "; ".join(record.sources),
        "source_scale": source_scale(record.sources, country.alpha2),
        "notes": notes(record),
        "fatalities": record.fatalities,
        # ACLED tags every demonstration with its crowd size; the reports' size is not extracted.
        "tags": "crowd size=no report" if record.event_type in ("Protests", "Riots") else None,
        "timestamp": int(updated.timestamp()),
        "confidence": record.confidence,
        "corroboration": record.corroboration.to_dict(),
        "historical": record.historical,
        "claimed_by": list(record.claimed_by),
        "evidence": record.evidence_text,
    }


def inter_code(actor: str | None, country_alpha2: str | None) -> int | None:
    """ACLED's inter code of an actor; a state's forces acting outside their country are external (8)."""
    info = actor_info(actor)
    if info is None:
        return None
    if info.is_state and country_alpha2:
        home = info.home_country or _country(_template_country(info.name, actor)).alpha2
        if home and home != country_alpha2:
            return EXTERNAL
    return info.inter


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """The two inter codes as one number, the smaller first (12, 27); a lone actor is 10, 20, ..."""
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def source_scale(sources: Iterable[str], country_alpha2: str | None) -> str | None:
    """The scales of the outlets relative to the event's country, combined as ACLED combines them."""
    event_region = _region_of(country_alpha2)
    scales = set()
    for name in sources:
        outlet = lexicons.find_outlet(name)
        if outlet is None:
            scales.add("Other")
        elif outlet.kind in _KIND_SCALE:
            scales.add(_KIND_SCALE[outlet.kind])
        elif outlet.alignment == "international wire" or not outlet.country:
            scales.add("International")
        elif outlet.country == country_alpha2:
            scales.add("National")
        elif event_region and _region_of(outlet.country) == event_region:
            scales.add("Regional")
        else:
            scales.add("International")
    return "-".join(s for s in SCALES if s in scales) or None


def notes(record: MergedEvent) -> str:
    """"On 5 August 2017, Islamic State (Syria) took control of Al-Qaryatayn (Homs) from Military
    Forces of Syria. ... [fatalities: 9]" """
    template = _templates().get(record.sub_event_type, "{actor1} was involved in an event {in_place}")
    text = f"{_date_phrase(record)} {_fill(template, _note_fields(record))}."
    if record.corroboration.claim_only:
        text += f" Claimed by {' and '.join(record.corroboration.claimed_by)} only; not independently confirmed."
    figures = sorted({r.fatalities for r in record.reports if r.fatalities > 0})
    if len(figures) > 1:
        text += f" Reported fatalities range from {figures[0]} to {figures[-1]}."
    return f"{text} [fatalities: {record.fatalities}]"


def _note_fields(record: MergedEvent) -> dict[str, str | None]:
    location = record.location
    if location:
        admin1 = record.admin1
        place = f"{location} ({admin1})" if admin1 and admin1 != location else location
    else:
        place = record.country or "an unknown place"
    near = record.geo_precision == 2 and location
    return {
        "actor1": record.actor1 or "an unidentified actor",
        "assoc_actor_1": _and(record.assoc_actor_1),
        "actor2": record.actor2,
        "assoc_actor_2": _and(record.assoc_actor_2),
        "place": place,
        "in_place": f"{'near' if near else 'in'} {place}",
    }


def _fill(template: str, values: dict[str, str | None]) -> str:
    """Fill {fields}; a [bracketed part] is dropped when a field in it is unknown."""

    def optional(match: re.Match) -> str:
        part = match.group(1)
        return part if all(values.get(f) for f in _FIELD.findall(part)) else ""

    return _FIELD.sub(lambda m: values.get(m.group(1)) or "", _OPTIONAL.sub(optional, template))


def _date_phrase(record: MergedEvent) -> str:
    date = record.event_date
    if date is None:
        return "On an unknown date,"
    day = f"{date.day} {date:%B %Y}"
    return {2: f"Around {day},", 3: f"In {date:%B %Y},"}.get(record.time_precision, f"On {day},")


def _and(names: str | None) -> str | None:
    if not names:
        return None
    parts = [n.strip() for n in names.split(";") if n.strip()]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _template_country(template: str, actor: str | None) -> str | None:
    """The country a "{country}" actor name was filled with ("Military Forces of {country}")."""
    if actor is None or "{country}" not in template:
        return None
    before, after = template.split("{country}", 1)
    return actor[len(before) : len(actor) - len(after)] or None


class _Country:
    def __init__(self, alpha2: str | None, iso3: str | None, numeric: int | None, region: str | None):
        self.alpha2, self.iso3, self.numeric, self.region = alpha2, iso3, numeric, region


@cache
def _country(name: str | None) -> _Country:
    """A country name as events carry it → its ISO codes and ACLED region (data/acled_regions.tsv)."""
    if not name:
        return _Country(None, None, None, None)
    row = _regions().get(name)
    try:
        found = pycountry.countries.get(alpha_3=row["iso3"]) if row else pycountry.countries.lookup(name)
    except LookupError:
        found = None
    if found is None:
        return _Country(None, row["iso3"] if row else None, None, row["region"] if row else None)
    return _Country(found.alpha_2, found.alpha_3, int(found.numeric), row["region"] if row else None)


@cache
def _region_of(alpha2: str | None) -> str | None:
    if not alpha2:
        return None
    by_code = {_country(name).alpha2: row["region"] for name, row in _regions().items()}
    return by_code.get(alpha2)


@cache
def _regions() -> dict[str, dict[str, str]]:
    return {r["country"]: r for r in lexicons.read_tsv("acled_regions.tsv")}


@cache
def _templates() -> dict[str, str]:
    return {r["sub_event_type"]: r["template"] for r in lexicons.read_tsv("acled_notes.tsv")}
