"""The types that flow through the pipeline.

A `Document` is read from page bytes, cut into parts by `segment`, and annotated with
sentences; `extract` turns body sentences into `Event`s, which later stages fill in
(place, date, attribution). Field names of `DocumentOut` and `EventOut` are the JSON
contract of `frontlines extract --format json`: other tools depend on them.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field


class Comment(BaseModel):
    author: str | None = None
    text: str


class Evidence(BaseModel):
    """The sentence an event was read from, with its character offsets in `Document.body`."""

    text: str
    start: int
    end: int


class Place(BaseModel):
    """A geocoded place. `geo_precision` follows ACLED: 1 the town itself, 2 near it or a
    part of a region, 3 only a region known (its capital or centre is given)."""

    mention: str  # the words in the text that named it
    location: str  # the name an analyst would write in ACLED's `location`
    admin1: str | None = None
    country: str | None = None
    country_code: str | None = None  # ISO 3166-1 alpha-2
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: Literal[1, 2, 3] = 1
    geonameid: int | None = None
    feature_code: str | None = None
    source: str | None = None  # which gazetteer answered: geonames, supplement, airports, user-dump

    @property
    def is_country(self) -> bool:
        """A whole country (GeoNames PCLI, PCL), not a place in it."""
        return self.feature_code in ("PCLI", "PCL")


class Document(BaseModel):
    """One page. `body` holds the article paragraphs joined by a blank line; every offset
    in the pipeline refers to it."""

    id: str
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None
    byline: str | None = None
    dateline: str | None = None
    body: str = ""
    comments: list[Comment] = Field(default_factory=list)
    related_headlines: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    # What the reader got, kept so segmentation can run later; never part of the output.
    raw: str = Field(default="", exclude=True)
    raw_kind: Literal["text", "html"] = Field(default="text", exclude=True)
    origin: str | None = Field(default=None, exclude=True)  # file path or jsonl line it came from

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p.strip()]


class Skipped(BaseModel):
    """An input that could not become a Document, with the one-line reason."""

    origin: str
    reason: str


EventType = Literal[
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
]


class Event(BaseModel):
    event_type: EventType
    sub_event_type: str
    actor1: str | None = None
    assoc_actor_1: str | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    location: str | None = None
    admin1: str | None = None
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    event_date: dt.date | None = None
    time_precision: int | None = None
    historical: bool = False
    fatalities: int = 0
    reported_by: list[str] = Field(default_factory=list)
    claimed_by: list[str] = Field(default_factory=list)
    evidence: Evidence
    confidence: float = 0.0


class ExtractResult(BaseModel):
    document: Document
    events: list[Event]

    def to_json_dict(self) -> dict:
        doc = self.document.model_dump(mode="json")
        return {"document": doc, "events": [e.model_dump(mode="json") for e in self.events]}
