"""GeoJSON (RFC 7946): a FeatureCollection with one Point per merged event, longitude first,
WGS 84; an event that no report places has a null geometry. Properties are the export's
columns (see SCHEMA.md), dates as ISO 8601 strings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import BinaryIO

from ..controls import json_dumps
from ..store.rows import MergedEvent
from .acled import acled_row


def feature_collection(records: Iterable[MergedEvent]) -> dict:
    features = []
    for record in records:
        row = acled_row(record)
        located = row["latitude"] is not None and row["longitude"] is not None
        features.append(
            {
                "type": "Feature",
                "id": record.id,
                "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]} if located else None,
                "properties": {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def write_geojson(records: Iterable[MergedEvent], out: BinaryIO) -> int:
    collection = feature_collection(records)
    out.write(json_dumps(collection).encode("utf-8") + b"\n")
    return len(collection["features"])
