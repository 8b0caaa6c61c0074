"""The HTML encoding of every JSON answer (OGC API Features' html conformance class): the same
data as nested tables, its links as links, and every text escaped. Written by hand because it
is one small recursive function; a template engine would add a dependency for no gain."""

from __future__ import annotations

from html import escape

from fastapi.responses import HTMLResponse

_STYLE = "/static/page.css"


def html_response(title: str, data: dict, *, status: int = 200) -> HTMLResponse:
    links = data.get("links", [])
    link_items = "".join(
        f'<li><a href="{escape(str(link.get("href", "")))}">{escape(str(link.get("title") or link.get("rel", "")))}</a>'
        f" ({escape(str(link.get('rel', '')))}, {escape(str(link.get('type', '')))})</li>"
        for link in links
        if isinstance(link, dict)
    )
    body = {key: value for key, value in data.items() if key != "links"}
    page = (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f"<title>{escape(title)}</title><link rel=icon href=\"data:,\"><link rel=stylesheet href={_STYLE}></head><body>"
        f"<h1>{escape(title)}</h1>"
        + (f"<ul class=links>{link_items}</ul>" if link_items else "")
        + _value(body)
        + "</body></html>"
    )
    return HTMLResponse(page, status_code=status)


def _value(value) -> str:
    if isinstance(value, dict):
        rows = "".join(f"<tr><th>{escape(str(k))}</th><td>{_value(v)}</td></tr>" for k, v in value.items())
        return f"<table>{rows}</table>"
    if isinstance(value, list):
        if not value:
            return ""
        return "<ol>" + "".join(f"<li>{_value(item)}</li>" for item in value) + "</ol>"
    if value is None:
        return ""
    text = str(value).lower() if isinstance(value, bool) else str(value)
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return f'<a href="{escape(text)}" rel="noreferrer nofollow">{escape(text)}</a>'
    return escape(text)
