"""The web service and map of `frontlines serve` (the `serve` extra: FastAPI and uvicorn)."""

from .app import create_app

__all__ = ["create_app"]
