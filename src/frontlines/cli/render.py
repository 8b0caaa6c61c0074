"""Tables for the terminal. Page text is data: every cell goes in as a rich `Text`, never as
markup, with its control characters escaped (an ESC from a page would clear the screen or set
the window title), so nothing a page holds is interpreted."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from ..controls import escaped
from ..model import Document, ExtractResult

if TYPE_CHECKING:  # the store loads SQLAlchemy; commands that never open one should not
    from ..merge.control import Timeline
    from ..store.rows import StoredEvent


def cell(value: object) -> Text:
    return Text("" if value is None else escaped(str(value), keep_newlines=True))


def page_events_table(result: ExtractResult) -> Table:
    """One page's events, under its title, outlet and date."""
    doc = result.document
    title = Text.assemble(
        (escaped(doc.title or doc.origin or doc.id), "bold"),
        (escaped(f"  ({doc.source or 'unknown outlet'}, {doc.published or 'undated'})"), "dim"),
    )
    table = Table(title=title, show_lines=True, title_justify="left")
    for column, ratio in (("date", 2), ("event", 3), ("actors", 4), ("place", 3), ("deaths", 1), ("conf.", 1), ("evidence", 8)):
        table.add_column(column, ratio=ratio, overflow="fold")
    for ev in result.events:
        date = f"{ev.event_date or 'unknown'} (precision {ev.time_precision})" if ev.time_precision else str(ev.event_date or "unknown")
        if ev.historical:
            date += " historical"
        actors = " vs ".join(a for a in (ev.actor1, ev.actor2) if a)
        if ev.assoc_actor_1:
            actors += f" (with {ev.assoc_actor_1})"
        place = f"{ev.location}, {ev.country} (precision {ev.geo_precision})" if ev.location else ""
        sources = f"reported by {', '.join(ev.reported_by)}" if ev.reported_by else ""
        if ev.claimed_by:
            sources += f"; claimed by {', '.join(ev.claimed_by)}"
        cells = (date, ev.sub_event_type, actors, place, str(ev.fatalities), f"{ev.confidence:.2f}", f"{ev.evidence.text} [{sources}]")
        table.add_row(*(cell(c) for c in cells))
    if not result.events:
        table.add_row("", "no events", "", "", "", "", "")
    return table


def pages_table(docs: Iterable[Document]) -> Table:
    """What segmentation made of each page: its parts counted."""
    table = Table(title="Pages")
    for column in ("page", "title", "published", "paragraphs", "comments", "related", "removed"):
        table.add_column(column, overflow="fold")
    for d in docs:
        cells = (d.origin, d.title, d.published, len(d.paragraphs), len(d.comments), len(d.related_headlines), len(d.removed))
        table.add_row(*(cell(c) for c in cells))
    return table


def stored_events_table(rows: list[StoredEvent]) -> Table:
    table = Table(title=f"{len(rows)} stored event(s)")
    for column in ("date", "type", "actor1", "actor2", "location", "deaths", "conf.", "source", "evidence"):
        table.add_column(column, overflow="fold")
    for row in rows:
        cells = (
            row.event_date,
            row.sub_event_type,
            row.actor1,
            row.actor2,
            row.location,
            row.fatalities,
            f"{row.confidence:.2f}",
            ", ".join(row.reported_by),
            row.evidence_text,
        )
        table.add_row(*(cell(c) for c in cells))
    return table


def control_table(timeline: Timeline) -> Table:
    """A place's periods of control, each with the events behind its change."""
    table = Table(title=cell(f"Control of {timeline.location}, {timeline.country}"), show_lines=True, title_justify="left")
    for column, ratio in (("held by", 3), ("from", 2), ("until", 2), ("status", 2), ("events behind the change", 9)):
        table.add_column(column, ratio=ratio, overflow="fold")
    for period in timeline.periods:
        status = ", ".join(s for s, flag in (("contested", period.contested), ("claimed only", period.claimed)) if flag)
        events = "\n".join(
            f"{c.date} {c.sub_event_type} [{c.event_id}] ({c.outlets} outlet(s): {', '.join(c.sources)}): {c.evidence}"
            for c in period.changes
        )
        if period.conflicting:
            events += "\nconflicting: " + ", ".join(f"{c.date} {c.gained_by} [{c.event_id}]" for c in period.conflicting)
        cells = (period.holder or "unknown", str(period.since or "before the record"), str(period.until or "-"), status, events)
        table.add_row(*(cell(c) for c in cells))
    return table


def settings_table(rows: Iterable[tuple]) -> Table:
    table = Table(title="Settings (option > environment > config file > default)", show_lines=True)
    for column in ("setting", "value", "from", "environment", "what it does"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(cell(c) for c in row))
    return table
