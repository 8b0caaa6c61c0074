"""The `frontlines` command: extract, ingest, events."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import logging
import sys
from collections import Counter
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .files import written_atomically
from .model import Document, ExtractResult, Skipped
from .read import read_paths
from .read.document import clean_text
from .settings import Settings

log = logging.getLogger("frontlines")

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,  # `main` turns failures into one line
    help="Conflict events from raw news pages. `frontlines settings` lists the settings and where each value comes from.",
)
# Page text is data: no emoji codes (":fire:"), and table cells go in as Text, never as markup.
out = Console(soft_wrap=True, emoji=False)


def cell(value: object) -> Text:
    return Text("" if value is None else str(value))


def main() -> None:
    """The console script: a failure outside any one page (an unusable --db, an unwritable
    output file, a broken gazetteer dump) ends with one line, not a traceback, unless the
    `debug` setting (--debug, FRONTLINES_DEBUG) asks for the traceback."""
    try:
        app()
    except Exception as exc:  # noqa: BLE001 - the last line of defence of a command-line tool
        if _debug_requested():
            raise
        typer.echo(f"error: {type(exc).__name__}: {exc}".splitlines()[0], err=True)
        sys.exit(1)


def _debug_requested() -> bool:
    if "--debug" in sys.argv[1:]:
        return True
    try:
        return Settings.load().debug
    except ValueError:
        return False


@app.callback()
def configure(
    ctx: typer.Context,
    config: Annotated[Path | None, typer.Option("--config", help="Settings file (TOML); default: FRONTLINES_CONFIG or config.toml in the user config folder.")] = None,
    debug: Annotated[bool | None, typer.Option("--debug", help="Show tracebacks; a failing page stops the run.", show_default=False)] = None,
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="-v: each page's time per stage; -vv: debug logs.")] = 0,
) -> None:
    """Settings for every command, and logging to standard error."""
    try:
        settings = Settings.load({"debug": debug or None}, config_file=config)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    ctx.obj = settings
    level = logging.DEBUG if verbose > 1 or settings.debug else logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr, force=True)
    # trafilatura logs every page it finds too short at WARNING; an empty body is reported as a skip.
    logging.getLogger("trafilatura").setLevel(max(level, logging.ERROR))


def _settings(ctx: typer.Context, **options: object) -> Settings:
    """The process's settings with the command's own options (given ones only) applied."""
    settings: Settings = ctx.obj if isinstance(ctx.obj, Settings) else Settings.load()
    given = {name: value for name, value in options.items() if value is not None}
    return settings.replace(**given) if given else settings


class Format(str, Enum):
    json = "json"
    table = "table"


def _date(value: str | None, flag: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        typer.echo(f"error: {flag} must be a date as YYYY-MM-DD, got {value!r}", err=True)
        raise typer.Exit(2) from None


class Skips:
    """Says each skipped input on its own line as it comes, and how many of each kind at the end."""

    def __init__(self) -> None:
        self.reasons: Counter[str] = Counter()

    def __call__(self, skipped: Skipped) -> None:
        self.reasons[skipped.reason.split(": ")[0]] += 1
        _report_skip(skipped)

    def summary(self) -> None:
        if self.reasons:
            counts = "; ".join(f"{n} {reason}" for reason, n in self.reasons.most_common())
            typer.echo(f"skipped {sum(self.reasons.values())} input(s): {counts}", err=True)


def _report_skip(skipped: Skipped) -> None:
    typer.echo(f"skipped {skipped.origin}: {skipped.reason}", err=True)


def _documents(settings: Settings, skips: Skips, paths: list[Path], source_name, url, published) -> list[Document]:
    docs = []
    reading = read_paths(paths, source_name=source_name, url=url, published=published, max_page_bytes=settings.max_page_bytes)
    for item in reading:
        if isinstance(item, Skipped):
            skips(item)
        else:
            docs.append(item)
    return docs


def _resources(settings: Settings):
    """The process's resources, building the typing model first if this version has none."""
    from .resources import Resources

    _ensure_typing_model(settings)
    return Resources.build(settings)


def _ensure_typing_model(settings: Settings) -> None:
    from .build_model import ensure_typing_model

    if ensure_typing_model(settings, progress=_progress) is not None:
        typer.echo("built the typing model of this version (`frontlines build-model`)", err=True)


def _progress(texts):
    from rich.progress import track

    if not sys.stderr.isatty():
        return iter(texts)
    return track(texts, description="typing model: reading the examples", console=Console(stderr=True), transient=True)


