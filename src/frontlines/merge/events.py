"""Reports of one event by many outlets → one merged event that keeps every report.

Two reports may tell one event when their sub-event types share a family
(`data/event_families.tsv`), their actors line up once militias count as the side they fight
on and an unidentified group as anyone, their places are within a distance that grows with
geo_precision, and their dates overlap once time_precision widens them.

Reports are clustered greedily, most precise first: each joins the nearest compatible merged
event, judged against that event's *anchor* (its first and most precise report), else starts
one. Judging against the anchor, not any member, keeps chains (A like B, B like C, A unlike C)
from growing an event. Candidates come from the *reach* of each report (store/reach.py: where
and when it may meet another), so a report is compared with the events its dates and place can
reach, never with the whole store.

A merge reads the pending reports (new ones, and those whose page was since found to be a
syndicated copy), loads the stored events that one of them may meet and clusters all of these
again; events elsewhere are untouched. The store's index (grid blocks on SQLite, a GiST index on
PostGIS) proposes those events; the same exact test then keeps the ones with a report that can
meet a pending one, so both databases cluster the same reports into the same events. An event's
id is a hash of its smallest report id, so the same reports give the same ids whatever order
they were ingested in, and merging again changes nothing.

The merged event takes ACLED's conservative choices and records why in `why`: the most precise
place and date; the fatality figure that most independent outlets give, the lowest when none
is better sourced, a party's claim only when no one else gives one.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from urllib.parse import urlsplit

from rapidfuzz import fuzz

from .. import geo, lexicons
from ..store import Store
from ..store.reach import Reach
from ..store.rows import MergedEvent, Report, ReportLink
from .corroboration import (
    Corroboration,
    Telling,
    actor_info,
    corroborate,
    origins,
    outlet_name,
    parties,
    side,
    unidentified,
)

# How far (km) the place of a report may be from the same event's place, by ACLED geo_precision
# (1 the place itself, 2 near it, 3 only its region). Two towns 10 km apart stay two events.
RADIUS_KM = {1: 2.0, 2: 15.0, 3: 50.0}
# Territory is sticky: a place taken by the same side on consecutive days is one capture told
# with two dates, while two air strikes on consecutive days are two strikes.
_DAY_SLACK = {"battle": 1}
_HALF_WEEK = 3  # time_precision 2: the date stands for the week around it
_COPY_SIMILARITY = 60  # rapidfuzz ratio of evidence sentences: a copy's event and its original's

CIVILIANS = 7  # ACLED inter code


@dataclass
class MergeSummary:
    reports: int = 0  # reports merged in this run (new, or whose page became a copy)
    records: int = 0  # merged events written, new or changed
    removed: int = 0  # merged events replaced or absorbed by others
    comparisons: int = 0  # report-to-event comparisons made
    seconds: float = 0.0


def merge_stored_events(store: Store, *, rebuild: bool = False) -> MergeSummary:
    """Merge the reports stored since the last merge into merged events; `rebuild` merges every
    report again from scratch (after a change to the lexicons)."""
    started = time.perf_counter()
    if rebuild:
        store.clear_merged()
    pending = store.reports(pending=True)
    summary = MergeSummary(reports=len(pending))
    if not pending:
        return summary
    pool, reload = _pool(store, pending)
    clusters, summary.comparisons = _cluster(_units(pool))
    old = {r.id: r for r in store.merged_events(ids=reload, with_reports=False)} if reload else {}
    now = dt.datetime.now(dt.timezone.utc)
    records: list[MergedEvent] = []
    links: list[ReportLink] = []
    reaches: list[tuple[str, Reach]] = []
    for cluster in clusters:
        record, record_links = _record(cluster, now)
        before = old.get(record.id)
        unchanged = before is not None and replace(before, updated_at=now) == record
        records.append(before if unchanged else record)
        summary.records += not unchanged
        links.extend(record_links)
        reaches.extend((record.id, r.reach) for unit in cluster for r in unit.reports if r.reach)
    summary.removed = len(old.keys() - {r.id for r in records})
    # Rows sorted by key fill the indexes in order instead of at random pages: 3x faster to write
    # 100k merged events to SQLite.
    records.sort(key=lambda r: r.id)
    links.sort(key=lambda r: r.event_id)
    store.replace_merged(reload, records, links, reaches)
    summary.seconds = time.perf_counter() - started
    return summary


def _pool(store: Store, pending: list[Report]) -> tuple[list[_Report], set[str]]:
    """The reports to cluster: the pending ones, the pages they copy, and every report of the
    stored merged events they may join or take reports from (whose ids are returned)."""
    copies = {r.document_id for r in pending if r.document_syndicated_of}
    roots = store.syndication_roots(copies)
    originals = store.reports(document_ids={root for doc, (root, _) in roots.items() if root != doc})
    pool = {row.id: _report(row, roots) for row in originals + pending}
    reload = {row.merged_id for row in originals + pending if row.merged_id}
    proposed = store.merged_ids_near(r.reach for r in pool.values() if r.reach) - reload
    loaded = [row for row in store.reports(merged_ids=reload | proposed) if row.id not in pool]
    roots.update(store.syndication_roots({row.document_id for row in loaded if row.document_syndicated_of}))
    loaded_reports = [_report(row, roots) for row in loaded]
    reload |= _met(list(pool.values()), [r for r in loaded_reports if r.row.merged_id in proposed])
    pool.update({r.id: r for r in loaded_reports if r.row.merged_id in reload})
    return list(pool.values()), reload


def _met(pool: list[_Report], stored: list[_Report]) -> set[str]:
    """The merged events of the stored reports that can meet a report of the pool. The store's
    index proposes more (its blocks or boxes are coarser than a radius); this exact test keeps
    SQLite's and PostGIS's merges the same."""
    by_block: dict[str, list[_Report]] = defaultdict(list)
    for r in pool:
        for key in r.blocks:
            by_block[key].append(r)
    met = set()
    for x in stored:
        if x.row.merged_id in met:
            continue
        if any(_meets(r, x) is not None for key in x.blocks for r in by_block.get(key, ())):
            met.add(x.row.merged_id)
    return met


# -- reports ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Family:
    name: str
    rank: int
    role: str  # gainer | loser | either | actor: what actor1 is (data/event_families.tsv)


@cache
def _families() -> dict[str, _Family]:
    return {
        r["sub_event_type"]: _Family(r["family"], int(r["rank"]), r["actor1_role"])
        for r in lexicons.read_tsv("event_families.tsv")
    }


def _family(sub_event_type: str) -> _Family:
    return _families().get(sub_event_type) or _Family(sub_event_type, 1, "actor")


@dataclass(frozen=True)
class _Group:
    """One side of an event as a report tells it: its main actor and the sides of all its actors."""

    main: str | None
    actors: tuple[str, ...]
    sides: frozenset[str]
    civilians: bool

    @classmethod
    @cache
    def of(cls, main: str | None, assoc: str | None) -> _Group:
        actors = tuple(a for a in [main, *_split(assoc)] if a)
        info = actor_info(main)
        sides = frozenset(side(a) for a in actors if not unidentified(a))
        return cls(main, actors, sides, info is not None and info.inter == CIVILIANS)

    def fits(self, other: _Group, *, hit: bool = False) -> bool:
        """Whether two tellings can name the same side. Of those hit by a strike or a bomb, one
        side often reports civilians killed where the other reports fighters targeted."""
        if unidentified(self.main) or unidentified(other.main) or (hit and (self.civilians or other.civilians)):
            return True
        return side(self.main) in other.sides or side(other.main) in self.sides


@dataclass(eq=False)
class _Report:
    row: Report
    family: _Family
    start: dt.date | None
    end: dt.date | None
    origins: tuple[str, ...]
    publisher: str
    parties: tuple[str, ...]
    # (the side that acts or gains, the side that is hit or loses); both ways round for a fight
    oriented: list[tuple[_Group, _Group]]
    copy_of_page: str | None = None  # the page this one is a syndicated copy of
    reach: Reach | None = None  # where and when it may meet another report (None: unlocated or undated)
    blocks: tuple[str, ...] = ()  # its reach's grid blocks, the index of the clustering

    @property
    def id(self) -> str:
        return self.row.id

    @property
    def claim(self) -> bool:
        return bool(self.parties)

    @property
    def located(self) -> bool:
        return self.row.latitude is not None and self.row.longitude is not None

    @property
    def radius(self) -> float:
        return RADIUS_KM.get(self.row.geo_precision or 3, RADIUS_KM[3])


def _report(row: Report, roots: dict[str, tuple[str, str | None]]) -> _Report:
    root, root_outlet = roots.get(row.document_id, (row.document_id, row.outlet))
    # A copy names its own site first; what it cites, or else the page it copies, is its origin.
    reported = [n for n in row.reported_by if not row.outlet or outlet_name(n) != outlet_name(row.outlet)]
    fallback = "" if root_outlet or reported else urlsplit(row.url or "").netloc or row.document_id
    found = origins(root_outlet, reported, fallback)
    actors = [row.actor1, row.actor2] + _split(row.assoc_actor_1) + _split(row.assoc_actor_2)
    start, end = _interval(row.event_date, row.time_precision)
    family = _family(row.sub_event_type)
    g1, g2 = _Group.of(row.actor1, row.assoc_actor_1), _Group.of(row.actor2, row.assoc_actor_2)
    report = _Report(
        row=row,
        family=family,
        start=start,
        end=end,
        origins=found,
        publisher=outlet_name(row.outlet) if row.outlet else found[0],
        parties=parties(found, row.claimed_by, actors, row.country),
        oriented={"loser": [(g2, g1)], "either": [(g1, g2), (g2, g1)]}.get(family.role, [(g1, g2)]),
        copy_of_page=root if root != row.document_id else None,
    )
    report.reach = _reach(report)
    report.blocks = tuple(report.reach.blocks()) if report.reach else ()
    return report


def _interval(date: dt.date | None, precision: int | None) -> tuple[dt.date | None, dt.date | None]:
    """The days a reported date stands for, by ACLED time_precision."""
    if date is None:
        return None, None
    if precision == 2:
        return date - dt.timedelta(days=_HALF_WEEK), date + dt.timedelta(days=_HALF_WEEK)
    if precision == 3:
        return date.replace(day=1), date.replace(day=calendar.monthrange(date.year, date.month)[1])
    return date, date


# -- clustering ---------------------------------------------------------------------------------


@dataclass
class _Unit:
    """A report with the syndicated copies of it: placed together, counted as one telling."""

    lead: _Report
    copies: list[_Report] = field(default_factory=list)

    @property
    def reports(self) -> list[_Report]:
        return [self.lead, *self.copies]


@dataclass
class _Cluster:
    anchor: _Report
    order: int
    units: list[_Unit]


def _units(reports: list[_Report]) -> list[_Unit]:
    """Each copy goes with the event of its original page that it retells, when one matches."""
    by_doc: dict[str, list[_Report]] = defaultdict(list)
    for r in reports:
        by_doc[r.row.document_id].append(r)
    units = {r.id: _Unit(r) for r in reports if r.copy_of_page is None}
    for r in sorted((r for r in reports if r.copy_of_page), key=lambda r: r.id):
        candidates = [o for o in by_doc.get(r.copy_of_page, ()) if o.row.sub_event_type == r.row.sub_event_type]
        scored = sorted((-fuzz.ratio(r.row.evidence_text, o.row.evidence_text), o.id) for o in candidates)
        if scored and -scored[0][0] >= _COPY_SIMILARITY:
            units[scored[0][1]].copies.append(r)
        else:
            units[r.id] = _Unit(r)
    return list(units.values())


def _anchor_order(unit: _Unit) -> tuple:
    r = unit.lead
    row = r.row
    return (row.geo_precision or 9, row.time_precision or 9, row.historical, -r.family.rank, r.claim, r.id)


def _cluster(units: list[_Unit]) -> tuple[list[list[_Unit]], int]:
    units = sorted(units, key=_anchor_order)
    index: dict[str, list[_Cluster]] = defaultdict(list)
    clusters: list[_Cluster] = []
    comparisons = 0
    for unit in units:
        r = unit.lead
        best, best_fit = None, None
        seen = set()
        for key in r.blocks:
            for cluster in index.get(key, ()):
                if cluster.order in seen:
                    continue
                seen.add(cluster.order)
                comparisons += 1
                fit = _fit(cluster.anchor, r)
                if fit is not None and (best_fit is None or (fit, cluster.order) < (best_fit, best.order)):
                    best, best_fit = cluster, fit
        if best is not None:
            best.units.append(unit)
            continue
        cluster = _Cluster(anchor=r, order=len(clusters), units=[unit])
        clusters.append(cluster)
        for key in r.blocks:
            index[key].append(cluster)
    return [c.units for c in clusters], comparisons


def _fit(anchor: _Report, r: _Report) -> tuple[float, int] | None:
    """How near a report is to an event's anchor (km, days), or None when it cannot be that event."""
    km = _meets(anchor, r)
    if km is None or _orientation(anchor, r) is None:
        return None
    return round(km, 3), abs((_middle(anchor) - _middle(r)).days)


