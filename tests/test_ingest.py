"""Bulk ingest: feeds, WARC crawls, syndicated copies, and a database that is the same however often
and however interrupted the corpus went in."""

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from frontlines.cli import app
from frontlines.ingest import ingest
from frontlines.merge.events import merge_stored_events
from frontlines.merge.syndication import SIMILARITY, signature
from frontlines.model import Document, Skipped
from frontlines.read import read_paths
from frontlines.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
FEEDS = FIXTURES / "feeds"
WARC_PAGE = FIXTURES / "warc" / "mesopotamia-daily-drone.html"
EXAMPLES = Path(__file__).parent.parent / "examples"

WIRE_COPY = "https://euphrates-post.example/news/2017/11/14/five-kurdish-fighters-killed"
WIRE_RSS = "https://levant-dispatch.example/2017/11/14/drone-strike-qamishli/"
WIRE_CRAWLED = "https://mesopotamia-daily.example/news/turkish-drone-kills-five-sdf-fighters"
OWN_REPORT = "https://euphrates-post.example/news/2017/11/14/drone-attack-tal-hamis-road"
SWEIDA = "https://levant-dispatch.example/2017/11/13/sweida-protest/"


def write_warc(path: Path, *, gzip: bool) -> Path:
    """A crawl as a crawler writes it: warcinfo, request/response pairs, an image, a missing page."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "frontlines-tests"}))

        def response(url, payload, content_type, status="200 OK"):
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", url.split("/")[2])], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=headers)
            )

        response("https://mesopotamia-daily.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")
        response("https://mesopotamia-daily.example/gone", b"<html><title>Not found</title></html>", "text/html", "404 Not Found")
        response(WIRE_CRAWLED, WARC_PAGE.read_bytes(), "text/html; charset=utf-8")
    return path


@pytest.fixture(scope="module")
def crawl(tmp_path_factory) -> Path:
    return write_warc(tmp_path_factory.mktemp("crawl") / "crawl.warc.gz", gzip=True)


def dump(db: Path) -> dict[str, list]:
    """Every table's rows but the times they were written, in a fixed order."""
    con = sqlite3.connect(db)
    tables = [name for (name,) in con.execute("select name from sqlite_master where type = 'table' order by name")]
    out = {}
    for table in tables:
        cursor = con.execute(f'select * from "{table}"')
        keep = [i for i, column in enumerate(cursor.description) if column[0] not in ("ingested_at", "updated_at")]
        out[table] = sorted((tuple(row[i] for i in keep) for row in cursor), key=repr)
    con.close()
    return out


def test_feed_items_are_pages_dated_and_named_by_their_feed():
    items = list(read_paths([FEEDS]))
    pages = {d.url: d for d in items if isinstance(d, Document)}
    assert set(pages) == {WIRE_COPY, OWN_REPORT, WIRE_RSS, SWEIDA}
    assert pages[WIRE_RSS].source == "Levant Dispatch" and pages[WIRE_COPY].source == "Euphrates Post"
    assert pages[WIRE_RSS].title == "Turkish drone strike kills five SDF fighters near Qamishli"
    assert str(pages[WIRE_RSS].published) == "2017-11-14"
    assert str(pages[OWN_REPORT].published) == "2017-11-14"  # <updated> when there is no <published>
    # Full content wins over the teaser, and feedparser has dropped the script.
    assert "Turkey considers the People's Protection Units" in pages[WIRE_RSS].raw
    assert "trackRead" not in pages[WIRE_RSS].raw
    assert pages[SWEIDA].raw_kind == "text" and pages[WIRE_RSS].raw_kind == "html"
    skipped = {s.origin: s.reason for s in items if isinstance(s, Skipped)}
    assert skipped[str(FEEDS / "levant-dispatch.rss") + ":3"] == "feed item without content or summary"
    assert skipped[str(FEEDS / "broken.xml")].startswith("malformed feed: ")


def test_a_feed_is_known_by_its_content_and_a_false_feed_is_skipped(tmp_path):
    (tmp_path / "latest").write_bytes((FEEDS / "euphrates-post.atom").read_bytes())
    (tmp_path / "notes.rss").write_text("Syrian army shells Idlib\n\nnot a feed at all\n")
    items = list(read_paths([tmp_path]))
    assert [d.source for d in items if isinstance(d, Document)] == ["Euphrates Post", "Euphrates Post"]
    (skip,) = [s for s in items if isinstance(s, Skipped)]
    assert skip.origin.endswith("notes.rss") and "feed" in skip.reason


