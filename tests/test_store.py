"""Storage on SQLite and PostgreSQL with the same code."""

import datetime as dt

from frontlines.model import Comment, Document, Event, Evidence, ExtractResult
from frontlines.store import Store


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
    assert row["sub_event_type"] == "Government regains territory"
    assert row["reported_by"] == ["Levant Dispatch", "SANA"]
    assert row["event_date"] == dt.date(2017, 3, 2)
    assert row["url"] == "https://example.org/d1"
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
