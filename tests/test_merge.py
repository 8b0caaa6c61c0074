"""Many outlets, one record: the fixture corpus (46 pages by 15 outlets of 7 alignments, with
syndicated wire copies) ingested through the real pipeline and merged, with the merged events an
analyst would code written out below."""

import datetime as dt
import json
import math
from pathlib import Path

import pytest
from sqlalchemy import update

from frontlines import lexicons
from frontlines.ingest import ingest
from frontlines.merge.events import merge_stored_events
from frontlines.model import Document, Event, Evidence, ExtractResult
from frontlines.read import read_paths
from frontlines.store import Store
from frontlines.store.schema import documents

CORPUS = Path(__file__).parent / "fixtures" / "corpus"

# date, sub-event type, actor1, actor2, location, fatalities, reports, independent outlets,
# reported by sides that disagree, only a party's claim
EXPECTED = [
    ("2017-06-13", "Armed clash", "QSD: Syrian Democratic Forces", "Islamic State (Syria)", "Raqqa", 6, 4, 4, True, False),
    ("2017-06-20", "Suicide bomb", "Islamic State (Syria)", "QSD: Syrian Democratic Forces", "Ain Issa", 7, 5, 4, True, False),
    ("2017-07-07", "Shelling/artillery/missile attack", "Military Forces of Turkey", "Civilians (Syria)", "Jindayris", 2, 2, 2, True, False),
    ("2017-07-14", "Peaceful protest", "Protesters (Syria)", "HTS: Hayat Tahrir al-Sham", "Idlib", 0, 3, 3, False, False),
    ("2017-07-20", "Armed clash", "Islamic State (Syria)", "Military Forces of Syria", "Arak", 12, 1, 1, False, True),
    ("2017-08-05", "Non-state actor overtakes territory", "Islamic State (Syria)", "Military Forces of Syria", "Al-Qaryatayn", 9, 6, 4, True, False),
    ("2017-08-27", "Government regains territory", "Military Forces of Syria", "Islamic State (Syria)", "Al-Qaryatayn", 20, 4, 4, True, False),
    ("2017-09-05", "Remote explosive/landmine/IED", "Unidentified Armed Group (Syria)", "Free Syrian Army", "Azaz", 3, 2, 2, False, False),
    ("2017-09-19", "Air/drone strike", "Military Forces of Russia", "Civilians (Syria)", "Kafranbel", 5, 3, 3, False, False),
    ("2017-09-19", "Air/drone strike", "Military Forces of Russia", "Civilians (Syria)", "Maarat al-Numan", 7, 5, 4, True, False),
    ("2017-10-01", "Non-state actor overtakes territory", "Islamic State (Syria)", "Military Forces of Syria", "Al-Qaryatayn", 14, 4, 4, True, False),
    ("2017-10-03", "Government regains territory", "Military Forces of Syria", "Islamic State (Syria)", "Al-Qaryatayn", 12, 2, 1, False, True),
    ("2017-11-14", "Air/drone strike", "Military Forces of Syria", "Civilians (Syria)", "Douma", 11, 3, 3, False, False),
    ("2017-11-14", "Shelling/artillery/missile attack", "Unidentified Armed Group (Syria)", "Civilians (Syria)", "Eastern Ghouta", 2, 1, 1, False, False),
    ("2017-11-20", "Armed clash", "Military Forces of Syria", "Jabhat Fateh al-Sham", "Murak", 20, 1, 1, False, True),
]  # fmt: skip

# The syndicated copies in the corpus and the page each copies (first stored).
COPIES = {
    "https://www.aljazeera.example/news/2017/8/5/isil-captures-qaryatayn": "https://www.reuters.example/article/syria-qaryatayn-islamic-state",
    "https://levantdigest.example/2017/08/06/desert-town-falls": "https://www.reuters.example/article/syria-qaryatayn-islamic-state",
    "https://www.aljazeera.example/news/2017/6/21/ain-issa-bombing": "https://www.reuters.example/article/syria-ain-issa-bomb",
    "https://levantdigest.example/2017/09/20/idlib-strikes": "https://www.reuters.example/article/syria-idlib-strikes",
}  # fmt: skip