def _meets(a: _Report, b: _Report) -> float | None:
    """The distance (km) of two reports whose family, dates and places allow one event, else None."""
    if a.family.name != b.family.name or a.reach is None or b.reach is None:
        return None
    slack = dt.timedelta(days=_DAY_SLACK.get(a.family.name, 0))
    if a.start > b.end + slack or b.start > a.end + slack:
        return None
    km = geo.km(a.row.latitude, a.row.longitude, b.row.latitude, b.row.longitude)
    return km if km <= max(a.radius, b.radius) else None


def _middle(r: _Report) -> dt.date:
    return r.start + (r.end - r.start) / 2


def _orientation(a: _Report, b: _Report) -> tuple[_Group, _Group] | None:
    """b's two sides in the order of a's first reading, or None when their actors cannot match."""
    first, second = a.oriented[0]
    hit = a.family.role == "actor"
    for b1, b2 in b.oriented:
        if first.fits(b1) and second.fits(b2, hit=hit):
            return b1, b2
    if len(a.oriented) > 1:  # a fight read the other way round still names the same two sides
        for b1, b2 in b.oriented:
            if second.fits(b1) and first.fits(b2):
                return b2, b1
    return None


def _reach(r: _Report) -> Reach | None:
    """Where and when a report may meet another: within its radius, over its dates and the slack
    of its family. Two reports that can be one event are each within the other's reach or the
    other within its own, so their reaches touch. Unlocated or undated reports reach nothing."""
    if r.start is None or not r.located:
        return None
    slack = dt.timedelta(days=_DAY_SLACK.get(r.family.name, 0))
    return Reach(r.family.name, r.row.latitude, r.row.longitude, r.radius, r.start - slack, r.end + slack)


