"""What each lexicon file must hold: its columns, each column's type and allowed values.

Every file in `frontlines/data/` has a schema here; a file without one cannot be read. Each
schema ends with a required, non-empty `source` column: where the row comes from. A cell is
one of these types:

- text: any text;
- int, float: a number (a whole one for int);
- yes/no: "yes" or "no";
- list: items separated by `separator` ("|" unless said), no empty item;
- regex: a Python regular expression that compiles.

A column may also list its allowed values (`choices`), require a shape (`pattern`, matched in
full), name a column of another file whose values it must take (`ref`, plus `extra` values
allowed besides), allow an empty cell (`empty`) or forbid repeated values (`unique`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import get_args

from ..model import EventType

EVENT_TYPES = get_args(EventType)

# Trigger rows whose sub-event type depends on who acts or who is hit.
TERRITORY = "territory"
ATTACK = "attack"

TYPES = ("text", "int", "float", "yes/no", "list", "regex")


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "text"
    empty: bool = False
    choices: tuple = ()
    ref: tuple[str, str] | None = None  # (file, column)
    extra: tuple[str, ...] = ()  # allowed besides the values of `ref`
    pattern: str | None = None
    looks: str = ""  # what `pattern` asks for, in words
    separator: str = "|"
    unique: bool = False

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"column {self.name}: unknown type {self.type!r}")

    def items(self, value: str) -> list[str]:
        if not value:
            return []
        return value.split(self.separator) if self.type == "list" else [value]

    def check(self, value: str) -> str | None:
        """Why `value` does not fit this column, or None when it does."""
        if value == "":
            return None if self.empty else f"{self.name} is empty"
        if self.type == "int" and not re.fullmatch(r"[+-]?\d+", value):
            return f"{self.name} {value!r} is not a whole number"
        if self.type == "float":
            try:
                number = float(value)
            except ValueError:
                number = math.nan
            if not math.isfinite(number):
                return f"{self.name} {value!r} is not a number"
        if self.type == "yes/no" and value not in ("yes", "no"):
            return f"{self.name} {value!r} is not yes or no"
        if self.type == "regex":
            try:
                re.compile(value)
            except re.error as exc:
                return f"{self.name} {value!r} is not a regular expression: {exc}"
        for item in self.items(value):
            if item == "":
                return f"{self.name} {value!r} has an empty item between {self.separator!r}"
            if self.choices and (int(item) if self.type == "int" else item) not in self.choices:
                return f"{self.name} {item!r} is not one of: {', '.join(map(str, self.choices))}"
            if self.pattern and not re.fullmatch(self.pattern, item):
                return f"{self.name} {item!r} is not {self.looks or 'of the form ' + self.pattern}"
        return None


@dataclass(frozen=True)
class Schema:
    name: str  # the file name in frontlines/data/
    columns: tuple[Column, ...]
    lists: tuple[str, ...] = field(default=())  # word-list files: the lists its `list` column names

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


SOURCE = Column("source")


def _schema(name: str, *columns: Column) -> Schema:
    return Schema(name, (*columns, SOURCE))


def _word_list(name: str, lists: tuple[str, ...], value: Column) -> Schema:
    """A file of several word lists: a `list` column says which list a row's word belongs to."""
    return Schema(name, (Column("list", choices=lists), value, SOURCE), lists)


def _sub_event_type(*extra: str, unique: bool = False) -> Column:
    """An ACLED sub-event type of acled_taxonomy.tsv, or one of the `extra` values."""
    return Column("sub_event_type", ref=("acled_taxonomy.tsv", "sub_event_type"), extra=extra, unique=unique)


def _country(name: str, empty: bool = False) -> Column:
    return Column(name, empty=empty, pattern=r"[A-Z]{2}", looks="an ISO 3166-1 alpha-2 country code (SY)")


