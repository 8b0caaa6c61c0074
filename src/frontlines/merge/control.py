"""Who held a place, from when to when: a timeline built from the merged captures, retakes and
withdrawals at it.

Every change of control is a merged event (so an outlet's several reports of one capture are one
change). A change by the side that already holds the place confirms its hold; a change by
another side starts a new period. The first known holder is the side the first change took the
place from.

A period is *contested* when another side's change comes within `CONTEST_DAYS` of the change that
began it (before or after): reports that disagree about who holds the place inside that window,
such as a capture one day and a government announcement of its retaking two days later. A
period begun by a change that only one party claims is marked `claimed`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..store import Store
from ..store.rows import MergedEvent
from .corroboration import side

TERRITORIAL = (
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Non-violent transfer of territory",
)
_WITHDRAWAL = "Non-violent transfer of territory"
CONTEST_DAYS = 7
# Days a reported date may be off by, by time_precision: a week's date or a month's widens the window.
_UNCERTAINTY = {1: 0, 2: 3, 3: 15}


@dataclass(frozen=True)
class Change:
    event_id: str  # the merged event
    date: dt.date
    time_precision: int
    sub_event_type: str
    gained_by: str | None  # None: a withdrawal that names no one taking over
    lost_by: str | None
    claim_only: bool
    outlets: int
    sources: tuple[str, ...]
    evidence: str

    def to_dict(self) -> dict:
        return {
            "event_id": self.event_id,
            "date": self.date.isoformat(),
            "time_precision": self.time_precision,
            "sub_event_type": self.sub_event_type,
            "gained_by": self.gained_by,
            "lost_by": self.lost_by,
            "claim_only": self.claim_only,
            "outlets": self.outlets,
            "sources": list(self.sources),
            "evidence": self.evidence,
        }


@dataclass
class Period:
    holder: str | None  # None: not known (the place was left and no one is said to have taken it)
    since: dt.date | None  # None: before the first change on record
    until: dt.date | None  # None: still held, as far as the reports go
    changes: list[Change] = field(default_factory=list)  # the change that began it, then confirmations
    contested: bool = False
    conflicting: list[Change] = field(default_factory=list)  # other sides' changes inside the window
    claimed: bool = False

    def to_dict(self) -> dict:
        return {
            "holder": self.holder,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "contested": self.contested,
            "claimed": self.claimed,
            "changes": [c.to_dict() for c in self.changes],
            "conflicting": [c.event_id for c in self.conflicting],
        }


@dataclass
class Timeline:
    location: str
    admin1: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    periods: list[Period]

    def to_dict(self) -> dict:
        return {
            "location": self.location,
            "admin1": self.admin1,
            "country": self.country,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "periods": [p.to_dict() for p in self.periods],
        }


def control_timelines(store: Store) -> list[Timeline]:
    """A timeline for every place with a change of control on record, by place name."""
    by_place: dict[tuple[str, str | None], list[MergedEvent]] = {}
    for record in store.merged_events(sub_event_types=TERRITORIAL, with_reports=False):
        if record.location and record.event_date:
            by_place.setdefault((record.location, record.country), []).append(record)
    return [_timeline(records) for _, records in sorted(by_place.items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))]


def control_timeline(store: Store, place: str) -> Timeline | None:
    """The timeline of a place named as the events name it, or by any name the gazetteer knows
    ("Qaryatayn", "al-Qaryatain" → Al-Qaryatayn); None when no change of control is on record."""
    timelines = control_timelines(store)
    found = [t for t in timelines if t.location.casefold() == place.casefold()]
    if not found:
        from ..places import get_gazetteer

        gazetteer = get_gazetteer()
        names = {gazetteer.entry(m.idx).location.casefold() for m in gazetteer.lookup(place)}
        found = [t for t in timelines if t.location.casefold() in names]
    # Namesakes in several countries: the one with the most changes on record.
    return max(found, key=lambda t: sum(len(p.changes) for p in t.periods), default=None)


def _timeline(records: list[MergedEvent]) -> Timeline:
    changes = sorted((_change(r) for r in records), key=lambda c: (c.date, c.time_precision, c.event_id))
    periods: list[Period] = []
    if changes[0].lost_by:
        periods.append(Period(holder=changes[0].lost_by, since=None, until=changes[0].date))
    for change in changes:
        current = periods[-1] if periods else None
        if current and current.changes and _same_side(current.holder, change.gained_by):
            current.changes.append(change)
            continue
        if current:
            current.until = change.date
        periods.append(Period(holder=change.gained_by, since=change.date, until=None, changes=[change]))
    for before, period, after in zip([None, *periods], periods, [*periods[1:], None]):
        if not period.changes:
            continue
        opening = period.changes[0]
        period.claimed = opening.claim_only
        for other in (before, after):
            if other and other.changes and _within(opening, other.changes[0]):
                period.contested = True
                period.conflicting.append(other.changes[0])
    first = records[0]
    return Timeline(
        location=first.location,
        admin1=first.admin1,
        country=first.country,
        latitude=first.latitude,
        longitude=first.longitude,
        periods=periods,
    )


def _change(record: MergedEvent) -> Change:
    withdrawal = record.sub_event_type == _WITHDRAWAL
    corroboration = record.corroboration
    return Change(
        event_id=record.id,
        date=record.event_date,
        time_precision=record.time_precision or 1,
        sub_event_type=record.sub_event_type,
        gained_by=record.actor2 if withdrawal else record.actor1,
        lost_by=record.actor1 if withdrawal else record.actor2,
        claim_only=corroboration.claim_only,
        outlets=corroboration.outlets,
        sources=tuple(record.sources),
        evidence=record.evidence_text,
    )


def _same_side(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and side(a) == side(b)


def _within(a: Change, b: Change) -> bool:
    window = CONTEST_DAYS + _UNCERTAINTY.get(a.time_precision, 0) + _UNCERTAINTY.get(b.time_precision, 0)
    return abs((a.date - b.date).days) <= window
