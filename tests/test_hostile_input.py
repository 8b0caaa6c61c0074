"""Hostile input (issue 14): each finding is a reproducer here. Every input is read correctly or
skipped with a one-line reason, within bounded CPU and memory, and the rest of the batch goes on."""

import gzip
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from serving import table_rows
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from frontlines.ingest import ingest
from frontlines.model import Document, Skipped
from frontlines.read import read_paths
from frontlines.read.decode import decode
from frontlines.segment import segment
from frontlines.segment.lines import kind_of
from frontlines.segment.parts import MAX_PARAGRAPH
from frontlines.store import Store

STORY = "Turkish shelling killed two civilians in Afrin on Monday, the Syrian Observatory said."
ONE_CPU_SECOND = 1.0


def read_one(path: Path, **kwargs) -> list[Document | Skipped]:
    return list(read_paths([path], **kwargs))


def only_document(items: list) -> Document:
    assert len(items) == 1 and isinstance(items[0], Document), items
    return items[0]


def max_rss_mb(code: str) -> tuple[float, str]:
    """Peak memory of a fresh interpreter running `code` (its own process: pytest's is not a fair base)."""
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec, from the forking pytest process.
    measure = (
        f"{code}\n"
        "print(next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')) / 1024)"
    )
    done = subprocess.run([sys.executable, "-c", measure], capture_output=True, text=True, timeout=120, check=True)
    *printed, peak = done.stdout.strip().splitlines()
    return float(peak), "\n".join(printed)


# -- 3. one bad input never aborts a batch -----------------------------------------------------------


def test_undefined_charset_is_read_by_detection(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(b'<html><head><meta charset="undefined"></head><body><p>Caf\xe9 ' + STORY.encode() + b"</p></body></html>")
    assert "Café" in only_document(read_one(page)).raw


def test_json_number_of_4301_digits_costs_nothing(tmp_path):
    dump = tmp_path / "dump.jsonl"
    dump.write_text('{"text": "%s", "n": %s}\n' % (STORY, "1" * 4301))
    assert only_document(read_one(dump)).raw == STORY


def test_feed_with_a_surrogate_reference_is_read(tmp_path):
    feed = tmp_path / "feed.rss"
    feed.write_bytes(
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>a&#xD800;b</title>'
        b"<description>" + STORY.encode() + b" &#x110000; &#55296;</description></item></channel></rss>"
    )
    doc = only_document(read_one(feed))
    assert doc.title == "a\ufffdb" and STORY in doc.raw


@pytest.mark.parametrize("declaration", [b'encoding="\xff\xfejunk"', b'encoding="base64"', b'encoding="undefined"'])
def test_feed_with_a_junk_encoding_declaration_is_read(tmp_path, declaration):
    feed = tmp_path / "feed.rss"
    feed.write_bytes(
        b'<?xml version="1.0" ' + declaration + b'?><rss version="2.0"><channel><title>T</title>'
        b"<item><title>x</title><description>" + STORY.encode() + b"</description></item></channel></rss>"
    )
    assert only_document(read_one(feed)).raw == STORY


def test_feed_declaration_regex_is_not_quadratic(tmp_path):
    feed = tmp_path / "slow.atom"
    feed.write_bytes(b'<?xml version="1.0" ' + b'encoding="' * 20000 + b"\n<feed></feed>")
    started = time.process_time()
    read_one(feed)
    assert time.process_time() - started < ONE_CPU_SECOND


def test_file_name_that_is_not_utf8_is_stored_escaped(tmp_path):
    name = os.fsdecode(b"bad\xffname\n.txt")
    (tmp_path / name).write_text(STORY)
    doc = only_document(read_one(tmp_path / name))
    assert doc.origin.endswith("bad\\xffname\\n.txt")
    doc.origin.encode("utf-8")  # storable and printable as it is


def test_symlink_loop_says_so(tmp_path):
    (tmp_path / "loop").symlink_to("loop")
    [skipped] = read_one(tmp_path / "loop")
    assert skipped.reason == "too many levels of symbolic links"


@pytest.mark.skipif(os.geteuid() == 0, reason="root lists every folder: no unreadable folder to make")
def test_unreadable_folder_is_a_skip(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "page.txt").write_text(STORY)
    locked.chmod(0)
    try:
        [skipped] = list(read_paths([tmp_path]))
    finally:
        locked.chmod(0o755)
    assert skipped.origin == str(locked) and skipped.reason == "permission denied"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "utf-32", "utf-16"])
