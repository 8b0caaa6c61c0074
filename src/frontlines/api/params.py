"""Query parameters as OGC API Features spells them (`bbox`, `datetime`) and the service's own
(`cursor`, `facets`), parsed into the store's terms or refused with a problem."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import math

from fastapi import Request

from ..store.queries import FACET_COLUMNS
from .problems import Problem

MAX_FACETS = len(FACET_COLUMNS)
FACET_TOP = 50  # values per facet


def reject_unknown_parameters(request: Request) -> None:
    """400 for a query parameter the route does not declare: a misspelt filter must not
    silently return everything; and for a NUL character in any parameter, which PostgreSQL
    refuses in a string."""
    values = [*request.query_params.values(), *request.path_params.values()]
    if any("\x00" in str(value) for value in values):
        raise Problem(400, "a parameter holds a NUL character")
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = _query_names(dependant)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        allowed = ", ".join(sorted(known)) or "none"
        raise Problem(400, f"unknown query parameter(s): {', '.join(unknown)}; this path takes: {allowed}")


def _query_names(dependant) -> set[str]:
    """The query parameters a route and its dependencies declare."""
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def parse_bbox(text: str | None) -> tuple[float, float, float, float] | None:
    """"minlon,minlat,maxlon,maxlat" in WGS 84 (a six-number box's heights are ignored)."""
    if text is None:
        return None
    try:
        numbers = [float(part) for part in text.split(",")]
    except ValueError:
        raise Problem(400, f"bbox: expected 4 comma-separated numbers, got {text!r}") from None
    if len(numbers) == 6:
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    if len(numbers) != 4 or not all(math.isfinite(n) for n in numbers):
        raise Problem(400, f"bbox: expected 4 comma-separated numbers, got {text!r}")
    min_lon, min_lat, max_lon, max_lat = numbers
    if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise Problem(400, "bbox: longitudes must lie in [-180, 180] and latitudes in [-90, 90], the lower first")
    return min_lon, min_lat, max_lon, max_lat


def parse_datetime(text: str | None) -> tuple[dt.date | None, dt.date | None]:
    """An instant ("2017-08-05" or an RFC 3339 date-time) or an interval ("2017-08-01/2017-08-31",
    "../2017-08-31", "2017-08-01/.."), as the first and last day it covers: events carry dates."""
    if text is None:
        return None, None
    if "/" not in text:
        day = _day(text)
        return day, day
    start, _, end = text.partition("/")
    first = None if start in ("", "..") else _day(start)
    last = None if end in ("", "..") else _day(end)
    if first and last and first > last:
        raise Problem(400, f"datetime: the interval {text!r} ends before it starts")
    return first, last


def parse_instant(text: str | None) -> dt.date | None:
    if text is None:
        return None
    if "/" in text:
        raise Problem(400, f"datetime: control is asked as of one date, got the interval {text!r}")
    return _day(text)


def _day(text: str) -> dt.date:
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        moment = dt.datetime.fromisoformat(text)
    except (ValueError, OverflowError):
        raise Problem(400, f"datetime: expected a date (YYYY-MM-DD), an RFC 3339 date-time or an interval, got {text!r}") from None
    if moment.tzinfo is not None:
        try:
            moment = moment.astimezone(dt.timezone.utc)
        except OverflowError:  # a zone that moves the year past 9999 or before 1
            raise Problem(400, f"datetime: {text!r} is out of range") from None
    return moment.date()


def parse_facets(text: str | None) -> list[str]:
    if not text:
        return []
    names = list(dict.fromkeys(name.strip() for name in text.split(",") if name.strip()))
    unknown = [name for name in names if name not in FACET_COLUMNS]
    if unknown:
        raise Problem(400, f"facets: unknown column(s) {', '.join(unknown)}; known: {', '.join(FACET_COLUMNS)}")
    return names[:MAX_FACETS]


def encode_cursor(event_date: dt.date | None, event_id: str) -> str:
    """The key of the last item of a page (an event's date and id; a place has no date) as an opaque
    token: clients pass it back, never read it."""
    raw = json.dumps([event_date.isoformat() if event_date else None, event_id], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(token: str | None) -> tuple[dt.date | None, str] | None:
    if token is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        date, event_id = json.loads(raw)
        if not isinstance(event_id, str) or not (date is None or isinstance(date, str)):
            raise ValueError
        return (dt.date.fromisoformat(date) if date else None), event_id
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise Problem(400, "cursor: not a token this service gave (follow the `next` link)") from None
