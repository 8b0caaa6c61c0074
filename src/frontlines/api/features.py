"""Merged events and control periods as GeoJSON Features (RFC 7946: longitude first, WGS 84).

An event's properties are its row of the ACLED export (export/acled.py), so that the service,
the CSV and the files `frontlines export` writes name every field alike.
"""

from __future__ import annotations

import datetime as dt

from .. import lexicons
from ..export.acled import acled_row
from ..merge.control import Period, Timeline
from ..store.rows import MergedEvent, Report


def event_feature(record: MergedEvent, *, detail: bool = False) -> dict:
    """The Feature of a merged event; with `detail`, every report and the `why` of each choice."""
    properties = {name: _json_value(value) for name, value in acled_row(record).items()}
    if detail:
        properties["reports"] = [report_properties(report) for report in record.reports]
        properties["why"] = record.why
    return {
        "type": "Feature",
        "id": record.id,
        "geometry": _point(record.longitude, record.latitude),
        "properties": properties,
    }


def report_properties(report: Report) -> dict:
    outlet = lexicons.find_outlet(report.outlet) if report.outlet else None
    return {
        "outlet": report.outlet,
        "url": report.url,
        "alignment": outlet.alignment if outlet else None,
        "evidence": {"text": report.evidence_text, "start": report.evidence_start, "end": report.evidence_end},
        "claimed_by": list(report.claimed_by),
        "fatalities": report.fatalities,
        # Beyond the list: where to read the sentence in its page, and how the report counts.
        "document_id": report.document_id,
        "published": _json_value(report.published),
        "event_date": _json_value(report.event_date),
        "claim": report.claim,
        "origins": report.origins,  # the independent outlets it stands for (an agency it cites)
        "copy_of": report.copy_of,
    }


def control_feature(timeline: Timeline, period: Period) -> dict:
    """Who held a place in one period: since when, the changes behind it, contested or not."""
    data = period.to_dict()
    properties = {
        "location": timeline.location,
        "admin1": timeline.admin1,
        "country": timeline.country,
        **{key: data[key] for key in ("holder", "since", "until", "contested", "claimed", "changes", "conflicting")},
    }
    return {
        "type": "Feature",
        "id": timeline.location,
        "geometry": _point(timeline.longitude, timeline.latitude),
        "properties": properties,
    }


def timeline_feature(timeline: Timeline) -> dict:
    data = timeline.to_dict()
    properties = {key: data[key] for key in ("location", "admin1", "country", "periods")}
    return {
        "type": "Feature",
        "id": timeline.location,
        "geometry": _point(timeline.longitude, timeline.latitude),
        "properties": properties,
    }


def period_as_of(timeline: Timeline, day: dt.date) -> Period | None:
    """The period that holds on `day`: a change on a day gives the place to its taker that day."""
    for period in timeline.periods:
        if (period.since is None or period.since <= day) and (period.until is None or day < period.until):
            return period
    return None


def _point(longitude: float | None, latitude: float | None) -> dict | None:
    if longitude is None or latitude is None:
        return None
    return {"type": "Point", "coordinates": [longitude, latitude]}


def _json_value(value):
    return value.isoformat() if isinstance(value, dt.date) else value
