"""The API definition as OpenAPI 3.0, which OGC API Features' oas30 class asks for: FastAPI
writes 3.1, whose only construct here that 3.0 lacks is a null alternative (`anyOf: [X,
{type: null}]`), in 3.0 `X` with `nullable: true`. Rewritten by hand: no library converts
3.1 down, and the rewrite is this one rule. FastAPI's 422 answers become the 400 problems
the service gives (api/problems.py)."""

from __future__ import annotations

from typing import Any


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
    },
    "required": ["type", "title", "status"],
}


def openapi_30(definition: dict) -> dict:
    converted = _convert(definition)
    converted["openapi"] = "3.0.3"
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path in converted.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)
            responses["400"] = {"description": "A bad parameter or body", "content": problem}
            responses.setdefault("404", {"description": "Not found", "content": problem})
    schemas = converted.setdefault("components", {}).setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["Problem"] = PROBLEM_SCHEMA
    return converted


def _convert(node: Any) -> Any:
    if isinstance(node, list):
        return [_convert(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _convert(value) for key, value in node.items()}
    for key in ("anyOf", "oneOf"):
        options = node.get(key)
        if isinstance(options, list) and {"type": "null"} in options:
            rest = [option for option in options if option != {"type": "null"}]
            del node[key]
            if len(rest) == 1:
                node = {**rest[0], **node}
            else:
                node[key] = rest
            node["nullable"] = True
    if "examples" in node and isinstance(node["examples"], list) and "example" not in node:
        # 3.0's schema objects have one `example`; parameters' `examples` (a map) stay as they are.
        node["example"] = node.pop("examples")[0] if node["examples"] else None
    return node
