"""Commands over the store: ingest pages into it, merge its reports, list, export, and the
control timeline of a place."""

from __future__ import annotations

import dataclasses
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..controls import json_dumps
from ..files import written_atomically
from .app import DbOpt, Format, PathsArg, PublishedOpt, SourceOpt, out, parse_date, report_skip, settings_for
from .render import cell, control_table, stored_events_table
from .running import ensure_typing_model

SinceOpt = Annotated[str | None, typer.Option("--since", help="First event date, YYYY-MM-DD.")]
UntilOpt = Annotated[str | None, typer.Option("--until", help="Last event date, YYYY-MM-DD.")]
TypeOpt = Annotated[str | None, typer.Option("--type", help="ACLED event type or sub-event type.")]
CountryOpt = Annotated[str | None, typer.Option("--country", help="Country name, e.g. Syria.")]



class Engine(str, Enum):
    local = "local"
    ray = "ray"


def ingest(
    ctx: typer.Context,
    paths: PathsArg,
    db: DbOpt = None,
    source_name: SourceOpt = None,
    published: PublishedOpt = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Processes (or Ray actors) running the pipeline.")] = 1,
    engine: Annotated[Engine, typer.Option("--engine", help="local: processes on this machine; ray: a Ray Data actor pool (pip install 'frontlines\\[ray]').")] = Engine.local,
    address: Annotated[str | None, typer.Option("--address", help="With --engine ray: the cluster to join (auto, or ray://HOST:PORT); a local Ray is started without it.")] = None,
) -> None:
    """Extract events from pages (files, folders, JSONL, WARC, RSS/Atom) and store them.

    Pages already stored are skipped, so an interrupted ingest continues where it stopped.
    """
    from ..ingest import ingest as ingest_pages
    from ..merge.events import merge_stored_events
    from ..store import Store

    if address is not None and engine is not Engine.ray:
        raise typer.BadParameter("--address joins a Ray cluster: give --engine ray with it", param_hint="--address")
    settings = settings_for(ctx, db=db)
    store = Store(settings.db)
    ensure_typing_model(settings)  # before any worker starts, so none of them builds it
    summary = ingest_pages(
        paths,
        store,
        settings=settings,
        source_name=source_name,
        published=parse_date(published, "--published"),
        workers=workers,
        engine=engine.value,
        address=address,
        progress=sys.stderr.isatty(),
        on_skip=report_skip,
    )
    summary.merged = merge_stored_events(store).reports
    line = (
        f"read {summary.read} page(s) in {summary.seconds:.1f} s: {summary.stored} stored with "
        f"{summary.events} event(s), {summary.already_stored} already stored, {summary.skipped_total} skipped; "
        f"{summary.syndicated} syndicated cop{'y' if summary.syndicated == 1 else 'ies'} of stored pages"
    )
    if summary.merged is not None:
        line += f"; {summary.merged} report(s) merged into event records"
    out.print(cell(line))
    for reason, count in summary.skipped.most_common():
        out.print(cell(f"  skipped {count}: {reason}"))


def list_events(
    ctx: typer.Context,
    db: DbOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    type: TypeOpt = None,
    country: CountryOpt = None,
    format: Annotated[Format, typer.Option("--format", help="json or table.")] = Format.table,
) -> None:
    """List stored events."""
    from ..store import Store

    rows = Store(settings_for(ctx, db=db).db).events(
        since=parse_date(since, "--since"), until=parse_date(until, "--until"), event_type=type, country=country
    )
    if format is Format.json:
        payload = [dataclasses.asdict(row) for row in rows]
        sys.stdout.write(json_dumps(payload, default=str, indent=2) + "\n")
    else:
        out.print(stored_events_table(rows))


def merge(
    ctx: typer.Context,
    db: DbOpt = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Merge every stored report again.")] = False,
) -> None:
    """Merge the reports of one event by many outlets into one event (ingest leaves new reports to it)."""
    from ..merge.events import merge_stored_events
    from ..store import Store

    summary = merge_stored_events(Store(settings_for(ctx, db=db).db), rebuild=rebuild)
    out.print(
        f"merged {summary.reports} report(s): {summary.records} event(s) written, "
        f"{summary.removed} replaced, in {summary.seconds:.1f} s"
    )


def control(
    ctx: typer.Context,
    place: Annotated[str, typer.Argument(help="Place name, e.g. Qaryatayn.")],
    db: DbOpt = None,
    format: Annotated[Format, typer.Option("--format", help="json or table.")] = Format.table,
) -> None:
    """Who held a place from when to when, with the events behind every change."""
    from ..merge.control import control_timeline
    from ..merge.events import merge_stored_events
    from ..store import Store

    store = Store(settings_for(ctx, db=db).db)
    merge_stored_events(store)
    timeline = control_timeline(store, place)
    if timeline is None:
        typer.echo(f"no change of control on record for {place!r}", err=True)
        raise typer.Exit(1)
    if format is Format.json:
        sys.stdout.write(json_dumps(timeline.to_dict(), indent=2) + "\n")
    else:
        out.print(control_table(timeline))


class ExportFormat(str, Enum):
    acled_csv = "acled-csv"
    geojson = "geojson"
    parquet = "parquet"
    jsonl = "jsonl"


def export_events(
    ctx: typer.Context,
    format: Annotated[ExportFormat, typer.Option("--format", help="acled-csv, geojson, parquet or jsonl.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: standard output).")] = None,
    db: DbOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    type: TypeOpt = None,
    country: CountryOpt = None,
) -> None:
    """Export merged events: ACLED's CSV columns, GeoJSON, Parquet or JSON lines."""
    from ..export import export
    from ..merge.events import merge_stored_events
    from ..store import Store

    store = Store(settings_for(ctx, db=db).db)
    merge_stored_events(store)
    filters = dict(since=parse_date(since, "--since"), until=parse_date(until, "--until"), country=country, event_type=type)
    if output is None:
        count = export(store, format.value, sys.stdout.buffer, **filters)
        sys.stdout.buffer.flush()
    else:
        # A failed export never leaves a truncated file.
        with written_atomically(output) as fh:
            count = export(store, format.value, fh, **filters)
    typer.echo(f"exported {count} event(s)", err=True)
