"""Each stage alone, on one page: what it reads, what it fills in; and the list itself."""

import datetime as dt
from pathlib import Path

import pytest

from frontlines import stages
from frontlines.model import Document
from frontlines.page import Page
from frontlines.pipeline import Pipeline, StageFailed

RAW = (
    "Army retakes Palmyra\n\n"
    "Syrian government forces recaptured the town of Palmyra from Islamic State militants on Saturday, "
    "the state news agency SANA reported.\n\n"
    "At least 23 militants were killed in the clashes."
)


@pytest.fixture
def page():
    return Page(Document(id="p", raw=RAW, raw_kind="text", published=dt.date(2017, 9, 10), source="Test Wire"))


def run(resources, page, *names):
    for stage in stages.STAGES:
        if stage.name in names:
            stage(resources)(page)
    return page


def test_the_list_is_the_pipeline_and_names_are_modules():
    names = [s.name for s in stages.STAGES]
    assert names == ["segment", "annotate", "extract", "geocode", "dates", "fatalities", "attribute", "build", "learned_typing"]
    folder = Path(stages.__file__).parent
    assert {p.stem for p in folder.glob("*.py")} - {"__init__"} == set(names)
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    assert all(f"`stages/{n}.py`" in readme for n in names)
    assert stages.RULE_STAGES == stages.STAGES[:-1]


def test_segment_fills_the_parts(resources, page):
    run(resources, page, "segment")
    assert page.segmented and page.document.title == "Army retakes Palmyra"
    assert "Palmyra" in page.document.body and not page.sentences


def test_annotate_splits_and_parses_only_trigger_sentences(resources, page):
    run(resources, page, "segment", "annotate")
    assert len(page.sentences) == 2
    assert all(s.span is not None for s in page.sentences)  # both hold a trigger
    assert [s.paragraph for s in page.sentences] == [0, 1] and set(page.by_paragraph) == {0, 1}


def test_extract_makes_one_finding_per_candidate_and_marks_retellings(resources, page):
    run(resources, page, "segment", "annotate", "extract")
    assert [f.candidate.continues_previous for f in page.findings] == [False, True]
    assert page.findings[0].place is None and page.findings[0].event_date is None  # later stages' part
    assert {m.actor for m in page.mentions} >= {"Military Forces of Syria", "Islamic State ({country})"}


def test_geocode_dates_fatalities_attribute_fill_their_fields(resources, page):
    run(resources, page, "segment", "annotate", "extract", "geocode", "dates", "fatalities", "attribute")
    first, retelling = page.findings
    assert first.place.location == "Tadmur" and first.place.country == "Syria"
    assert (first.event_date, first.time_precision) == (dt.date(2017, 9, 9), 1)
    assert (first.fatalities, retelling.fatalities) == (0, 23)
    assert first.attribution.reported_by == ["Test Wire", "SANA"]
    assert retelling.place is None  # a retelling only gives its toll


def test_build_emits_one_event_with_the_retold_toll_and_learned_typing_keeps_it(resources, page):
    run(resources, page, *[s.name for s in stages.RULE_STAGES])
    (event,) = page.events
    assert (event.sub_event_type, event.location, event.fatalities) == ("Government regains territory", "Tadmur", 23)
    run(resources, page, "learned_typing")
    assert [e.sub_event_type for e in page.events] == ["Government regains territory"]


def test_a_failing_stage_is_named(resources):
    class Broken:
        name = "broken"

        def __init__(self, resources):
            pass

        def __call__(self, page):
            raise KeyError("y")

    pipeline = Pipeline(resources, (*stages.STAGES[:2], Broken))
    with pytest.raises(StageFailed, match=r"broken stage: KeyError: 'y'") as failed:
        pipeline.process(Document(id="x", raw=RAW))
    assert isinstance(failed.value.__cause__, KeyError)
