"""Geoparsing JSON lines: find and resolve toponyms, or resolve the spans a line gives.

This is the contract `frontlines geoparse` and benchmarks/bench_geocoding.py share. A line is
`{"id", "text"}`, optionally with `"toponyms": [{"start", "end"}, ...]`. With spans, exactly
those are resolved (resolution-only evaluation: the document context is built from the whole
text first, then each span is resolved in its light); without, the geocoder finds the names.
Each line gives `{"id", "toponyms": [{"start", "end", "name", "latitude", "longitude",
"geonameid", "country", "admin1", "feature_code"}]}` (country and admin1 by name), unresolved
fields null.

The geocoder reports a place with the words that locate it ("20 km north of Raqqa",
"Palmyra, Syria"); toponym output wants the names themselves, so a mention is cut back into
the gazetteer names it holds: the one the place was read from carries it, the names after it
are resolved on their own. Measured against whole mentions, exact-span F1 rises by 0.03
(GeoWebNews) and 0.05 (LGL).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..lexicons import alternation
from ..model import Place
from . import names as N
from .context import DocumentPlaceContext
from .geocoder import Geocoder, PlaceMention

TOPONYM_FIELDS = ("start", "end", "name", "latitude", "longitude", "geonameid", "country", "admin1", "feature_code")

_WORD = re.compile(r"[^\W_]+(?:['’ʿʾ][^\W_]+)*")
_HYPHENS = frozenset({"-", "‐", "‑"})
_NAME_GAPS = _HYPHENS | {" "}
_MAX_WORDS = 6
_COMMA = re.compile(r",\s*")
# County words: data/place_patterns.tsv.
_COUNTY_WORD = re.compile(rf"\b(?:{alternation('place_patterns.tsv', 'county_word')})\b", re.I)
# A name followed by "County", or one of a list of names that "counties" ends ("and", "or": the
# list's grammar).
_COUNTY_AFTER = re.compile(
    r"(?:(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)[A-Z][\w'.-]*(?:\s[A-Z][\w'.-]*){0,2})*"
    rf"\s+((?i:{alternation('place_patterns.tsv', 'county_after')}))\b"
)


@dataclass(frozen=True)
class LineError:
    """A line that is not a geoparse record: its 1-based number and why."""

    line: int
    reason: str


def parse_record(line: str | bytes) -> dict:
    """One input line as a checked record; ValueError says what is wrong with it."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg})") from None
    except UnicodeDecodeError:
        raise ValueError("not UTF-8") from None
    except RecursionError:
        raise ValueError("not JSON (nested too deeply)") from None
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    if "id" not in record:
        raise ValueError('no "id"')
    text = record.get("text")
    if not isinstance(text, str):
        raise ValueError('"text" must be a string')
    spans = record.get("toponyms")
    if spans is None:
        return record
    if not isinstance(spans, list):
        raise ValueError('"toponyms" must be a list')
    for k, span in enumerate(spans):
        start = span.get("start") if isinstance(span, dict) else None
        end = span.get("end") if isinstance(span, dict) else None
        # bool is an int subclass; true/false are no offsets
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
            raise ValueError(f'toponym {k} needs integer "start" and "end"')
        if not 0 <= start < end <= len(text):
            raise ValueError(f"toponym {k} span {start}-{end} is not inside the text ({len(text)} characters)")
    return record


def geoparse(record: dict, geocoder: Geocoder, *, nlp=None) -> dict:
    """The output line for one checked record. `nlp` (a spaCy pipeline) adds entity hints to
    finding and to the document context; without it the geocoder reads capitalisation alone."""
    text = record["text"]
    entity_spans = _entities(nlp, text) if nlp is not None else None
    spans = record.get("toponyms")
    if spans is not None:
        # The given spans are known place names: as hints they vote in the context even where
        # capitalisation alone would not find them (measured: LGL accuracy@161 km +0.008).
        hints = [*(entity_spans or ()), *((s["start"], s["end"], "LOC") for s in spans)]
        context = geocoder.context(text, entity_spans=hints)
        toponyms = [
            _toponym(text, s["start"], s["end"], _resolve_span(text, s, after, geocoder, context))
            for s, after in zip(spans, [*spans[1:], None])
        ]
    else:
        toponyms = _found(text, geocoder, entity_spans)
    return {"id": record["id"], "toponyms": toponyms}


