"""Storage and its schema migrations on SQLite and PostgreSQL with the same code."""

import datetime as dt
import subprocess
import sys
import time

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, MetaData, String, Table, create_engine, insert, text

from frontlines.model import Comment, Document, Event, Evidence, ExtractResult
from frontlines.store import Store
from frontlines.store import database_url as sqlalchemy_url
from frontlines.store.migrate import SchemaError, frontlines_tables_only, head_revision, revision
from frontlines.store.schema import SCHEMA_VERSION, documents, events, metadata, minhashes


def result(doc_id="d1", body="Syrian troops recaptured Palmyra on Thursday.", country="Syria", date=dt.date(2017, 3, 2)):
    doc = Document(
        id=doc_id, source="Levant Dispatch", url=f"https://example.org/{doc_id}", title="Palmyra",
        published=dt.date(2017, 3, 3), body=body, comments=[Comment(author="a", text="ISIS took Homs")],
    )
    ev = Event(
        event_type="Battles", sub_event_type="Government regains territory",
        actor1="Military Forces of Syria", actor2="Islamic State (Syria)", location="Tadmur",
        admin1="Homs", country=country, latitude=34.56, longitude=38.28, geo_precision=1,
        event_date=date, time_precision=1, fatalities=3, reported_by=["Levant Dispatch", "SANA"],
        claimed_by=["Military Forces of Syria"], evidence=Evidence(text=body, start=0, end=len(body)),
        confidence=0.6,
    )
    return ExtractResult(document=doc, events=[ev, ev.model_copy()])


def test_store_round_trip_and_idempotence(database_url):
    store = Store(database_url)
    assert store.add(result()) is True
    assert store.add(result()) is False
    assert store.counts() == (1, 2)
    (row, _) = store.events()
    assert row.sub_event_type == "Government regains territory"
    assert row.reported_by == ["Levant Dispatch", "SANA"]
    assert row.event_date == dt.date(2017, 3, 2)
    assert row.url == "https://example.org/d1"
    assert store.has_document("d1") and not store.has_document("other")


def test_store_filters(database_url):
    store = Store(database_url)
    store.add(result("a", date=dt.date(2017, 3, 2)))
    store.add(result("b", country="Iraq", date=dt.date(2017, 6, 1)))
    assert len(store.events(country="Iraq")) == 2
    assert len(store.events(since=dt.date(2017, 5, 1))) == 2
    assert len(store.events(until=dt.date(2017, 5, 1))) == 2
    assert len(store.events(event_type="Battles")) == 4
    assert len(store.events(event_type="Government regains territory")) == 4
    assert store.events(event_type="Protests") == []


# -- the schema and its migrations ------------------------------------------------------------------


def test_schema_version_is_the_newest_migration():
    assert head_revision() == SCHEMA_VERSION


def test_migrations_give_exactly_the_schema(database_url):
    store = Store(database_url)
    with store.engine.connect() as conn:
        assert revision(conn) == SCHEMA_VERSION
        assert schema_differences(conn) == []


def old_layout(engine, *, with_minhashes):
    """A database as frontlines made it before migrations (metadata.create_all, no alembic_version),
    with one page and its event."""
    metadata.create_all(engine, tables=[t for t in metadata.sorted_tables if with_minhashes or t is not minhashes])
    with engine.begin() as conn:
        conn.execute(
            insert(documents).values(
                id="old", source="SANA", url="https://sana.example/old", title="Palmyra", published=dt.date(2017, 3, 3),
                ingested_at=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc), document={"id": "old"},
            )
        )  # fmt: skip
        conn.execute(
            insert(events).values(
                id="old-event", document_id="old", event_type="Battles", sub_event_type="Government regains territory",
                actor1="Military Forces of Syria", location="Tadmur", country="Syria", event_date=dt.date(2017, 3, 2),
                historical=False, fatalities=3, reported_by=["SANA"], claimed_by=[], evidence_text="Troops retook it.",
                evidence_start=0, evidence_end=17, confidence=0.6,
            )
        )  # fmt: skip


