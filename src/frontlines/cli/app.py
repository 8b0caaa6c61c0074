"""The `frontlines` Typer application: the settings every command starts from, the options
several commands share, and the console script that turns a failure into one line."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections import Counter
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..controls import escaped
from ..model import Skipped
from ..settings import Settings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,  # `main` turns failures into one line
    help="Conflict events from raw news pages. `frontlines settings` lists the settings and where each value comes from.",
)
# Page text is data: no emoji codes (":fire:"), and table cells go in as Text, never as markup.
out = Console(soft_wrap=True, emoji=False)


def main() -> None:
    """The console script: a failure outside any one page (an unusable --db, an unwritable
    output file, a broken gazetteer dump) ends with one line, not a traceback, unless the
    `debug` setting (--debug, FRONTLINES_DEBUG) asks for the traceback."""
    try:
        app()
    except Exception as exc:  # noqa: BLE001 - the last line of defence of a command-line tool
        if _debug_requested():
            raise
        typer.echo(escaped(f"error: {type(exc).__name__}: {exc}".splitlines()[0]), err=True)
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


def settings_for(ctx: typer.Context, **options: object) -> Settings:
    """The process's settings with the command's own options (given ones only) applied."""
    settings: Settings = ctx.obj if isinstance(ctx.obj, Settings) else Settings.load()
    given = {name: value for name, value in options.items() if value is not None}
    return settings.replace(**given) if given else settings



class Format(str, Enum):
    json = "json"
    table = "table"


def parse_date(value: str | None, flag: str) -> dt.date | None:
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
        report_skip(skipped)

    def summary(self) -> None:
        if self.reasons:
            counts = "; ".join(f"{n} {reason}" for reason, n in self.reasons.most_common())
            typer.echo(escaped(f"skipped {sum(self.reasons.values())} input(s): {counts}"), err=True)


def report_skip(skipped: Skipped) -> None:
    typer.echo(escaped(f"skipped {skipped.origin}: {skipped.reason}"), err=True)


PathsArg = Annotated[list[Path], typer.Argument(help="Files (text, HTML, JSONL, .gz) or directories.")]
SourceOpt = Annotated[str | None, typer.Option("--source-name", help="Outlet that published the pages.")]
UrlOpt = Annotated[str | None, typer.Option("--url", help="URL of the page (single-page inputs).")]
PublishedOpt = Annotated[str | None, typer.Option("--published", help="Publication date, YYYY-MM-DD.")]
DbOpt = Annotated[str | None, typer.Option("--db", help="SQLite file or SQLAlchemy URL (default: user data dir).")]