def _process(settings: Settings, skips: Skips, docs: list[Document]):
    """Yield each page's result while loading the models only if needed; a page a stage fails
    on is skipped with the stage and the error (with --debug: the run stops with the traceback)."""
    if not docs:
        return
    from .pipeline import Pipeline, StageFailed

    pipeline = Pipeline(_resources(settings))
    for doc in docs:
        try:
            result = pipeline.process(doc)
        except StageFailed as failed:
            if settings.debug:
                raise
            log.debug("page %s failed", doc.origin or doc.id, exc_info=True)
            skips(Skipped(origin=doc.origin or doc.id, reason=f"internal error in the {failed}"))
            continue
        if not result.document.body.strip():
            skips(Skipped(origin=doc.origin or doc.id, reason="no article text found"))
            continue
        yield result


PathsArg = Annotated[list[Path], typer.Argument(help="Files (text, HTML, JSONL, .gz) or directories.")]
SourceOpt = Annotated[str | None, typer.Option("--source-name", help="Outlet that published the pages.")]
UrlOpt = Annotated[str | None, typer.Option("--url", help="URL of the page (single-page inputs).")]
PublishedOpt = Annotated[str | None, typer.Option("--published", help="Publication date, YYYY-MM-DD.")]
DbOpt = Annotated[str | None, typer.Option("--db", help="SQLite file or SQLAlchemy URL (default: user data dir).")]


@app.command()
def extract(
    ctx: typer.Context,
    paths: PathsArg,
    source_name: SourceOpt = None,
    url: UrlOpt = None,
    published: PublishedOpt = None,
    format: Annotated[Format, typer.Option("--format", help="json or table.")] = Format.table,
) -> None:
    """Segment pages and extract evidenced, geocoded ACLED events."""
    settings = _settings(ctx)
    skips = Skips()
    docs = _documents(settings, skips, paths, source_name, url, _date(published, "--published"))
    results = list(_process(settings, skips, docs))
    skips.summary()
    if format is Format.json:
        sys.stdout.write(json.dumps([r.to_json_dict() for r in results], ensure_ascii=False, indent=2) + "\n")
    else:
        for r in results:
            _print_events_table(r)
        out.print(f"{len(results)} page(s), {sum(len(r.events) for r in results)} event(s)")
    if not results:
        raise typer.Exit(1)


@app.command()
def segment(
    ctx: typer.Context,
    paths: PathsArg,
    source_name: SourceOpt = None,
    url: UrlOpt = None,
    published: PublishedOpt = None,
    format: Annotated[Format, typer.Option("--format", help="json or table.")] = Format.json,
) -> None:
    """Cut pages into title, body, comments and related headlines; no NLP model is loaded."""
    from .segment import segment as segment_document

    settings = _settings(ctx)
    skips = Skips()
    docs = [segment_document(d) for d in _documents(settings, skips, paths, source_name, url, _date(published, "--published"))]
    skips.summary()
    if format is Format.json:
        payload = [{"document": d.model_dump(mode="json")} for d in docs]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        table = Table(title="Pages")
        for column in ("page", "title", "published", "paragraphs", "comments", "related", "removed"):
            table.add_column(column, overflow="fold")
        for d in docs:
            cells = (d.origin, d.title, d.published, len(d.paragraphs), len(d.comments), len(d.related_headlines), len(d.removed))
            table.add_row(*(cell(c) for c in cells))
        out.print(table)
    if not docs:
        raise typer.Exit(1)


@app.command()
def classify(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help='JSONL with {"id", "text"} per line.')],
) -> None:
    """Type each snippet in ACLED's taxonomy; JSONL {"id", "event_type", "sub_event_type", "confidence"}."""
    from .events.classify import classify_text
    from .pipeline import Pipeline

    pipeline = None
    try:
        handle = file.open(encoding="utf-8")
    except OSError as exc:
        typer.echo(f"error: cannot read {file}: {exc.strerror}", err=True)
        raise typer.Exit(1) from None
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                snippet_id, text = item["id"], item["text"]
                if not isinstance(text, str):
                    raise TypeError("text is not a string")
            except (ValueError, KeyError, TypeError, RecursionError) as exc:
                typer.echo(f"skipped {file}:{number}: not a {{\"id\", \"text\"}} line ({type(exc).__name__})", err=True)
                continue
            pipeline = pipeline or Pipeline(_resources(_settings(ctx)))
            typing = classify_text(pipeline, clean_text(text))
            record = {"id": snippet_id, "event_type": typing.event_type, "sub_event_type": typing.sub_event_type, "confidence": typing.confidence}
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