class OncePerPage:
    """The pipeline, run once per page: the stores below differ in what is ingested when."""

    def __init__(self, pipeline):
        self.pipeline = pipeline
        self.results = {}

    def process(self, doc, **options):
        if doc.id not in self.results:
            self.results[doc.id] = self.pipeline.process(doc, **options)
        return self.results[doc.id]


@pytest.fixture(scope="module")
def once_per_page(pipeline):
    return OncePerPage(pipeline)


@pytest.fixture(scope="module")
def store(once_per_page, tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("corpus") / "frontlines.sqlite")
    assert ingest([CORPUS], store, pipeline=once_per_page).stored == 46
    merge_stored_events(store)
    return store


@pytest.fixture(scope="module")
def records(store):
    return store.merged_events()


def find(records, location, date, sub_event_type=None):
    (found,) = [
        r for r in records
        if r.location == location and str(r.event_date) == date
        and sub_event_type in (None, r.sub_event_type)
    ]  # fmt: skip
    return found


def outlets(record):
    return sorted(r.outlet for r in record.reports)


def test_corpus_has_many_outlets_of_different_alignments_and_syndicated_copies(store):
    with store.engine.connect() as conn:
        rows = conn.execute(documents.select()).mappings().all()
    assert len(rows) == 46
    assert len({r.document_id for r in store.reports()}) == 45  # the BBC analysis page has no event
    profiles = {lexicons.find_outlet(r["source"]).name for r in rows}
    alignments = {lexicons.find_outlet(name).alignment for name in profiles}
    assert len(profiles) == 15
    assert alignments == {
        "pro-government", "opposition", "Kurdish", "Islamic State", "pro-Turkey", "international wire", "international",
    }  # fmt: skip
    url = {r["id"]: r["url"] for r in rows}
    assert {r["url"]: url[r["syndicated_of"]] for r in rows if r["syndicated_of"]} == COPIES


def test_merged_events_are_the_expected_ones(records):
    got = [
        (
            str(r.event_date), r.sub_event_type, r.actor1, r.actor2, r.location, r.fatalities,
            len(r.reports), r.corroboration.outlets, r.corroboration.across_sides,
            r.corroboration.claim_only,
        )
        for r in records
    ]  # fmt: skip
    assert sorted(got, key=str) == sorted(EXPECTED, key=str)
    assert sum(len(r.reports) for r in records) == 46  # every report kept, once


def test_two_same_day_strikes_in_towns_10_km_apart_stay_two(records):
    kafr_nabl = find(records, "Kafranbel", "2017-09-19")
    maarat = find(records, "Maarat al-Numan", "2017-09-19")
    km = 6371 * math.radians(1) * math.hypot(
        kafr_nabl.latitude - maarat.latitude,
        (kafr_nabl.longitude - maarat.longitude) * math.cos(math.radians(maarat.latitude)),
    )
    assert 9 < km < 12
    assert outlets(kafr_nabl) == ["Enab Baladi", "Smart News Agency", "Syrian Observatory for Human Rights"]
    # The Russian ministry's "near Maarat al-Numan" (geo_precision 2) reaches both towns; it joins the nearer.
    assert outlets(maarat) == [
        "Daily Levant Digest", "Idlib Media Center", "Reuters", "Sputnik", "Syrian Observatory for Human Rights",
    ]  # fmt: skip
    assert maarat.geo_precision == 1  # the most precise place of its reports


