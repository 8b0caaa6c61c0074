"""Merged events out of the store, in ACLED's CSV layout, GeoJSON, Parquet or JSON lines.

Every format has ACLED's columns in ACLED's order, then frontlines' own (confidence,
corroboration, historical, claimed_by, evidence); `SCHEMA.md` beside this file documents them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import BinaryIO

from ..store import Store
from ..store.rows import MergedEvent
from .acled_csv import write_csv
from .geojson import write_geojson
from .jsonl import write_jsonl
from .parquet import write_parquet

WRITERS: dict[str, Callable[[Iterable[MergedEvent], BinaryIO], int]] = {
    "acled-csv": write_csv,
    "geojson": write_geojson,
    "parquet": write_parquet,
    "jsonl": write_jsonl,
}


def export(
    store: Store,
    format: str,
    out: BinaryIO,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    country: str | None = None,
    event_type: str | None = None,
) -> int:
    """Write the merged events that pass the filters to `out`; the number written."""
    records = store.merged_events(since=since, until=until, country=country, event_type=event_type)
    return WRITERS[format](records, out)
