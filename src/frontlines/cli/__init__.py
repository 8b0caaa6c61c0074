"""The `frontlines` command. Each command is a plain function in the module of its kind;
this list is every command there is, in the order `frontlines --help` shows them."""

from __future__ import annotations

from . import models, pages, records, serve
from .app import app, main

COMMANDS = (
    ("extract", pages.extract),
    ("segment", pages.segment),
    ("classify", pages.classify),
    ("geoparse", pages.geoparse),
    ("ingest", records.ingest),
    ("events", records.list_events),
    ("merge", records.merge),
    ("control", records.control),
    ("export", records.export_events),
    ("serve", serve.serve),
    ("train-classifier", models.train_classifier),
    ("build-model", models.build_model),
    ("settings", models.list_settings),
)

for name, command in COMMANDS:
    app.command(name)(command)

__all__ = ["app", "main"]
