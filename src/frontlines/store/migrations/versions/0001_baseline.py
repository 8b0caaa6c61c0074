"""Baseline: the tables as frontlines made them before it had migrations.

Revision ID: 0001
Revises:

A database made before migrations holds these tables and no alembic_version. It may lack
document_minhashes: that table was created only when merge/syndication.py had been imported
before the store was opened. So this revision creates the tables a database does not have yet,
after `frontlines.store.migrate` has checked that the ones it has are these.
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())

    def create(name: str, *columns: sa.Column, indexed: tuple[str, ...] = ()) -> None:
        if name in existing:
            return
        op.create_table(name, *columns)
        for column in indexed:
            # The names SQLAlchemy gives the indexes of `index=True` columns.
            op.create_index(f"ix_{name}_{column}", name, [column])

    acled_indexed = ("location", "country", "event_date")
    create(
        "documents",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("source", sa.Text()),
        sa.Column("url", sa.Text()),
        sa.Column("title", sa.Text()),
        sa.Column("published", sa.Date()),
        sa.Column("origin", sa.Text()),
        sa.Column("syndicated_of", sa.String(32), sa.ForeignKey("documents.id")),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
    )
    create(
        "events",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("document_id", sa.String(32), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        *acled_event_columns(),
        sa.Column("reported_by", sa.JSON(), nullable=False),
        sa.Column("claimed_by", sa.JSON(), nullable=False),
        sa.Column("evidence_text", sa.Text(), nullable=False),
        sa.Column("evidence_start", sa.Integer(), nullable=False),
        sa.Column("evidence_end", sa.Integer(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        indexed=("document_id", *acled_indexed),
    )
    create(
        "merged_events",
        sa.Column("id", sa.String(32), primary_key=True),
        *acled_event_columns(),
        sa.Column("claimed_by", sa.JSON(), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("corroboration", sa.JSON(), nullable=False),
        sa.Column("evidence_text", sa.Text(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("why", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        indexed=acled_indexed,
    )
    create(
        "merged_event_reports",
        sa.Column("event_id", sa.String(32), sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("merged_id", sa.String(32), sa.ForeignKey("merged_events.id", ondelete="CASCADE"), nullable=False),
        sa.Column("syndicated_of", sa.String(32)),
        sa.Column("copy_of", sa.String(32)),
        sa.Column("claim", sa.Boolean(), nullable=False),
        sa.Column("origins", sa.JSON(), nullable=False),
        indexed=("merged_id",),
    )
    create(
        "merged_event_blocks",
        sa.Column("merged_id", sa.String(32), sa.ForeignKey("merged_events.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("block", sa.String(100), primary_key=True),
        indexed=("block",),
    )
    create(
        "document_minhashes",
        sa.Column("document_id", sa.String(32), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
    )


def acled_event_columns() -> list[sa.Column]:
    """The columns a report and a merged event share, new for each table."""
    return [
        sa.Column("event_type", sa.Text(), nullable=False),
        sa.Column("sub_event_type", sa.Text(), nullable=False),
        sa.Column("actor1", sa.Text()),
        sa.Column("assoc_actor_1", sa.Text()),
        sa.Column("actor2", sa.Text()),
        sa.Column("assoc_actor_2", sa.Text()),
        sa.Column("location", sa.Text()),
        sa.Column("admin1", sa.Text()),
        sa.Column("country", sa.Text()),
        sa.Column("latitude", sa.Float()),
        sa.Column("longitude", sa.Float()),
        sa.Column("geo_precision", sa.Integer()),
        sa.Column("event_date", sa.Date()),
        sa.Column("time_precision", sa.Integer()),
        sa.Column("historical", sa.Boolean(), nullable=False),
        sa.Column("fatalities", sa.Integer(), nullable=False),
    ]
