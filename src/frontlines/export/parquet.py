"""Parquet through pyarrow, with the fixed schema below (documented in SCHEMA.md): the export's
columns with their types, `corroboration` as a struct and `claimed_by` as a list of strings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from ..store.rows import MergedEvent
from .acled import acled_row

CORROBORATION = pa.struct(
    [
        ("outlets", pa.int32()),
        ("names", pa.list_(pa.string())),
        ("sides", pa.list_(pa.string())),
        ("across_sides", pa.bool_()),
        ("claim_only", pa.bool_()),
        ("claimed_by", pa.list_(pa.string())),
        ("reports", pa.int32()),
        ("copies", pa.int32()),
    ]
)

SCHEMA = pa.schema(
    [
        ("event_id_cnty", pa.string()),
        ("event_date", pa.date32()),
        ("year", pa.int32()),
        ("time_precision", pa.int32()),
        ("disorder_type", pa.string()),
        ("event_type", pa.string()),
        ("sub_event_type", pa.string()),
        ("actor1", pa.string()),
        ("assoc_actor_1", pa.string()),
        ("inter1", pa.int32()),
        ("actor2", pa.string()),
        ("assoc_actor_2", pa.string()),
        ("inter2", pa.int32()),
        ("interaction", pa.int32()),
        ("civilian_targeting", pa.string()),
        ("iso", pa.int32()),
        ("region", pa.string()),
        ("country", pa.string()),
        ("admin1", pa.string()),
        ("admin2", pa.string()),
        ("admin3", pa.string()),
        ("location", pa.string()),
        ("latitude", pa.float64()),
        ("longitude", pa.float64()),
        ("geo_precision", pa.int32()),
        ("source", pa.string()),
        ("source_scale", pa.string()),
        ("notes", pa.string()),
        ("fatalities", pa.int32()),
        ("tags", pa.string()),
        ("timestamp", pa.int64()),
        ("confidence", pa.float64()),
        ("corroboration", CORROBORATION),
        ("historical", pa.bool_()),
        ("claimed_by", pa.list_(pa.string())),
        ("evidence", pa.string()),
    ]
)


def table(records: Iterable[MergedEvent]) -> pa.Table:
    return pa.Table.from_pylist([acled_row(r) for r in records], schema=SCHEMA)


def write_parquet(records: Iterable[MergedEvent], out: BinaryIO) -> int:
    data = table(records)
    pq.write_table(data, out)
    return data.num_rows
