"""The map at /map in Debian's Chromium, headless, driven by Playwright (no browser download):
markers from the fixture database, the time slider, the evidence panel, markup stored in pages
that never runs, and not one request off this machine."""

import datetime as dt
import json
import os
import shutil
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from serving import copy_database, serving

from frontlines.api import create_app
from frontlines.merge.events import merge_stored_events
from frontlines.model import Comment, Document, Event, Evidence, ExtractResult
from frontlines.settings import Settings

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not os.access(CHROMIUM, os.X_OK):
    if os.environ.get("CI"):
        pytest.fail("CI must install chromium (.ci/run)", pytrace=False)
    pytest.skip("no chromium: apt-get install chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")

# Markup a page could carry in its title, a comment's author and the sentence of an event: each
# sets window.pwned if it ever runs.
HOSTILE_TITLE = "<img src=x onerror=\"window.pwned='title'\">Gunmen kill three"
HOSTILE_AUTHOR = "<script>window.pwned='author'</script>"
HOSTILE_SENTENCE = "Gunmen <img src=x onerror=\"window.pwned='evidence'\"> killed three civilians in Deir ez-Zor <script>window.pwned='sentence'</script> on Tuesday."
DEIR_EZ_ZOR = (35.336, 40.141)


def hostile_page() -> ExtractResult:
    doc = Document(
        id="hostile0000000001", source="Hostile <b>Outlet</b>", url="javascript:window.pwned='url'",
        title=HOSTILE_TITLE, published=dt.date(2017, 12, 6), body=f"Intro paragraph.\n\n{HOSTILE_SENTENCE}",
        comments=[Comment(author=HOSTILE_AUTHOR, text="<img src=x onerror=\"window.pwned='comment'\">")],
    )  # fmt: skip
    start = doc.body.index(HOSTILE_SENTENCE)
    event = Event(
        event_type="Violence against civilians", sub_event_type="Attack", actor1="Unidentified Armed Group (Syria)",
        location="Deir ez-Zor", admin1="Deir ez-Zor", country="Syria", latitude=DEIR_EZ_ZOR[0], longitude=DEIR_EZ_ZOR[1],
        geo_precision=1, event_date=dt.date(2017, 12, 5), time_precision=1, fatalities=3,
        evidence=Evidence(text=HOSTILE_SENTENCE, start=start, end=start + len(HOSTILE_SENTENCE)), confidence=0.7,
    )  # fmt: skip
    return ExtractResult(document=doc, events=[event])


@pytest.fixture(scope="module")
def site(corpus_db, tmp_path_factory):
    """The running service over the corpus and the hostile page: (base URL, the hostile event's id)."""
    store = copy_database(corpus_db, str(tmp_path_factory.mktemp("map") / "map.sqlite"))
    assert store.add(hostile_page())
    merge_stored_events(store)
    (hostile,) = store.merged_events(since=dt.date(2017, 12, 1))
    with serving(create_app(Settings.load(environ={}), store=store)) as base:
        yield base, hostile.id


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, site):
    """A fresh page that records every request, script error and CSP violation, and checks after
    the test that every request stayed on the service and nothing broke."""
    base, _ = site
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    requests, errors = [], []
    tab.on("request", lambda request: requests.append(request.url))
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("response", lambda answer: errors.append(f"{answer.status} {answer.url}") if answer.status >= 400 else None)
    yield tab
    off_site = [url for url in requests if not (url.startswith(f"{base}/") or url.startswith("data:"))]
    assert requests and not off_site, off_site
    assert tab.evaluate("window.pwned") is None
    context.close()
    assert not errors, errors


def open_map(page, site, **params):
    base, _ = site
    query = "&".join(f"{key}={value}" for key, value in params.items())
    page.goto(f"{base}/map?{query}")
    wait_ready(page)


def wait_ready(page):
    page.wait_for_selector("body[data-state=ready]", state="attached", timeout=20000)


def shown(page) -> int:
    return int(page.locator("#status").get_attribute("data-count"))


def on_map(page) -> int:
    """Markers on the map: single ones plus those counted in clusters."""
    clusters = sum(int(text) for text in page.locator(".event-cluster span").all_text_contents())
    return page.locator("path.event-marker").count() + clusters


def matched(site, **params) -> int:
    base, _ = site
    return httpx.get(f"{base}/collections/events/items", params={**params, "limit": 1}).json()["numberMatched"]


def test_the_map_shows_every_event_of_the_database(page, site):
    open_map(page, site, view="35,39,7")
    assert shown(page) == matched(site) == 16
    assert on_map(page) == 16
    assert page.locator("path.control-place").count() == 1  # Al-Qaryatayn
    assert page.locator("path.event-marker.claim-only").count() + page.locator(".event-cluster").count() >= 1
    assert page.locator("#end-label").text_content() == "2017-12-05"


