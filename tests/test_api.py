"""The web service of `frontlines serve`, run for real (uvicorn on loopback) over the merged
fixture corpus on SQLite and PostgreSQL: OGC API Features' paths, the filters and their
refusals, keyset pages while events arrive, the CSV and NDJSON streams, control as of a date,
documents, and writes with a token."""

import dataclasses
import datetime as dt
import io
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pandas as pd
import pytest
from serving import copy_database, serving, target_database

from frontlines.api import create_app
from frontlines.export import export
from frontlines.settings import Settings

ITEMS = "/collections/events/items"
PROBLEM = "application/problem+json"
EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served(request, corpus_db, tmp_path_factory):
    """(client of the running service, its store) over a copy of the merged corpus."""
    url = target_database(request.param, tmp_path_factory.mktemp("served"))
    store = copy_database(corpus_db, url)
    with serving(create_app(Settings.load(environ={}), store=store)) as base, httpx.Client(base_url=base) as client:
        yield client, store


@pytest.fixture(scope="module")
def everything(served):
    """Every event as the service lists it, in its order."""
    client, _ = served
    page = client.get(ITEMS, params={"limit": 10000}).json()
    assert page["numberMatched"] == page["numberReturned"] == 15
    return page["features"]


def ids(features):
    return [f["id"] for f in features]


def get_items(client, **params):
    answer = client.get(ITEMS, params=params)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/geo+json"
    return answer.json()


def assert_problem(answer, status, words):
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == PROBLEM
    problem = answer.json()
    assert problem["status"] == status and problem["title"] and words in problem["detail"], problem


# -- landing, conformance, collections, definition ------------------------------------------------


def test_landing_conformance_collections_and_the_definition(served):
    client, _ = served
    landing = client.get("/").json()
    rels = {link["rel"]: link["href"] for link in landing["links"]}
    assert rels["service-desc"].endswith("/api") and rels["conformance"].endswith("/conformance")
    assert rels["data"].endswith("/collections")
    definition = client.get("/api")
    assert definition.headers["content-type"].startswith("application/vnd.oai.openapi+json")
    paths = definition.json()["paths"]
    assert definition.json()["openapi"].startswith("3.0")
    assert {ITEMS, f"{ITEMS}/{{feature_id}}", "/collections/control/items", "/documents/{document_id}", "/documents"} <= set(paths)
    assert '{"type": "null"}' not in json.dumps(definition.json())  # 3.0: nullable, never a null type
    assert "422" not in paths[ITEMS]["get"]["responses"]  # bad parameters are 400 problems
    classes = client.get("/conformance").json()["conformsTo"]
    assert {c.rsplit("/", 1)[1] for c in classes} == {"core", "oas30", "geojson", "html"}
    collections = {c["id"]: c for c in client.get("/collections").json()["collections"]}
    events = collections["events"]["extent"]
    assert events["temporal"]["interval"] == [["2017-06-13", "2017-11-20"]]
    min_lon, min_lat, max_lon, max_lat = events["spatial"]["bbox"][0]
    assert 36 < min_lon < max_lon < 40 and 33 < min_lat < max_lat < 37
    assert collections["control"]["extent"]["temporal"]["interval"] == [["2017-08-05", "2017-10-03"]]
    assert client.get("/collections/events").json()["id"] == "events"
    assert_problem(client.get("/collections/rivers"), 404, "rivers")


def test_every_answer_carries_a_strict_content_security_policy(served):
    client, _ = served
    for path in ("/", ITEMS, "/nowhere"):
        policy = client.get(path).headers["content-security-policy"]
        assert "script-src 'self'" in policy and "default-src 'none'" in policy and "unsafe-inline" not in policy


