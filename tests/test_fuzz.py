"""Fuzzing (issue 14): generated and mutated inputs through the readers, the segmenters, the line
patterns, publication dates, the date and number readers, the geocoder and the whole pipeline.

Each input must come through without an exception and within 2 s of CPU per 100 KB (at least 2 s),
enforced by the pipeline's own clock (`budget.PageClock`). Inputs grow from the seed corpus in
tests/fuzz_seeds/ by byte mutations (replace, insert, delete, repeat a slice), and from text
generated around the names, verbs and dates the patterns look for.

The budget of inputs is the hypothesis profile (tests/conftest.py): a short one in every test run,
`make fuzz` for the long one (`--hypothesis-profile=fuzz`, over 100,000 inputs in all).
"""

import datetime as dt
import gzip
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontlines.budget import OverBudget, PageClock
from frontlines.model import Document, Skipped
from frontlines.read.decode import decode
from frontlines.read.document import make_document, parse_published
from frontlines.read.files import read_file
from frontlines.pipeline import StageFailed
from frontlines.segment import Unsegmentable, lines, segment

SEEDS = {path.name: path.read_bytes() for path in sorted((Path(__file__).parent / "fuzz_seeds").iterdir())}
CPU_SECONDS_PER_100KB = 2.0


def budget(weight: float):
    """This target's share of the profile's inputs: the slow targets get fewer."""
    return settings(
        max_examples=max(1, int(settings.default.max_examples * weight)),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def within_budget(size: int, run, *args):
    allowed = CPU_SECONDS_PER_100KB * max(1.0, size / 100_000)
    try:
        with PageClock(allowed).running():
            return run(*args)
    except OverBudget:
        raise AssertionError(f"an input of {size} bytes took over {allowed:g} s of CPU") from None


@st.composite
def mutated(draw, seeds: dict[str, bytes] = SEEDS) -> tuple[str, bytes]:
    """A seed file's name and its bytes after a few mutations."""
    name = draw(st.sampled_from(sorted(seeds)))
    data = bytearray(seeds[name])
    for _ in range(draw(st.integers(0, 6))):
        where = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["replace", "insert", "delete", "repeat"]))
        if action == "replace" and where < len(data):
            data[where] = draw(st.integers(0, 255))
        elif action == "insert":
            data[where:where] = draw(st.binary(min_size=1, max_size=16) | st.sampled_from(HOSTILE_SNIPPETS))
        elif action == "delete":
            del data[where : where + draw(st.integers(1, 64))]
        elif action == "repeat":
            piece = bytes(data[where : where + draw(st.integers(1, 40))])
            data[where:where] = piece * draw(st.integers(1, 2000))
    return name, bytes(data)


HOSTILE_SNIPPETS = [
    b"&#xD800;", b"&#x110000;", b"&#99999999999;", b'<meta charset="undefined">', b'encoding="\xff"',
    b"\x1b[2J", b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"<div>" * 300, b"donate https://x.example ",
    b"<span class=fn>" + b" " * 2000 + b"</span>", b"99999999999999999999999", b"\r\n\r\n", b"<?xml ",
    b"</p><p>", b"<!--", b"]]>", b"<![CDATA[", b"says: ", b"By John Smith", b"Posted on June 7, 0001",
]  # fmt: skip

PLACES = ["Aleppo", "Homs", "Idlib", "Raqqa", "Afrin", "Palmyra", "Deir ez-Zor", "Kobani", "Mosul", "Sanaa", "Kafr Nabl", "Rajo"]
WORDS = ["killed", "shelling", "donate", "says:", "support", "paypal", "https://a.example/x", "by", "on", "Monday", "2017", "June 7,", "(Reuters)", "—", "twenty-three", "12", "fighters", "civilians", "in", "near", ",", ".", "@", "\n"]  # fmt: skip
sentences = st.lists(st.sampled_from(WORDS + PLACES), max_size=80).map(" ".join) | st.text(max_size=300)


@budget(1)
@given(mutated())
def test_readers_skip_or_read_any_file(tmp_path_factory, named):
    name, data = named
    folder = Path(tempfile.mkdtemp(dir=tmp_path_factory.getbasetemp()))
    for path, content in ((folder / name, data), (folder / f"{name}.gz", gzip.compress(data, 1))):
        path.write_bytes(content)
        items = within_budget(len(data), lambda p=path: list(read_file(p, source=None, url=None, published=None)))
        assert items and all(isinstance(item, (Document, Skipped)) for item in items)
        for item in items:
            item.origin.encode("utf-8")  # storable
            if isinstance(item, Skipped):
                assert "\n" not in item.reason or item.reason.startswith("malformed")


@budget(2)
@given(st.binary(max_size=4096) | mutated().map(lambda named: named[1]))
def test_decode_never_raises(data):
    text = within_budget(len(data), decode, data)
    assert text is None or isinstance(text, str)


@budget(1.5)
@given(mutated(), st.booleans())
def test_segmenters_take_any_page(named, as_html):
    name, data = named
    text = data.decode("utf-8", "replace")
    doc = make_document(text, "html" if as_html else "text", name)
    try:
        segmented = within_budget(len(data), segment, doc)
    except Unsegmentable as refused:  # a page the parser cannot read whole: skipped with this reason
        assert "nested" in str(refused)
        return
    assert isinstance(segmented.body, str)


@budget(2)
@given(sentences)
def test_line_patterns_take_any_line(line):
    for read in (lines.kind_of, lines.split_says, lines.date_line, lines.split_dateline, lines.signature_name, lines.related_link):
        within_budget(len(line.encode()), read, line)


@budget(1)
@given(st.text(max_size=80) | st.dates().map(str) | st.datetimes().map(str) | st.integers().map(str))
def test_publication_dates_are_plausible_or_none(value):
    published = within_budget(len(value), parse_published, value)
    assert published is None or 1900 <= published.year <= 2200


@budget(0.3)
@given(sentences, st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)) | st.none())
def test_date_and_number_readers_take_any_sentence(resources, sentence, published):
    within_budget(len(sentence.encode()), resources.dates.resolve, sentence, published)
    count = within_budget(len(sentence.encode()), resources.fatalities.count, sentence)
    assert count.fatalities >= 0
    assert count.expression is None or sentence[count.start : count.end] == count.expression


@budget(0.3)
@given(st.lists(st.sampled_from(PLACES), max_size=400), st.sampled_from([", ", " and ", "\n", " "]))
def test_geocoder_takes_any_list_of_places(resources, names, separator):
    text = separator.join(names)
    mentions = within_budget(len(text.encode()), resources.geocoder.find, text)
    assert all(text[m.start : m.end] == m.text for m in mentions)


@budget(0.03)
@given(mutated())
def test_pipeline_takes_any_page(pipeline, named):
    name, data = named
    text = decode(data)
    if text is None or not text.strip():
        return
    doc = make_document(text, "html" if name.endswith(".html") else "text", name)
    try:
        result = within_budget(len(data), pipeline.process, doc)
    except StageFailed as failed:  # only the refusal of a page nested too deep is not a bug
        assert isinstance(failed.error, Unsegmentable), failed
        return
    assert all(ev.evidence.text for ev in result.events)


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_every_seed_is_read(name):
    items = list(read_file(Path(__file__).parent / "fuzz_seeds" / name, source=None, url=None, published=None))
    assert items and all(isinstance(item, Document) for item in items), items