def test_moving_the_slider_changes_what_is_shown(page, site):
    open_map(page, site, view="35,39,7")
    handle = page.locator(".noUi-handle-lower").bounding_box()
    track = page.locator("#slider").bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(track["x"] + track["width"] * 0.55, handle["y"] + handle["height"] / 2, steps=8)
    page.mouse.up()
    page.wait_for_function("() => new URLSearchParams(location.search).get('start') > '2017-09-01'")
    wait_ready(page)
    start = parse_qs(urlparse(page.url).query)["start"][0]
    expected = matched(site, datetime=f"{start}/2017-12-05")
    assert 0 < expected < 16
    assert shown(page) == on_map(page) == expected
    assert page.locator("#start-label").text_content() == start
    # The window is in the URL: the same view opens from it.
    page.goto(page.url)
    wait_ready(page)
    assert shown(page) == expected


def test_the_window_comes_from_the_url_and_the_control_follows_its_end(page, site):
    open_map(page, site, start="2017-08-10", end="2017-08-31", event_type="Battles", view="34.2,37.2,9")
    assert shown(page) == matched(site, datetime="2017-08-10/2017-08-31", event_type="Battles") == 1
    assert page.locator("#filters select[name=event_type]").input_value() == "Battles"
    place = page.locator("path.control-place")
    assert "changed" in place.get_attribute("class")  # Islamic State's on 10 August, the army's on 31
    ring = place.bounding_box()
    page.mouse.move(ring["x"] + 3, ring["y"] + ring["height"] / 2)  # on its stroke, beside the event inside
    assert "held by Military Forces of Syria since 2017-08-27" in page.locator(".control-tooltip").text_content()


def test_play_moves_the_window(page, site):
    open_map(page, site, start="2017-06-01", end="2017-06-30", speed="30", view="35,39,7")
    page.click("#play")
    page.wait_for_function("() => new URLSearchParams(location.search).get('start') >= '2017-07-01'", timeout=10000)
    page.click("#play")
    wait_ready(page)
    query = parse_qs(urlparse(page.url).query)
    assert shown(page) == matched(site, datetime=f"{query['start'][0]}/{query['end'][0]}")


def test_clicking_a_marker_shows_its_evidence(page, site):
    base, _ = site
    open_map(page, site, view="35.953,39.008,12")  # Raqqa, one event, unclustered
    page.locator("path.event-marker").click()
    panel = page.locator("#panel")
    panel.wait_for(state="visible")
    page.wait_for_selector("#panel .page-title")
    event_id = parse_qs(urlparse(page.url).query)["event"][0]
    event = httpx.get(f"{base}/collections/events/items/{event_id}").json()["properties"]
    assert event["location"] == "Raqqa"
    assert event["sub_event_type"] in panel.locator("h2").text_content()
    marks = panel.locator("mark").all_text_contents()
    assert marks == [r["evidence"]["text"] for r in event["reports"]]
    first = event["reports"][0]
    body = httpx.get(f"{base}/documents/{first['document_id']}").json()["body"]
    from_, to = body.rfind("\n\n", 0, first["evidence"]["start"]), body.find("\n\n", first["evidence"]["end"])
    paragraph = body[from_ + 2 if from_ >= 0 else 0 : to if to >= 0 else len(body)]
    assert panel.locator(".paragraph").first.text_content() == paragraph  # the sentence within its paragraph
    text = panel.text_content()
    for report in event["reports"]:
        assert report["outlet"] in text
    assert event["why"]["place"] in text and event["why"]["fatalities"] in text
    assert f"{event['corroboration']['outlets']} independent outlet(s)" in text


def test_markup_stored_in_pages_never_runs(page, site):
    base, hostile = site
    open_map(page, site, view=f"{DEIR_EZ_ZOR[0]},{DEIR_EZ_ZOR[1]},12")
    page.locator("path.event-marker").click()
    page.wait_for_selector("#panel details")
    panel = page.locator("#panel")
    panel.locator("details summary").click()
    text = panel.text_content()
    for markup in (HOSTILE_TITLE, HOSTILE_AUTHOR, HOSTILE_SENTENCE):
        assert markup in text  # shown as the text it is
    assert panel.locator("img, script, b").count() == 0
    assert panel.locator("a").count() == 0  # the javascript: URL is no link
    assert parse_qs(urlparse(page.url).query)["event"] == [hostile]
    # The HTML encodings of the API show the same data, escaped too.
    for path in (f"/documents/{'hostile0000000001'}?f=html", f"/collections/events/items/{hostile}?f=html"):
        page.goto(base + path)
        assert page.locator("img, script").count() == 0
        assert "<script>" in page.locator("body").text_content()
    assert page.evaluate("window.pwned") is None


def test_download_links_ask_for_what_is_shown(page, site):
    base, _ = site
    open_map(page, site, start="2017-09-01", end="2017-12-05", view="35,39,7")
    href = page.locator("#download-csv").get_attribute("href")
    params = parse_qs(urlparse(href).query)
    assert params["f"] == ["csv"] and params["datetime"] == ["2017-09-01/2017-12-05"] and len(params["bbox"][0].split(",")) == 4
    csv_lines = httpx.get(base + href).text.strip().splitlines()
    assert len(csv_lines) - 1 == shown(page)
    geojson = httpx.get(base + page.locator("#download-geojson").get_attribute("href")).json()
    assert len(geojson["features"]) == shown(page)
    assert json.dumps(geojson)  # a FeatureCollection as the API gives it
