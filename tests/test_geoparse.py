"""`frontlines geoparse`: the JSON lines contract, with and without given spans, and bad lines."""

import json

import pytest
from typer.testing import CliRunner

from frontlines.cli import app
from frontlines.places import Geocoder
from frontlines.places.geoparse import LineError, geoparse, geoparse_lines, parse_record

FIELDS = ["start", "end", "name", "latitude", "longitude", "geonameid", "country", "admin1", "feature_code"]
runner = CliRunner()

FOUND = "Shelling hit 20 km north of Raqqa on Monday. Clashes near Palmyra, Syria, went on."
GIVEN = "Officials in Alexandria, Louisiana, met Mr Blorpington."


@pytest.fixture(scope="module")
def geocoder():
    return Geocoder()


def run_lines(tmp_path, *lines):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return runner.invoke(app, ["geoparse", str(path)])


def test_contract_without_spans(tmp_path):
    result = run_lines(tmp_path, json.dumps({"id": "a", "text": FOUND}))
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.splitlines()
    out = json.loads(line)
    assert list(out) == ["id", "toponyms"] and out["id"] == "a"
    for t in out["toponyms"]:
        assert list(t) == FIELDS
        assert FOUND[t["start"] : t["end"]] == t["name"]
    # the names themselves, not the words that locate them ("20 km north of", ", Syria")
    assert [t["name"] for t in out["toponyms"]] == ["Raqqa", "Palmyra", "Syria"]
    assert {t["country"] for t in out["toponyms"]} == {"Syria"}
    assert out["toponyms"][0]["latitude"] == pytest.approx(35.95, abs=0.1)


def test_given_spans_are_resolved_exactly_in_order(tmp_path):
    spans = [{"start": 25, "end": 34}, {"start": 13, "end": 23}, {"start": 43, "end": 54}]
    assert [GIVEN[s["start"] : s["end"]] for s in spans] == ["Louisiana", "Alexandria", "Blorpington"]
    result = run_lines(tmp_path, json.dumps({"id": 7, "text": GIVEN, "toponyms": spans}))
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["id"] == 7
    got = out["toponyms"]
    assert [(t["start"], t["end"]) for t in got] == [(s["start"], s["end"]) for s in spans]
    assert all(list(t) == FIELDS for t in got)
    assert got[0]["feature_code"] == "ADM1" and got[0]["country"] == "United States"
    assert got[1]["name"] == "Alexandria" and got[1]["latitude"] is not None
    # a span no gazetteer knows is still listed, unresolved
    assert got[2]["name"] == "Blorpington"
    assert all(got[2][k] is None for k in FIELDS[3:])


def test_empty_span_list_resolves_nothing(geocoder):
    assert geoparse({"id": "x", "text": FOUND, "toponyms": []}, geocoder) == {"id": "x", "toponyms": []}


def test_bad_lines_are_named_and_the_rest_go_on(tmp_path):
    result = run_lines(
        tmp_path,
        json.dumps({"id": 1, "text": "Fighting in Aleppo."}),
        "{not json",
        json.dumps({"id": 3, "text": "Short", "toponyms": [{"start": 0, "end": 50}]}),
        "",
        json.dumps({"text": "no id"}),
        json.dumps({"id": 6, "text": "Fighting in Mosul."}),
    )
    assert result.exit_code == 0
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [1, 6]
    errors = result.stderr.splitlines()
    assert len(errors) == 3
    assert [e.split(" line ")[1].split(":")[0] for e in errors] == ["2", "3", "5"]


def test_only_bad_lines_fail(tmp_path):
    result = run_lines(tmp_path, "[1, 2]")
    assert result.exit_code == 1
    assert "line 1: not a JSON object" in result.stderr


@pytest.mark.parametrize(
    "line, reason",
    [
        ('{"id": 1, "text": 5}', '"text" must be a string'),
        ('{"id": 1, "text": "abc", "toponyms": {}}', '"toponyms" must be a list'),
        ('{"id": 1, "text": "abc", "toponyms": [{"start": 0}]}', 'integer "start" and "end"'),
        ('{"id": 1, "text": "abc", "toponyms": [{"start": true, "end": 2}]}', 'integer "start" and "end"'),
        ('{"id": 1, "text": "abc", "toponyms": [{"start": 2, "end": 2}]}', "not inside the text"),
        (b'{"id": 1, "text": "\xff"}', "not UTF-8"),
    ],
)
def test_parse_record_reasons(line, reason):
    with pytest.raises(ValueError, match=reason):
        parse_record(line)


def test_lines_keep_input_order(geocoder):
    lines = [json.dumps({"id": i, "text": f"Talks in {city}."}) for i, city in enumerate(["Baghdad", "Damascus", "Kabul"])]
    out = list(geoparse_lines(lines, geocoder))
    assert not any(isinstance(o, LineError) for o in out)
    assert [(o["id"], o["toponyms"][0]["country"]) for o in out] == [(0, "Iraq"), (1, "Syria"), (2, "Afghanistan")]
