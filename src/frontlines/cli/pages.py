"""Commands that read pages and print what frontlines makes of them, storing nothing."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..controls import escaped, escaped_path, json_dumps
from ..read.document import clean_text
from .app import Format, PathsArg, PublishedOpt, Skips, SourceOpt, UrlOpt, out, parse_date, settings_for
from .render import page_events_table, pages_table
from .running import documents, process, resources


def extract(
    ctx: typer.Context,
    paths: PathsArg,
    source_name: SourceOpt = None,
    url: UrlOpt = None,
    published: PublishedOpt = None,
    format: Annotated[Format, typer.Option("--format", help="json or table.")] = Format.table,
) -> None:
    """Segment pages and extract evidenced, geocoded ACLED events."""
    settings = settings_for(ctx)
    skips = Skips()
    docs = documents(settings, skips, paths, source_name, url, parse_date(published, "--published"))
    results = list(process(settings, skips, docs))
    skips.summary()
    if format is Format.json:
        sys.stdout.write(json_dumps([r.to_json_dict() for r in results], indent=2) + "\n")
    else:
        for r in results:
            out.print(page_events_table(r))
        out.print(f"{len(results)} page(s), {sum(len(r.events) for r in results)} event(s)")
    if not results:
        raise typer.Exit(1)


def segment(
    ctx: typer.Context,
    paths: PathsArg,
    source_name: SourceOpt = None,
    url: UrlOpt = None,
    published: PublishedOpt = None,
    format: Annotated[Format, typer.Option("--format", help="json or table.")] = Format.json,
) -> None:
    """Cut pages into title, body, comments and related headlines; no NLP model is loaded."""
    from ..model import Skipped
    from ..segment import Unsegmentable
    from ..segment import segment as segment_document

    settings = settings_for(ctx)
    skips = Skips()
    docs = []
    for doc in documents(settings, skips, paths, source_name, url, parse_date(published, "--published")):
        try:
            docs.append(segment_document(doc))
        except Unsegmentable as err:
            skips(Skipped(origin=doc.origin or doc.id, reason=str(err)))
    skips.summary()
    if format is Format.json:
        payload = [{"document": d.model_dump(mode="json")} for d in docs]
        sys.stdout.write(json_dumps(payload, indent=2) + "\n")
    else:
        out.print(pages_table(docs))
    if not docs:
        raise typer.Exit(1)


def classify(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help='JSONL with {"id", "text"} per line.')],
) -> None:
    """Type each snippet in ACLED's taxonomy; JSONL {"id", "event_type", "sub_event_type", "confidence"}."""
    from ..events.classify import classify_text
    from ..pipeline import Pipeline

    pipeline = None
    try:
        handle = file.open(encoding="utf-8")
    except OSError as exc:
        typer.echo(f"error: cannot read {escaped_path(file)}: {exc.strerror}", err=True)
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
                typer.echo(f"skipped {escaped_path(file)}:{number}: not a {{\"id\", \"text\"}} line ({type(exc).__name__})", err=True)
                continue
            pipeline = pipeline or Pipeline(resources(settings_for(ctx)))
            typing = classify_text(pipeline, clean_text(text))
            record = {"id": snippet_id, "event_type": typing.event_type, "sub_event_type": typing.sub_event_type, "confidence": typing.confidence}
            sys.stdout.write(json_dumps(record) + "\n")


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
    from ..places.geoparse import LineError, geoparse_lines

    nlp = None
    if entities:
        from ..annotate import load_nlp

        nlp = load_nlp()
    written = failed = 0
    with path.open("rb") as lines:
        for item in geoparse_lines(lines, nlp=nlp):
            if isinstance(item, LineError):
                failed += 1
                typer.echo(escaped(f"skipped {escaped_path(path)} line {item.line}: {item.reason}"), err=True)
            else:
                written += 1
                sys.stdout.write(json_dumps(item) + "\n")
                sys.stdout.flush()
    if failed and not written:
        raise typer.Exit(1)
