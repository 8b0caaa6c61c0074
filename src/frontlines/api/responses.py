"""The service's JSON answers: Starlette's JSON response, with DEL and C1 control characters from
page text written as `\\u00XX` escapes (Starlette writes them raw), so that an answer shown by
`curl` in a terminal carries no control byte and still decodes to what the page held."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

from ..controls import json_dumps


class EscapedJSONResponse(JSONResponse):
    def render(self, content: Any) -> bytes:
        return json_dumps(content, allow_nan=False, separators=(",", ":")).encode("utf-8")
