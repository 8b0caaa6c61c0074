"""Event dates of news sentences, coded the way ACLED codes them.

recognizers-text finds the date words and resolves them against the publication date; the
glue here picks one reading of each expression, turns it into ACLED's `time_precision` and a
single day, and tells background told as history from the news.

Conventions:

* time_precision 1 is one day; 2 a span of up to a week ("last week", "over the weekend",
  "between 3 and 5 May", "a week ago"); 3 anything longer ("last June", "earlier this month",
  "in 2015", "two months ago"). ACLED's codebook: 2 when the source says "sometime during the
  week", 3 when it says "sometime during a month (the past two or three weeks, or January)".
* A span is coded at its middle day, as the codebook codes the mid-point of a month when only
  the month is known; weeks and years follow the same rule. The span is clipped to the
  publication date first, so "earlier this month" never lands after it.
* News reports what has already happened: a weekday name is the latest such day on or before
  publication ("on Saturday" in a page of Saturday is that day), and no date is ever later than
  the publication date.
* Of several dates in a sentence the most precise one is the event's ("on Saturday ... since
  last June" is about Saturday); dates in past-perfect subordinate clauses are background ("the
  village, which ISIS had seized in 2014").
* A sentence without date words takes the date of the nearest sentence before it in the
  paragraph that has one, else the publication date with precision 2: ACLED codes the report's
  date when the report gives none.
* Without a publication date only absolute dates ("12 May 2017", "December 2016") resolve.
* Background told as history is `historical`: a date more than `HISTORICAL_AFTER` before
  publication, a cue phrase of `data/historical_cues.tsv`, or a past perfect in the main clause
  ("ISIS had captured the town"); a recent date the sentence names itself outweighs the cues.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from recognizers_date_time import DateTimeRecognizer
from recognizers_date_time.resources.base_date_time import BaseDateTime
from recognizers_date_time.resources.english_date_time import EnglishDateTime
from recognizers_text import Culture
from recognizers_text.utilities import RegExpUtility
from spacy.language import Language

from . import lexicons

# News tells what happened in the last days; an event more than a month before the page is a
# recap of the war so far, which ACLED codes from the reports of its own time, not from this one.
HISTORICAL_AFTER = dt.timedelta(days=30)


@dataclass(frozen=True)
class DateResolution:
    event_date: dt.date | None
    time_precision: int | None  # ACLED: 1 the day, 2 a week or a few days, 3 a month or longer
    historical: bool
    expression: str | None  # the words that gave the date
    reason: str


@dataclass(frozen=True)
class _Mention:
    start: int  # offsets in the text it was found in, end exclusive
    end: int
    timex: str
    readings: tuple[tuple[dt.date, dt.date], ...]  # first and last day of each reading, oldest first
    precision: int


# The recognizer costs about 10 ms a call and 0.25 ms a character, date or no date, so it only
# sees a few words around the date words of its own English grammar.
_DATE_WORD = RegExpUtility.get_safe_reg_exp(
    "|".join(
        [
            EnglishDateTime.WeekDayRegex,
            rf"\b{EnglishDateTime.MonthRegex}\b",
            rf"\b{EnglishDateTime.DateUnitRegex}",
            rf"\b(?:{'|'.join(EnglishDateTime.WeekendTerms)})s?\b",
            EnglishDateTime.SpecialDayRegex,
            EnglishDateTime.TimeOfDayRegex,
            EnglishDateTime.SpecificTimeOfDayRegex,
            EnglishDateTime.AgoRegex,
            EnglishDateTime.TimeUnitRegex,
            BaseDateTime.FourDigitYearRegex,
        ]
    )
)
# Either side of a date word; the longest expressions ("on the evening of 10 May 2017") need fewer.
_WINDOW_WORDS = 6

# "early Saturday", "late Friday": found by the recognizer but left unresolved; the day alone is.
_EDGE_PREFIX = re.compile(r"(?:early|late|mid)[\s-]+", re.I)
# "N weeks ago" resolves to one exact day; the report only knows the week, month or year.
_COARSE_AGO = re.compile(r"\b(?P<unit>week|month|year)s?\s+ago\b", re.I)
# "later in the day" means the day the story is about, not the publication day it resolves to.
_ANAPHORIC = re.compile(r"(?:the\s+)?day", re.I)
# A lone "may"/"march" or four-digit number is a date only after a word that introduces one:
# the recognizer reads "troops may attack" as May, "protesters march" as March and the count in
# "killed 2000 people" as the year 2000.
_LONE_MONTH = re.compile(r"may|march", re.I)
_LONE_YEAR = re.compile(r"\d{4}")
_INTRODUCED = re.compile(
    r"\b(?:in|on|of|since|by|until|till|from|during|before|after|between|and|to|through|early|late|mid|last|this|next)[\s-]*$",
    re.I,
)
_INTRODUCED_YEAR = re.compile(rf"(?:{_INTRODUCED.pattern}|\bthe\s+$)", re.I)
# Timexes of "now", "recently": a present or past with no day to code.
_NO_DAY_TIMEX = {"PRESENT_REF", "PAST_REF", "FUTURE_REF"}
# Resolving a text against two far-apart references tells absolute dates (same result) from
# relative ones, which need the publication date.
_PROBE_REFERENCES = (dt.date(2001, 3, 7), dt.date(2011, 9, 21))
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@cache
def _cue_pattern() -> re.Pattern[str]:
    cues = sorted((r["cue"] for r in lexicons.read_tsv("historical_cues.tsv")), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(c) for c in cues) + r")\b", re.I)


def _pick(m: _Mention, published: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """The reading on or before publication, clipped to it; None if every reading is later."""
    if published is None:
        return m.readings[0] if len(m.readings) == 1 else None
    past = [r for r in m.readings if r[0] <= published]
    if not past and m.timex.endswith("-WE"):
        # "over the weekend" in a page of Wednesday: the recognizer offers the coming one.
        week = dt.timedelta(days=7)
        past = [(a - week, b - week) for a, b in m.readings if a - week <= published]
    if not past:
        return None
    first, last = max(past)
    return first, min(last, published)


def _middle(span: tuple[dt.date, dt.date]) -> dt.date:
    first, last = span
    return first + (last - first) // 2


def _windows(text: str) -> list[tuple[int, int]]:
    """Character spans of a few words around each date word, overlapping ones merged."""
    words = [m.span() for m in re.finditer(r"\S+", text)]
    starts = [s for s, _ in words]
    spans: list[list[int]] = []
    for hit in _DATE_WORD.finditer(text):
        first = max(bisect.bisect_right(starts, hit.start()) - 1 - _WINDOW_WORDS, 0)
        last = min(bisect.bisect_left(starts, hit.end()) - 1 + _WINDOW_WORDS, len(words) - 1)
        if spans and first <= spans[-1][1] + 1:
            spans[-1][1] = max(spans[-1][1], last)
        else:
            spans.append([first, last])
    return [(words[a][0], words[b][1]) for a, b in spans]


def _mention(text: str, start: int, end: int, values: list[dict]) -> _Mention | None:
    words = text[start:end]
    before = text[:start]
    if _ANAPHORIC.fullmatch(words):
        return None
    if _LONE_MONTH.fullmatch(words) and not _INTRODUCED.search(before):
        return None
    if _LONE_YEAR.fullmatch(words) and not _INTRODUCED_YEAR.search(before):
        return None
    readings = sorted({r for v in values if (r := _reading(v))})
    if not readings:
        return None
    first, last = readings[0]
    days = (last - first).days + 1
    precision = 1 if days == 1 else 2 if days <= 7 else 3
    if ago := _COARSE_AGO.search(words):
        precision = 2 if ago["unit"].lower() == "week" else 3
    return _Mention(start, end, values[0].get("timex", ""), tuple(readings), precision)


def _reading(value: dict) -> tuple[dt.date, dt.date] | None:
    """First and last day of one resolution of the recognizer; None for times of day, durations,
    open spans ("since 2014") and what it could not resolve ("the summer of 2016")."""
    kind = value.get("type")
    if value.get("timex") in _NO_DAY_TIMEX or value.get("value") == "not resolved":
        return None
    if kind in ("date", "datetime") and "value" in value:
        day = dt.datetime.fromisoformat(value["value"]).date()
        return day, day
    if "start" not in value or "end" not in value:
        return None
    if kind == "daterange":  # its end is exclusive: "2017-05" runs from 05-01 to 06-01
        first, after = dt.date.fromisoformat(value["start"]), dt.date.fromisoformat(value["end"])
        return first, max(first, after - dt.timedelta(days=1))
    if kind == "datetimerange":  # its end is an instant: "Monday night" ends 23:59:59
        return dt.datetime.fromisoformat(value["start"]).date(), dt.datetime.fromisoformat(value["end"]).date()
    return None


class DateReader:
    """Reads event dates: the date recognizer and spaCy (for past perfects), built once per
    process and given to the dates stage. Readings are cached per text and reference date, so
    a sentence that gives the date for the ones after it is recognized once."""

    def __init__(self, nlp: Language):
        self.nlp = nlp
        # About 1-2 s to build.
        self.recognizer = DateTimeRecognizer(Culture.English).get_datetime_model()
        self._mentions = lru_cache(maxsize=4096)(self._mentions_uncached)
        self._past_perfects = lru_cache(maxsize=1024)(self._past_perfects_uncached)

    def resolve(
        self, sentence: str, published: dt.date | None, *, paragraph_context: Sequence[str] = ()
    ) -> DateResolution:
        """The date of the event a sentence reports. `paragraph_context` is the sentences of the
        same paragraph before it, in order; when the sentence names no date, the nearest of them
        that does gives the date."""
        own = self._best(sentence, published)
        source = "sentence"
        if own is None and paragraph_context:
            # Sentence by sentence from the end: each is recognized once per page (the cache keeps
            # it) and the search stops at the nearest date. Never the paragraph as one text: a
            # paragraph of many sentences would be read again for each sentence after it.
            chunks = reversed([chunk for earlier in paragraph_context for chunk in _SENTENCE_END.split(earlier)])
            own = next((found for chunk in chunks if (found := self._best(chunk, published))), None)
            source = "paragraph"
        cue = self._historical_cue(sentence)
        if own is None:
            if published is None:
                return DateResolution(None, None, cue is not None, None, "no publication date")
            date, precision, expression = published, 2, None
            reason = "no date in sentence; publication date"
        else:
            date, precision, expression = own
            reason = f"{expression!r} in sentence" if source == "sentence" else f"{expression!r} earlier in the paragraph"

        old = published is not None and date < published - HISTORICAL_AFTER
        # A recent date named by the sentence itself outweighs a cue: "It is worth mentioning that
        # on Saturday ..." is news.
        recent_own = own is not None and source == "sentence" and published is not None and not old
        historical = old or (cue is not None and not recent_own)
        if old:
            reason += f"; historical: more than {HISTORICAL_AFTER.days} days before publication"
        elif historical:
            reason += f"; historical: {cue!r}"
        return DateResolution(date, precision, historical, expression, reason)

    def _best(self, text: str, published: dt.date | None) -> tuple[dt.date, int, str] | None:
        """The most precise date of a sentence, the first of equals ("on Saturday ... since last
        June" is about Saturday), leaving out dates of background clauses ("the village, which ISIS
        had seized in 2014")."""
        background = self._past_perfects(text)[1]
        picked = [
            (m, span)
            for m in self._resolvable(text, published)
            if not any(a <= m.start < b for a, b in background) and (span := _pick(m, published))
        ]
        if not picked:
            return None
        m, span = min(picked, key=lambda p: (p[0].precision, p[0].start))
        return _middle(span), m.precision, text[m.start : m.end]

    def _resolvable(self, text: str, published: dt.date | None) -> list[_Mention]:
        if published is not None:
            return list(self._mentions(text, published))
        first, second = (set(self._mentions(text, ref)) for ref in _PROBE_REFERENCES)
        return sorted(first & second, key=lambda m: m.start)

    def _mentions_uncached(self, text: str, reference: dt.date) -> tuple[_Mention, ...]:
        ref = dt.datetime.combine(reference, dt.time())
        found: list[_Mention] = []
        for start, end in _windows(text):
            found.extend(self._parse(text, start, end, ref))
        return tuple(found)

    def _parse(self, text: str, start: int, end: int, ref: dt.datetime) -> list[_Mention]:
        found = []
        for r in self.recognizer.parse(text[start:end], ref):
            m_start, m_end = start + r.start, start + r.end + 1  # the recognizer's end is inclusive
            if r.resolution is None:
                edge = _EDGE_PREFIX.match(text, m_start, m_end)
                if edge:
                    found.extend(self._parse(text, edge.end(), m_end, ref))
                continue
            mention = _mention(text, m_start, m_end, r.resolution.get("values", []))
            if mention:
                found.append(mention)
        return found

    def _historical_cue(self, sentence: str) -> str | None:
        """The words that tell background: a cue phrase or a past perfect in the main clause."""
        if cue := _cue_pattern().search(sentence):
            return cue.group()
        return self._past_perfects(sentence)[0]

    def _past_perfects_uncached(self, text: str) -> tuple[str | None, tuple[tuple[int, int], ...]]:
        """The first past perfect of the main clause ("ISIS had captured the town"), and the spans
        of subordinate clauses in the past perfect ("the village, which ISIS had seized in 2014").
        One in reported speech ("the ministry said its jets had struck ...") is the tense of
        indirect speech, not background, and counts for neither."""
        if not re.search(r"\bhad\b", text, re.I):
            return None, ()
        main, subordinate = None, []
        for token in self.nlp(text, disable=["ner"]):
            verb = token.head
            perfect = verb.tag_ == "VBN" or (verb.tag_ == "VBG" and any(c.lower_ == "been" for c in verb.children))
            if token.lower_ != "had" or token.dep_ != "aux" or not perfect:
                continue
            clause = verb
            while clause.dep_ == "conj":
                clause = clause.head
            if clause.dep_ in ("relcl", "advcl", "acl"):
                subordinate.append((clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge)))
            elif clause.dep_ != "ccomp" and main is None:
                main = text[token.idx : verb.idx + len(verb)]
        return main, tuple(subordinate)