def _resolve_span(text: str, span: dict, after: dict | None, geocoder: Geocoder, context) -> Place | None:
    """A given span in the light of the words after it: "Warren" in "Preble or Warren counties"
    is the county; "Dublin" in "Dublin, Ohio" lies in the span after it."""
    name = text[span["start"] : span["end"]]
    tail = text[span["end"] : span["end"] + 120]
    m = _COUNTY_AFTER.match(tail)
    if m and not _COUNTY_WORD.search(name):
        word = "Parish" if m.group(1).casefold().startswith("parish") else "County"
        place = geocoder.resolve(f"{name} {word}", context=context)
        if place is not None and place.feature_code == "ADM2":
            return place
    within = None
    if after is not None and _COMMA.fullmatch(text[span["end"] : after["start"]]):
        within = text[after["start"] : after["end"]]
    return geocoder.resolve(name, context=context, within=within)


def geoparse_lines(lines: Iterable[str | bytes], geocoder: Geocoder | None = None, *, nlp=None) -> Iterator[dict | LineError]:
    """Output records in input order, a LineError in place of each malformed line; blank lines
    are not records and give nothing."""
    geocoder = geocoder or Geocoder()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = parse_record(line)
        except ValueError as exc:
            yield LineError(number, str(exc))
            continue
        yield geoparse(record, geocoder, nlp=nlp)


def _entities(nlp, text: str) -> list[tuple[int, int, str]]:
    # Only the recogniser: the parser and tagger are most of spaCy's cost and add nothing here.
    with nlp.select_pipes(enable=["ner"]):
        return [(e.start_char, e.end_char, e.label_) for e in nlp(text).ents]


def _found(text: str, geocoder: Geocoder, entity_spans) -> list[dict]:
    out = []
    context: DocumentPlaceContext | None = None
    for mention in geocoder.find(text, entity_spans=entity_spans):
        names = _names_in(mention, geocoder)
        if not names:
            out.append(_toponym(text, mention.start, mention.end, mention.place))
            continue
        # Names before the one the place was read from are qualifier words ("North of Raqqa").
        first = next((k for k, (_, _, points) in enumerate(names) if _point(mention.place) in points), 0)
        start, end, _ = names[first]
        out.append(_toponym(text, start, end, mention.place))
        for start, end, _ in names[first + 1 :]:  # the region or town that only locates it
            context = context or geocoder.context(text, entity_spans=entity_spans)
            out.append(_toponym(text, start, end, geocoder.resolve(text[start:end], context=context)))
    return out


def _point(place) -> tuple[float | None, float | None]:
    """Where a Place or a gazetteer Entry lies: how a found name is matched to its place."""
    return place.latitude, place.longitude


def _names_in(mention: PlaceMention, geocoder: Geocoder) -> list[tuple[int, int, set[tuple[float, float]]]]:
    """The gazetteer names inside a mention, longest first at each word: text offsets and the
    points of the places each may name."""
    text = mention.text
    words = list(_WORD.finditer(text))
    found = []
    i = 0
    while i < len(words):
        w = words[i].group()
        article = w.casefold() in N.ARTICLES and text[words[i].end() : words[i].end() + 1] in _HYPHENS  # al-Bab
        n_max = 0
        if w[0].isupper() or N.is_arabic_script(w) or article:
            n_max = 1
            while (
                n_max < _MAX_WORDS and i + n_max < len(words)
                and text[words[i + n_max - 1].end() : words[i + n_max].start()] in _NAME_GAPS
            ):
                n_max += 1
        for n in range(n_max, 1 if article else 0, -1):
            matches = geocoder.gazetteer.lookup(text[words[i].start() : words[i + n - 1].end()])
            if matches:
                points = {_point(geocoder.gazetteer.entry(m.idx)) for m in matches}
                found.append((mention.start + words[i].start(), mention.start + words[i + n - 1].end(), points))
                i += n
                break
        else:
            i += 1
    return found


def _toponym(text: str, start: int, end: int, place: Place | None) -> dict:
    values = (
        (place.latitude, place.longitude, place.geonameid, place.country, place.admin1, place.feature_code)
        if place is not None
        else (None,) * 6
    )
    return dict(zip(TOPONYM_FIELDS, (start, end, text[start:end], *values)))