# ACLED's regions (acleddata.com, ACLED Codebook 2023, "Geography").
ACLED_REGIONS = (
    "Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa", "Northern Africa",
    "Middle East", "South Asia", "Southeast Asia", "East Asia", "Caucasus and Central Asia",
    "Europe", "North America", "Central America", "South America", "Caribbean", "Oceania", "Antarctica",
)  # fmt: skip
# ACLED inter codes: 1 state forces, 2 rebels, 3 political militias, 4 identity militias,
# 5 rioters, 6 protesters, 7 civilians, 8 external/other forces.
INTER_CODES = (1, 2, 3, 4, 5, 6, 7, 8)
# What a trigger needs besides its words (events/extract.py and events/build.py test them).
TRIGGER_NEEDS = ("none", "place", "armed_actor", "air_actor", "protest", "agreement", "weapon_object", "told_past", "air_noun", "explosive_or_armed")


def _places(name: str) -> Schema:
    """places_supplement.tsv and places_world.tsv: one kind, two files."""
    return _schema(
        name,
        Column("id", unique=True),
        Column("name", empty=True),  # empty for country centre points (PCLI): the country's own name stands
        Column("aliases", "list", empty=True),
        Column("feature_code", pattern=r"[A-Z][A-Z0-9]{1,4}", looks="a GeoNames feature code (PPL, AIRB)"),
        _country("country_code", empty=True),
        Column("admin1_code", empty=True, pattern=r"\w+", looks="a GeoNames admin1 code (01)"),
        Column("latitude", "float"),
        Column("longitude", "float"),
        Column("precision", "int", choices=(1, 2, 3)),
        Column("population", "int", empty=True),
    )


