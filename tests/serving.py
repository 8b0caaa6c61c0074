"""The web service run for real by the tests: uvicorn on a loopback port the system picks, in a
thread of the test process, over a database copied from the fixture corpus."""

from __future__ import annotations

import os
import socket
import threading
import time
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, insert, select

from frontlines.store import Store
from frontlines.store.migrate import drop_schema
from frontlines.store.schema import metadata


@contextmanager
def serving(app):
    """The base URL of `app` served by uvicorn on 127.0.0.1, until the block ends."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def target_database(kind: str, tmp_path) -> str:
    """An empty database of `kind`: an SQLite file, or the PostgreSQL server CI starts (emptied)."""
    if kind == "sqlite":
        return str(tmp_path / "served.sqlite")
    url = os.environ.get("FRONTLINES_TEST_POSTGRES")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI must provide FRONTLINES_TEST_POSTGRES (started by .ci/run)")
        pytest.skip("no PostgreSQL server: set FRONTLINES_TEST_POSTGRES")
    drop_schema(url)
    return url


def copy_database(source: str, target: str) -> Store:
    """Every row of the SQLite file `source` into the store at `target` (migrated first)."""
    store = Store(target)
    reader = create_engine(f"sqlite:///{source}")
    with reader.connect() as old, store.engine.begin() as new:
        for table in metadata.sorted_tables:
            rows = [dict(row._mapping) for row in old.execute(select(table))]
            if rows:
                new.execute(insert(table), rows)
    reader.dispose()
    return store


def table_rows(url: str) -> dict[str, list]:
    """Every frontlines table's rows but the times they were written, in a fixed order. The merge's
    index of where reports reach (grid blocks on SQLite, boxes on PostGIS: store/reach.py) is left
    out: it says how a database finds merged events, not what it holds."""
    store = Store(url)
    out = {}
    with store.engine.connect() as conn:
        for name, table in sorted(metadata.tables.items()):
            if name == "merged_event_blocks":
                continue
            keep = [c for c in table.columns if c.name not in ("ingested_at", "updated_at")]
            out[name] = sorted((tuple(row) for row in conn.execute(table.select().with_only_columns(*keep))), key=repr)
    store.engine.dispose()
    return out