def test_cors_is_off_unless_origins_are_named(served, corpus_db, tmp_path):
    client, _ = served
    asked = {"origin": "https://analysts.example"}
    assert "access-control-allow-origin" not in client.get("/", headers=asked).headers
    store = copy_database(corpus_db, str(tmp_path / "cors.sqlite"))
    settings = Settings.load(environ={"FRONTLINES_API_CORS_ORIGINS": "https://analysts.example"})
    with serving(create_app(settings, store=store)) as base:
        answer = httpx.get(f"{base}{ITEMS}", headers=asked)
        assert answer.headers["access-control-allow-origin"] == "https://analysts.example"
        other = httpx.get(f"{base}{ITEMS}", headers={"origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in other.headers


def test_html_encoding_escapes_the_data(served):
    client, _ = served
    page = client.get(ITEMS, params={"f": "html", "limit": 2})
    assert page.headers["content-type"].startswith("text/html")
    assert "<script" not in page.text and "Raqqa" in page.text
    assert client.get("/", headers={"accept": "text/html"}).headers["content-type"].startswith("text/html")


# -- items: pages, filters, facets ----------------------------------------------------------------


def test_pages_follow_next_links_to_every_event_once(served, everything):
    client, _ = served
    first = get_items(client)
    assert (first["numberMatched"], first["numberReturned"]) == (15, 10)  # limit defaults to 10
    seen, page = [], get_items(client, limit=4)
    while True:
        seen += ids(page["features"])
        following = [link["href"] for link in page["links"] if link["rel"] == "next"]
        if not following:
            break
        page = client.get(following[0]).json()
    assert seen == ids(everything)
    dates = [f["properties"]["event_date"] for f in everything]
    assert dates == sorted(dates)


def test_a_page_stays_right_while_events_arrive(served, everything):
    """Events merged between two pages: none listed twice or lost, a newcomer after the page
    read is listed, one before it is not (it belongs to a page already read)."""
    client, store = served
    first = get_items(client, limit=5)
    last_read = first["features"][-1]["properties"]["event_date"]
    template = store.merged_events(ids=[first["features"][0]["id"]])[0]
    early = dataclasses.replace(template, id="0000000000early", event_date=dt.date(2017, 6, 1), reports=())
    late = dataclasses.replace(template, id="ffffffffffflate", event_date=dt.date(2017, 12, 31), reports=())
    store.replace_merged([], [early, late], [], [])
    try:
        seen = ids(first["features"])
        page = first
        while next_links := [link["href"] for link in page["links"] if link["rel"] == "next"]:
            page = client.get(next_links[0]).json()
            seen += ids(page["features"])
        assert page["numberMatched"] == 17
        assert len(seen) == len(set(seen))
        assert seen == ids(everything) + ["ffffffffffflate"]
        assert dt.date.fromisoformat(last_read) > early.event_date
    finally:
        store.replace_merged(["0000000000early", "ffffffffffflate"], [], [], [])


def located_in(feature, min_lon, min_lat, max_lon, max_lat):
    lon, lat = feature["geometry"]["coordinates"]
    return min_lon <= lon <= max_lon and min_lat <= lat <= max_lat


@pytest.mark.parametrize(
    "box", [(37.0, 34.0, 37.5, 34.5), (36.0, 35.0, 37.0, 37.0), (38.5, 35.5, 39.5, 36.5), (0.0, 0.0, 1.0, 1.0)]
)
def test_bbox(served, everything, box):
    client, _ = served
    found = get_items(client, bbox=",".join(map(str, box)), limit=100)
    expected = [f for f in everything if located_in(f, *box)]
    assert ids(found["features"]) == ids(expected) and found["numberMatched"] == len(expected)
    if box == (37.0, 34.0, 37.5, 34.5):
        assert {f["properties"]["location"] for f in found["features"]} == {"Al-Qaryatayn"}


def test_a_bbox_across_the_antimeridian(served, everything):
    client, _ = served
    assert get_items(client, bbox="170,-90,-170,90")["numberMatched"] == 0
    assert get_items(client, bbox="30,-90,-170,90", limit=100)["numberMatched"] == len(everything)


@pytest.mark.parametrize(
    "when, first, last",
    [
        ("2017-09-19", "2017-09-19", "2017-09-19"),
        ("2017-09-19T23:30:00Z", "2017-09-19", "2017-09-19"),
        ("2017-08-01/2017-08-31", "2017-08-01", "2017-08-31"),
        ("../2017-07-10", "0001-01-01", "2017-07-10"),
        ("2017-11-01/..", "2017-11-01", "9999-12-31"),
        ("2017-11-01/", "2017-11-01", "9999-12-31"),
    ],
)
def test_datetime(served, everything, when, first, last):
    client, _ = served
    found = get_items(client, datetime=when, limit=100)
    expected = [f for f in everything if first <= f["properties"]["event_date"] <= last]
    assert expected and ids(found["features"]) == ids(expected)


def test_bbox_and_datetime_together(served, everything):
    client, _ = served
    found = get_items(client, bbox="37,34,37.5,34.5", datetime="2017-09-01/2017-12-31")
    assert [f["properties"]["event_date"] for f in found["features"]] == ["2017-10-01", "2017-10-03"]


@pytest.mark.parametrize(
    "params, keep",
    [
        ({"event_type": "Battles"}, lambda p: p["event_type"] == "Battles"),
        ({"sub_event_type": "Air/drone strike"}, lambda p: p["sub_event_type"] == "Air/drone strike"),
        ({"actor": "Islamic State (Syria)"}, lambda p: "Islamic State (Syria)" in (p["actor1"], p["actor2"])),
        ({"country": "Syria", "admin1": "Homs"}, lambda p: p["admin1"] == "Homs"),
        ({"outlet": "SANA"}, lambda p: "SANA" in p["source"].split("; ")),
        ({"min_confidence": "0.95"}, lambda p: p["confidence"] >= 0.95),
        ({"corroborated": "true"}, lambda p: p["corroboration"]["outlets"] >= 2),
        ({"corroborated": "false"}, lambda p: p["corroboration"]["outlets"] < 2),
        ({"historical": "false"}, lambda p: not p["historical"]),
        ({"historical": "true"}, lambda p: p["historical"]),
    ],
)
def test_filters(served, everything, params, keep):
    client, _ = served
    found = get_items(client, limit=100, **params)
    expected = [f for f in everything if keep(f["properties"])]
    assert ids(found["features"]) == ids(expected)
    if params.get("historical") != "true":
        assert expected  # a filter that keeps nothing would prove nothing


@pytest.mark.parametrize("name", ["outlet", "actor"])
def test_a_wildcard_in_a_filter_is_a_character(served, name):
    client, _ = served
    assert get_items(client, **{name: "%"})["numberMatched"] == 0
    assert get_items(client, **{name: "S_NA" if name == "outlet" else "Islamic State (Syria_"})["numberMatched"] == 0


def test_facets_count_the_matching_events(served, everything):
    client, _ = served
    found = get_items(client, facets="event_type,country,actor1", datetime="2017-08-01/..")
    kept = [f["properties"] for f in everything if f["properties"]["event_date"] >= "2017-08-01"]
    for column in ("event_type", "country", "actor1"):
        counts = {}
        for p in kept:
            if p[column] is not None:
                counts[p[column]] = counts.get(p[column], 0) + 1
        assert {c["value"]: c["count"] for c in found["facets"][column]} == counts
        listed = [c["count"] for c in found["facets"][column]]
        assert listed == sorted(listed, reverse=True)
    assert found["numberReturned"] == 10 and found["numberMatched"] == len(kept)


@pytest.mark.parametrize(
    "params, words",
    [
        ({"bbox_": "1,2,3,4"}, "unknown query parameter(s): bbox_"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "1,2,3,nan"}, "bbox"),
        ({"bbox": "0,50,10,40"}, "latitudes"),
        ({"datetime": "yesterday"}, "datetime"),
        ({"datetime": "2017-12-01/2017-01-01"}, "ends before it starts"),
        ({"limit": "10001"}, "limit"),
        ({"limit": "0"}, "limit"),
        ({"cursor": "not-a-token"}, "cursor"),
        ({"facets": "notes"}, "facets"),
        ({"min_confidence": "2"}, "min_confidence"),
        ({"historical": "maybe"}, "historical"),
        ({"f": "xml"}, "f"),
        ({"country": "Syr\x00ia"}, "NUL"),  # PostgreSQL refuses NUL in a string: a 400, not a 500
        ({"datetime": "9999-12-31T23:00:00-05:00"}, "out of range"),
    ],
)
def test_bad_parameters_are_400_problems(served, params, words):
    client, _ = served
    assert_problem(client.get(ITEMS, params=params), 400, words)


def test_unknown_things_are_404_problems(served):
    client, _ = served
    assert_problem(client.get(f"{ITEMS}/0123456789abcdef"), 404, "0123456789abcdef")
    assert_problem(client.get("/documents/0123456789abcdef"), 404, "0123456789abcdef")
    assert_problem(client.get("/collections/control/items/Atlantis"), 404, "Atlantis")
    assert_problem(client.get("/no/such/path"), 404, "Not Found")
    assert_problem(client.get("/conformance", params={"limit": 3}), 400, "unknown query parameter")


# -- one event, its reports and its pages ---------------------------------------------------------


def test_an_event_with_its_reports_and_why(served, everything):
    client, _ = served
    taken = next(f for f in everything if f["properties"]["location"] == "Al-Qaryatayn")
    event = client.get(f"{ITEMS}/{taken['id']}").json()
    assert event["type"] == "Feature" and event["id"] == taken["id"]
    properties = event["properties"]
    assert {k: v for k, v in properties.items() if k not in ("reports", "why")} == taken["properties"]
    assert {"place", "date", "fatalities"} <= set(properties["why"])
    reports = properties["reports"]
    assert len(reports) == 6  # four outlets, two syndicated copies
    for report in reports:
        assert {"outlet", "url", "alignment", "evidence", "claimed_by", "fatalities"} <= set(report)
        page = client.get(f"/documents/{report['document_id']}").json()
        evidence = report["evidence"]
        assert page["body"][evidence["start"] : evidence["end"]] == evidence["text"]
    assert {"Reuters", "Al Jazeera"} <= {r["outlet"] for r in reports}
    assert properties["claimed_by"] == ["Islamic State (Syria)"]  # Amaq, its agency, among the origins
    assert "Amaq News Agency" in {origin for r in reports for origin in r["origins"]}


def test_a_document_is_the_segmented_page(served, everything):
    client, store = served
    event = client.get(f"{ITEMS}/{everything[0]['id']}").json()
    document_id = event["properties"]["reports"][0]["document_id"]
    page = client.get(f"/documents/{document_id}").json()
    fields = ["id", "source", "url", "title", "published", "byline", "dateline", "body", "comments", "related_headlines", "removed"]
    assert [k for k in page if k != "links"] == fields
    assert page["id"] == document_id and page["body"] and page["title"]
    reported = [link["href"] for link in page["links"] if link["rel"] == "item"]
    assert any(href.endswith(f"{ITEMS}/{everything[0]['id']}") for href in reported)
    for href in reported:  # each a merged event with a report from this page
        assert document_id in {r["document_id"] for r in httpx.get(href).json()["properties"]["reports"]}


# -- streams ---------------------------------------------------------------------------------------


def test_csv_is_the_export_of_the_same_events(served, everything):
    client, store = served
    answer = client.get(ITEMS, params={"f": "csv"})  # no row cap: all 15, not the default 10
    assert answer.headers["content-type"].startswith("text/csv")
    exported = io.BytesIO()
    export(store, "acled-csv", exported)
    assert answer.content == exported.getvalue()
    table = pd.read_csv(io.BytesIO(answer.content))
    assert len(table) == len(everything)
    assert list(table["event_date"]) == [f["properties"]["event_date"] for f in everything]


def test_csv_and_ndjson_stream_the_filtered_query(served, everything):
    client, _ = served
    params = {"datetime": "2017-08-01/2017-10-31", "event_type": "Battles"}
    expected = [
        f for f in everything
        if "2017-08-01" <= f["properties"]["event_date"] <= "2017-10-31" and f["properties"]["event_type"] == "Battles"
    ]  # fmt: skip
    table = pd.read_csv(io.BytesIO(client.get(ITEMS, params={**params, "f": "csv"}).content))
    assert list(table["location"]) == [f["properties"]["location"] for f in expected]
    with client.stream("GET", ITEMS, params={**params, "f": "ndjson"}) as answer:
        assert answer.headers["content-type"] == "application/x-ndjson"
        lines = [json.loads(line) for line in answer.iter_lines() if line]
    assert lines == expected
    assert len(client.get(ITEMS, params={"f": "ndjson", "limit": 3}).text.splitlines()) == 3


# -- control ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, holder, since, contested",
    [
        ("2017-07-01", "Military Forces of Syria", None, False),
        ("2017-08-10", "Islamic State (Syria)", "2017-08-05", False),
        ("2017-09-01", "Military Forces of Syria", "2017-08-27", False),
        ("2017-10-02", "Islamic State (Syria)", "2017-10-01", True),
    ],
)
def test_control_as_of_a_date(served, day, holder, since, contested):
    client, _ = served
    answer = client.get("/collections/control/items", params={"datetime": day})
    assert answer.headers["content-type"] == "application/geo+json"
    (place,) = answer.json()["features"]
    properties = place["properties"]
    assert (place["id"], properties["location"], properties["admin1"]) == ("Al-Qaryatayn", "Al-Qaryatayn", "Homs")
    assert (properties["holder"], properties["since"], properties["contested"]) == (holder, since, contested)
    if since:
        (change,) = properties["changes"]
        assert change["date"] == since and change["gained_by"] == holder
        assert client.get(f"{ITEMS}/{change['event_id']}").json()["properties"]["location"] == "Al-Qaryatayn"
    assert place["geometry"]["type"] == "Point"