def test_utf16_and_utf32_with_or_without_a_mark_are_text(codec):
    assert decode(STORY.encode(codec)) == STORY


def test_binary_is_still_binary():
    assert decode(bytes(range(256)) * 40) is None


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31", "0001-01-01T00:00:00Z"])
def test_publication_date_off_the_calendar_is_no_date(tmp_path, published):
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({"text": STORY, "published": published}) + "\n")
    assert only_document(read_one(dump)).published is None


def test_paragraph_over_a_million_characters_is_cut_for_the_models():
    text = (STORY + " ") * 12000  # 1.1 M characters on one line
    doc = segment(Document(id="x", raw=text, raw_kind="text"))
    assert len(doc.body) > 1_000_000 and max(len(p) for p in doc.body.split("\n\n")) <= MAX_PARAGRAPH


def test_html_nested_too_deep_for_the_parser_is_a_skip_not_a_silent_loss(tmp_path):
    from typer.testing import CliRunner

    from frontlines.cli import app

    page = tmp_path / "deep.html"
    page.write_text(f"<html><body><p>{STORY}</p>" + "<div>" * 300 + f"<p>{STORY} Deep.</p>" + "</div>" * 300 + "</body></html>")
    (tmp_path / "good.txt").write_text(STORY)
    result = CliRunner().invoke(app, ["segment", str(page), str(tmp_path / "good.txt")])
    assert result.exit_code == 0, result.output
    assert f"skipped {page}: HTML nested 256 elements deep: the parser drops the text below that" in result.stderr
    shallow = f"<html><body><p>{STORY}</p>" + "<div>" * 200 + f"<p>{STORY}</p>" + "</div>" * 200 + "</body></html>"
    assert STORY in segment(Document(id="x", raw=shallow, raw_kind="html")).body


# -- 2. memory: the 20 MB limit is enforced while reading ----------------------------------------------


def test_gzipped_jsonl_without_newlines_is_read_as_a_stream(tmp_path):
    dump = tmp_path / "dump.jsonl.gz"
    with gzip.open(dump, "wb", compresslevel=9) as fh:
        for _ in range(200):
            fh.write(b"x" * (1024 * 1024))  # 200 MB of one line
        fh.write(b"\n" + json.dumps({"text": STORY}).encode() + b"\n")
    peak, printed = max_rss_mb(
        "from frontlines.read import read_paths\n"
        f"for item in read_paths([{str(dump)!r}], max_page_bytes=20 * 1024 * 1024): print(type(item).__name__, getattr(item, 'reason', ''))"
    )
    assert printed.splitlines() == ["Skipped line is 200.0 MB, over the 20 MB limit", "Document "]
    assert peak < 400


def test_warc_header_line_of_hundreds_of_megabytes_is_a_skip(tmp_path):
    archive = tmp_path / "crawl.warc.gz"
    with archive.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://a.example/", "response", payload=io.BytesIO(STORY.encode()), http_headers=headers))
        member = gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\nX-Junk: " + b"a" * (300 * 1024 * 1024), 9)
        fh.write(member)
    peak, printed = max_rss_mb(
        "from frontlines.read import read_paths\n"
        f"for item in read_paths([{str(archive)!r}]): print(type(item).__name__, getattr(item, 'reason', ''))"
    )
    assert printed.splitlines() == ["Document ", "Skipped malformed WARC record: a header line over 64 KB"]
    assert peak < 400


# -- 1. hangs: regexes linear in their input; a budget per page -------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "donate " * 30000,
        " ".join(f"https://a.example/{i}" for i in range(2500)),
        "support us " * 10000,
        "paypal " * 20000,
    ],
)
def test_widget_patterns_are_linear(line):
    started = time.process_time()
    kind_of(line)
    assert time.process_time() - started < ONE_CPU_SECOND


def test_comment_author_cleanup_is_linear():
    html = "<html><body><p>%s</p><ol class='commentlist'><li class='comment'><span class='fn'>%s</span><p>%s</p></li></ol></body></html>"
    started = time.process_time()
    segment(Document(id="x", raw=html % (STORY, " " * 100_000, STORY), raw_kind="html"))
    assert time.process_time() - started < 5 * ONE_CPU_SECOND


