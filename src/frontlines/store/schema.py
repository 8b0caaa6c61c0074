"""Every table of frontlines, in one MetaData: the schema the code reads and writes, and the
revision of the migration that gives a database this schema.

Defined here and nowhere else, so that which tables a database gets never depends on which
modules happened to be imported before the store was opened. A change here needs a migration in
`migrations/versions/` and `SCHEMA_VERSION` set to its revision (see `migrate.py`).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)

from .rows import Corroboration

# The newest migration in `migrations/versions/`: `Store` brings every database it opens to it.
SCHEMA_VERSION = "0003"
# What migrations 0002 and 0003 add on PostgreSQL with PostGIS only (a generated point geometry
# of each merged event, the table `merged_event_reach` of its reports' reach boxes, and their GiST
# indexes): not in `metadata`, read and written through SQL functions (queries.py, store.py).
SPATIAL_COLUMNS = {"geom"}
SPATIAL_INDEXES = {"ix_merged_events_geom"}



class CorroborationJSON(TypeDecorator):
    """A merged event's `Corroboration`, held as a JSON object."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: Corroboration, dialect) -> dict:
        return value.to_dict()

    def process_result_value(self, value: dict, dialect) -> Corroboration:
        return Corroboration.from_dict(value)


metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("source", Text),
    Column("url", Text),
    Column("title", Text),
    Column("published", Date),
    Column("origin", Text),
    # A near-identical copy of another stored page (syndication): one report, not corroboration.
    Column("syndicated_of", String(32), ForeignKey("documents.id"), nullable=True),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("document", JSON, nullable=False),  # the whole segmented document, as `extract` prints it
)


def acled_event_columns() -> list[Column]:
    """The columns a report and a merged event share: ACLED's fields as `extract` prints them."""
    return [
        Column("event_type", Text, nullable=False),
        Column("sub_event_type", Text, nullable=False),
        Column("actor1", Text),
        Column("assoc_actor_1", Text),
        Column("actor2", Text),
        Column("assoc_actor_2", Text),
        Column("location", Text, index=True),
        Column("admin1", Text),
        Column("country", Text, index=True),
        Column("latitude", Float),
        Column("longitude", Float),
        Column("geo_precision", Integer),
        Column("event_date", Date, index=True),
        Column("time_precision", Integer),
        Column("historical", Boolean, nullable=False),
        Column("fatalities", Integer, nullable=False),
    ]


events = Table(
    "events",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("document_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    *acled_event_columns(),
    Column("reported_by", JSON, nullable=False),
    Column("claimed_by", JSON, nullable=False),
    Column("evidence_text", Text, nullable=False),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("confidence", Float, nullable=False),
)


# One row per event however many reports told it (merge/events.py); the reports stay in `events`.
merged_events = Table(
    "merged_events",
    metadata,
    Column("id", String(32), primary_key=True),
    *acled_event_columns(),
    Column("claimed_by", JSON, nullable=False),
    Column("sources", JSON, nullable=False),  # outlets, in the order they reported
    Column("corroboration", CorroborationJSON, nullable=False),
    Column("evidence_text", Text, nullable=False),  # the sentence of the report the record follows
    Column("confidence", Float, nullable=False),
    Column("why", JSON, nullable=False),  # the reason for each choice among conflicting reports
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

merged_event_reports = Table(
    "merged_event_reports",
    metadata,
    Column("event_id", String(32), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("merged_id", String(32), ForeignKey("merged_events.id", ondelete="CASCADE"), nullable=False, index=True),
    # documents.syndicated_of when merged: a page found to be a copy later is merged again.
    Column("syndicated_of", String(32)),
    Column("copy_of", String(32)),  # the event of the original page that this copy repeats
    Column("claim", Boolean, nullable=False),  # a party's own account of its fight
    Column("origins", JSON, nullable=False),  # the independent outlets this report stands for
)

# The cells (event family, week, place) that the reports of a merged event reach (store/reach.py):
# a new report is merged again with the merged events that reach its own cells. PostGIS holds
# the reaches as boxes in `merged_event_reach` instead (migration 0003), and leaves this empty.
merged_event_blocks = Table(
    "merged_event_blocks",
    metadata,
    Column("merged_id", String(32), ForeignKey("merged_events.id", ondelete="CASCADE"), primary_key=True),
    Column("block", String(100), primary_key=True, index=True),
)

# The MinHash signature of each stored body (merge/syndication.py), written in the transaction
# that stores the document.
minhashes = Table(
    "document_minhashes",
    metadata,
    Column("document_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("signature", LargeBinary, nullable=False),  # merge/syndication.py's NUM_PERM little-endian uint32
)