# -- the merged record --------------------------------------------------------------------------


def _record(units: list[_Unit], updated_at: dt.datetime) -> tuple[MergedEvent, list[ReportLink]]:
    """The merged event of a cluster and its links to its reports."""
    reports = sorted((r for u in units for r in u.reports), key=_report_order)
    tellers = [u.lead for u in units]
    record_id = hashlib.sha256(f"merged|{min(r.id for r in reports)}".encode()).hexdigest()[:16]

    support = _support(tellers, lambda r: r.row.sub_event_type)
    lead = min(
        tellers,
        key=lambda r: (
            r.claim,  # a party's account names the event only when no one else tells it
            -r.family.rank,
            -support[r.row.sub_event_type],
            r.row.geo_precision or 9,
            r.row.time_precision or 9,
            -r.row.confidence,
            r.id,
        ),
    )
    actors, actors_why = _actors(lead, tellers)
    place, place_why = _place(lead, tellers)
    date, date_why = _date(tellers)
    fatalities, fatalities_why = _fatalities(tellers)
    corroboration = corroborate([Telling(r.origins, r.parties, r.copy_of_page is not None) for r in reports])
    confidence, confidence_why = _confidence(tellers, corroboration)
    sub_event_type = lead.row.sub_event_type
    record = MergedEvent(
        id=record_id,
        event_type=lead.row.event_type,
        sub_event_type=sub_event_type,
        **actors,
        **place,
        **date,
        historical=all(r.row.historical for r in tellers),
        fatalities=fatalities,
        claimed_by=list(corroboration.claimed_by),
        sources=_unique(o for r in reports for o in (*r.origins, *(() if r.copy_of_page else (r.publisher,)))),
        corroboration=corroboration,
        evidence_text=lead.row.evidence_text,
        confidence=confidence,
        why={
            "sub_event_type": _sub_event_why(lead, support),
            "actors": actors_why,
            "place": place_why,
            "date": date_why,
            "fatalities": fatalities_why,
            "confidence": confidence_why,
        },
        updated_at=updated_at,
    )
    copied = {c.id: u.lead.id for u in units for c in u.copies}
    links = [
        ReportLink(
            event_id=r.id,
            merged_id=record_id,
            syndicated_of=r.row.document_syndicated_of,
            copy_of=copied.get(r.id),
            claim=r.claim,
            origins=list(r.origins),
        )
        for r in reports
    ]
    return record, links


