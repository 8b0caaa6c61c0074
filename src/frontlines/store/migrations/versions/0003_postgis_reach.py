"""PostGIS: the reach of each report of a merged event, a box a week, in a GiST index.

Revision ID: 0003
Revises: 0002

The merge asks which stored merged events a new report may meet (store/reach.py). SQLite, and
a PostgreSQL without PostGIS, look up grid blocks in `merged_event_blocks`; with PostGIS the
merge writes a box (longitude, latitude) for each week a report reaches into
`merged_event_reach`, and the candidate search is an index query (`week =` and `&&`, one GiST
index over both: btree_gist, which PostgreSQL ships, indexes the week). Made only where
migration 0002 made the geometry and btree_gist can be had; elsewhere the blocks stay.

Merged events stored before this revision have no boxes, so a merge could not find them: they
are removed, with their links and blocks, and the next merge (`frontlines merge`, or the next
`ingest`) makes them again from their reports, which are all kept. Their ids come out the same.
"""

import logging

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

log = logging.getLogger("frontlines.store.migrate")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql" or not _has_geometry(bind):
        return
    if not _btree_gist(bind):
        return
    op.execute(
        "CREATE TABLE merged_event_reach ("
        "merged_id VARCHAR(32) NOT NULL REFERENCES merged_events (id) ON DELETE CASCADE, "
        "family TEXT NOT NULL, week INTEGER NOT NULL, box geometry(Polygon, 4326) NOT NULL)"
    )
    op.execute("CREATE INDEX ix_merged_event_reach_box ON merged_event_reach USING gist (week, box)")
    op.execute("CREATE INDEX ix_merged_event_reach_merged_id ON merged_event_reach (merged_id)")
    stored = bind.execute(sa.text("SELECT count(*) FROM merged_events")).scalar()
    if stored:
        log.warning("%d merged event(s) removed: the next merge makes them again from their reports", stored)
        for table in ("merged_event_blocks", "merged_event_reports", "merged_events"):
            op.execute(f"DELETE FROM {table}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE IF EXISTS merged_event_reach")


def _has_geometry(bind) -> bool:
    query = sa.text(
        "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = 'merged_events' AND column_name = 'geom'"
    )
    return bind.execute(query).first() is not None


def _btree_gist(bind) -> bool:
    """btree_gist is there, or is created now (in a savepoint, as 0002 creates PostGIS)."""
    if bind.execute(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'btree_gist'")).first():
        return True
    try:
        with bind.begin_nested():
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS btree_gist"))
    except sa.exc.DBAPIError as err:
        log.warning("no btree_gist on this PostgreSQL (%s): the merge looks up grid blocks", str(err).splitlines()[0])
        return False
    return True
