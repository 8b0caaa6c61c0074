"""The command-line contract: exact JSON fields, storage, filters, and bad input."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from frontlines.cli import app

EXAMPLES = Path(__file__).parent.parent / "examples"
DOCUMENT_FIELDS = [
    "id", "source", "url", "title", "published", "byline", "dateline", "body",
    "comments", "related_headlines", "removed",
]
EVENT_FIELDS = [
    "event_type", "sub_event_type", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2",
    "location", "admin1", "country", "latitude", "longitude", "geo_precision",
    "event_date", "time_precision", "historical", "fatalities", "reported_by", "claimed_by",
    "evidence", "confidence",
]

runner = CliRunner()


def run(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def test_extract_json_contract():
    page = EXAMPLES / "north-syria-monitor-raqqa.txt"
    result = run("extract", page, "--format", "json", "--source-name", "North Syria Monitor",
                 "--url", "https://nsm.example/raqqa", "--published", "2017-06-07")
    assert result.exit_code == 0
    (item,) = json.loads(result.stdout)
    assert list(item) == ["document", "events"]
    assert list(item["document"]) == DOCUMENT_FIELDS
    assert item["document"]["source"] == "North Syria Monitor"
    assert item["document"]["url"] == "https://nsm.example/raqqa"
    assert item["document"]["published"] == "2017-06-07"
    assert item["events"]
    for ev in item["events"]:
        assert list(ev) == EVENT_FIELDS
        assert list(ev["evidence"]) == ["text", "start", "end"]
    assert all(set(c) == {"author", "text"} for c in item["document"]["comments"])


def test_extract_keeps_input_order_one_element_per_page():
    pages = [EXAMPLES / "sports-derby.txt", EXAMPLES / "frontline-monitor-shaer.txt"]
    items = json.loads(run("extract", *pages, "--format", "json").stdout)
    assert [i["document"]["title"] for i in items][1].startswith("Syrian Army Regains")
    assert items[0]["events"] == []


def test_bad_published_flag_is_a_one_line_error():
    result = run("extract", EXAMPLES / "sports-derby.txt", "--published", "yesterday")
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_bad_inputs_are_skipped_with_a_reason(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (tmp_path / "latin1.txt").write_bytes(
        "Syrian army recaptured Palmyra\n\nSyrian government forces recaptured Palmyra from ISIS on "
        "Thursday, the café owner said.\n".encode("latin-1")
    )
    (tmp_path / "nobody.html").write_text("<html><head><title>Nothing</title></head></html>")
    big = tmp_path / "huge.txt"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    result = run("extract", tmp_path, "--format", "json", "--published", "2017-03-03")
    items = json.loads(result.stdout)
    latin = [i for i in items if "café" in i["document"]["body"]]
    assert latin and latin[0]["events"][0]["sub_event_type"] == "Government regains territory"
    assert not any(i["document"]["title"] == "Nothing" for i in items)  # no article text: skipped
    assert "nobody.html: no article text found" in result.stderr
    messages = result.stderr
    assert "empty" in messages
    assert "binary" in messages
    assert "huge.txt" in messages and "MB" in messages
    for line in messages.strip().splitlines():
        assert line.startswith("skipped ")


def test_ingest_is_idempotent_and_events_filter(tmp_path):
    db = tmp_path / "events.sqlite"
    first = run("ingest", EXAMPLES, "--db", db)
    assert first.exit_code == 0, first.output
    con = sqlite3.connect(db)
    before = con.execute("select count(*) from documents").fetchone()[0], con.execute("select count(*) from events").fetchone()[0]
    again = run("ingest", EXAMPLES, "--db", db)
    after = con.execute("select count(*) from documents").fetchone()[0], con.execute("select count(*) from events").fetchone()[0]
    assert before == after and before[0] == 5 and before[1] >= 8
    assert "5 already stored" in again.stdout

    rows = json.loads(run("events", "--db", db, "--format", "json").stdout)
    assert len(rows) == before[1]
    battles = json.loads(run("events", "--db", db, "--type", "Battles", "--format", "json").stdout)
    assert battles and all(r["event_type"] == "Battles" for r in battles)
    window = json.loads(run("events", "--db", db, "--since", "2017-06-01", "--until", "2017-06-30", "--format", "json").stdout)
    assert window and all("2017-06-01" <= r["event_date"] <= "2017-06-30" for r in window)
    syria = json.loads(run("events", "--db", db, "--country", "Syria", "--format", "json").stdout)
    assert len(syria) >= len(window)
    assert json.loads(run("events", "--db", db, "--country", "France", "--format", "json").stdout) == []
    table = run("events", "--db", db)
    assert "stored event" in table.stdout


def test_ingesting_bad_input_leaves_stored_data_intact(tmp_path):
    db = tmp_path / "events.sqlite"
    run("ingest", EXAMPLES / "frontline-monitor-shaer.txt", "--db", db)
    con = sqlite3.connect(db)
    stored = con.execute("select id, sub_event_type, fatalities from events order by id").fetchall()
    (tmp_path / "bad.jsonl").write_text('{"url": "u", "text": \n not json\n')
    (tmp_path / "bin.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" * 100)
    result = run("ingest", tmp_path / "bad.jsonl", tmp_path / "bin.html", "--db", db)
    assert result.exit_code == 0 and "skipped" in result.stderr
    assert con.execute("select id, sub_event_type, fatalities from events order by id").fetchall() == stored


def test_console_script_is_installed():
    exe = Path(sys.executable).parent / "frontlines"
    assert exe.exists()
    result = subprocess.run([exe, "--help"], capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    assert result.returncode == 0 and "extract" in result.stdout


def test_table_output_escapes_markup_from_pages(tmp_path):
    page = tmp_path / "markup.txt"
    page.write_text("[bold red]Syrian army recaptured Palmyra[/]\n\nSyrian government forces recaptured "
                    "Palmyra from ISIS on Thursday, the [link=http://x.test]monitor[/link] said.\n")
    result = runner.invoke(app, ["extract", str(page), "--published", "2017-03-03"], env={"COLUMNS": "400"})
    assert "[bold red]Syrian army recaptured Palmyra[/]" in result.stdout
    assert "[link=http://x.test]monitor[/link]" in result.stdout


def test_hostile_jsonl_lines_are_skipped_or_cleaned(tmp_path):
    page = tmp_path / "pages.jsonl"
    lone_surrogate = '{"url": "u1", "text": "Syria\\ud800 report\\n\\nSyrian government forces recaptured Palmyra \\u0000from ISIS."}'
    page.write_text(lone_surrogate + "\n" + "[" * 100_000 + "\n")
    result = run("extract", page, "--format", "json", "--published", "2017-03-03")
    assert result.exit_code == 0
    (item,) = json.loads(result.stdout)
    assert "\ufffd" in item["document"]["body"] and "\x00" not in item["document"]["body"]
    assert "nested too deeply" in result.stderr


def test_console_script_turns_failures_into_one_line(tmp_path):
    exe = Path(sys.executable).parent / "frontlines"
    result = subprocess.run([exe, "events", "--db", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1
    for debug in (["--debug"], []):
        env = {**os.environ, "FRONTLINES_DEBUG": "" if debug else "1"}
        result = subprocess.run([exe, *debug, "events", "--db", str(tmp_path)], capture_output=True, text=True, env=env)
        assert result.returncode == 1 and "Traceback (most recent call last)" in result.stderr


def test_skips_are_counted_at_the_end(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blank.txt").write_text("   \n")
    (tmp_path / "page.txt").write_text("Title\n\nSyrian government forces recaptured Palmyra from ISIS on Thursday.\n")
    result = runner.invoke(app, ["segment", str(tmp_path)])
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1] == "skipped 2 input(s): 2 empty file"


def test_emoji_codes_in_pages_are_shown_as_written(tmp_path):
    page = tmp_path / "emoji.txt"
    page.write_text("Palmyra :fire: report\n\nSyrian government forces recaptured Palmyra from ISIS on Thursday.\n")
    result = runner.invoke(app, ["extract", str(page), "--published", "2017-03-03"], env={"COLUMNS": "400"})
    assert "Palmyra :fire: report" in result.stdout
