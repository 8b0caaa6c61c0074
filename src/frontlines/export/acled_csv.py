"""ACLED's CSV: ACLED's columns with ACLED's names in ACLED's order, then frontlines' own.

Unknown values are empty cells; `corroboration` is a JSON object in its cell and `claimed_by`
names joined by "; ", as ACLED joins associated actors.

Text cells hold what pages wrote (outlet names, evidence sentences), and a spreadsheet evaluates a
cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return: such a text cell begins with
`'` (OWASP's advice for CSV injection), and control characters are removed from every text cell.
Numbers (a negative longitude) are written as they are.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from typing import BinaryIO

from ..controls import without_controls
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


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(column: str, value) -> str:
    if value is None:
        return ""
    if column == "claimed_by":
        return _text("; ".join(value))
    if isinstance(value, dict):
        return _text(json.dumps(value, ensure_ascii=False))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return _text(value)
    return str(value)


def _text(value: str) -> str:
    if value.startswith(_FORMULA_START):
        value = "'" + value  # before removing controls: a leading tab or CR is a formula start too
    return without_controls(value)
