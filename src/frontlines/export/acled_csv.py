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
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from ..controls import without_controls
from ..store.rows import MergedEvent
from .acled import COLUMNS, acled_row


def write_csv(records: Iterable[MergedEvent], out: BinaryIO) -> int:
    lines = csv_lines(records)
    out.write(next(lines))  # the header
    count = 0
    for line in lines:
        out.write(line)
        count += 1
    return count


def csv_lines(records: Iterable[MergedEvent]) -> Iterator[bytes]:
    """The header, then one UTF-8 line per record, as they come: the web service streams them."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    yield _taken(buffer)
    for record in records:
        writer.writerow({k: _cell(k, v) for k, v in acled_row(record).items()})
        yield _taken(buffer)


def _taken(buffer: io.StringIO) -> bytes:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text.encode("utf-8")


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
