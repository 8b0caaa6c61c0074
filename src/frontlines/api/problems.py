"""Errors as RFC 9457 problem details (`application/problem+json`), for every failure the
service answers: a bad parameter, an unknown path, a refused write, a bug."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from .responses import EscapedJSONResponse

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger(__name__)


class Problem(Exception):
    """A request the service will not answer as asked, and why (one line)."""

    def __init__(self, status: int, detail: str, *, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers


def problem_response(status: int, detail: str, *, instance: str | None = None, headers: dict | None = None) -> EscapedJSONResponse:
    from http import HTTPStatus

    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status, "detail": detail}
    if instance:
        body["instance"] = instance
    return EscapedJSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def install(app: FastAPI) -> None:
    """Every error of `app` answered as a problem."""

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> EscapedJSONResponse:
        return problem_response(exc.status, exc.detail, instance=request.url.path, headers=exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> EscapedJSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return problem_response(exc.status_code, detail, instance=request.url.path, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> EscapedJSONResponse:
        return problem_response(400, _validation_detail(exc), instance=request.url.path)

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> EscapedJSONResponse:
        log.exception("%s %s failed", request.method, request.url.path)
        return problem_response(500, "internal error", instance=request.url.path)


def _validation_detail(exc: RequestValidationError) -> str:
    """"limit: Input should be less than or equal to 10000" for the first bad parameter."""
    errors = exc.errors()
    if not errors:
        return "invalid request"
    first = errors[0]
    where = ".".join(str(part) for part in first.get("loc", ())[1:]) or "request"
    return f"{where}: {first.get('msg', 'invalid')}"