def test_every_report_is_kept_with_outlet_url_evidence_claim_and_toll(records):
    capture = find(records, "Al-Qaryatayn", "2017-08-05")
    by_outlet = {r.outlet: r for r in capture.reports}
    assert sorted(by_outlet) == ["ANHA", "Al Jazeera", "Amaq", "Daily Levant Digest", "Reuters", "Syrian Observatory for Human Rights"]
    amaq = by_outlet["Amaq"]
    assert amaq.url == "https://amaq.example/2017/08/05/qaryatayn"
    assert amaq.evidence_text.startswith("Islamic State fighters took control of the town of al-Qaryatayn")
    assert (amaq.fatalities, amaq.claim, amaq.origins) == (20, True, ["Amaq News Agency"])
    assert (by_outlet["Syrian Observatory for Human Rights"].fatalities, by_outlet["ANHA"].time_precision) == (9, 2)


def test_syndicated_copies_are_one_report_of_their_original_not_corroboration(records):
    capture = find(records, "Al-Qaryatayn", "2017-08-05")
    by_outlet = {r.outlet: r for r in capture.reports}
    original = by_outlet["Reuters"].id
    assert by_outlet["Al Jazeera"].copy_of == original
    assert by_outlet["Daily Levant Digest"].copy_of == original
    assert by_outlet["Al Jazeera"].origins == ["Reuters"]
    corroboration = capture.corroboration
    assert (corroboration.reports, corroboration.copies, corroboration.outlets) == (6, 2, 4)
    assert sorted(corroboration.names) == [
        "Amaq News Agency", "Hawar News Agency", "Reuters", "Syrian Observatory for Human Rights",
    ]  # fmt: skip
    assert "Al Jazeera" not in capture.sources and "Daily Levant Digest" not in capture.sources


def test_conflicting_casualty_claims(records):
    bombing = find(records, "Ain Issa", "2017-06-20")
    tolls = sorted((r.outlet, r.fatalities) for r in bombing.reports)
    assert tolls == [("ANHA", 4), ("Al Jazeera", 7), ("Amaq", 30), ("Reuters", 7), ("Syrian Observatory for Human Rights", 7)]
    # 7 is given by two independent outlets (Reuters and SOHR; the Al Jazeera copy is Reuters), 4 by
    # one: the better-sourced figure; Amaq's 30 is the claim of the side that set the bomb.
    assert bombing.fatalities == 7
    assert bombing.why["fatalities"] == (
        "7, given by the most independent outlets; figures reported: 4 (Hawar News Agency); "
        "7 (Reuters, Syrian Observatory for Human Rights); claims by a party set aside: 30 (Amaq News Agency)"
    )
    # No figure better sourced than another: the lowest.
    maarat = find(records, "Maarat al-Numan", "2017-09-19")
    assert maarat.fatalities == 7
    assert maarat.why["fatalities"].startswith("7, the lowest figure reported; figures reported: 7 (Idlib Media Center)")
    # Each side's own figures (Amaq 20, SANA's "dozens") are set aside; SOHR's and Reuters' stand.
    assert find(records, "Al-Qaryatayn", "2017-08-05").fatalities == 9
    assert find(records, "Al-Qaryatayn", "2017-08-27").fatalities == 20


def test_a_claim_by_one_party_stays_a_claim(records):
    ambush = find(records, "Arak", "2017-07-20")
    assert ambush.corroboration.claim_only is True
    assert ambush.claimed_by == ["Islamic State (Syria)"]
    assert ambush.confidence == ambush.reports[0].confidence  # not raised by anything
    # Al-Masdar repeating SANA ("SANA reported") adds no outlet: the army's word, twice.
    retaken = find(records, "Al-Qaryatayn", "2017-10-03")
    assert sorted(outlets(retaken)) == ["Al-Masdar News", "SANA"]
    assert retaken.corroboration.names == ("SANA",)
    assert (retaken.corroboration.claim_only, retaken.claimed_by) == (True, ["Military Forces of Syria"])
    # A party's claim among independent reports: a claim on record, the event no longer only a claim.
    capture = find(records, "Al-Qaryatayn", "2017-08-05")
    assert capture.claimed_by == ["Islamic State (Syria)"] and capture.corroboration.claim_only is False