def test_control_in_a_box_and_a_whole_timeline(served):
    client, _ = served
    control = "/collections/control/items"
    assert client.get(control, params={"datetime": "2017-09-01", "bbox": "0,0,1,1"}).json()["features"] == []
    assert len(client.get(control, params={"datetime": "2017-09-01", "bbox": "37,34,38,35"}).json()["features"]) == 1
    assert_problem(client.get(control, params={"datetime": "2017-01-01/2017-02-01"}), 400, "one date")
    timeline = client.get(f"{control}/Qaryatayn").json()
    assert timeline["id"] == "Al-Qaryatayn"
    periods = [(p["holder"], p["since"], p["until"]) for p in timeline["properties"]["periods"]]
    assert periods[1:3] == [
        ("Islamic State (Syria)", "2017-08-05", "2017-08-27"),
        ("Military Forces of Syria", "2017-08-27", "2017-10-01"),
    ]
    assert len(periods) == 5



def test_control_pages_are_bounded(served):
    client, _ = served
    control = "/collections/control/items"
    page = client.get(control, params={"datetime": "2017-09-01", "limit": 1}).json()
    assert (page["numberMatched"], page["numberReturned"]) == (1, 1)
    assert "next" not in {link["rel"] for link in page["links"]}  # the fixture's one place fits
    after = client.get(control, params={"datetime": "2017-09-01", "cursor": _place_cursor("Al-Qaryatayn")}).json()
    assert (after["numberMatched"], after["features"]) == (1, [])
    assert_problem(client.get(control, params={"limit": 0}), 400, "limit")
    assert_problem(client.get(control, params={"limit": 10_001}), 400, "limit")
    assert_problem(client.get(control, params={"cursor": "not a token"}), 400, "cursor")


