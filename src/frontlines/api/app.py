"""The web service of `frontlines serve`: OGC API – Features Part 1 (Core) over the merged events
and the control periods, with declared extensions (filters, facets, CSV and NDJSON streams,
documents, writes), and the offline map at /map.

Paths, parameters and field names are a contract (issue 12): QGIS, notebooks and the map read
them. Every answer carries a strict Content-Security-Policy; every error is a problem+json.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from enum import Enum
from importlib import resources as package_files
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request
from fastapi.responses import FileResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from ..controls import json_dumps
from ..export.acled_csv import csv_lines
from ..merge.control import control_timeline, control_timelines
from ..settings import Settings
from ..store import Store
from ..store.queries import EventFilter
from . import problems
from .features import control_feature, event_feature, period_as_of, timeline_feature
from .html import html_response
from .openapi import openapi_30
from .params import (
    FACET_TOP,
    decode_cursor,
    encode_cursor,
    parse_bbox,
    parse_datetime,
    parse_facets,
    parse_instant,
    reject_unknown_parameters,
)
from .problems import Problem
from .responses import EscapedJSONResponse
from .writes import Ingester, check_token, page_lines, read_body

DEFAULT_LIMIT = 10
MAX_LIMIT = 10_000
MAX_STREAM = 1_000_000_000  # `limit` of a stream: past any store, within a database's integer
STREAM_BATCH = 1_000  # events read from the store at a time by the CSV and NDJSON streams
GEOJSON = "application/geo+json"
OPENAPI_JSON = "application/vnd.oai.openapi+json;version=3.0"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
GREGORIAN = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
]
# No script, style, font or image from anywhere but this service; no inline script or style.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
STATIC = package_files.files("frontlines.api") / "static"


class Format(str, Enum):
    json = "json"
    html = "html"


class ItemsFormat(str, Enum):
    json = "json"
    html = "html"
    csv = "csv"
    ndjson = "ndjson"


FormatOpt = Annotated[Format | None, Query(description="json (the default) or html.")]
BboxOpt = Annotated[
    str | None, Query(description="minlon,minlat,maxlon,maxlat in WGS 84 (CRS84); a box across the antimeridian has minlon > maxlon.")
]
TextFilter = Annotated[str | None, Query()]


def create_app(settings: Settings, *, store: Store | None = None, pipeline=None) -> FastAPI:
    """The service over the store of `settings` (or `store`); `pipeline`, one already built,
    processes posted pages (else the first write builds one)."""
    store = store or Store(settings.db)
    ingester = Ingester(store, settings, pipeline)
    app = FastAPI(
        title="frontlines",
        version="1.0",
        description="Conflict events read from news pages, merged across outlets, with the evidence behind each: OGC API – Features.",
        openapi_url=None,  # served at /api below, as OpenAPI 3.0
        docs_url=None,  # the documentation pages load scripts from a CDN
        redoc_url=None,
        default_response_class=EscapedJSONResponse,
    )
    # The API's paths refuse unknown parameters; the map's page keeps its own state in its query.
    api = APIRouter(dependencies=[Depends(reject_unknown_parameters)])
    problems.install(app)
    if settings.api_cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        origins = [origin.strip() for origin in settings.api_cors_origins.split(",") if origin.strip()]
        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET"], allow_headers=["*"])
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    @api.get("/", summary="Landing page")
    def landing(request: Request, f: FormatOpt = None):
        data = {
            "title": "frontlines",
            "description": app.description,
            "links": [
                _link(request, "/", "self", "application/json", "this document"),
                _link(request, "/api", "service-desc", OPENAPI_JSON, "the API definition (OpenAPI 3.0)"),
                _link(request, "/conformance", "conformance", "application/json", "conformance classes"),
                _link(request, "/collections", "data", "application/json", "collections"),
                _link(request, "/map", "alternate", "text/html", "the map"),
            ],
        }
        return _answer(request, f, "frontlines", data)

    @api.get("/api", summary="The API definition (OpenAPI 3.0)", include_in_schema=False)
    def api_definition():
        return Response(json.dumps(openapi_30(app.openapi())), media_type=OPENAPI_JSON)

    @api.get("/conformance", summary="Conformance classes")
    def conformance(request: Request, f: FormatOpt = None):
        return _answer(request, f, "Conformance", {"conformsTo": CONFORMANCE})

    @api.get("/collections", summary="Collections")
    def collections(request: Request, f: FormatOpt = None):
        data = {
            "collections": [_events_collection(request, store), _control_collection(request, store)],
            "links": [_link(request, "/collections", "self", "application/json", "collections")],
        }
        return _answer(request, f, "Collections", data)

    @api.get("/collections/{collection_id}", summary="A collection")
    def collection(request: Request, collection_id: Annotated[str, Path()], f: FormatOpt = None):
        if collection_id == "events":
            data = _events_collection(request, store)
        elif collection_id == "control":
            data = _control_collection(request, store)
        else:
            raise Problem(404, f"no collection {collection_id!r}: there are events and control")
        return _answer(request, f, data["title"], data)

    @api.get("/collections/events/items", summary="Merged events", response_class=EscapedJSONResponse)
    def event_items(
        request: Request,
        bbox: BboxOpt = None,
        datetime: Annotated[
            str | None, Query(description="A date or RFC 3339 date-time, or an interval a/b with .. for an open end.")
        ] = None,
        limit: Annotated[int | None, Query(ge=1, le=MAX_STREAM, description=f"Events per page: {DEFAULT_LIMIT} by default, at most {MAX_LIMIT}; csv and ndjson stream every event unless given.")] = None,
        cursor: Annotated[str | None, Query(description="Where a page starts: pass on the token of the `next` link.")] = None,
        event_type: TextFilter = None,
        sub_event_type: TextFilter = None,
        actor: Annotated[str | None, Query(description="actor1, actor2 or an associated actor.")] = None,
        country: TextFilter = None,
        admin1: TextFilter = None,
        outlet: Annotated[str | None, Query(description="One of the outlets the event's reports stand for.")] = None,
        min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
        historical: Annotated[bool | None, Query()] = None,
        corroborated: Annotated[bool | None, Query(description="Reported by two or more independent outlets.")] = None,
        facets: Annotated[str | None, Query(description="Columns to count the matching events by, e.g. event_type,country,actor1.")] = None,
        f: Annotated[ItemsFormat | None, Query(description="json (GeoJSON), html, csv (ACLED columns) or ndjson (a Feature a line).")] = None,
    ):
        first, last = parse_datetime(datetime)
        where = EventFilter(
            bbox=parse_bbox(bbox), since=first, until=last, event_type=event_type, sub_event_type=sub_event_type,
            actor=actor, country=country, admin1=admin1, outlet=outlet, min_confidence=min_confidence,
            historical=historical, corroborated=corroborated,
        )  # fmt: skip
        after = decode_cursor(cursor)
        facet_columns = parse_facets(facets)
        if f in (ItemsFormat.csv, ItemsFormat.ndjson):
            return _stream(store, where, after, limit, f)
        if limit is not None and limit > MAX_LIMIT:
            raise Problem(400, f"limit: at most {MAX_LIMIT} events a page (csv and ndjson stream more)")
        page_size = limit or DEFAULT_LIMIT
        records = store.merged_page(where, after=after, limit=page_size + 1)
        more = len(records) > page_size
        records = records[:page_size]
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "cursor"]
        links = [
            _link(request, request.url.path, "self", GEOJSON, "this page", params + ([("cursor", cursor)] if cursor else [])),
            _link(request, "/collections/events", "collection", "application/json", "the events collection"),
        ]
        if more:
            token = encode_cursor(records[-1].event_date, records[-1].id)
            links.append(_link(request, request.url.path, "next", GEOJSON, "next page", params + [("cursor", token)]))
        data = {
            "type": "FeatureCollection",
            "features": [event_feature(record) for record in records],
            "numberMatched": store.count_merged(where),
            "numberReturned": len(records),
            "timeStamp": _now(),
            "links": links,
        }
        if facet_columns:
            data["facets"] = {
                name: [{"value": value, "count": count} for value, count in counts]
                for name, counts in store.merged_facets(where, facet_columns, top=FACET_TOP).items()
            }
        return _answer(request, f, "Events", data, media_type=GEOJSON)

    @api.get("/collections/events/items/{feature_id}", summary="A merged event, with its reports and the why of each choice")
    def event_item(request: Request, feature_id: Annotated[str, Path(max_length=64)], f: FormatOpt = None):
        found = store.merged_events(ids=[feature_id])
        if not found:
            raise Problem(404, f"no event {feature_id!r}")
        data = event_feature(found[0], detail=True)
        data["links"] = [
            _link(request, request.url.path, "self", GEOJSON, "this event"),
            _link(request, "/collections/events", "collection", "application/json", "the events collection"),
        ]
        return _answer(request, f, found[0].location or "Event", data, media_type=GEOJSON)

    @api.get("/collections/control/items", summary="Who held each place as of a date")
    def control_items(
        request: Request,
        datetime: Annotated[str | None, Query(description="The date (default: today).")] = None,
        bbox: BboxOpt = None,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Places per page, at most {MAX_LIMIT} (the default).")] = MAX_LIMIT,
        cursor: Annotated[str | None, Query(description="Where a page starts: pass on the token of the `next` link.")] = None,
        f: FormatOpt = None,
    ):
        day = parse_instant(datetime) or dt.date.today()
        box = parse_bbox(bbox)
        after = decode_cursor(cursor)
        features = []
        for timeline in sorted(control_timelines(store), key=lambda timeline: timeline.location):
            period = period_as_of(timeline, day)
            if period is not None and _in_box(timeline.longitude, timeline.latitude, box):
                features.append(control_feature(timeline, period))
        matched = len(features)
        if after is not None:  # places in order of their name: the page starts after the last one given
            features = [feature for feature in features if feature["id"] > after[1]]
        page, more = features[:limit], len(features) > limit
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "cursor"]
        links = [_link(request, request.url.path, "self", GEOJSON, "this page", list(request.query_params.multi_items()))]
        if more:
            token = encode_cursor(None, page[-1]["id"])
            links.append(_link(request, request.url.path, "next", GEOJSON, "next page", params + [("cursor", token)]))
        data = {
            "type": "FeatureCollection",
            "features": page,
            "numberMatched": matched,
            "numberReturned": len(page),
            "timeStamp": _now(),
            "links": links,
        }
        return _answer(request, f, f"Control as of {day.isoformat()}", data, media_type=GEOJSON)

    @api.get("/collections/control/items/{place}", summary="A place's whole control timeline")
    def control_item(request: Request, place: Annotated[str, Path(max_length=200)], f: FormatOpt = None):
        timeline = control_timeline(store, place)
        if timeline is None:
            raise Problem(404, f"no change of control on record for {place!r}")
        data = timeline_feature(timeline)
        data["links"] = [_link(request, request.url.path, "self", GEOJSON, "this timeline")]
        return _answer(request, f, timeline.location, data, media_type=GEOJSON)

    @api.get("/documents/{document_id}", summary="A stored page, segmented")
    def document(request: Request, document_id: Annotated[str, Path(max_length=64)], f: FormatOpt = None):
        stored = store.document(document_id)
        if stored is None:
            raise Problem(404, f"no document {document_id!r}")
        data = {
            key: stored.get(key)
            for key in ("id", "source", "url", "title", "published", "byline", "dateline", "body", "comments", "related_headlines", "removed")
        }
        data["links"] = [_link(request, request.url.path, "self", "application/json", "this document")] + [
            _link(request, f"/collections/events/items/{merged_id}", "item", GEOJSON, "a merged event this page reports")
            for merged_id in store.merged_ids_of_document(document_id)
        ]
        return _answer(request, f, stored.get("title") or document_id, data)

    @api.post(
        "/documents",
        summary="Ingest pages and merge them (bearer token only)",
        description="One page as a JSON object with the fields of a JSON-lines page ({url, source, published, title, html | text}), or JSON lines of them.",
    )
    async def post_documents(request: Request):
        check_token(request, settings)
        lines = page_lines(await read_body(request, settings.api_max_body_bytes))
        return EscapedJSONResponse(await run_in_threadpool(ingester.ingest, lines))

    app.include_router(api)

    @app.get("/map", summary="The map", include_in_schema=False)
    def map_page():
        return FileResponse(str(STATIC / "map.html"), media_type="text/html")

    return app


class SecurityHeaders:
    """The Content-Security-Policy and its companions on every answer (pure ASGI, so streams
    stay streams)."""

    HEADERS = [
        (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
    ]

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *self.HEADERS]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _stream(store: Store, where: EventFilter, after, limit: int | None, f: ItemsFormat) -> StreamingResponse:
    """Every event of the query, read in keyset batches so memory stays flat however many there are."""

    def records():
        key, left = after, limit
        while left is None or left > 0:
            batch = store.merged_page(where, after=key, limit=min(STREAM_BATCH, left or STREAM_BATCH))
            yield from batch
            if len(batch) < STREAM_BATCH:
                return
            key = batch[-1].event_date, batch[-1].id
            left = None if left is None else left - len(batch)

    if f is ItemsFormat.csv:
        body: Iterator[bytes] = csv_lines(records())
        return StreamingResponse(
            body, media_type="text/csv; charset=utf-8", headers={"content-disposition": 'attachment; filename="events.csv"'}
        )
    body = (json_dumps(event_feature(record)).encode() + b"\n" for record in records())
    return StreamingResponse(body, media_type="application/x-ndjson")


def _events_collection(request: Request, store: Store) -> dict:
    box, first, last = store.merged_extent()
    return _collection(request, "events", "Events", "Merged conflict events in ACLED's fields, with their reports.", box, first, last)


def _control_collection(request: Request, store: Store) -> dict:
    timelines = control_timelines(store)
    points = [(t.longitude, t.latitude) for t in timelines if t.longitude is not None and t.latitude is not None]
    box = (
        (min(p[0] for p in points), min(p[1] for p in points), max(p[0] for p in points), max(p[1] for p in points))
        if points
        else None
    )
    dates = [p.since for t in timelines for p in t.periods if p.since]
    return _collection(
        request, "control", "Control", "Who held each place, since when, and the events behind each change (?datetime=D).",
        box, min(dates, default=None), max(dates, default=None),
    )  # fmt: skip


def _collection(request: Request, name: str, title: str, description: str, box, first, last) -> dict:
    return {
        "id": name,
        "title": title,
        "description": description,
        "itemType": "feature",
        "crs": [CRS84],
        "extent": {
            "spatial": {"bbox": [list(box) if box else [-180, -90, 180, 90]], "crs": CRS84},
            "temporal": {"interval": [[_iso(first), _iso(last)]], "trs": GREGORIAN},
        },
        "links": [
            _link(request, f"/collections/{name}", "self", "application/json", title),
            _link(request, f"/collections/{name}/items", "items", GEOJSON, f"{title}: items"),
        ],
    }


def _answer(request: Request, f, title: str, data: dict, *, media_type: str = "application/json"):
    if _wants_html(request, f):
        return html_response(title, data)
    return EscapedJSONResponse(data, media_type=media_type)


def _wants_html(request: Request, f) -> bool:
    if f is not None:
        return f.value == "html"
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "json" not in accept


def _link(request: Request, path: str, rel: str, media_type: str, title: str, params=None) -> dict:
    href = str(request.base_url).rstrip("/") + path
    if params:
        href += "?" + urlencode(params)
    return {"href": href, "rel": rel, "type": media_type, "title": title}


def _in_box(longitude: float | None, latitude: float | None, box) -> bool:
    if box is None:
        return True
    if longitude is None or latitude is None:
        return False
    min_lon, min_lat, max_lon, max_lat = box
    across = min_lon > max_lon
    in_lon = (longitude >= min_lon or longitude <= max_lon) if across else min_lon <= longitude <= max_lon
    return in_lon and min_lat <= latitude <= max_lat


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
