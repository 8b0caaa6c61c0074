"""What the store gives back and takes: one frozen dataclass per kind of row, read by attribute
(`report.event_date`), with the fields in the order of the query's columns.

JSON columns come back as JSON decodes them (`reported_by` a list, `why` a dict), except a
merged event's `corroboration`, which is a `Corroboration` (schema.CorroborationJSON); dates as
`datetime.date`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Corroboration:
    """Who reported a merged event, and how far that establishes it (merge/corroboration.py),
    stored as JSON in `merged_events.corroboration`."""

    outlets: int  # independent outlets
    names: tuple[str, ...]
    sides: tuple[str, ...]  # the partisan alignments among them
    across_sides: bool  # sides that disagree both report the event
    claim_only: bool  # only one party to the fight reports it, in its own voice
    claimed_by: tuple[str, ...]  # parties whose own accounts are among the reports
    reports: int  # every report kept, syndicated copies included
    copies: int  # syndicated copies among them

    def to_dict(self) -> dict:
        return {
            "outlets": self.outlets,
            "names": list(self.names),
            "sides": list(self.sides),
            "across_sides": self.across_sides,
            "claim_only": self.claim_only,
            "claimed_by": list(self.claimed_by),
            "reports": self.reports,
            "copies": self.copies,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Corroboration:
        lists = ("names", "sides", "claimed_by")
        return cls(**{name: tuple(value) if name in lists else value for name, value in data.items()})


@dataclass(frozen=True, slots=True)
class _EventColumns:
    """The columns of `events`: one event as one page reported it."""

    id: str
    document_id: str
    event_type: str
    sub_event_type: str
    actor1: str | None
    assoc_actor_1: str | None
    actor2: str | None
    assoc_actor_2: str | None
    location: str | None
    admin1: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    event_date: dt.date | None
    time_precision: int | None
    historical: bool
    fatalities: int
    reported_by: list[str]
    claimed_by: list[str]
    evidence_text: str
    evidence_start: int
    evidence_end: int
    confidence: float


@dataclass(frozen=True, slots=True)
class StoredEvent(_EventColumns):
    """An event with its page's URL and outlet (`Store.events`)."""

    url: str | None
    source: str | None


@dataclass(frozen=True, slots=True)
class Report(_EventColumns):
    """An event as a report of a merged event (`Store.reports`): its page's outlet, URL, date
    and syndication, and the merged event it belongs to (None for those not merged yet)."""

    outlet: str | None
    url: str | None
    published: dt.date | None
    document_syndicated_of: str | None  # the page this report's page copies, as stored now
    merged_id: str | None
    copy_of: str | None  # the report of the original page that this copy repeats
    claim: bool | None  # a party's own account of its fight
    origins: list[str] | None  # the independent outlets this report stands for


@dataclass(frozen=True, slots=True)
class MergedEvent:
    """One event however many reports told it (`Store.merged_events`), the columns of
    `merged_events`, with its `reports` when asked for."""

    id: str
    event_type: str
    sub_event_type: str
    actor1: str | None
    assoc_actor_1: str | None
    actor2: str | None
    assoc_actor_2: str | None
    location: str | None
    admin1: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    event_date: dt.date | None
    time_precision: int | None
    historical: bool
    fatalities: int
    claimed_by: list[str]
    sources: list[str]  # outlets, in the order they reported
    corroboration: Corroboration
    evidence_text: str
    confidence: float
    why: dict[str, str]  # the reason for each choice among conflicting reports
    updated_at: dt.datetime
    reports: tuple[Report, ...] = ()  # by publication date; empty when not asked for


@dataclass(frozen=True, slots=True)
class ReportLink:
    """A row of `merged_event_reports`: which merged event a report belongs to, and how."""

    event_id: str
    merged_id: str
    syndicated_of: str | None  # documents.syndicated_of when merged: a page found to be a copy later is merged again
    copy_of: str | None
    claim: bool
    origins: list[str]