@app.command("train-classifier")
def train_classifier(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help='JSONL {"text", "sub_event_type"} or ACLED CSV exports (notes, sub_event_type).')],
    output: Annotated[Path, typer.Option("--output", "-o", help="Model file to write (.npz).")],
) -> None:
    """Train the event typing model on your own coded examples plus the shipped ones.

    Use the model with FRONTLINES_CLASSIFIER=FILE (the `classifier` setting) for extract, ingest and classify.
    """
    from .build_model import train_with_user_examples
    from .events.classifier import read_user_examples
    from .settings import env_variable

    examples = []
    for file in files:
        try:
            examples += read_user_examples(file)
        except (OSError, UnicodeDecodeError, csv.Error, ValueError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None
    counts = Counter(e.sub_event_type for e in examples)
    # The shipped model's features, not the user's own model: a user model trains from the shipped examples.
    resources = _resources(_settings(ctx).replace(classifier=None))
    model = train_with_user_examples(resources, examples)
    with written_atomically(output) as fh:
        model.save(fh)
    out.print(cell(f"trained on {len(examples)} example(s) of yours ({len(counts)} type(s)) and the shipped ones; "
                   f"wrote {output}; use it with {env_variable('classifier')}={output}"))


@app.command()
def ingest(
    ctx: typer.Context,
    paths: PathsArg,
    db: DbOpt = None,
    source_name: SourceOpt = None,
    published: PublishedOpt = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Processes running the pipeline.")] = 1,
) -> None:
    """Extract events from pages (files, folders, JSONL, WARC, RSS/Atom) and store them.

    Pages already stored are skipped, so an interrupted ingest continues where it stopped.
    """
    from .ingest import ingest as ingest_pages
    from .merge.events import merge_stored_events
    from .store import Store

    settings = _settings(ctx, db=db)
    store = Store(settings.db)
    _ensure_typing_model(settings)  # before any worker starts, so none of them builds it
    summary = ingest_pages(
        paths,
        store,
        settings=settings,
        source_name=source_name,
        published=_date(published, "--published"),
        workers=workers,
        progress=sys.stderr.isatty(),
        on_skip=_report_skip,
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


@app.command("events")
def list_events(
    ctx: typer.Context,
    db: DbOpt = None,
    since: Annotated[str | None, typer.Option("--since", help="First event date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Last event date, YYYY-MM-DD.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="ACLED event type or sub-event type.")] = None,
    country: Annotated[str | None, typer.Option("--country", help="Country name, e.g. Syria.")] = None,
    format: Annotated[Format, typer.Option("--format", help="json or table.")] = Format.table,
) -> None:
    """List stored events."""
    from .store import Store

    rows = Store(_settings(ctx, db=db).db).events(
        since=_date(since, "--since"), until=_date(until, "--until"), event_type=type, country=country
    )
    if format is Format.json:
        payload = [dataclasses.asdict(row) for row in rows]
        sys.stdout.write(json.dumps(payload, default=str, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title=f"{len(rows)} stored event(s)")
    for column in ("date", "type", "actor1", "actor2", "location", "deaths", "conf.", "source", "evidence"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            *(
                cell(v)
                for v in (
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
            )
        )
    out.print(table)


def _print_events_table(result: ExtractResult) -> None:
    doc = result.document
    # Text objects, not markup strings: page text is shown as it is, never interpreted.
    title = Text.assemble(
        (doc.title or doc.origin or doc.id, "bold"), (f"  ({doc.source or 'unknown outlet'}, {doc.published or 'undated'})", "dim")
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
    out.print(table)


@app.command()
def merge(
    ctx: typer.Context,
    db: DbOpt = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Merge every stored report again.")] = False,
) -> None:
    """Merge the reports of one event by many outlets into one event (ingest leaves new reports to it)."""
    from .merge.events import merge_stored_events
    from .store import Store

    summary = merge_stored_events(Store(_settings(ctx, db=db).db), rebuild=rebuild)
    out.print(
        f"merged {summary.reports} report(s): {summary.records} event(s) written, "
        f"{summary.removed} replaced, in {summary.seconds:.1f} s"
    )


@app.command()
def control(
    ctx: typer.Context,
    place: Annotated[str, typer.Argument(help="Place name, e.g. Qaryatayn.")],
    db: DbOpt = None,
    format: Annotated[Format, typer.Option("--format", help="json or table.")] = Format.table,
) -> None:
    """Who held a place from when to when, with the events behind every change."""
    from .merge.control import control_timeline
    from .merge.events import merge_stored_events
    from .store import Store

    store = Store(_settings(ctx, db=db).db)
    merge_stored_events(store)
    timeline = control_timeline(store, place)
    if timeline is None:
        typer.echo(f"no change of control on record for {place!r}", err=True)
        raise typer.Exit(1)
    if format is Format.json:
        sys.stdout.write(json.dumps(timeline.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title=Text(f"Control of {timeline.location}, {timeline.country}"), show_lines=True, title_justify="left")
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
    out.print(table)


class ExportFormat(str, Enum):
    acled_csv = "acled-csv"
    geojson = "geojson"
    parquet = "parquet"
    jsonl = "jsonl"


@app.command("export")
def export_events(
    ctx: typer.Context,
    format: Annotated[ExportFormat, typer.Option("--format", help="acled-csv, geojson, parquet or jsonl.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: standard output).")] = None,
    db: DbOpt = None,
    since: Annotated[str | None, typer.Option("--since", help="First event date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Last event date, YYYY-MM-DD.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="ACLED event type or sub-event type.")] = None,
    country: Annotated[str | None, typer.Option("--country", help="Country name, e.g. Syria.")] = None,
) -> None:
    """Export merged events: ACLED's CSV columns, GeoJSON, Parquet or JSON lines."""
    from .export import export
    from .merge.events import merge_stored_events
    from .store import Store

    store = Store(_settings(ctx, db=db).db)
    merge_stored_events(store)
    filters = dict(since=_date(since, "--since"), until=_date(until, "--until"), country=country, event_type=type)
    if output is None:
        count = export(store, format.value, sys.stdout.buffer, **filters)
        sys.stdout.buffer.flush()
    else:
        # A failed export never leaves a truncated file.
        with written_atomically(output) as fh:
            count = export(store, format.value, fh, **filters)
    typer.echo(f"exported {count} event(s)", err=True)


@app.command()
def geoparse(
    path: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, help='JSON lines {"id", "text"}, optionally "toponyms": [{"start", "end"}].'),
    ],
    entities: Annotated[
        bool, typer.Option("--entities", help="Use spaCy entities as hints when finding names (several times slower).")
    ] = False,
) -> None:
    """Find and resolve the toponyms of each line, or resolve exactly the spans a line gives.

    Prints one JSON line per input line, in order; a malformed line is named on stderr and skipped.
    """
    from .places.geoparse import LineError, geoparse_lines

    nlp = None
    if entities:
        from .annotate import load_nlp

        nlp = load_nlp()
    written = failed = 0
    with path.open("rb") as lines:
        for item in geoparse_lines(lines, nlp=nlp):
            if isinstance(item, LineError):
                failed += 1
                typer.echo(f"skipped {path} line {item.line}: {item.reason}", err=True)
            else:
                written += 1
                sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
                sys.stdout.flush()
    if failed and not written:
        raise typer.Exit(1)


@app.command("build-model")
def build_model(
    ctx: typer.Context,
    force: Annotated[bool, typer.Option("--force", help="Build it again even if this version's model is there.")] = False,
) -> None:
    """Build the default event typing model from the shipped examples (about a minute).

    Done once per version of the code and data (`make model`, `make demo`); the model is cached,
    keyed by what it is trained from, and a command that needs a missing one builds it itself.
    """
    from .build_model import build_typing_model, typing_model_path
    from .resources import Resources

    settings = _settings(ctx)
    path = typing_model_path(settings)
    if path.exists() and not force:
        typer.echo(f"the typing model of this version is built: {path}", err=True)
        return
    training, path = build_typing_model(Resources.build(settings, typing_model=False), progress=_progress)
    typer.echo(f"built the typing model from {len(training.gold)} examples: {path}", err=True)


@app.command("settings")
def list_settings(ctx: typer.Context) -> None:
    """Every setting: its value, where the value came from, its environment variable, and what it does."""
    table = Table(title="Settings (option > environment > config file > default)", show_lines=True)
    for column in ("setting", "value", "from", "environment", "what it does"):
        table.add_column(column, overflow="fold")
    for row in _settings(ctx).describe():
        table.add_row(*(cell(c) for c in row))
    out.print(table)
