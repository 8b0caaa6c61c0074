"""The one reader of the TSV lexicons: every file is checked against its schema as it loads.

A file is a header line, then one row a line, cells separated by tabs; lines starting with '#'
are notes and blank lines are skipped, but both count for the line numbers that errors give.
Any violation raises `ValueError("<file>:<line>: <reason>")`.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from .schema import SCHEMAS, Schema


class Row(dict):
    """One row: column → its text (stripped), plus where it was read."""

    __slots__ = ("file", "line")

    def __init__(self, cells: dict[str, str], file: str, line: int):
        super().__init__(cells)
        self.file = file
        self.line = line

    def error(self, reason: str) -> ValueError:
        return ValueError(f"{self.file}:{self.line}: {reason}")


def data_file(name: str, directory: str | Path | None = None) -> Path | Traversable:
    """The file `name`: from `directory` when it holds one, else the package's own.

    A user data directory holds only the files an analyst changed or added to; every other
    file comes from `frontlines/data/`."""
    if directory is not None:
        path = Path(directory) / name
        if path.is_file():
            return path
    return resources.files("frontlines.data").joinpath(name)


def read_tsv(name: str, directory: str | Path | None = None) -> list[Row]:
    """The rows of the lexicon file `name` (a file name in `frontlines/data/`, e.g.
    "triggers.tsv"), checked against its schema. `directory` is a user data directory whose
    copy of the file, if any, is read instead of the package's."""
    schema = SCHEMAS.get(name)
    if schema is None:
        raise ValueError(f"{name}: no schema for this file (lexicons/schema.py lists the known files)")
    path = data_file(name, directory)
    rows = _read(path, schema)
    _check_references(rows, schema, directory)
    return rows


def _read(path: Path | Traversable, schema: Schema) -> list[Row]:
    file = str(path)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        number = data.count(b"\n", 0, exc.start) + 1
        raise ValueError(f"{file}:{number}: not UTF-8 text") from None
    header: list[str] | None = None
    rows: list[Row] = []
    for number, line in enumerate(text.split("\n"), 1):
        line = line.removesuffix("\r")
        if line.startswith("#") or not line.strip():
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = cells
            _check_header(header, schema, file, number)
            continue
        if len(cells) != len(header):
            raise ValueError(f"{file}:{number}: {len(cells)} cells, the header has {len(header)} columns")
        row = Row(dict(zip(header, cells)), file, number)
        for column in schema.columns:
            reason = column.check(row[column.name])
            if reason:
                raise row.error(reason)
        rows.append(row)
    if header is None:
        raise ValueError(f"{file}:1: no header line")
    for column in schema.columns:
        if column.unique:
            seen: dict[str, int] = {}
            for row in rows:
                value = row[column.name]
                if value in seen:
                    raise row.error(f"{column.name} {value!r} repeats line {seen[value]}")
                seen[value] = row.line
    return rows


def _check_header(header: list[str], schema: Schema, file: str, number: int) -> None:
    names = [c.name for c in schema.columns]
    for name in header:
        if header.count(name) > 1:
            raise ValueError(f"{file}:{number}: column {name!r} appears twice in the header")
    unknown = [n for n in header if n not in names]
    if unknown:
        raise ValueError(f"{file}:{number}: unknown column {unknown[0]!r} (columns: {', '.join(names)})")
    missing = [n for n in names if n not in header]
    if missing:
        raise ValueError(f"{file}:{number}: missing column {missing[0]!r} (columns: {', '.join(names)})")


def _check_references(rows: list[Row], schema: Schema, directory: str | Path | None) -> None:
    """Columns whose values must name a row of another file (or of this one): an alias's actor,
    a trigger's sub-event type."""
    for column in schema.columns:
        if column.ref is None:
            continue
        ref_file, ref_column = column.ref
        own = ref_file == schema.name
        source = rows if own else read_tsv(ref_file, directory)
        known = {r[ref_column] for r in source} | set(column.extra)
        for row in rows:
            for value in column.items(row[column.name]):
                if value not in known:
                    also = f" nor one of {', '.join(map(repr, column.extra))}" if column.extra else ""
                    raise row.error(f"{column.name} {value!r} is not in the {ref_column} column of {ref_file}{also}")