def _place_cursor(place: str) -> str:
    from frontlines.api.params import encode_cursor

    return encode_cursor(None, place)


# -- writes ----------------------------------------------------------------------------------------


@pytest.fixture
def writable(corpus_db, tmp_path, pipeline):
    """A service with a token and a small body limit over its own copy of the corpus."""
    store = copy_database(corpus_db, str(tmp_path / "writable.sqlite"))
    settings = Settings.load(environ={"FRONTLINES_API_TOKEN": "s3cret", "FRONTLINES_API_MAX_BODY_BYTES": "200000"})
    with serving(create_app(settings, store=store, pipeline=pipeline)) as base, httpx.Client(base_url=base, timeout=60) as client:
        yield client, store


def palmyra_page() -> dict:
    return {
        "url": "https://levant-dispatch.example/2017/03/03/syrian-troops-recapture-palmyra/",
        "source": "Levant Dispatch",
        "html": (EXAMPLES / "levant-dispatch-palmyra.html").read_text(),
    }


def test_writes_need_the_token(writable):
    client, _ = writable
    page = json.dumps(palmyra_page())
    assert_problem(client.post("/documents", content=page), 401, "Bearer")
    answer = client.post("/documents", content=page, headers={"authorization": "Bearer wrong"})
    assert_problem(answer, 401, "Bearer")
    assert answer.headers["www-authenticate"] == "Bearer"


