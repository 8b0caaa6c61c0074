import datetime as dt

import pytest

from frontlines import dates

SUNDAY = dt.date(2017, 5, 14)  # publication date of most cases: a Sunday


@pytest.fixture(scope="module")
def reader(resources):
    return resources.dates


@pytest.mark.parametrize(
    "sentence, day, precision, expression",
    [
        # one day
        ("On Saturday, militants attacked the village.", "2017-05-13", 1, "Saturday"),
        ("On Tuesday, jets struck the town.", "2017-05-09", 1, "Tuesday"),
        ("On Sunday, fighting resumed.", "2017-05-14", 1, "Sunday"),  # the publication day itself
        ("Clashes erupted yesterday.", "2017-05-13", 1, "yesterday"),
        ("Clashes erupted today.", "2017-05-14", 1, "today"),
        ("This morning an airstrike hit the market.", "2017-05-14", 1, "This morning"),
        ("Monday night an attack took place.", "2017-05-08", 1, "Monday night"),
        ("Late on Friday a car bomb exploded.", "2017-05-12", 1, "Friday"),
        ("Early Saturday, jets struck the town.", "2017-05-13", 1, "Saturday"),
        ("The attack happened two days ago.", "2017-05-12", 1, "two days ago"),
        ("The town fell on 12 May.", "2017-05-12", 1, "12 May"),
        ("The town fell on May 12, 2017.", "2017-05-12", 1, "May 12, 2017"),
        # a week or a few days: the middle day
        ("Fighting raged last week.", "2017-05-04", 2, "last week"),  # Monday 1 to Sunday 7 May
        ("Over the weekend, clashes erupted.", "2017-05-13", 2, "the weekend"),
        ("The village fell a week ago.", "2017-05-07", 2, "a week ago"),
        ("In the past 24 hours, 12 strikes hit the city.", "2017-05-13", 2, "past 24 hours"),
        # a month or longer: the middle day, clipped to publication
        ("Earlier this month the army advanced.", "2017-05-07", 3, "Earlier this month"),  # 1 to 14 May
        ("Fighting intensified last month.", "2017-04-15", 3, "last month"),
        ("Fighting raged last June.", "2016-06-15", 3, "last June"),
        ("The town fell in December 2016.", "2016-12-16", 3, "December 2016"),
        ("They came in 2015.", "2015-07-02", 3, "2015"),
        ("The town fell two years ago.", "2015-05-14", 3, "two years ago"),
    ],
)
def test_date_words_resolve_against_publication(reader, sentence, day, precision, expression):
    res = reader.resolve(sentence, SUNDAY)
    assert res.event_date == dt.date.fromisoformat(day)
    assert res.time_precision == precision
    assert res.expression == expression
    assert res.reason.startswith(f"{expression!r} in sentence")


def test_most_precise_date_of_a_sentence_wins(reader):
    res = reader.resolve("On Saturday, the SDF attacked the town ISIS has held since last June.", SUNDAY)
    assert (res.event_date, res.time_precision, res.historical) == (dt.date(2017, 5, 13), 1, False)


@pytest.mark.parametrize(
    "sentence, published, day",
    [
        ("Over the weekend, clashes erupted.", dt.date(2017, 5, 17), "2017-05-13"),  # page of a Wednesday
        ("On Saturday, clashes erupted.", dt.date(2017, 5, 13), "2017-05-13"),  # page of that Saturday
        ("The town fell on 20 May.", SUNDAY, "2016-05-20"),  # 20 May 2017 is still to come
    ],
)
def test_dates_are_never_after_publication(reader, sentence, published, day):
    assert reader.resolve(sentence, published).event_date == dt.date.fromisoformat(day)


@pytest.mark.parametrize(
    "sentence",
    [
        "At least 23 militants were killed in the clashes.",
        "Talks will resume tomorrow.",  # only a future date
        "Troops may attack the town.",  # the modal, not the month
        "Protesters march to the square.",  # the verb, not the month
        "The army said 1500 families fled the area.",  # a count, not a year
        "The offensive has been going on since 2014.",  # an open span, no day to code
        "Later in the day, clashes resumed.",  # the day of the story, not of the page
    ],
)
def test_without_date_words_the_publication_date_is_coded(reader, sentence):
    res = reader.resolve(sentence, SUNDAY)
    assert (res.event_date, res.time_precision, res.expression) == (SUNDAY, 2, None)
    assert res.reason == "no date in sentence; publication date"
    assert not res.historical


def test_count_before_a_relative_date_is_not_a_year(reader):
    res = reader.resolve("They killed 2000 people last week.", SUNDAY)
    assert (res.event_date, res.expression, res.historical) == (dt.date(2017, 5, 4), "last week", False)


def test_sentence_without_date_inherits_the_paragraph_date(reader):
    context = ["Fighting continued.", "On Saturday, ISIS attacked Tabqa.", "The SDF repelled the attack."]
    res = reader.resolve("The militants also lost three vehicles.", SUNDAY, paragraph_context=context)
    assert (res.event_date, res.time_precision, res.expression) == (dt.date(2017, 5, 13), 1, "Saturday")
    assert res.reason == "'Saturday' earlier in the paragraph"


def test_the_nearest_dated_sentence_of_the_paragraph_gives_the_date(reader):
    context = ["On Saturday, ISIS attacked Tabqa.", "On Tuesday, the SDF struck back."]
    res = reader.resolve("The militants lost three vehicles.", SUNDAY, paragraph_context=context)
    assert res.event_date == dt.date(2017, 5, 9)


