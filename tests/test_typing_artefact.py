"""The typing model is a build artefact: keyed by what it is trained from, never by comments or
the edge modules, read back as built, and in agreement with the shipped examples and rules."""

import random
import shutil
from pathlib import Path

import pytest

from frontlines.events import typing_artefact
from frontlines.events.classifier import builtin_examples
from frontlines.events.classify import rule_reading
from frontlines.events.typing_artefact import (
    TypingModelMissing,
    artefact_key,
    load_built,
    save_built,
)
from frontlines.resources import builtin_training


@pytest.fixture
def package_copy(tmp_path, monkeypatch):
    """The package's code and data copied, so that a test can edit files and see the key."""
    copy = tmp_path / "frontlines"
    shutil.copytree(typing_artefact.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(typing_artefact, "PACKAGE", copy)
    return copy


def test_comments_docstrings_and_edge_modules_do_not_change_the_key(package_copy):
    key = artefact_key("encoder")
    extract = package_copy / "events" / "extract.py"
    extract.write_text(extract.read_text().replace('"""', '"""A changed docstring. ', 1) + "\n# a comment\n")
    for edge in ("cli/render.py", "segment/lines.py", "store/__init__.py", "ray_engine.py", "budget.py", "data/segment_boilerplate.tsv"):
        (package_copy / edge).write_text((package_copy / edge).read_text() + ("\nEDGE_CHANGE = 1\n" if edge.endswith(".py") else "\n# changed\n"))
    assert artefact_key("encoder") == key


@pytest.mark.parametrize(
    ("path", "addition"),
    [
        ("events/extract.py", "\nFEATURE_CHANGE = 1\n"),
        ("dates.py", "\nFEATURE_CHANGE = 1\n"),
        ("data/triggers.tsv", "\n"),
        ("data/event_examples.tsv", "\n"),
    ],
)
def test_code_data_and_encoder_behind_the_features_change_the_key(package_copy, path, addition):
    key = artefact_key("encoder")
    assert artefact_key("another encoder") != key
    (package_copy / path).write_text((package_copy / path).read_text() + addition)
    assert artefact_key("encoder") != key


def test_versions_coexist_and_a_missing_one_says_how_to_build_it(tmp_path, resources):
    training = builtin_training(resources.settings, resources.encoder)
    for key in ("aaaa", "bbbb"):
        save_built(tmp_path, key, training)
    assert load_built(tmp_path, "aaaa").model.classes == training.model.classes
    assert load_built(tmp_path, "bbbb").readings == training.readings
    with pytest.raises(TypingModelMissing, match="frontlines build-model"):
        load_built(tmp_path, "cccc")
    (tmp_path / "typing-dddd.npz").write_bytes(b"not a model")
    with pytest.raises(TypingModelMissing, match="unreadable"):
        load_built(tmp_path, "dddd")


def test_the_built_model_agrees_with_the_shipped_examples_and_rules(resources, pipeline):
    """If this fails, the model was built from other examples or other rules than these: the
    key misses a file the rules' readings depend on."""
    training = builtin_training(resources.settings, resources.encoder)
    examples = builtin_examples()
    assert training.gold == [e.sub_event_type for e in examples]
    assert training.vectors.shape == (len(examples), resources.encoder.encode(["x"]).shape[1])
    rules = pipeline.rules_only()
    for i in random.Random(7).sample(range(len(examples)), 40):
        assert rule_reading(rules, examples[i].text) == training.readings[i], examples[i].text


def test_build_model_reports_a_built_model(tmp_path):
    from typer.testing import CliRunner

    from frontlines.cli import app

    result = CliRunner().invoke(app, ["build-model"])
    assert result.exit_code == 0 and "is built" in result.stderr
    assert Path(result.stderr.split(": ", 1)[1].strip()).exists()