def _report_order(r: _Report) -> tuple:
    return r.row.published or dt.date.max, r.id


def _support(tellers: list[_Report], value) -> Counter:
    """How many independent outlets give each value."""
    outlets: dict[object, set[str]] = defaultdict(set)
    for r in tellers:
        outlets[value(r)].update(r.origins)
    return Counter({v: len(o) for v, o in outlets.items()})


def _actors(lead: _Report, tellers: list[_Report]) -> tuple[dict, str]:
    """The lead report's actors, with a named actor for an unidentified or missing one when
    another report names it, and every actor any report puts on each side as associated."""
    sides: list[list[str]] = [[], []]  # the side that acts or gains, the side hit or losing
    mains: list[dict[str, str]] = [{}, {}]  # the main actor each report names on each side → who names it
    for r in [lead, *(t for t in tellers if t is not lead)]:
        groups = _orientation(lead, r)
        if groups is None:
            continue
        for i, group in enumerate(groups):
            sides[i].extend(a for a in group.actors if a not in sides[i])
            if group.main and not unidentified(group.main):
                mains[i].setdefault(group.main, r.publisher)
    first, second = (1, 0) if lead.family.role == "loser" else (0, 1)  # a withdrawal's actor1 is the side leaving
    out, why = {}, []
    for i, main, assoc in ((first, "actor1", "assoc_actor_1"), (second, "actor2", "assoc_actor_2")):
        named = [a for a in sides[i] if not unidentified(a)]
        told = lead.oriented[0][i].main
        chosen = (named[0] if named and unidentified(told) else told) or (sides[i][0] if sides[i] else None)
        out[main] = chosen
        out[assoc] = "; ".join(a for a in sides[i] if a != chosen and not unidentified(a)) or None
        others = [f"{a} ({who})" for a, who in mains[i].items() if a != chosen]
        if chosen:
            why.append(f"{main} {chosen}, as told by {mains[i].get(chosen, lead.publisher)}")
            if others:
                why[-1] += f" (also named: {', '.join(others)})"
    return out, "; ".join(why)