def test_corroboration_across_the_lines(records):
    retake = find(records, "Al-Qaryatayn", "2017-08-27")
    assert sorted(retake.corroboration.sides) == ["opposition", "pro-government"]
    assert retake.corroboration.across_sides is True
    strike = find(records, "Kafranbel", "2017-09-19")
    assert strike.corroboration.sides == ("opposition",) and strike.corroboration.across_sides is False
    shelling = find(records, "Jindayris", "2017-07-07")
    assert sorted(shelling.corroboration.sides) == ["Kurdish", "pro-Turkey"]
    assert shelling.confidence > max(r.confidence for r in shelling.reports)


def test_the_merged_record_takes_the_most_precise_and_best_named_values(records):
    capture = find(records, "Al-Qaryatayn", "2017-08-05")
    # Hawar's "last week" (time_precision 2) joins; the day-precise date is kept, and said why.
    assert (capture.event_date, capture.time_precision) == (dt.date(2017, 8, 5), 1)
    assert capture.why["date"] == "2017-08-05 (time_precision 1), the most precise date reported; also reported: 2017-08-03"
    # The withdrawal in Smart's sentence and the NDF in Al-Masdar's fill the retake's sides.
    retake = find(records, "Al-Qaryatayn", "2017-08-27")
    assert retake.assoc_actor_1 == "NDF: National Defence Forces"
    # Hawar tells of civilians killed by Turkish shelling, Anadolu of YPG positions shelled: one
    # shelling, named as the report with the more precise place tells it, the other target kept.
    shelling = find(records, "Jindayris", "2017-07-07")
    assert (shelling.actor2, shelling.assoc_actor_2) == ("Civilians (Syria)", "YPG: Peoples Protection Units")
    assert shelling.why["actors"].endswith(
        "actor2 Civilians (Syria), as told by Hawar News Agency (also named: YPG: Peoples Protection Units (Anadolu Agency))"
    )
    # A different family of events in the next town on the same day stays apart.
    assert find(records, "Eastern Ghouta", "2017-11-14").sub_event_type == "Shelling/artillery/missile attack"


def test_merging_again_changes_nothing(store, records):
    summary = merge_stored_events(store)
    assert (summary.reports, summary.records, summary.removed) == (0, 0, 0)
    assert [r.id for r in store.merged_events()] == [r.id for r in records]


def membership(store):
    return {r.id: sorted(x.id for x in r.reports) for r in store.merged_events()}


def test_same_ids_whatever_the_ingest_order_and_in_batches(store, once_per_page, tmp_path):
    lines = [line for path in sorted(CORPUS.glob("*.jsonl")) for line in path.read_text().splitlines() if line]
    reverse = tmp_path / "reverse"
    reverse.mkdir()
    (reverse / "all.jsonl").write_text("\n".join(reversed(lines)) + "\n")
    backwards = Store(tmp_path / "backwards.sqlite")
    ingest([reverse], backwards, pipeline=once_per_page)
    merge_stored_events(backwards)
    assert membership(backwards) == membership(store)

    halves = tmp_path / "halves"
    halves.mkdir()
    (halves / "first.jsonl").write_text("\n".join(lines[1::2]) + "\n")
    (halves / "second.jsonl").write_text("\n".join(lines[0::2]) + "\n")
    batched = Store(tmp_path / "batched.sqlite")
    ingest([halves / "first.jsonl"], batched, pipeline=once_per_page)
    first = merge_stored_events(batched)
    ingest([halves / "second.jsonl"], batched, pipeline=once_per_page)
    second = merge_stored_events(batched)
    assert (first.reports, second.reports) == (23, 23)
    assert membership(batched) == membership(store)


def test_the_same_events_on_sqlite_and_postgis_when_merged_in_steps(store, once_per_page, database_url):
    """Each half of the corpus merged on its own: the second merge finds the events to join through
    the database's index (grid blocks on SQLite, reach boxes in a GiST index on PostGIS)."""
    halves = Store(database_url)
    assert halves.spatial == database_url.startswith("postgresql"), "CI's PostgreSQL has PostGIS"
    pages = list(read_paths([CORPUS]))
    for half in (pages[::2], pages[1::2]):
        for doc in half:
            halves.add(once_per_page.process(doc))
        merge_stored_events(halves)
    assert membership(halves) == membership(store)
    assert merge_stored_events(halves).reports == 0


