"""Territorial control: al-Qaryatayn in the fixture corpus changes hands three times (taken by
Islamic State, retaken by the army, taken again), then the government's agency alone says the
army retook it two days later."""

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from frontlines import lexicons
from frontlines.cli import app
from frontlines.merge.control import control_timeline, control_timelines
from frontlines.merge.events import merge_stored_events
from frontlines.model import Document, Event, Evidence, ExtractResult
from frontlines.store import Store


# holder, since, until, contested, only claimed, dates of the merged events behind it
QARYATAYN = [
    ("Military Forces of Syria", None, "2017-08-05", False, False, []),
    ("Islamic State (Syria)", "2017-08-05", "2017-08-27", False, False, ["2017-08-05"]),
    ("Military Forces of Syria", "2017-08-27", "2017-10-01", False, False, ["2017-08-27"]),
    ("Islamic State (Syria)", "2017-10-01", "2017-10-03", True, False, ["2017-10-01"]),
    ("Military Forces of Syria", "2017-10-03", None, True, True, ["2017-10-03"]),
]


@pytest.fixture(scope="module")
def db(corpus_db):
    return corpus_db


def periods(timeline):
    return [
        (
            p.holder, p.since and p.since.isoformat(), p.until and p.until.isoformat(), p.contested, p.claimed,
            [c.date.isoformat() for c in p.changes],
        )
        for p in timeline.periods
    ]  # fmt: skip


@pytest.mark.parametrize("name", ["Al-Qaryatayn", "Qaryatayn", "al-Qaryatain"])
def test_qaryatayn_changes_hands_three_times_then_a_contested_claim(db, name):
    timeline = control_timeline(Store(db), name)
    assert (timeline.location, timeline.admin1, timeline.country) == ("Al-Qaryatayn", "Homs", "Syria")
    assert periods(timeline) == QARYATAYN


def test_every_change_carries_the_events_behind_it(db):
    store = Store(db)
    timeline = control_timeline(store, "Qaryatayn")
    merged = {r.id: r for r in store.merged_events()}
    changes = [c for p in timeline.periods for c in p.changes]
    assert [(c.gained_by, c.lost_by, c.outlets, c.claim_only) for c in changes] == [
        ("Islamic State (Syria)", "Military Forces of Syria", 4, False),
        ("Military Forces of Syria", "Islamic State (Syria)", 4, False),
        ("Islamic State (Syria)", "Military Forces of Syria", 4, False),
        ("Military Forces of Syria", "Islamic State (Syria)", 1, True),
    ]
    for change in changes:
        record = merged[change.event_id]
        assert (record.location, record.event_date) == ("Al-Qaryatayn", change.date)
        assert change.evidence == record.evidence_text
    first = changes[0]
    assert {"Reuters", "Amaq News Agency", "Syrian Observatory for Human Rights", "Hawar News Agency"} <= set(first.sources)
    assert len(merged[first.event_id].reports) == 6  # with the two syndicated copies
    # The conflicting reports inside the window are named on both contested periods.
    taken, claimed = timeline.periods[3], timeline.periods[4]
    assert [c.event_id for c in taken.conflicting] == [claimed.changes[0].event_id]
    assert [c.event_id for c in claimed.conflicting] == [taken.changes[0].event_id]


def test_timelines_are_data_for_the_map(db):
    (timeline,) = control_timelines(Store(db))
    data = json.loads(json.dumps(timeline.to_dict()))
    assert (data["location"], round(data["latitude"], 2), round(data["longitude"], 2)) == ("Al-Qaryatayn", 34.23, 37.24)
    assert [(p["holder"], p["since"], p["until"], p["contested"]) for p in data["periods"]] == [
        (holder, since, until, contested) for holder, since, until, contested, _, _ in QARYATAYN
    ]
    assert data["periods"][1]["changes"][0]["sub_event_type"] == "Non-state actor overtakes territory"


def test_control_command(db):
    runner = CliRunner()
    result = runner.invoke(app, ["control", "Qaryatayn", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json.loads(json.dumps(control_timeline(Store(db), "Qaryatayn").to_dict()))
    table = runner.invoke(app, ["control", "Qaryatayn", "--db", str(db)])
    assert table.exit_code == 0 and "contested" in table.stdout and "claimed only" in table.stdout
    missing = runner.invoke(app, ["control", "Kafr Nabl", "--db", str(db)])
    assert missing.exit_code == 1 and "no change of control" in missing.output


def report(doc_id, outlet, published, sub, actor1, actor2, date):
    text = f"{actor1} {sub} in Maskanah"
    ev = Event(
        event_type=lexicons.taxonomy()[sub].event_type, sub_event_type=sub, actor1=actor1, actor2=actor2,
        location="Maskanah", admin1="Aleppo", country="Syria", latitude=35.96, longitude=38.04, geo_precision=1,
        event_date=date, time_precision=1, reported_by=[outlet], evidence=Evidence(text=text, start=0, end=len(text)),
        confidence=0.8,
    )  # fmt: skip
    doc = Document(id=doc_id, source=outlet, url=f"https://{doc_id}.example/", published=published, body=text)
    return ExtractResult(document=doc, events=[ev])


def test_withdrawals_hand_over_or_leave_the_holder_unknown(tmp_path):
    store = Store(tmp_path / "withdrawals.sqlite")
    d1, d2, d3 = dt.date(2017, 1, 10), dt.date(2017, 3, 5), dt.date(2017, 6, 1)
    capture, withdrawal = "Non-state actor overtakes territory", "Non-violent transfer of territory"
    store.add(report("a", "Reuters", d1, capture, "Islamic State (Syria)", "Military Forces of Syria", d1))
    # One hand-over told two ways the same day: IS left, the SDF took it.
    store.add(report("b", "Smart News Agency", d2, withdrawal, "Islamic State (Syria)", None, d2))
    store.add(report("c", "Hawar News Agency", d2, capture, "QSD: Syrian Democratic Forces", "Islamic State (Syria)", d2))
    store.add(report("d", "Reuters", d3, withdrawal, "QSD: Syrian Democratic Forces", None, d3))
    merge_stored_events(store)
    timeline = control_timeline(store, "Maskanah")
    assert periods(timeline) == [
        ("Military Forces of Syria", None, "2017-01-10", False, False, []),
        ("Islamic State (Syria)", "2017-01-10", "2017-03-05", False, False, ["2017-01-10"]),
        ("QSD: Syrian Democratic Forces", "2017-03-05", "2017-06-01", False, False, ["2017-03-05"]),
        (None, "2017-06-01", None, False, False, ["2017-06-01"]),
    ]
    handover = timeline.periods[2].changes[0]
    assert handover.sub_event_type == capture and handover.outlets == 2