# The code before migrations made document_minhashes only when merge/syndication.py was imported first.
@pytest.mark.parametrize("with_minhashes", [True, False])
def test_a_database_made_before_migrations_is_recorded_at_the_baseline_and_still_read(database_url, with_minhashes):
    engine = create_engine(sqlalchemy_url(database_url))
    old_layout(engine, with_minhashes=with_minhashes)
    engine.dispose()
    store = Store(database_url)
    with store.engine.connect() as conn:
        assert revision(conn) == SCHEMA_VERSION
        assert schema_differences(conn) == []
    assert store.counts() == (1, 1)
    (event,) = store.events()
    assert (event.id, event.url, event.event_date) == ("old-event", "https://sana.example/old", dt.date(2017, 3, 2))
    assert store.add(result("new")) is True
    assert store.counts() == (2, 3)


def test_a_database_of_a_newer_frontlines_is_refused(database_url):
    store = Store(database_url)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(SchemaError, match="schema revision 9999, which this frontlines does not know") as refused:
        Store(database_url)
    assert "\n" not in str(refused.value)


def test_a_table_of_the_same_name_that_is_not_frontlines_is_refused(database_url):
    engine = create_engine(sqlalchemy_url(database_url))
    Table("documents", MetaData(), Column("id", String(32), primary_key=True), Column("body", String)).create(engine)
    engine.dispose()
    with pytest.raises(SchemaError, match="table documents is not frontlines'.*not frontlines': body"):
        Store(database_url)


def schema_differences(conn):
    import warnings

    from sqlalchemy.exc import SAWarning

    context = MigrationContext.configure(conn, opts={"include_name": frontlines_tables_only})
    with warnings.catch_warnings():
        # Reflection meets PostGIS's geometry (migration 0002) before include_name leaves it out.
        warnings.filterwarnings("ignore", message="Did not recognize type 'geometry'", category=SAWarning)
        return compare_metadata(context, metadata)


OPEN_AT = """
import sys, time
from frontlines.store import Store
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))
Store(sys.argv[1])
"""


def test_processes_opening_one_fresh_database_at_once_all_succeed(database_url):
    start = time.time() + 4  # once every process has imported frontlines: they reach the empty database together
    processes = [
        subprocess.Popen([sys.executable, "-c", OPEN_AT, database_url, str(start)], stderr=subprocess.PIPE, text=True)
        for _ in range(6)
    ]
    errors = [p.communicate(timeout=120)[1] for p in processes]
    assert [p.returncode for p in processes] == [0] * len(processes), errors
    with Store(database_url).engine.connect() as conn:
        assert revision(conn) == SCHEMA_VERSION


def test_postgis_answers_a_bbox_from_its_gist_index(database_url):
    from sqlalchemy import select

    from frontlines.store.queries import EventFilter
    from frontlines.store.schema import merged_events

    store = Store(database_url)
    if not database_url.startswith("postgresql"):
        assert not store.spatial  # SQLite compares coordinates
        return
    assert store.spatial, "CI's PostgreSQL has PostGIS: migration 0002 makes the geometry"
    for box in [(36.0, 32.0, 42.0, 37.0), (170.0, -10.0, -170.0, 10.0)]:  # the second across the antimeridian
        query = select(merged_events.c.id).where(*EventFilter(bbox=box).conditions(spatial=True))
        with store.engine.connect() as conn:
            conn.execute(text("SET enable_seqscan = off"))  # an empty table is read whole otherwise
            compiled = query.compile(conn, compile_kwargs={"literal_binds": True})
            plan = "\n".join(row[0] for row in conn.execute(text(f"EXPLAIN {compiled}")))
        assert "ix_merged_events_geom" in plan, plan


def test_postgis_finds_merge_candidates_from_its_gist_index(database_url):
    """The merge's candidate search on PostGIS is an index query of the reports' reach boxes."""
    import datetime as dt

    from frontlines.store import store as store_module
    from frontlines.store.reach import Reach

    store = Store(database_url)
    if not store.spatial:
        assert not database_url.startswith("postgresql"), "CI's PostgreSQL has PostGIS: migration 0003 makes the index"
        return
    reach = Reach("air", 35.0, 38.0, 2.0, dt.date(2017, 3, 1), dt.date(2017, 3, 1))
    with store.engine.connect() as conn:
        conn.execute(text("SET enable_seqscan = off"))  # an empty table is read whole otherwise
        explain = text("EXPLAIN " + store_module._REACHING.text)
        plan = "\n".join(conn.execute(explain, store_module._reach_rows([reach])).scalars())
    assert "ix_merged_event_reach_box" in plan, plan
