"""`frontlines classify`: JSONL in, JSONL out, the typing `extract` uses."""

import json

from typer.testing import CliRunner

from frontlines.cli import app


def test_classify_contract(tmp_path):
    lines = [
        {"id": "a", "text": "Syrian government forces recaptured Palmyra from ISIS."},
        {"id": 7, "text": "The finance minister presented the budget to parliament."},
        {"id": "c", "text": "A suicide bomber blew himself up at a checkpoint in Kirkuk, killing four policemen."},
    ]
    path = tmp_path / "snippets.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines[:2]) + "\nnot json\n" + json.dumps(lines[2]) + "\n")
    result = CliRunner().invoke(app, ["classify", str(path)])
    assert result.exit_code == 0
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", 7, "c"]
    assert all(list(o) == ["id", "event_type", "sub_event_type", "confidence"] for o in out)
    assert (out[0]["event_type"], out[0]["sub_event_type"]) == ("Battles", "Government regains territory")
    assert (out[1]["event_type"], out[1]["sub_event_type"], out[1]["confidence"]) == (None, None, 0.0)
    assert out[2]["sub_event_type"] == "Suicide bomb" and 0 < out[2]["confidence"] <= 1
    assert f"{path}:3" in result.stderr