def _place(lead: _Report, tellers: list[_Report]) -> tuple[dict, str]:
    keys = ("location", "admin1", "country", "latitude", "longitude", "geo_precision")
    located = [r for r in tellers if r.located]
    if not located:
        return {k: getattr(lead.row, k) for k in keys}, "no report places it on the map"
    support = _support(located, lambda r: r.row.location)
    best = min(located, key=lambda r: (r.row.geo_precision or 9, -support[r.row.location], r.claim, r.id))
    others = sorted({r.row.location for r in located} - {best.row.location})
    why = f"{best.row.location} (geo_precision {best.row.geo_precision}), the most precise place reported"
    if others:
        why += "; also reported: " + ", ".join(others)
    return {k: getattr(best.row, k) for k in keys}, why


def _date(tellers: list[_Report]) -> tuple[dict, str]:
    dated = [r for r in tellers if r.row.event_date is not None]
    if not dated:
        return {"event_date": None, "time_precision": None}, "no report dates it"
    support = _support(dated, lambda r: r.row.event_date)
    best = min(
        dated, key=lambda r: (r.row.time_precision or 9, -support[r.row.event_date], r.row.event_date, r.id)
    )
    date, precision = best.row.event_date, best.row.time_precision
    others = sorted({r.row.event_date for r in dated} - {date})
    why = f"{date} (time_precision {precision}), the most precise date reported"
    if others:
        why += "; also reported: " + ", ".join(str(d) for d in others)
    return {"event_date": date, "time_precision": precision}, why