def test_warc_responses_are_pages_and_other_records_say_why_not(crawl, tmp_path):
    items = list(read_paths([crawl]))
    (page,) = [d for d in items if isinstance(d, Document)]
    assert page.url == WIRE_CRAWLED and page.raw_kind == "html" and page.published is None
    assert page.origin.startswith(f"{crawl}@")
    assert sorted(s.reason for s in items if isinstance(s, Skipped)) == [
        "HTTP status 404",
        "not an HTML or text response: image/png",
    ]

    plain = write_warc(tmp_path / "plain.warc", gzip=False)
    assert [d.url for d in read_paths([plain]) if isinstance(d, Document)] == [WIRE_CRAWLED]
    # A crawl cut off while it wrote the page: no fragment of a page, a reason instead.
    cut = tmp_path / "cut.warc"
    cut.write_bytes(plain.read_bytes()[:-300])
    items = list(read_paths([cut]))
    assert not any(isinstance(d, Document) for d in items)
    assert items[-1].reason == "truncated WARC record"
    (tmp_path / "junk.warc").write_text("this is not a crawl archive\n" * 20)
    assert [s.reason for s in read_paths([tmp_path / "junk.warc"])] == ["not a WARC file"]


def test_syndicated_copies_are_one_report_and_reports_of_the_same_event_are_not(tmp_path, crawl, pipeline):
    store = Store(tmp_path / "frontlines.sqlite")
    summary = ingest([FEEDS, crawl], store, pipeline=pipeline)
    con = sqlite3.connect(tmp_path / "frontlines.sqlite")
    rows = con.execute("select id, url, syndicated_of, document from documents").fetchall()
    url_of = {doc_id: url for doc_id, url, _, _ in rows}
    copy_of = {url: url_of.get(original) for _, url, original, _ in rows}
    # The feeds folder is read in name order: Euphrates Post's copy of the wire story is stored first.
    assert copy_of == {
        WIRE_COPY: None,
        OWN_REPORT: None,
        WIRE_RSS: WIRE_COPY,
        SWEIDA: None,
        WIRE_CRAWLED: WIRE_COPY,  # an edited copy (other spelling), not an identical one
    }
    body = {url: json.loads(document)["body"] for _, url, _, document in rows}
    assert signature(body[WIRE_CRAWLED]).jaccard(signature(body[WIRE_COPY])) >= SIMILARITY
    assert signature(body[OWN_REPORT]).jaccard(signature(body[WIRE_COPY])) < 0.1

    assert (summary.stored, summary.syndicated, summary.already_stored) == (5, 2, 0)
    assert summary.skipped == {
        "malformed feed": 1,
        "feed item without content or summary": 1,
        "not an HTML or text response": 1,
        "HTTP status 404": 1,
    }
    assert summary.read == summary.stored + summary.already_stored + summary.skipped_total
    assert summary.events == con.execute("select count(*) from events").fetchone()[0] > 0
    assert summary.merged is None


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, crawl) -> list[str]:
    """Feeds, a crawl, the examples and mirrors of them: 20 pages, 12 of them copies."""
    mirrors = tmp_path_factory.mktemp("mirrors") / "mirrors.jsonl"
    with mirrors.open("w") as fh:
        for page in sorted(EXAMPLES.iterdir()):
            kind = "html" if page.suffix == ".html" else "text"
            for k in (1, 2):
                line = {"url": f"https://mirror{k}.example/{page.stem}", "source": f"Mirror {k}", kind: page.read_text()}
                fh.write(json.dumps(line) + "\n")
    return [str(FEEDS), str(crawl), str(EXAMPLES), str(mirrors)]


def stored_count(db: Path) -> int:
    try:
        con = sqlite3.connect(db, timeout=5)
        try:
            return con.execute("select count(*) from documents").fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_ingesting_twice_or_killed_and_rerun_leaves_the_same_database(tmp_path, corpus, pipeline):
    whole = tmp_path / "whole.sqlite"
    first = ingest(corpus, Store(whole), pipeline=pipeline)
    assert first.stored == 20 and first.syndicated == 12
    merge_stored_events(Store(whole))  # as `frontlines ingest` does after every run
    reference = dump(whole)
    again = ingest(corpus, Store(whole), pipeline=pipeline)
    assert (again.stored, again.already_stored, again.events) == (0, first.stored, 0)
    assert merge_stored_events(Store(whole)).records == 0
    assert dump(whole) == reference

    # Killed without warning half-way, worker processes and all.
    killed = tmp_path / "killed.sqlite"
    exe = Path(sys.executable).parent / "frontlines"
    proc = subprocess.Popen(
        [exe, "ingest", *corpus, "--db", killed, "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 90
    while stored_count(killed) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the ingest ended before it could be killed"
    at_kill = stored_count(killed)
    assert 3 <= at_kill < first.stored

    rerun = CliRunner().invoke(app, ["ingest", *corpus, "--db", str(killed)])
    assert rerun.exit_code == 0, rerun.output
    assert f"{first.stored - at_kill} stored" in rerun.stdout and f"{at_kill} already stored" in rerun.stdout
    assert dump(killed) == reference
