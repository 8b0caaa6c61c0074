"""JSON lines: one merged event a line, with the export's columns (see SCHEMA.md) and what the
other formats leave out: the merged event's `id`, `why` each conflicting value was chosen, and
every `report` it keeps (outlet, URL, evidence sentence, claims and fatalities as reported)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import BinaryIO

from ..controls import json_dumps
from ..store.rows import MergedEvent
from .acled import acled_row

# Each kept report: output key → the field of `Report` (store/rows.py) it is.
REPORT_FIELDS = {
    "event_id": "id", "document_id": "document_id", "outlet": "outlet", "url": "url", "published": "published",
    "sub_event_type": "sub_event_type", "actor1": "actor1", "actor2": "actor2", "location": "location",
    "event_date": "event_date", "time_precision": "time_precision", "fatalities": "fatalities",
    "reported_by": "reported_by", "claimed_by": "claimed_by", "claim": "claim", "copy_of": "copy_of",
    "origins": "origins", "evidence": "evidence_text",
}  # fmt: skip


def line(record: MergedEvent) -> dict:
    reports = [{out: getattr(r, name) for out, name in REPORT_FIELDS.items()} for r in record.reports]
    return {"id": record.id, **acled_row(record), "why": record.why, "reports": reports}


def write_jsonl(records: Iterable[MergedEvent], out: BinaryIO) -> int:
    count = 0
    for record in records:
        out.write(json_dumps(line(record), default=_iso).encode("utf-8") + b"\n")
        count += 1
    return count


def _iso(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
