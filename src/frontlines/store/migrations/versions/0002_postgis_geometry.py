"""PostGIS: a point geometry of each merged event, with a GiST index, on PostgreSQL.

Revision ID: 0002
Revises: 0001

The column is generated from longitude and latitude (WGS 84), so nothing that writes merged
events changes; the web service's bbox filter asks it with `&&`, which the index answers. It is
made only where PostgreSQL has PostGIS (or can create the extension): SQLite, and a PostgreSQL
without it, keep today's comparisons of longitude and latitude. `schema.SPATIAL_COLUMNS` names
what exists only here, so that the comparison with `schema.metadata` leaves it out.
"""

import logging

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

log = logging.getLogger("frontlines.store.migrate")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql" or not _postgis(bind):
        return
    op.execute(
        "ALTER TABLE merged_events ADD COLUMN geom geometry(Point, 4326) "
        "GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)) STORED"
    )
    op.execute("CREATE INDEX ix_merged_events_geom ON merged_events USING gist (geom)")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_merged_events_geom")
        op.execute("ALTER TABLE merged_events DROP COLUMN IF EXISTS geom")


def _postgis(bind) -> bool:
    """PostGIS is there, or is created now (in a savepoint: a server without the extension, or a
    user who may not create it, leaves the migration's transaction usable)."""
    if bind.execute(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")).first():
        return True
    try:
        with bind.begin_nested():
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS postgis"))
    except sa.exc.DBAPIError as err:
        log.warning("no PostGIS on this PostgreSQL (%s): bbox queries compare coordinates", str(err).splitlines()[0])
        return False
    return True
