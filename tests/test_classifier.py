"""The learned event typing: the ONNX sentence encoder, the typing model, user examples."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from frontlines.cli import app
from frontlines.events.classifier import (
    NO_EVENT,
    TypingModel,
    builtin_examples,
    decide,
    labels,
    read_user_examples,
    train,
)
from frontlines.events.embedding import DIMENSIONS
from frontlines.lexicons import taxonomy

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def encoder(resources):
    return resources.encoder


def test_vectors_match_sentence_transformers(encoder):
    # Full vectors computed once with sentence-transformers on the float model (the file says
    # how); the ONNX model is its int8 quantisation, so the vectors agree to a cosine of ~0.999.
    reference = json.loads((FIXTURES / "minilm" / "reference_vectors.json").read_text())
    expected = np.array(reference["vectors"], dtype=np.float32)
    vectors = encoder.encode(reference["texts"])
    assert vectors.shape == (len(expected), DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert (vectors * expected).sum(axis=1).min() > 0.998
    assert np.allclose(vectors @ vectors.T, expected @ expected.T, atol=5e-3)


def test_padding_does_not_change_a_vector(encoder):
    short = "Police arrested the mayor."
    alone = encoder.encode([short])[0]
    batched = encoder.encode([short, "A much longer sentence about shelling, airstrikes and clashes " * 5])[0]
    assert np.allclose(alone, batched, atol=1e-5)


def test_every_type_has_examples_and_no_event_has_many():
    counts = {}
    for example in builtin_examples():
        counts[example.sub_event_type] = counts.get(example.sub_event_type, 0) + 1
    assert set(counts) == set(labels())
    assert min(counts[t] for t in taxonomy()) >= 10
    assert counts[NO_EVENT] >= 100


def _toy_model():
    rng = np.random.default_rng(0)
    centres = {"Grenade": rng.normal(size=DIMENSIONS), NO_EVENT: rng.normal(size=DIMENSIONS)}
    gold = ["Grenade"] * 20 + [NO_EVENT] * 20
    vectors = np.array([centres[g] + 0.1 * rng.normal(size=DIMENSIONS) for g in gold], dtype=np.float32)
    readings = ["Grenade"] * 10 + [None] * 30
    return train(vectors, readings, gold), centres


def test_model_learns_saves_and_loads(tmp_path):
    model, centres = _toy_model()
    probabilities = model.probabilities(np.array([centres["Grenade"], centres[NO_EVENT]], dtype=np.float32), ["Grenade", None])
    assert decide(model, probabilities[0], "Grenade")[0] == "Grenade"
    assert decide(model, probabilities[1], None)[0] is None
    path = tmp_path / "model.npz"
    with path.open("wb") as fh:
        model.save(fh)
    loaded = TypingModel.load(path)
    assert loaded.classes == model.classes and np.array_equal(loaded.coef, model.coef)


def test_an_unseen_event_needs_a_surer_model():
    classes = labels()
    model = TypingModel(classes, np.zeros((len(classes), DIMENSIONS + len(classes))), np.zeros(len(classes)))
    unsure = np.full(len(model.classes), 1.0 / len(model.classes))
    unsure[model.classes.index("Grenade")] += 0.01
    assert decide(model, unsure, "Grenade")[0] == "Grenade"
    assert decide(model, unsure, None)[0] is None


def test_a_file_that_is_no_model_is_refused(tmp_path):
    path = tmp_path / "model.npz"
    path.write_bytes(b"not a model")
    with pytest.raises(ValueError, match="not a frontlines typing model"):
        TypingModel.load(path)


def test_user_examples_from_jsonl_and_acled_csv(tmp_path):
    jsonl = tmp_path / "coded.jsonl"
    jsonl.write_text(
        json.dumps({"text": "Militants threw a grenade at a bus stop.", "sub_event_type": "Grenade"}) + "\n\n"
        + json.dumps({"text": "The league final ended 2-0.", "sub_event_type": None}) + "\n"
    )
    assert [(e.sub_event_type) for e in read_user_examples(jsonl)] == ["Grenade", NO_EVENT]
    csv_path = tmp_path / "acled.csv"
    csv_path.write_text(
        "event_id_cnty,sub_event_type,notes\n"
        'SYR1,Air/drone strike,"On 3 May, Russian jets struck\nKafr Nabl. 2 fatalities."\n'
    )
    (example,) = read_user_examples(csv_path)
    assert (example.sub_event_type, example.text) == ("Air/drone strike", "On 3 May, Russian jets struck Kafr Nabl. 2 fatalities.")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"text": "x", "sub_event_type": "Dogfight"}\n', "not an ACLED sub-event type"),
        ("not json\n", 'not a {"text", "sub_event_type"} line'),
        ("\n", "no examples"),
    ],
)
def test_bad_user_examples_say_which_line(tmp_path, content, message):
    path = tmp_path / "coded.jsonl"
    path.write_text(content)
    with pytest.raises(ValueError, match=message):
        read_user_examples(path)


def test_train_classifier_rejects_bad_examples_in_one_line(tmp_path):
    path = tmp_path / "coded.jsonl"
    path.write_text('{"text": "x", "sub_event_type": "Dogfight"}\n')
    result = CliRunner().invoke(app, ["train-classifier", str(path), "-o", str(tmp_path / "m.npz")])
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0 and "Dogfight" in result.stderr


def test_a_trained_model_is_used_by_classify(tmp_path, monkeypatch):
    coded = tmp_path / "coded.jsonl"
    coded.write_text("".join(
        json.dumps({"text": f"Vigilantes in village {n} beat a suspected thief to death.", "sub_event_type": "Mob violence"}) + "\n"
        for n in range(5)
    ))
    model_path = tmp_path / "model.npz"
    result = CliRunner().invoke(app, ["train-classifier", str(coded), "-o", str(model_path)])
    assert result.exit_code == 0, result.output
    assert "5 example(s) of yours" in result.stdout
    model = TypingModel.load(model_path)
    assert model.classes == tuple(sorted(labels()))

    snippets = tmp_path / "snippets.jsonl"
    snippets.write_text(json.dumps({"id": 1, "text": "Vigilantes in a village beat a suspected thief to death."}) + "\n")
    monkeypatch.setenv("FRONTLINES_CLASSIFIER", str(model_path))
    result = CliRunner().invoke(app, ["classify", str(snippets)])
    assert json.loads(result.stdout)["sub_event_type"] == "Mob violence"
    monkeypatch.setenv("FRONTLINES_CLASSIFIER", str(tmp_path / "missing.npz"))
    result = CliRunner().invoke(app, ["classify", str(snippets)])
    assert result.exit_code != 0


def test_extract_drops_what_the_rules_misread_and_keeps_real_events(pipeline):
    from frontlines.model import Document

    body = (
        "A key reason for the market rally in Mumbai is the improved September quarter earnings.\n\n"
        "Researchers in Boston demonstrated in 2013 that the kidney responded to molecules secreted by gut microbes.\n\n"
        "Thousands of people rallied in Khartoum on Thursday to demand civilian rule, witnesses said."
    )
    doc = Document(id="veto", body=body, published="2019-11-08", source="Test Wire")
    assert [e.sub_event_type for e in pipeline.rules_only().process(doc, segmented=True).events].count(
        "Peaceful protest"
    ) == 3
    events = pipeline.process(doc, segmented=True).events
    assert [(e.sub_event_type, e.location) for e in events] == [("Peaceful protest", "Khartoum")]


def test_the_models_run_without_torch():
    # thinc (spaCy's learning layer) imports torch whenever it is installed, at 7 s and 200 MB a
    # process; nothing frontlines runs needs it, so the install must not bring it in.
    code = (
        "import sys; from frontlines.annotate import load_nlp; "
        "from frontlines.events.embedding import SentenceEncoder; "
        "load_nlp(); SentenceEncoder().encode(['Rebels shelled the town.']); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'torch', 'transformers', 'sentence_transformers'}))"
    )
    imported = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert imported == "[]"
