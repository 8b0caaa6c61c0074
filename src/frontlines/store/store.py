"""The store: documents and their events, and the merged events, read and written.

A document and its events are written in one transaction, keyed by the document's content
id, so storing the same page twice adds nothing and an interrupted run leaves no half page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields
from functools import cache
from operator import attrgetter
from pathlib import Path

import platformdirs
from sqlalchemy import Table, bindparam, create_engine, delete, event, func, insert, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine, Row

from ..model import Event, ExtractResult
from . import migrate
from .queries import EventFilter, after_key, page_order
from .reach import Reach
from .rows import MergedEvent, Report, ReportLink, StoredEvent
from .schema import documents, events, merged_event_blocks, merged_event_reports, merged_events


def default_db_path() -> Path:
    return Path(platformdirs.user_data_dir("frontlines")) / "frontlines.sqlite"


def database_url(db: str | os.PathLike | None) -> str:
    """A path becomes a SQLite URL; a URL (postgresql+psycopg://…) is used as it is; None is
    the default file (the `db` setting is passed in by the command line)."""
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
        sqlite = url.startswith("sqlite")
        self.engine: Engine = create_engine(url, connect_args={"timeout": migrate.SQLITE_WAIT_S} if sqlite else {})
        if sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        migrate.upgrade(self.engine)
        self.spatial = not sqlite and _has_geometry(self.engine)

    def document_ids(self) -> set[str]:
        with self.engine.connect() as conn:
            return set(conn.scalars(select(documents.c.id)))

    def syndicated_of(self, document_id: str) -> str | None:
        """The page a stored page copies, as stored (None: it is an original)."""
        with self.engine.connect() as conn:
            return conn.execute(select(documents.c.syndicated_of).where(documents.c.id == document_id)).scalar()

    def has_document(self, document_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(documents.c.id).where(documents.c.id == document_id)).first() is not None

    def add(
        self,
        result: ExtractResult,
        *,
        syndicated_of: str | None = None,
        extra_rows: Sequence[tuple[Table, dict]] = (),
    ) -> bool:
        """Store a document with its events; False when it was already stored.

        `extra_rows` are rows of other tables that belong to the document (its MinHash signature),
        written in the same transaction so that a killed ingest never leaves one without the other.
        """
        doc = result.document
        with self.engine.begin() as conn:
            # Insert-or-ignore, not check-then-insert: another ingest may store the same page
            # between a check and the insert.
            added = conn.execute(
                _insert_new(conn, documents).values(
                    id=doc.id,
                    source=doc.source,
                    url=doc.url,
                    title=doc.title,
                    published=doc.published,
                    origin=doc.origin,
                    syndicated_of=syndicated_of,
                    ingested_at=dt.datetime.now(dt.timezone.utc),
                    document=doc.model_dump(mode="json"),
                )
                .returning(documents.c.id)
            ).first()
            if added is None:
                return False
            rows = [_event_row(doc.id, i, ev) for i, ev in enumerate(result.events)]
            if rows:
                conn.execute(insert(events), rows)
            for table, row in extra_rows:
                conn.execute(insert(table).values(**row))
        return True

    def events(
        self,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        event_type: str | None = None,
        country: str | None = None,
    ) -> list[StoredEvent]:
        # NULLS LAST spelled out: SQLite and PostgreSQL order undated events differently by default.
        query = select(events, documents.c.url, documents.c.source).join(documents).order_by(
            events.c.event_date.is_(None), events.c.event_date, events.c.id
        )
        if since:
            query = query.where(events.c.event_date >= since)
        if until:
            query = query.where(events.c.event_date <= until)
        if event_type:
            query = query.where((events.c.event_type == event_type) | (events.c.sub_event_type == event_type))
        if country:
            query = query.where(events.c.country == country)
        return _typed(StoredEvent, self._rows(query))

    def counts(self) -> tuple[int, int]:
        with self.engine.connect() as conn:
            n_docs = conn.execute(select(func.count()).select_from(documents)).scalar_one()
            n_events = conn.execute(select(func.count()).select_from(events)).scalar_one()
        return n_docs, n_events

    # -- merged events (frontlines.merge) ---------------------------------------------------------

    def reports(
        self,
        *,
        pending: bool = False,
        merged_ids: Iterable[str] | None = None,
        document_ids: Iterable[str] | None = None,
    ) -> list[Report]:
        """Events as reports, with their page's outlet, URL, date and syndication and the merged event
        they belong to. `pending`: the ones not merged yet, or whose page became a copy since."""
        link = merged_event_reports
        # The reports of given merged events start from their links (an inner join that
        # SQLite plans from the merged_id index); the others keep the reports not merged yet.
        by_merged_event = merged_ids is not None and not pending
        query = (
            select(
                events,
                documents.c.source.label("outlet"),
                documents.c.url,
                documents.c.published,
                documents.c.syndicated_of.label("document_syndicated_of"),
                link.c.merged_id,
                link.c.copy_of,
                link.c.claim,
                link.c.origins,
            )
            .join(documents, events.c.document_id == documents.c.id)
            .join(link, link.c.event_id == events.c.id, isouter=not by_merged_event)
            .order_by(events.c.id)
        )
        if pending:
            stale = link.c.syndicated_of.is_distinct_from(documents.c.syndicated_of)
            rows = self._rows(query.where(link.c.merged_id.is_(None) | stale))
        elif merged_ids is not None:
            rows = self._rows_in(query, link.c.merged_id, merged_ids)
        elif document_ids is not None:
            rows = self._rows_in(query, events.c.document_id, document_ids)
        else:
            rows = self._rows(query)
        return _typed(Report, rows)

    def merged_ids_near(self, reaches: Iterable[Reach]) -> set[str]:
        """The merged events with a report whose reach may touch one of these (store/reach.py):
        more than touch, never fewer. PostGIS asks its GiST index of reach boxes; elsewhere the
        reaches' grid blocks are looked up."""
        if self.spatial:
            return self._merged_ids_reaching(list(reaches))
        query = select(merged_event_blocks.c.merged_id).distinct()
        blocks = {block for reach in reaches for block in reach.blocks()}
        return {row.merged_id for row in self._rows_in(query, merged_event_blocks.c.block, blocks)}

    def _merged_ids_reaching(self, reaches: list[Reach]) -> set[str]:
        found: set[str] = set()
        with self.engine.connect() as conn:
            for chunk in _chunks(reaches, _REACH_CHUNK):
                found.update(conn.scalars(_REACHING, _reach_rows(chunk)))
        return found

    def syndication_roots(self, document_ids: Iterable[str]) -> dict[str, tuple[str, str | None]]:
        """For each page, the first page of its text and that page's outlet (itself if no copy)."""
        parent: dict[str, tuple[str | None, str | None]] = {}
        todo = set(document_ids)
        query = select(documents.c.id, documents.c.syndicated_of, documents.c.source)
        while todo:
            rows = self._rows_in(query, documents.c.id, todo)
            parent.update({r.id: (r.syndicated_of, r.source) for r in rows})
            todo = {r.syndicated_of for r in rows if r.syndicated_of and r.syndicated_of not in parent}
        roots = {}
        for doc_id in parent:
            root, seen = doc_id, {doc_id}
            while parent.get(root, (None,))[0] and parent[root][0] not in seen:
                root = parent[root][0]
                seen.add(root)
            roots[doc_id] = (root, parent[root][1])
        return roots

    def replace_merged(
        self, remove: Iterable[str], records: list[MergedEvent], links: list[ReportLink], reaches: list[tuple[str, Reach]]
    ) -> None:
        """Swap merged events for their new versions, with their report links and the reaches
        of their reports (merged id, reach) indexed, in one transaction."""
        with self.engine.begin() as conn:
            _lock_merged(conn)
            # The records' own ids too: another merge running beside this one (two ingests at once)
            # may have written them since this merge read the store.
            remove = set(remove) | {record.id for record in records}
            for chunk in _chunks(sorted({link.event_id for link in links})):
                conn.execute(delete(merged_event_reports).where(merged_event_reports.c.event_id.in_(chunk)))
            for chunk in _chunks(sorted(remove)):
                if self.spatial:
                    conn.execute(text("DELETE FROM merged_event_reach WHERE merged_id = ANY(:ids)"), {"ids": chunk})
                for table, column in (
                    (merged_event_blocks, merged_event_blocks.c.merged_id),
                    (merged_event_reports, merged_event_reports.c.merged_id),
                    (merged_events, merged_events.c.id),
                ):
                    conn.execute(delete(table).where(column.in_(chunk)))
            for table, rows in ((merged_events, records), (merged_event_reports, links)):
                if rows:
                    conn.execute(insert(table), [_columns(row) for row in rows])
            self._index_reaches(conn, reaches)

    def _index_reaches(self, conn: Connection, reaches: list[tuple[str, Reach]]) -> None:
        if self.spatial:
            for chunk in _chunks(reaches, _REACH_CHUNK):
                conn.execute(_INDEX_REACHES, _reach_rows([r for _, r in chunk], [m for m, _ in chunk]))
            return
        # Rows sorted by key fill the indexes in order instead of at random pages.
        blocks = sorted({(merged_id, block) for merged_id, reach in reaches for block in reach.blocks()})
        if blocks:
            conn.execute(insert(merged_event_blocks), [{"merged_id": m, "block": b} for m, b in blocks])

    def clear_merged(self) -> None:
        with self.engine.begin() as conn:
            if self.spatial:
                conn.execute(text("DELETE FROM merged_event_reach"))
            conn.execute(delete(merged_event_blocks))
            conn.execute(delete(merged_event_reports))
            conn.execute(delete(merged_events))

    def merged_events(
        self,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        event_type: str | None = None,
        country: str | None = None,
        sub_event_types: Iterable[str] | None = None,
        ids: Iterable[str] | None = None,
        with_reports: bool = True,
    ) -> list[MergedEvent]:
        """Merged events by date, each with its `reports` (as `reports()` gives them) when asked for."""
        query = select(merged_events)
        if since:
            query = query.where(merged_events.c.event_date >= since)
        if until:
            query = query.where(merged_events.c.event_date <= until)
        if event_type:
            query = query.where(
                (merged_events.c.event_type == event_type) | (merged_events.c.sub_event_type == event_type)
            )
        if country:
            query = query.where(merged_events.c.country == country)
        if sub_event_types is not None:
            query = query.where(merged_events.c.sub_event_type.in_(list(sub_event_types)))
        rows = self._rows_in(query, merged_events.c.id, ids) if ids is not None else self._rows(query)
        # Undated last on every database (SQLite sorts NULL first, PostgreSQL last), and in date
        # order across the chunks of `ids`.
        rows.sort(key=lambda r: (r.event_date is None, r.event_date or dt.date.min, r.id))
        # Every merged event (an export): all reports in one pass beats chunks of ids.
        everything = ids is None and sub_event_types is None and not (since or until or event_type or country)
        return self._merged(rows, with_reports, all_reports=everything)

    def merged_page(
        self,
        where: EventFilter,
        *,
        after: tuple[dt.date | None, str] | None = None,
        limit: int,
    ) -> list[MergedEvent]:
        """Up to `limit` merged events that pass `where`, with their reports, undated last, then
        by date and id, starting after the (event_date, id) of the last event of the page before."""
        query = select(merged_events).where(*where.conditions(spatial=self.spatial)).order_by(*page_order()).limit(limit)
        if after is not None:
            query = query.where(after_key(*after))
        return self._merged(self._rows(query), with_reports=True)

    def count_merged(self, where: EventFilter) -> int:
        query = select(func.count()).select_from(merged_events).where(*where.conditions(spatial=self.spatial))
        with self.engine.connect() as conn:
            return conn.execute(query).scalar_one()

    def merged_facets(self, where: EventFilter, columns: Sequence[str], *, top: int) -> dict[str, list[tuple[str, int]]]:
        """For each column, its `top` most frequent values among the events that pass `where`,
        with their counts, most frequent first (unknown values left out)."""
        facets = {}
        with self.engine.connect() as conn:
            for name in columns:
                column = merged_events.c[name]
                count = func.count().label("n")
                query = (
                    select(column, count)
                    .where(*where.conditions(spatial=self.spatial), column.is_not(None))
                    .group_by(column)
                    .order_by(count.desc(), column)
                    .limit(top)
                )
                facets[name] = [(value, n) for value, n in conn.execute(query)]
        return facets

    def merged_extent(self) -> tuple[tuple[float, float, float, float] | None, dt.date | None, dt.date | None]:
        """The box (min lon, min lat, max lon, max lat) of the located merged events, and their first and last date."""
        c = merged_events.c
        query = select(
            func.min(c.longitude), func.min(c.latitude), func.max(c.longitude), func.max(c.latitude),
            func.min(c.event_date), func.max(c.event_date),
        )  # fmt: skip
        with self.engine.connect() as conn:
            min_lon, min_lat, max_lon, max_lat, first, last = conn.execute(query).one()
        box = None if min_lon is None else (min_lon, min_lat, max_lon, max_lat)
        return box, first, last

    def document(self, document_id: str) -> dict | None:
        """The stored segmented page, as `extract` prints its document; None when not stored."""
        with self.engine.connect() as conn:
            return conn.execute(select(documents.c.document).where(documents.c.id == document_id)).scalar_one_or_none()

    def merged_ids_of_document(self, document_id: str) -> list[str]:
        """The merged events that a report from this page stands in, in order of their ids."""
        query = (
            select(merged_event_reports.c.merged_id)
            .join(events, events.c.id == merged_event_reports.c.event_id)
            .where(events.c.document_id == document_id)
            .distinct()
            .order_by(merged_event_reports.c.merged_id)
        )
        return [row.merged_id for row in self._rows(query)]

    def _merged(self, rows: list[Row], with_reports: bool, *, all_reports: bool = False) -> list[MergedEvent]:
        """Rows of `merged_events` as merged events, each with its reports by publication date when
        asked for: the reports of these rows' ids, or every stored report (`all_reports`) when the
        rows are every merged event."""
        by_merged_id: dict[str, list[Report]] = defaultdict(list)
        if with_reports and rows:
            reports = self.reports() if all_reports else self.reports(merged_ids={r.id for r in rows})
            reports.sort(key=lambda r: (r.published is None, r.published or dt.date.min, r.id))
            for report in reports:
                by_merged_id[report.merged_id].append(report)
        _check_fields(MergedEvent, rows, "reports")
        return [MergedEvent(*row, tuple(by_merged_id.get(row.id, ()))) for row in rows]

    def _rows(self, query) -> list[Row]:
        with self.engine.connect() as conn:
            return list(conn.execute(query))

    def _rows_in(self, query, column, values: Iterable) -> list[Row]:
        """The rows of `query` whose `column` is one of `values`, asked in chunks (SQLite limits
        the parameters of one statement)."""
        # One statement for every chunk: compiled once, its list of values expanded when run.
        query = query.where(column.in_(bindparam("values", expanding=True)))
        rows = []
        with self.engine.connect() as conn:
            for chunk in _chunks(sorted(set(values))):
                rows.extend(conn.execute(query, {"values": chunk}))
        return rows


_CHUNK = 900


def _chunks(values: list, size: int = _CHUNK) -> Iterator[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# PostGIS (migration 0003): a box for each week a report of a merged event reaches, in a GiST
# index over (week, box). Reaches travel as one array per column (unnest), so a chunk of
# thousands is one statement.
_REACH_CHUNK = 5_000
_REACH_COLUMNS = ("family", "week", "west", "south", "east", "north")
_ARRAYS = (
    "CAST(:family AS text[]), CAST(:week AS int[]), CAST(:west AS float8[]), CAST(:south AS float8[]), "
    "CAST(:east AS float8[]), CAST(:north AS float8[])"
)
_BOX = "ST_MakeEnvelope(w.west, w.south, w.east, w.north, 4326)"
_REACHING = text(
    f"SELECT DISTINCT r.merged_id FROM unnest({_ARRAYS}) AS w({', '.join(_REACH_COLUMNS)}) "
    f"JOIN merged_event_reach r ON r.week = w.week AND r.box && {_BOX} AND r.family = w.family"
)
_INDEX_REACHES = text(
    f"INSERT INTO merged_event_reach (merged_id, family, week, box) SELECT w.merged_id, w.family, w.week, {_BOX} "
    f"FROM unnest(CAST(:ids AS text[]), {_ARRAYS}) AS w(merged_id, {', '.join(_REACH_COLUMNS)})"
)


def _reach_rows(reaches: Sequence[Reach], merged_ids: Sequence[str] = ()) -> dict[str, list]:
    """Reaches as rows of merged_event_reach (with their merged ids, when given), a list per
    column for unnest(): a row for each week a reach spans."""
    rows = [
        (*merged_ids[n : n + 1], reach.family, week, *reach.bounds())
        for n, reach in enumerate(reaches)
        for week in reach.weeks()
    ]
    columns = ("ids",) * bool(merged_ids) + _REACH_COLUMNS
    return {name: [row[i] for row in rows] for i, name in enumerate(columns)}


def _typed(cls: type, rows: list[Row]) -> list:
    """Rows as `cls`, made from their values in order: three times as fast as by name, and a
    merge reads every report."""
    _check_fields(cls, rows)
    return [cls(*row) for row in rows]


def _check_fields(cls: type, rows: list[Row], *added: str) -> None:
    """That the query's columns, then `added`, are the fields of `cls` in order (once per query)."""
    if rows and rows[0]._fields + added != _field_names(cls):
        raise TypeError(f"{cls.__name__} has the fields {_field_names(cls)}, the query gives {rows[0]._fields}")


def _columns(row: MergedEvent | ReportLink) -> dict:
    """The values of the row's table's columns, for an insert."""
    values = dict(zip(_field_names(type(row)), _getter(type(row))(row)))
    if isinstance(row, MergedEvent):
        del values["reports"]  # rows of their own table
    return values


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


@cache
def _getter(cls: type) -> attrgetter:
    return attrgetter(*_field_names(cls))


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


# The key of the PostgreSQL advisory lock that writes of merged events take ("mrgd").
_MERGED_LOCK = 0x6D726764


def _lock_merged(conn: Connection) -> None:
    """Writes of merged events one at a time. SQLite runs one write transaction at a time anyway;
    PostgreSQL would let a second one wait on the first's new rows and then fail on them."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MERGED_LOCK})


def _insert_new(conn: Connection, table: Table):
    """An insert that adds nothing where a row with the same key is stored (with RETURNING, it
    returns no row then: psycopg's pipeline mode gives no rowcount to go by)."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    if conn.dialect.name == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing()
    raise ValueError(f"frontlines stores in SQLite or PostgreSQL, not {conn.dialect.name}")


def _has_geometry(engine: Engine) -> bool:
    """Whether migrations 0002 and 0003 made the PostGIS geometry of merged events and the index
    of their reaches (the server has PostGIS). Asked of information_schema: reflecting the tables
    warns of a type SQLAlchemy does not know."""
    query = text(
        "SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND ((table_name = 'merged_events' AND column_name = 'geom') "
        "OR (table_name = 'merged_event_reach' AND column_name = 'box'))"
    )
    with engine.connect() as conn:
        return conn.execute(query).scalar() == 2


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL keeps readers working during an ingest; foreign keys are off by default in SQLite.
    _switch_to_wal(cursor)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _switch_to_wal(cursor) -> None:
    """WAL journal mode, which the database file keeps once set. Switching needs the database to
    itself, and SQLite answers "database is locked" at once, without its busy wait, while another
    connection holds a lock (another ingest migrating a new database): so the switch is retried,
    for as long as a writer waits for its turn."""
    if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
        return
    deadline = time.monotonic() + migrate.SQLITE_WAIT_S
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")  # an in-memory database stays "memory"
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)