def test_a_body_over_the_limit_is_413(writable):
    client, store = writable
    auth = {"authorization": "Bearer s3cret"}
    assert_problem(client.post("/documents", content=b"{" + b" " * 200_000 + b"}", headers=auth), 413, "200000")
    # Chunked: no Content-Length to go by, refused as it passes the limit.
    chunks = iter([b'{"text": "', b"x" * 150_000, b"y" * 150_000, b'"}'])
    assert_problem(client.post("/documents", content=chunks, headers=auth), 413, "200000")
    assert store.counts()[0] == 46


def test_posted_pages_are_ingested_and_merged_once(writable):
    client, store = writable
    auth = {"authorization": "Bearer s3cret"}
    answer = client.post("/documents", content=json.dumps(palmyra_page(), indent=2), headers=auth)
    assert answer.status_code == 200, answer.text
    summary = answer.json()
    assert (summary["stored"], summary["already_stored"], summary["events"]) == (1, 0, 3)
    palmyra = get_items(client, datetime="2017-03-01/2017-03-31")["features"]
    assert "Tadmur" in {f["properties"]["location"] for f in palmyra}
    assert summary["merged_reports"] == 3
    # The same page again, with a broken line beside it, as JSON lines: nothing new, the bad line said.
    lines = json.dumps(palmyra_page()).encode() + b"\n{not json\n"
    again = client.post("/documents", content=lines, headers=auth).json()
    assert (again["stored"], again["already_stored"]) == (0, 1)
    assert [s["origin"] for s in again["skipped"]] == ["line 2"] and "malformed JSON" in again["skipped"][0]["reason"]
    assert store.counts() == (47, 49)
    assert_problem(client.post("/documents", content=b"[1, 2]", headers=auth), 400, "JSON object")


def test_the_token_is_never_shown():
    settings = Settings.load(environ={"FRONTLINES_API_TOKEN": "s3cret"})
    (row,) = [row for row in settings.describe() if row[0] == "api_token"]
    assert row[1:4] == ("(set)", "FRONTLINES_API_TOKEN", "FRONTLINES_API_TOKEN") and "s3cret" not in repr(settings)


def test_without_a_token_the_service_is_read_only(served):
    client, _ = served
    assert_problem(client.post("/documents", content=b"{}", headers={"authorization": "Bearer x"}), 403, "read-only")


# -- the command -----------------------------------------------------------------------------------


def test_frontlines_serve_listens_on_the_given_host_and_port(corpus_db, tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    db = copy_database(corpus_db, str(tmp_path / "cli.sqlite")).engine.url.database
    command = [sys.executable, "-m", "frontlines", "serve", "--db", db, "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "FRONTLINES_API_TOKEN": ""})
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}{ITEMS}", params={"limit": 1})
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "frontlines serve did not answer"
                time.sleep(0.2)
        assert answer.status_code == 200 and answer.json()["numberMatched"] == 15
    finally:
        server.terminate()
        server.wait(10)