SCHEMAS: dict[str, Schema] = {
    s.name: s
    for s in (
        _schema(
            "acled_taxonomy.tsv",
            Column("event_type", choices=EVENT_TYPES),
            Column("sub_event_type", unique=True),
            Column("disorder_type", choices=("Political violence", "Demonstrations", "Strategic developments")),
            Column("definition"),
        ),
        _schema("acled_notes.tsv", _sub_event_type(unique=True), Column("template")),
        _schema(
            "acled_regions.tsv",
            Column("country", unique=True),
            Column("iso3", pattern=r"[A-Z]{3}", looks="an ISO 3166-1 alpha-3 code (SYR)"),
            Column("region", choices=ACLED_REGIONS),
        ),
        _schema(
            "actors.tsv",
            Column("actor", unique=True),
            Column("inter", "int", choices=INTER_CODES),
            _country("home_country", empty=True),
            Column("associated_with", empty=True, ref=("actors.tsv", "actor")),
            # The years the actor is active under this name: "2017-" (still active), "2016-2017",
            # or "-" (always: the {country} templates and generic rows).
            Column(
                "active",
                pattern=r"-|\d{4}-(\d{4})?",
                looks='"-", "YYYY-" or "YYYY-YYYY" (the years active under this name)',
            ),
        ),
        _schema(
            "actor_aliases.tsv",
            Column("alias", unique=True),
            Column("actor", ref=("actors.tsv", "actor")),
            Column("case_sensitive", "yes/no"),
        ),
        _schema(
            "actor_by_country.tsv",
            Column("actor", ref=("actors.tsv", "actor")),
            _country("country", empty=True),
            Column("named", ref=("actors.tsv", "actor")),
        ),
        _schema("actor_theatres.tsv", Column("actor", unique=True, ref=("actors.tsv", "actor")), _country("country")),
        _schema(
            "state_force_words.tsv",
            Column("word", unique=True),
            Column("force", choices=("military", "police")),
        ),
        _schema("state_force_prefixes.tsv", Column("prefix", unique=True), _country("country", empty=True)),
        _schema("actor_references.tsv", Column("phrase", unique=True), Column("refers_to", choices=("state", "non-state"))),
        _schema(
            "admin1_names.tsv",
            Column("code", unique=True, pattern=r"[A-Z]{2}\.\w+", looks="a GeoNames admin1 code (SY.01)"),
            Column("name"),
            Column("geonameid", "int"),
            Column("capital_geonameid", "int"),
            Column("aliases", "list", empty=True),
        ),
        _schema(
            "alignments.tsv",
            Column("alignment", unique=True),
            Column("partisan", "yes/no"),
            Column("opposes", "list", empty=True, ref=("alignments.tsv", "alignment")),
        ),
        _schema(
            "attribution_cues.tsv",
            Column("cue", unique=True),
            Column("kind", choices=("report", "claim", "hedge", "unnamed")),
        ),
        # "none" is a negative example (events/classifier.py NO_EVENT).
        _schema(
            "default_actors.tsv",
            _sub_event_type(unique=True),
            Column("actor1", ref=("actors.tsv", "actor")),
            Column("when", choices=("no_actor", "weapon_named", "harm_told")),
        ),
        _schema("event_examples.tsv", _sub_event_type("none"), Column("text")),
        _schema(
            "event_families.tsv",
            _sub_event_type(unique=True),
            Column("family"),
            Column("rank", "int"),
            Column("actor1_role", choices=("gainer", "loser", "either", "actor")),
        ),
        _word_list(
            "event_words.tsv",
            (
                "armed_noun", "weapon_noun", "air_noun", "agreement_verb", "harm_verb", "protest_word", "do_verb",
                "support_word", "background_preposition", "background_marker", "modal_aux", "intent_head",
                "cumulative_phrase", "singular_pronoun", "unreal_modifier", "purpose_head", "handover_word",
                "discovery_verb", "explosive_noun", "other_verb_particle", "figurative_subject",
                "accident_agent",
            ),
            Column("word"),
        ),  # fmt: skip
        _schema("fatality_quantities.tsv", Column("phrase", unique=True), Column("value", "int")),
        _schema(
            "fatality_terms.tsv",
            Column("lemma"),
            Column(
                "kind",
                choices=("kill", "die", "dead", "death", "killing", "toll", "injury", "collective", "non_victim", "source"),
            ),
        ),
        _schema("historical_cues.tsv", Column("cue", unique=True)),
        _schema(
            "outlets.tsv",
            Column("name", unique=True),
            Column("aliases", "list", empty=True),
            _country("country", empty=True),
            Column("alignment", ref=("alignments.tsv", "alignment")),
            Column("speaks_for", empty=True, ref=("actors.tsv", "actor")),
            Column(
                "kind",
                choices=(
                    "agency", "state agency", "party agency", "outlet", "state outlet", "local outlet",
                    "aggregator", "monitor", "ministry", "military press office",
                ),
            ),  # fmt: skip
        ),
        _schema(
            "place_aliases.tsv",
            Column("alias"),
            Column(
                "target",
                pattern=r"geonames:\d+|icao:[A-Z0-9]{4}|admin1:[A-Z]{2}\.\w+|country:[A-Z]{2}|supplement:\S+",
                looks="geonames:<id>, icao:<code>, admin1:<CC.code>, country:<CC> or supplement:<id>",
            ),
            Column("kind", choices=("alias", "display", "demonym", "abbreviation")),
        ),
        _schema("place_generic_terms.tsv", Column("spelling", unique=True), Column("generic")),
        _word_list(
            "place_patterns.tsv",
            (
                "locative", "speech_verb", "locating_word", "airport_word", "military_airfield", "county_word",
                "county_after", "number", "unit", "approximation", "place_noun", "part_before", "near_phrase",
                "region_word", "part_after", "district_word", "district_link",
            ),
            Column("pattern", "regex"),
        ),  # fmt: skip
        _word_list("place_words.tsv", ("article", "connector", "abbreviation", "feature_word"), Column("word")),
        _schema(
            "place_stoplist.tsv",
            Column("word", unique=True),
            Column("kind", choices=("word", "date", "title", "given-name", "surname", "org", "direction")),
        ),
        _places("places_supplement.tsv"),
        _places("places_world.tsv"),
        _schema(
            "segment_boilerplate.tsv",
            Column(
                "kind",
                choices=("widget", "comments_start", "comments_end", "comment_meta", "related_start", "credit", "byline"),
            ),
            Column("pattern", "regex"),
        ),
        _word_list(
            "segment_patterns.tsv",
            (
                "says_verb", "date_line_lead", "related_label", "signature_lead", "wordpress_class_prefix",
                "not_a_thread_name", "comment_name", "related_name",
            ),
            Column("pattern", "regex"),
        ),  # fmt: skip
        _word_list(
            "segment_words.tsv",
            ("small_word", "name_particle", "not_a_place", "comment_item_class", "author_class", "content_class"),
            Column("word"),
        ),
        _schema(
            "triggers.tsv",
            Column("lemmas"),
            _sub_event_type(TERRITORY, ATTACK),
            Column("priority", "int"),
            Column("needs", choices=TRIGGER_NEEDS),
        ),
    )
}
