"""Documents and their events in a database: SQLite in a file by default, any SQLAlchemy URL
(PostgreSQL) with the same code.

A document and its events are written in one transaction, keyed by the document's content
id, so storing the same page twice adds nothing and an interrupted run leaves no half page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

import platformdirs
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    insert,
    select,
)
from sqlalchemy.engine import Engine

from ..model import Event, ExtractResult

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

events = Table(
    "events",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("document_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("event_type", Text, nullable=False),
    Column("sub_event_type", Text, nullable=False),
    Column("actor1", Text),
    Column("assoc_actor_1", Text),
    Column("actor2", Text),
    Column("assoc_actor_2", Text),
    Column("location", Text),
    Column("admin1", Text),
    Column("country", Text, index=True),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("geo_precision", Integer),
    Column("event_date", Date, index=True),
    Column("time_precision", Integer),
    Column("historical", Boolean, nullable=False),
    Column("fatalities", Integer, nullable=False),
    Column("reported_by", JSON, nullable=False),
    Column("claimed_by", JSON, nullable=False),
    Column("evidence_text", Text, nullable=False),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("confidence", Float, nullable=False),
)


def default_db_path() -> Path:
    return Path(platformdirs.user_data_dir("frontlines")) / "frontlines.sqlite"


def database_url(db: str | os.PathLike | None) -> str:
    """A path becomes a SQLite URL; a URL (postgresql+psycopg://…) is used as it is."""
    db = db or os.environ.get("FRONTLINES_DB")
    if db and "://" in str(db):
        return str(db)
    path = Path(db) if db else default_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _event_id(document_id: str, index: int, ev: Event) -> str:
    key = f"{document_id}|{index}|{ev.evidence.start}|{ev.sub_event_type}|{ev.actor1}|{ev.location}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


class Store:
    def __init__(self, db: str | os.PathLike | None = None):
        url = database_url(db)
        self.engine: Engine = create_engine(url)
        if url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_pragmas)
        metadata.create_all(self.engine)

    def has_document(self, document_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(documents.c.id).where(documents.c.id == document_id)).first() is not None

    def add(self, result: ExtractResult) -> bool:
        """Store a document with its events; False when it was already stored."""
        doc = result.document
        with self.engine.begin() as conn:
            if conn.execute(select(documents.c.id).where(documents.c.id == doc.id)).first():
                return False
            conn.execute(
                insert(documents).values(
                    id=doc.id,
                    source=doc.source,
                    url=doc.url,
                    title=doc.title,
                    published=doc.published,
                    origin=doc.origin,
                    ingested_at=dt.datetime.now(dt.timezone.utc),
                    document=doc.model_dump(mode="json"),
                )
            )
            rows = [_event_row(doc.id, i, ev) for i, ev in enumerate(result.events)]
            if rows:
                conn.execute(insert(events), rows)
        return True

    def events(
        self,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        event_type: str | None = None,
        country: str | None = None,
    ) -> list[dict]:
        query = select(events, documents.c.url, documents.c.source).join(documents).order_by(
            events.c.event_date, events.c.id
        )
        if since:
            query = query.where(events.c.event_date >= since)
        if until:
            query = query.where(events.c.event_date <= until)
        if event_type:
            query = query.where((events.c.event_type == event_type) | (events.c.sub_event_type == event_type))
        if country:
            query = query.where(events.c.country == country)
        with self.engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def counts(self) -> tuple[int, int]:
        from sqlalchemy import func

        with self.engine.connect() as conn:
            n_docs = conn.execute(select(func.count()).select_from(documents)).scalar_one()
            n_events = conn.execute(select(func.count()).select_from(events)).scalar_one()
        return n_docs, n_events


def _event_row(document_id: str, index: int, ev: Event) -> dict:
    data = ev.model_dump(mode="python")
    evidence = data.pop("evidence")
    return {
        **data,
        "id": _event_id(document_id, index, ev),
        "document_id": document_id,
        "evidence_text": evidence["text"],
        "evidence_start": evidence["start"],
        "evidence_end": evidence["end"],
    }


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL keeps readers working during an ingest; foreign keys are off by default in SQLite.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()