def test_own_date_wins_over_the_paragraph(reader):
    res = reader.resolve("Yesterday, jets struck.", SUNDAY, paragraph_context=["On Tuesday, ISIS attacked."])
    assert res.event_date == dt.date(2017, 5, 13)


def test_background_clause_dates_are_not_the_event_date(reader):
    context = ["On Saturday, the SDF entered the village, which ISIS had seized in 2014."]
    res = reader.resolve("The militants fled.", SUNDAY, paragraph_context=context)
    assert (res.event_date, res.historical) == (dt.date(2017, 5, 13), False)
    res = reader.resolve("The army entered the village, which ISIS had seized in 2014.", SUNDAY)
    assert (res.event_date, res.time_precision, res.historical) == (SUNDAY, 2, False)


def test_without_publication_date_relative_dates_do_not_resolve(reader):
    for sentence in ["Clashes erupted yesterday.", "On Saturday, jets struck.", "The town fell on 12 May.", "Clashes."]:
        res = reader.resolve(sentence, None)
        assert (res.event_date, res.time_precision, res.expression) == (None, None, None), sentence
        assert res.reason == "no publication date"


def test_without_publication_date_absolute_dates_resolve(reader):
    res = reader.resolve("The town fell in December 2016.", None)
    assert (res.event_date, res.time_precision, res.expression) == (dt.date(2016, 12, 16), 3, "December 2016")
    res = reader.resolve("The town fell on 12 May 2017.", None)
    assert (res.event_date, res.time_precision) == (dt.date(2017, 5, 12), 1)
    res = reader.resolve("The militants fled.", None, paragraph_context=["On 12 May 2017 the town fell."])
    assert res.event_date == dt.date(2017, 5, 12)


@pytest.mark.parametrize(
    "sentence",
    [
        "ISIS had captured the town last June.",
        "The town fell in December 2016.",
        "ISIS captured Palmyra for the second time in December 2016.",
        "Back in 2014, ISIS overran the province.",
        "They came in 2015.",
    ],
)
def test_old_dates_are_historical(reader, sentence):
    res = reader.resolve(sentence, SUNDAY)
    assert res.historical
    assert res.event_date < SUNDAY - dates.HISTORICAL_AFTER
    assert res.reason.endswith("historical: more than 30 days before publication")


def test_historical_event_keeps_its_own_date(reader):
    res = reader.resolve("ISIS had captured the town last June.", SUNDAY)
    assert (res.event_date, res.time_precision, res.historical) == (dt.date(2016, 6, 15), 3, True)


@pytest.mark.parametrize(
    "sentence, cue",
    [
        ("ISIS had captured the town.", "had captured"),
        ("The town had been seized by the militants.", "had been seized"),
        ("The militants had been using the school as a base.", "had been using"),
        ("It is worth mentioning that ISIS captured the town.", "It is worth mentioning"),
        ("It should be noted that the town was held by ISIS.", "It should be noted"),
        ("Previously, the town was held by the rebels.", "Previously"),
        ("Earlier in the war, the rebels held the town.", "Earlier in the war"),
    ],
)
def test_history_cues_without_a_date(reader, sentence, cue):
    res = reader.resolve(sentence, SUNDAY)
    assert res.historical
    assert res.event_date == SUNDAY
    assert res.reason == f"no date in sentence; publication date; historical: {cue!r}"


@pytest.mark.parametrize(
    "sentence",
    [
        "It is worth mentioning that on Saturday the SDF captured the village.",  # a recent own date
        "On Saturday the army retook the village ISIS had seized.",
        "The ministry said its jets had struck the base.",  # reported speech, not history
        "The Observatory said the death toll had risen to 40.",
        "ISIS had to withdraw from the town.",  # "had to", no past perfect
        "Last month, the SDF captured the dam.",  # 29 days before publication
    ],
)
def test_news_is_not_historical(reader, sentence):
    assert not reader.resolve(sentence, SUNDAY).historical


def test_sentences_without_date_words_skip_the_recognizer(reader, monkeypatch):
    class Failing:
        def parse(self, *args):
            raise AssertionError("the recognizer ran")

    monkeypatch.setattr(reader, "recognizer", Failing())
    res = reader.resolve("At least 23 ISIS militants were killed in the clashes near Raqqa.", SUNDAY)
    assert res.event_date == SUNDAY


@pytest.mark.parametrize(
    "sentence",
    [
        "The Syrian Democratic Forces said on Saturday that their fighters had repelled a major attack by Islamic "
        "State militants on the outskirts of Raqqa, killing at least 23 militants and destroying three vehicles.",
        "On the evening of 10 May 2017, jets struck the town of Khan Sheikhoun, which the rebels took in 2014.",
        "Clashes erupted again in the area in the early hours of Sunday, between 3 and 5 May and last week.",
        "The offensive, which began in November 2016 and stalled over the weekend, aims to encircle the city.",
    ],
)
def test_recognizing_around_date_words_finds_what_the_whole_sentence_gives(reader, sentence):
    reference = dt.datetime(2017, 5, 14)
    whole = set(reader._parse(sentence, 0, len(sentence), reference))
    assert whole
    assert set(reader._mentions(sentence, SUNDAY)) == whole


def test_ranges_and_relative_dates_are_found_in_one_window(reader):
    reference = dt.datetime(2017, 5, 14)
    text = "between 3 and 5 May, two days ago"
    found = reader._parse(text, 0, len(text), reference)
    assert {text[m.start : m.end] for m in found} >= {"between 3 and 5 May", "two days ago"}
