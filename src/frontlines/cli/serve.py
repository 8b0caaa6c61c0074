"""`frontlines serve`: the OGC API Features service and the map over the store, on one port."""

from __future__ import annotations

from typing import Annotated

import typer

from .app import DbOpt, settings_for


def serve(
    ctx: typer.Context,
    db: DbOpt = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """Serve the merged events and control periods (OGC API Features) and the map at /map.

    Writes (POST /documents) need the setting FRONTLINES_API_TOKEN; without it the service is read-only.
    """
    try:
        import uvicorn

        from ..api import create_app
    except ModuleNotFoundError as missing:
        typer.echo(f"error: `frontlines serve` needs {missing.name}: pip install 'frontlines[serve]'", err=True)
        raise typer.Exit(1) from None
    from ..merge.events import merge_stored_events
    from ..store import Store

    settings = settings_for(ctx, db=db)
    store = Store(settings.db)
    merge_stored_events(store)  # reports ingested but not merged yet are served too
    typer.echo(f"serving http://{host}:{port}/ (the map: /map)", err=True)
    uvicorn.run(create_app(settings, store=store), host=host, port=port, log_level="warning" if not settings.debug else "debug")