def test_geocoder_is_linear_in_a_long_list_of_place_names(resources):
    names = ["Aleppo", "Homs", "Idlib", "Raqqa", "Afrin", "Palmyra", "Kobani", "Mosul", "Sanaa", "Rajo"]
    text = ", ".join(names * 250)  # 16 KB: 12 KB took 18 s when each name was weighed against every other
    started = time.process_time()
    mentions = resources.geocoder.find(text)
    assert time.process_time() - started < 5 * ONE_CPU_SECOND
    assert {m.text for m in mentions} >= {"Aleppo", "Homs", "Idlib"}


def test_hostile_page_in_a_batch_costs_only_itself(tmp_path, pipeline, settings):
    """The findings above in one folder with a good page: ingest goes through and stores the page."""
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a-charset.html").write_bytes(b'<meta charset="undefined"><p>caf\xe9</p>')
    (folder / "b-number.jsonl").write_text('{"text": "x", "n": %s}\n' % ("9" * 5000))
    (folder / "c-surrogate.rss").write_bytes(b'<rss version="2.0"><channel><item><description>&#xD800;</description></item></channel></rss>')
    (folder / "d-junk.rss").write_bytes(b'<?xml version="1.0" encoding="\xff"?><rss version="2.0"><channel><item><description>y</description></item></channel></rss>')
    (folder / os.fsdecode(b"e-\xff.txt")).write_text("Shelling.")
    (folder / "f-loop").symlink_to("f-loop")
    (folder / "g-year-one.jsonl").write_text(json.dumps({"text": STORY + " Again.", "published": "0001-01-01"}) + "\n")
    (folder / "h-donate.txt").write_text("Title\n\n" + "donate " * 30000)
    (folder / "z-good.txt").write_text(STORY)
    store = Store(tmp_path / "db.sqlite")
    summary = ingest([folder], store, pipeline=pipeline, settings=settings)
    assert summary.skipped == {"too many levels of symbolic links": 1} | {
        reason: n for reason, n in summary.skipped.items() if reason == "no article text found"
    }
    origins = {row[0] for row in store.engine.connect().exec_driver_sql("SELECT origin FROM documents")}
    assert str(folder / "z-good.txt") in origins and str(folder / "e-\\xff.txt") in origins


def long_and_short_page(folder: Path) -> Path:
    folder.mkdir()
    (folder / "a-long.txt").write_text("\n\n".join([STORY] * 3000))
    (folder / "b-good.txt").write_text(STORY)
    return folder


def test_page_over_its_time_budget_is_skipped_and_the_batch_goes_on(tmp_path, pipeline, settings):
    folder = long_and_short_page(tmp_path / "batch")
    store = Store(tmp_path / "db.sqlite")
    summary = ingest([folder], store, pipeline=pipeline, settings=settings.replace(max_page_seconds=1))
    assert summary.skipped == {"over the time limit of 1 s of CPU a page": 1} and summary.stored == 1


