"""Which merged events a reader asks for, as SQL conditions: the filters of the web service
(`frontlines serve`) and the key of its keyset pages.

Every condition is plain SQL that SQLite and PostgreSQL read alike; the JSON columns are matched
as the text the store wrote into them (see `_json_list_holds`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import JSON, Text, and_, cast, false, func, literal_column, or_, type_coerce
from sqlalchemy.sql.elements import ColumnElement

from .schema import merged_events

# The columns a reader may count events by (`facets=`).
FACET_COLUMNS = ("event_type", "sub_event_type", "country", "admin1", "location", "actor1", "actor2")


@dataclass(frozen=True)
class EventFilter:
    """Merged events that pass every given condition (None: no condition)."""

    bbox: tuple[float, float, float, float] | None = None  # min lon, min lat, max lon, max lat (WGS 84)
    since: dt.date | None = None
    until: dt.date | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None  # actor1, actor2 or one of their associated actors
    country: str | None = None
    admin1: str | None = None
    outlet: str | None = None  # one of the outlets the event's reports stand for (`sources`)
    min_confidence: float | None = None
    historical: bool | None = None
    corroborated: bool | None = None  # two or more independent outlets

    def conditions(self, *, spatial: bool = False) -> list[ColumnElement]:
        """The filter as SQL; `spatial`: the database has migration 0002's PostGIS geometry, and
        the bbox is asked of its GiST index."""
        c = merged_events.c
        found: list[ColumnElement] = []
        if self.bbox is not None:
            min_lon, min_lat, max_lon, max_lat = self.bbox
            if spatial:
                # The GiST index selects by boxes of single precision, rounded outwards: the
                # comparisons below keep exactly the events the box holds, as on SQLite.
                found.append(_in_box_postgis(*self.bbox))
            found.append(c.latitude.between(min_lat, max_lat))
            if min_lon <= max_lon:
                found.append(c.longitude.between(min_lon, max_lon))
            else:  # a box across the antimeridian, as OGC API Features allows
                found.append(or_(c.longitude >= min_lon, c.longitude <= max_lon))
        if self.since is not None:
            found.append(c.event_date >= self.since)
        if self.until is not None:
            found.append(c.event_date <= self.until)
        for column in ("event_type", "sub_event_type", "country", "admin1"):
            value = getattr(self, column)
            if value is not None:
                found.append(c[column] == value)
        if self.actor is not None:
            found.append(
                or_(
                    c.actor1 == self.actor,
                    c.actor2 == self.actor,
                    _listed(c.assoc_actor_1, self.actor),
                    _listed(c.assoc_actor_2, self.actor),
                )
            )
        if self.outlet is not None:
            found.append(_json_list_holds(c.sources, self.outlet))
        if self.min_confidence is not None:
            found.append(c.confidence >= self.min_confidence)
        if self.historical is not None:
            found.append(c.historical.is_(self.historical))
        if self.corroborated is not None:
            outlets = type_coerce(c.corroboration, JSON)["outlets"].as_integer()
            found.append(outlets >= 2 if self.corroborated else outlets < 2)
        return found


def _in_box_postgis(min_lon: float, min_lat: float, max_lon: float, max_lat: float) -> ColumnElement:
    """The merged event's point in the box by PostGIS's `&&` (which the GiST index answers, up to
    single precision): a box across the antimeridian is its two halves."""
    geom = literal_column("merged_events.geom")

    def overlaps(west: float, east: float) -> ColumnElement:
        return geom.op("&&")(func.ST_MakeEnvelope(west, min_lat, east, max_lat, 4326))

    if min_lon <= max_lon:
        return overlaps(min_lon, max_lon)
    return or_(overlaps(min_lon, 180.0), overlaps(-180.0, max_lon))


def after_key(event_date: dt.date | None, event_id: str) -> ColumnElement:
    """The events after (event_date, id) in the order undated last, then by date, then by id:
    a page that starts after the last event of the one before stays right while events are
    added, since an event never moves in that order."""
    c = merged_events.c
    if event_date is None:
        return and_(c.event_date.is_(None), c.id > event_id)
    return or_(
        c.event_date > event_date,
        and_(c.event_date == event_date, c.id > event_id),
        c.event_date.is_(None),
    )


def page_order() -> tuple:
    c = merged_events.c
    # NULLS LAST spelled out: SQLite and PostgreSQL order undated events differently by default.
    return c.event_date.is_(None), c.event_date, c.id


def _listed(column, name: str) -> ColumnElement:
    """`name` is one of the names of a "; "-joined list (associated actors)."""
    return or_(
        column == name,
        column.startswith(f"{name}; ", autoescape=True),
        column.endswith(f"; {name}", autoescape=True),
        column.contains(f"; {name}; ", autoescape=True),
    )


def _json_list_holds(column, name: str) -> ColumnElement:
    """A JSON list of strings holds `name`. Matched in the JSON text as the store wrote it
    (json.dumps, as SQLAlchemy serialises on both databases) because SQLite's json_each and
    PostgreSQL's jsonb operators have no common spelling; the quotes make it a whole element."""
    if not name:
        return false()
    return cast(column, Text).contains(json.dumps(name), autoescape=True)
