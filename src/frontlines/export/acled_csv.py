"""ACLED's CSV: ACLED's columns with ACLED's names in ACLED's order, then frontlines' own.

Unknown values are empty cells; `corroboration` is a JSON object in its cell and `claimed_by`
names joined by "; ", as ACLED joins associated actors.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from typing import BinaryIO

from ..store.rows import MergedEvent
from .acled import COLUMNS, acled_row


def write_csv(records: Iterable[MergedEvent], out: BinaryIO) -> int:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.DictWriter(text, fieldnames=COLUMNS)
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow({k: _cell(k, v) for k, v in acled_row(record).items()})
        count += 1
    text.detach()  # the caller owns `out`
    return count


def _cell(column: str, value) -> str:
    if value is None:
        return ""
    if column == "claimed_by":
        return "; ".join(value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