def test_reaches_that_can_meet_share_a_block_and_their_boxes_touch():
    """The index is never narrower than the merge's test: two reports within the larger of their
    radii, on overlapping dates, are found by either database's index."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from frontlines import geo
    from frontlines.store.reach import Reach

    day = dt.date(2017, 1, 1)

    @st.composite
    def reaches(draw):
        return Reach(
            "battle", draw(st.floats(-70, 70)), draw(st.floats(-179, 179)), draw(st.sampled_from([2.0, 15.0, 50.0])),
            day + dt.timedelta(draw(st.integers(0, 40))), day + dt.timedelta(draw(st.integers(40, 70))),
        )  # fmt: skip

    def near(a: Reach):
        # A second place within about 60 km of the first: where the radii decide.
        return st.builds(
            lambda dlat, dlon, km, first, days: Reach(
                "battle", a.latitude + dlat, a.longitude + dlon, km,
                day + dt.timedelta(first), day + dt.timedelta(first + days),
            ),
            st.floats(-0.6, 0.6), st.floats(-0.6, 0.6), st.sampled_from([2.0, 15.0, 50.0]),
            st.integers(0, 80), st.integers(0, 31),
        )  # fmt: skip

    def touch(a, b) -> bool:
        (aw, as_, ae, an), (bw, bs, be, bn) = a.bounds(), b.bounds()
        boxes = aw <= be and bw <= ae and as_ <= bn and bs <= an
        return boxes and bool(set(a.weeks()) & set(b.weeks()))

    @settings(max_examples=400, deadline=None)
    @given(st.data())
    def check(data):
        a = data.draw(reaches())
        b = data.draw(near(a))
        meet = geo.km(a.latitude, a.longitude, b.latitude, b.longitude) <= max(a.km, b.km)
        if meet and a.first <= b.last and b.first <= a.last:
            assert touch(a, b)
            assert set(a.blocks()) & set(b.blocks())

    check()


def test_a_page_found_to_be_a_copy_later_is_merged_again(once_per_page, tmp_path):
    late = Store(tmp_path / "late.sqlite")
    for doc in read_paths([CORPUS / "qaryatayn.jsonl"]):
        late.add(once_per_page.process(doc))  # no syndication detected at ingest
    merge_stored_events(late)
    assert find(late.merged_events(), "Al-Qaryatayn", "2017-08-05").corroboration.outlets == 6
    with late.engine.begin() as conn:
        rows = conn.execute(documents.select()).mappings().all()
        by_url = {r["url"]: r["id"] for r in rows}
        for copy, original in COPIES.items():
            if copy in by_url:
                marked = update(documents).where(documents.c.id == by_url[copy])
                conn.execute(marked.values(syndicated_of=by_url[original]))
    summary = merge_stored_events(late)
    assert summary.reports == 2
    capture = find(late.merged_events(), "Al-Qaryatayn", "2017-08-05")
    assert (capture.corroboration.outlets, capture.corroboration.copies) == (4, 2)


# -- the same on SQLite and PostgreSQL, with reports written directly ---------------------------------


def page(doc_id, outlet, published, *events):
    return ExtractResult(
        document=Document(id=doc_id, source=outlet, url=f"https://{doc_id}.example/", published=published, body="x"),
        events=list(events),
    )


def event(sub, actor1, actor2, where, date, *, assoc1=None, fatalities=0, reported_by=(), claimed_by=(), p=1, g=1):
    location, lat, lon = where
    text = f"{actor1} {sub} {location}"
    return Event(
        event_type=lexicons.taxonomy()[sub].event_type, sub_event_type=sub, actor1=actor1, assoc_actor_1=assoc1,
        actor2=actor2, location=location, admin1="Homs", country="Syria", latitude=lat, longitude=lon,
        geo_precision=g, event_date=date, time_precision=p, fatalities=fatalities, reported_by=list(reported_by),
        claimed_by=list(claimed_by), evidence=Evidence(text=text, start=0, end=len(text)), confidence=0.8,
    )  # fmt: skip


PALMYRA = ("Tadmur", 34.5604, 38.2805)
NEAR_PALMYRA = ("Tiyas Military Airbase", 34.5604, 38.39)  # 10 km east
MARCH_2 = dt.date(2017, 3, 2)


def test_merge_on_both_databases(database_url):
    store = Store(database_url)
    retake, army, isis = "Government regains territory", "Military Forces of Syria", "Islamic State (Syria)"
    store.add(page("a", "Reuters", MARCH_2, event(retake, army, isis, PALMYRA, MARCH_2, fatalities=5)))
    store.add(page("b", "Smart News Agency", MARCH_2, event(retake, "Tiger Forces", isis, PALMYRA, MARCH_2, fatalities=3)))
    store.add(page("c", "Al Jazeera", MARCH_2, event(retake, army, isis, PALMYRA, MARCH_2, fatalities=5)), syndicated_of="a")
    store.add(page("d", "SANA", MARCH_2, event(retake, army, isis, NEAR_PALMYRA, MARCH_2)))
    first = merge_stored_events(store)
    assert (first.reports, first.records) == (4, 2)
    palmyra, t4 = sorted(store.merged_events(), key=lambda r: r.location != "Tadmur")
    assert len(palmyra.reports) == 3 and len(t4.reports) == 1
    assert palmyra.assoc_actor_1 == "Tiger Forces"  # fights on the army's side
    assert (palmyra.corroboration.outlets, palmyra.corroboration.copies) == (2, 1)
    assert palmyra.fatalities == 3
    assert t4.corroboration.claim_only is True  # SANA speaks for the army that took it
    assert merge_stored_events(store).reports == 0

    # A later week-precise report from Hawar joins the Palmyra event, not the one 10 km away.
    week = event(retake, army, None, ("Palmyra", 34.5604, 38.2805), MARCH_2, p=2, g=2)
    store.add(page("e", "ANHA", dt.date(2017, 3, 8), week))
    later = merge_stored_events(store)
    assert (later.reports, later.records, later.removed) == (1, 1, 0)
    palmyra = next(r for r in store.merged_events() if r.location == "Tadmur")
    assert sorted(x.outlet for x in palmyra.reports) == ["ANHA", "Al Jazeera", "Reuters", "Smart News Agency"]
    assert json.loads(json.dumps(palmyra.corroboration.to_dict()))["outlets"] == 3
    assert merge_stored_events(store, rebuild=True).records == 2


def test_merged_events_made_before_the_reach_index_are_made_again(database_url):
    """Migration 0003 on PostGIS removes merged events that have no reach boxes; the next merge
    makes them again from the kept reports, with the same ids and reports."""
    from alembic import command

    from frontlines.store.migrate import alembic_config

    store = Store(database_url)
    retake, army, isis = "Government regains territory", "Military Forces of Syria", "Islamic State (Syria)"
    store.add(page("a", "Reuters", MARCH_2, event(retake, army, isis, PALMYRA, MARCH_2, fatalities=5)))
    store.add(page("b", "SANA", MARCH_2, event(retake, army, isis, NEAR_PALMYRA, MARCH_2)))
    merge_stored_events(store)
    before = membership(store)
    with store.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0002")
    store.engine.dispose()

    again = Store(database_url)  # migrates to the newest revision
    removed = not again.merged_events()
    assert removed == database_url.startswith("postgresql")
    # A report told later near Palmyra finds the events made again, not an empty index.
    store.add(page("c", "Smart News Agency", MARCH_2, event(retake, "Tiger Forces", isis, PALMYRA, MARCH_2)))
    merge_stored_events(again)
    after = membership(again)
    assert after.keys() == before.keys()
    assert sum(len(reports) for reports in after.values()) == 3