def _fatalities(tellers: list[_Report]) -> tuple[int, str]:
    """ACLED's conservative count: the figure that most independent outlets give, the lowest
    when none is better sourced; a party's figure only when no one else gives one."""
    credible: dict[int, set[str]] = defaultdict(set)
    claimed: dict[int, set[str]] = defaultdict(set)
    for r in tellers:
        if r.row.fatalities > 0:
            (claimed if r.claim else credible)[r.row.fatalities].update(r.origins)
    set_aside = f"; claims by a party set aside: {_listing(claimed)}" if claimed else ""
    if credible:
        best = min(credible, key=lambda n: (-len(credible[n]), n))
        if len(credible) == 1:
            why = f"{best}, as reported by {', '.join(sorted(credible[best]))}"
        elif len(credible[best]) > min(len(o) for o in credible.values()):
            why = f"{best}, given by the most independent outlets; figures reported: {_listing(credible)}"
        else:
            why = f"{best}, the lowest figure reported; figures reported: {_listing(credible)}"
        return best, why + set_aside
    if claimed:
        best = min(claimed)
        return best, f"{best}, the lowest figure, reported only in a party's claim: {_listing(claimed)}"
    return 0, "no report gives a figure"


def _listing(figures: dict[int, set[str]]) -> str:
    return "; ".join(f"{n} ({', '.join(sorted(outlets))})" for n, outlets in sorted(figures.items()))


def _confidence(tellers: list[_Report], corroboration: Corroboration) -> tuple[float, str]:
    """The best report's confidence, raised by independent outlets and by sides that disagree
    both telling it; a claim stays at its own confidence."""
    outside = [r for r in tellers if not r.claim]
    base = max(r.row.confidence for r in (outside or tellers))
    if corroboration.claim_only:
        return base, f"{base:.2f}: a claim by {', '.join(corroboration.claimed_by)} only, not raised"
    independent = len({o for r in outside for o in r.origins})
    raise_by = min(0.09, 0.03 * (independent - 1)) + (0.03 if corroboration.across_sides else 0.0)
    value = round(min(0.99, base + raise_by), 2)
    why = f"{value:.2f}: best report {base:.2f}"
    if independent > 1:
        why += f", {independent} independent outlets outside the fight"
    if corroboration.across_sides:
        why += ", reported by sides that disagree"
    return value, why


def _sub_event_why(lead: _Report, support: Counter) -> str:
    told = sorted(support.items(), key=lambda kv: (-kv[1], kv[0]))
    why = f"{lead.row.sub_event_type}, as told by {lead.publisher}"
    if len(told) > 1:
        why += "; tellings: " + ", ".join(f"{s} ({n} outlet{'s' * (n > 1)})" for s, n in told)
    return why


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()] if value else []


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))

