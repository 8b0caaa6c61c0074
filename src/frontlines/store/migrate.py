"""Brings a database to the schema the code reads and writes (`schema.SCHEMA_VERSION`) with the
alembic migrations in `migrations/`, run on the store's own connection: no alembic.ini.

A database at that revision is left alone, after one query that takes no lock, so that opening
the store never waits on a writer. Any other is migrated under a lock (BEGIN IMMEDIATE on SQLite,
an advisory lock on PostgreSQL), and its revision read again under it: two processes opening one
fresh database at once migrate it once. A database made before migrations (frontlines' tables,
no alembic_version) has its tables checked against the baseline's, then the baseline records it
(and adds the tables it lacks). A revision this code does not know is one of a newer frontlines:
`SchemaError`, and the database is not touched.

A change to `schema.py` needs a migration beside it, and `SCHEMA_VERSION` set to its revision;
tests/test_migrations.py checks that the migrations give exactly `schema.metadata`. Alembic can
write the migration from the difference, on a database at the current revision:

    from alembic import command
    from frontlines.store import Store
    from frontlines.store.migrate import alembic_config

    with Store(path).engine.connect() as conn:
        command.revision(alembic_config(conn), "what changed", rev_id="0002", autogenerate=True)
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.pool import NullPool

from .schema import SCHEMA_VERSION, SPATIAL_COLUMNS, SPATIAL_INDEXES, metadata

# SQLite has one writer at a time, and another ingest's merge can hold the lock for longer than the
# driver's default wait of 5 s: a writer waits this long for its turn before "database is locked".
SQLITE_WAIT_S = 300

BASELINE = "0001"
_VERSION_TABLE = "alembic_version"  # alembic's default, where it records the revision
# The key of the PostgreSQL advisory lock that migrations take ("fron").
_POSTGRES_LOCK = 0x66726F6E

log = logging.getLogger(__name__)


class SchemaError(RuntimeError):
    """A database this code cannot bring to its schema."""


def alembic_config(connection: Connection | None = None) -> Config:
    """The migrations of the package, to run on `connection`."""
    config = Config()
    config.set_main_option("script_location", "frontlines.store:migrations")
    config.attributes["connection"] = connection
    return config


def frontlines_tables_only(name: str | None, type_: str, _parent_names: dict) -> bool:
    """Alembic's `include_name`: the comparison of the database with `schema.metadata` looks at
    frontlines' tables only, not at others sharing the database (PostGIS's spatial_ref_sys), and
    leaves out the geometry that only PostGIS databases have (migration 0002)."""
    if type_ == "table":
        return name in metadata.tables
    if type_ == "column":
        return name not in SPATIAL_COLUMNS
    if type_ == "index":
        return name not in SPATIAL_INDEXES
    return True


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def revision(conn: Connection) -> str | None:
    """The revision a database is at; None for one without migrations (empty, or made before them).
    Read directly rather than through alembic's MigrationContext, which logs two lines at INFO
    on every open of the store."""
    if not inspect(conn).has_table(_VERSION_TABLE):
        return None
    return conn.execute(text(f"SELECT version_num FROM {_VERSION_TABLE}")).scalar_one_or_none()


def upgrade(engine: Engine) -> None:
    """Bring the database to `SCHEMA_VERSION`."""
    with engine.connect() as conn:
        if revision(conn) == SCHEMA_VERSION:
            return
    with _locked(engine) as conn:
        current = revision(conn)
        known = {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
        if current is not None and current not in known:
            raise SchemaError(
                f"the database is at schema revision {current}, which this frontlines does not know "
                f"(its newest is {SCHEMA_VERSION}): it was written by a newer frontlines"
            )
        if current is None:
            adopted = _check_baseline_tables(conn)
            if adopted:
                log.info("database made before migrations: its tables %s are the baseline's", ", ".join(adopted))
        if current != SCHEMA_VERSION:
            log.info("migrating the database from schema revision %s to %s", current, SCHEMA_VERSION)
            command.upgrade(alembic_config(conn), SCHEMA_VERSION)


def drop_schema(url: str) -> None:
    """Remove every table of frontlines from a database, the PostGIS-only ones and the schema
    revision included (tests and benchmarks start from an empty PostgreSQL this way)."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS merged_event_reach"))  # migration 0003's
        metadata.drop_all(engine)
        with engine.begin() as conn:
            conn.execute(text(f"DROP TABLE IF EXISTS {_VERSION_TABLE}"))
    finally:
        engine.dispose()


def _check_baseline_tables(conn: Connection) -> list[str]:
    """The baseline tables the database already has, after checking that each has the baseline's
    columns. Other tables (PostGIS's spatial_ref_sys, say) are not frontlines' business."""
    baseline = _baseline_columns()
    inspector = inspect(conn)
    present = sorted(set(inspector.get_table_names()) & baseline.keys())
    for table in present:
        columns = {c["name"] for c in inspector.get_columns(table)}
        if columns != baseline[table]:
            missing, extra = sorted(baseline[table] - columns), sorted(columns - baseline[table])
            raise SchemaError(
                f"the database's table {table} is not frontlines' (columns missing: {', '.join(missing) or 'none'}; "
                f"not frontlines': {', '.join(extra) or 'none'}), and it has no schema revision: not migrating it"
            )
    return present


def _baseline_columns() -> dict[str, set[str]]:
    """Each table of the baseline with its column names, from the baseline run on an empty
    in-memory database."""
    scratch = create_engine("sqlite://")
    try:
        with scratch.connect() as conn:
            command.upgrade(alembic_config(conn), BASELINE)
            inspector = inspect(conn)
            return {t: {c["name"] for c in inspector.get_columns(t)} for t in inspector.get_table_names()}
    finally:
        scratch.dispose()


@contextmanager
def _locked(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that no other process migrating the database runs beside."""
    if engine.dialect.name != "sqlite":
        with engine.begin() as conn:
            if engine.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _POSTGRES_LOCK})
            yield conn
        return
    # pysqlite begins a transaction only before a write and runs DDL outside any: a connection of
    # its own that says BEGIN IMMEDIATE takes the write lock first, and its DDL commits as one.
    locking = create_engine(engine.url, poolclass=NullPool, connect_args={"timeout": SQLITE_WAIT_S})
    event.listen(locking, "connect", _own_transactions)
    event.listen(locking, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
    try:
        with locking.begin() as conn:
            yield conn
    finally:
        locking.dispose()


def _own_transactions(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None
