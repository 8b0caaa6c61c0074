"""Alembic's environment for frontlines' migrations.

`frontlines.store.migrate` runs it on a connection of its own, passed in
`config.attributes["connection"]`, inside the transaction that holds its lock: alembic then
commits nothing itself. Alembic loads this file by path, outside the package, hence the
absolute import.
"""

from alembic import context

from frontlines.store.migrate import frontlines_tables_only
from frontlines.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("frontlines' migrations run through frontlines.store.migrate, which passes the connection")
# Batch operations: SQLite alters a table only by copying it, which autogenerate then writes out.
context.configure(
    connection=connection, target_metadata=metadata, include_name=frontlines_tables_only, render_as_batch=True
)
with context.begin_transaction():
    context.run_migrations()