def test_page_over_its_memory_budget_is_skipped_and_the_batch_goes_on(tmp_path, settings):
    """In an ingest of its own: the long page adds about 10 MB of resident memory there (the short
    one none). In this long-lived test process memory freed by earlier tests absorbs that growth."""
    folder = long_and_short_page(tmp_path / "batch")
    exe = Path(sys.executable).parent / "frontlines"
    env = {**os.environ, "FRONTLINES_CACHE_DIR": str(settings.cache_dir), "FRONTLINES_MAX_PAGE_MEMORY_MB": "4"}
    done = subprocess.run([exe, "ingest", folder, "--db", tmp_path / "db.sqlite"], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "over the memory limit of 4 MB a page" in done.stderr
    assert len(Store(tmp_path / "db.sqlite").document_ids()) == 1


def test_the_memory_budget_stops_a_page_that_allocates_without_end():
    from frontlines.budget import OverBudget, PageClock, resident_mb

    start, held = resident_mb(), []
    with pytest.raises(OverBudget, match="over the memory limit of 64 MB a page"):
        with PageClock(60, memory_mb=64).running():
            for _ in range(2000):  # 2 GB if nothing stopped it
                held.append(bytearray(2**20))
                sum(range(20_000))  # the CPU the clock counts between its checks
    assert 64 <= resident_mb() - start < 400
    held.clear()

# -- 5, 6. exports and the terminal: no formula, no control sequence -----------------------------------

FORMULA_PAGE = {
    "url": "https://outlet.example/shelling",
    "source": "=HYPERLINK(\"http://evil.example\",\"Afrin News\")",
    "published": "2018-02-12",
    "title": "Shelling \x1b]0;owned\x07 in Afrin",
    "text": "+cmd|' /C calc'!A0 Turkish shelling killed two civilians in Afrin on Monday, the Syrian Observatory said.\n\n"
    "@SUM(1+1) Kurdish YPG fighters clashed with Turkish-backed rebels near Rajo \x1b[2J on Sunday, killing four fighters.",
}


@pytest.fixture(scope="module")
def formula_db(tmp_path_factory):
    from typer.testing import CliRunner

    from frontlines.cli import app

    folder = tmp_path_factory.mktemp("formula")
    (folder / "page.jsonl").write_text(json.dumps(FORMULA_PAGE) + "\n")
    db = str(folder / "db.sqlite")
    result = CliRunner().invoke(app, ["ingest", str(folder / "page.jsonl"), "--db", db])
    assert result.exit_code == 0, result.output
    return db


def test_acled_csv_has_no_formula_and_no_control_character(formula_db):
    import csv

    from typer.testing import CliRunner

    from frontlines.cli import app

    exported = CliRunner().invoke(app, ["export", "--format", "acled-csv", "--db", formula_db]).stdout_bytes.decode()
    rows = list(csv.reader(io.StringIO(exported, newline="")))
    assert len(rows) >= 2
    cells = [cell for row in rows[1:] for cell in row]
    for cell in cells:
        assert not any(ord(c) < 32 and c not in "\t\n\r" or 0x7F <= ord(c) <= 0x9F for c in cell), cell
        if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
            float(cell)  # only numbers (a negative longitude) may begin so
    assert any(cell.startswith("'=HYPERLINK(") for cell in cells)
    assert any(cell.startswith("'+cmd|") or cell.startswith("'@SUM(") for cell in cells)


@pytest.mark.parametrize("command", [["events"], ["extract", "--format", "table"], ["segment", "--format", "table"]])
def test_terminal_tables_show_control_characters_escaped(formula_db, tmp_path, command):
    from typer.testing import CliRunner

    from frontlines.cli import app

    page = tmp_path / "page.jsonl"
    page.write_text(json.dumps(FORMULA_PAGE) + "\n")
    args = [*command, "--db", formula_db] if command == ["events"] else [*command, str(page)]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\\x1b" in result.stdout



C1_PAGE = {
    "url": "https://outlet.example/c1",
    "source": "Afrin\x9b2J News",
    "published": "2018-02-12",
    "title": "Shelling\x85 in Afrin\x7f",
    "text": "Turkish shelling killed two civilians in Afrin\x9b31m on Monday, the Syrian Observatory said.",
}


@pytest.mark.parametrize(
    "command",
    [["export", "--format", "jsonl"], ["export", "--format", "geojson"], ["segment", "--format", "json"], ["extract", "--format", "json"]],
)
def test_json_outputs_write_del_and_c1_controls_as_escapes(tmp_path, command):
    # JSON escapes C0 controls itself; DEL and C1 (0x9b is a one-byte CSI) would be written raw.
    from typer.testing import CliRunner

    from frontlines.cli import app

    page = tmp_path / "page.jsonl"
    page.write_text(json.dumps(C1_PAGE) + "\n")
    db = str(tmp_path / "db.sqlite")
    if command[0] == "export":
        assert CliRunner().invoke(app, ["ingest", str(page), "--db", db]).exit_code == 0
        args = [*command, "--db", db]
    else:
        args = [*command, str(page)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    written = result.stdout_bytes.decode("utf-8")
    assert not any(0x7F <= ord(c) <= 0x9F for c in written)
    assert "\\u009b" in written  # kept, as an escape: the JSON still decodes to the page's text
    values = [json.loads(line) for line in written.splitlines()] if command[-1] == "jsonl" else [json.loads(written)]
    decoded = json.dumps(values, ensure_ascii=False)
    assert "\x9b" in decoded



def test_api_answers_write_del_and_c1_controls_as_escapes(tmp_path):
    import httpx
    from serving import serving
    from typer.testing import CliRunner

    from frontlines.api import create_app
    from frontlines.cli import app
    from frontlines.settings import Settings

    page = tmp_path / "page.jsonl"
    page.write_text(json.dumps(C1_PAGE) + "\n")
    db = tmp_path / "db.sqlite"
    assert CliRunner().invoke(app, ["ingest", str(page), "--db", str(db)]).exit_code == 0
    with serving(create_app(Settings.load(environ={}), store=Store(db))) as base:
        answers = {
            "/collections/events/items": 200,
            "/collections/events/items?f=ndjson": 200,
            "/collections/events/items?bbox=%C2%9B": 400,  # the problem's detail quotes the value
        }
        for path, status in answers.items():
            answer = httpx.get(base + path)
            assert answer.status_code == status, answer.text
            assert not any(0x7F <= ord(c) <= 0x9F for c in answer.text), path
        assert "\x9b" in json.dumps(httpx.get(base + "/collections/events/items").json(), ensure_ascii=False)


def test_skip_reasons_and_origins_are_one_escaped_line(tmp_path):
    from typer.testing import CliRunner

    from frontlines.cli import app

    name = os.fsdecode(b"evil\x1b[2J\n\xff.bin")
    (tmp_path / name).write_bytes(bytes(range(256)) * 4)
    result = CliRunner().invoke(app, ["segment", str(tmp_path / name)])
    [line] = [line for line in result.stderr.splitlines() if line.startswith("skipped ") and "evil" in line]
    assert line.endswith("evil\\x1b[2J\\n\\xff.bin: binary content, not a text or HTML page")


# -- 4. two ingests at once -----------------------------------------------------------------------------

EXAMPLES = Path(__file__).parent.parent / "examples"


def test_stores_adding_the_same_pages_at_once_add_each_once(database_url):
    """Check-then-insert let two writers both pass the check and the second fail on the key."""
    import threading

    from frontlines.model import ExtractResult

    results = [ExtractResult(document=Document(id=f"page-{i}", raw=f"page {i}", raw_kind="text"), events=[]) for i in range(30)]
    Store(database_url).engine.dispose()  # migrated before the race: the race is on the rows
    start = threading.Barrier(6)
    added: list[bool] = []
    errors: list[BaseException] = []

    def writer():
        store = Store(database_url)
        start.wait()
        try:
            added.extend(store.add(result) for result in results)
        except Exception as err:  # what the test looks for
            errors.append(err)
        store.engine.dispose()

    threads = [threading.Thread(target=writer) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and added.count(True) == len(results)


def test_two_ingests_at_once_both_succeed_and_store_what_one_would(tmp_path, database_url, pipeline, settings):
    from frontlines.merge.events import merge_stored_events

    # The examples and copies of them under other URLs: syndication is decided as by one ingest.
    mirrors = tmp_path / "mirrors.jsonl"
    with mirrors.open("w") as fh:
        for page in sorted(EXAMPLES.iterdir()):
            kind = "html" if page.suffix == ".html" else "text"
            fh.write(json.dumps({"url": f"https://mirror.example/{page.stem}", "source": "Mirror", kind: page.read_text()}) + "\n")
    corpus = [str(EXAMPLES), str(mirrors)]
    reference_db = tmp_path / "reference.sqlite"
    ingest(corpus, Store(reference_db), pipeline=pipeline, settings=settings)
    merge_stored_events(Store(reference_db))

    exe = Path(sys.executable).parent / "frontlines"
    env = {**os.environ, "FRONTLINES_CACHE_DIR": str(settings.cache_dir)}
    together = [
        subprocess.Popen([exe, "ingest", *corpus, "--db", database_url], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    for proc in together:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    assert table_rows(database_url) == table_rows(str(reference_db))


@pytest.mark.parametrize(
    "phrase",
    # The last is the fuzzer's: nouns and verbs that parse as one chain of 200 heads, a trigger in every other word.
    ["shelled the town of Kafr Nabl on Sunday, ", "airstrikes killed fighters ", "Aleppo, Homs, Idlib, Raqqa, ", "forces shell "],
)
def test_a_phrase_repeated_without_a_full_stop_costs_linear_time(pipeline, phrase):
    """80 KB of one phrase inside a story: the first took 176 s of CPU when every trigger of a
    "sentence" of 12,000 tokens scanned the whole of it."""
    from frontlines.budget import PageClock

    text = f"Regime forces shell Kafr Nabl\n\nRegime forces {phrase * (80_000 // len(phrase))}activists said."
    with PageClock(5 * ONE_CPU_SECOND).running():
        result = pipeline.process(Document(id="x", raw=text, raw_kind="text"))
    assert len(result.document.body) > 80_000
