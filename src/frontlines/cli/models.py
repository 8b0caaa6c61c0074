"""Commands about the typing model and the settings themselves."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from ..files import written_atomically
from .app import out, settings_for
from .render import cell, settings_table
from .running import progress, resources


def train_classifier(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help='JSONL {"text", "sub_event_type"} or ACLED CSV exports (notes, sub_event_type).')],
    output: Annotated[Path, typer.Option("--output", "-o", help="Model file to write (.npz).")],
) -> None:
    """Train the event typing model on your own coded examples plus the shipped ones.

    Use the model with FRONTLINES_CLASSIFIER=FILE (the `classifier` setting) for extract, ingest and classify.
    """
    from ..build_model import train_with_user_examples
    from ..events.classifier import read_user_examples
    from ..settings import env_variable

    examples = []
    for file in files:
        try:
            examples += read_user_examples(file)
        except (OSError, UnicodeDecodeError, csv.Error, ValueError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None
    counts = Counter(e.sub_event_type for e in examples)
    # The shipped model's features, not the user's own model: a user model trains from the shipped examples.
    shipped = resources(settings_for(ctx).replace(classifier=None))
    model = train_with_user_examples(shipped, examples)
    with written_atomically(output) as fh:
        model.save(fh)
    out.print(cell(f"trained on {len(examples)} example(s) of yours ({len(counts)} type(s)) and the shipped ones; "
                   f"wrote {output}; use it with {env_variable('classifier')}={output}"))


def build_model(
    ctx: typer.Context,
    force: Annotated[bool, typer.Option("--force", help="Build it again even if this version's model is there.")] = False,
) -> None:
    """Build the default event typing model from the shipped examples (about a minute).

    Done once per version of the code and data (`make model`, `make demo`); the model is cached,
    keyed by what it is trained from, and a command that needs a missing one builds it itself.
    """
    from ..build_model import build_typing_model, typing_model_path
    from ..resources import Resources

    settings = settings_for(ctx)
    path = typing_model_path(settings)
    if path.exists() and not force:
        typer.echo(f"the typing model of this version is built: {path}", err=True)
        return
    training, path = build_typing_model(Resources.build(settings, typing_model=False), progress=progress)
    typer.echo(f"built the typing model from {len(training.gold)} examples: {path}", err=True)


def list_settings(ctx: typer.Context) -> None:
    """Every setting: its value, where the value came from, its environment variable, and what it does."""
    out.print(settings_table(settings_for(ctx).describe()))
