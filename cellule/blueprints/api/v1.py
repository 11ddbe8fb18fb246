"""The council API, /api/v1: read-only, bearer tokens, cursor pagination, forwarded data only.

A child blueprint of ``api`` so that its JSON error handlers and its CSRF
exemption cover the API and not the token admin pages.

Views are marked ``public`` for the session-based access check: they do not
use sign-in sessions at all. Every request to this blueprint except the
OpenAPI document must carry a valid bearer token, checked in ``require_token``.
"""
from __future__ import annotations

import logging

import sqlalchemy as sa
from sqlalchemy.orm import selectinload
from flask import Blueprint, abort, g, jsonify, request
from werkzeug.exceptions import HTTPException

from ...database import commit
from ...extensions import csrf, db
from ...permissions import access
from ..collection.lifecycle import CampaignStatus
from ..collection.models import Campaign
from ..collection.snapshots import Snapshot, listed, with_summaries
from ..directory.models import Ptce, PtceTombstone, Region
from . import openapi, serialize, services

log = logging.getLogger(__name__)
bp = Blueprint("v1", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
OPEN_ENDPOINTS = {"api.v1.openapi_document"}
MAX_INT = 2**31 - 1
READ_ONLY_METHODS = "GET, HEAD, OPTIONS"


def error(status: int, code: str, message: str, headers: dict | None = None):
    response = jsonify({"error": {"status": status, "code": code, "message": message}})
    response.status_code = status
    response.headers.update(headers or {})
    return response


@bp.before_request
def require_token():
    g.api_token = None  # the test client may reuse an application context, hence g, across requests
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    token = services.authenticate(request.headers.get("Authorization"))
    if token is None:
        return error(401, "unauthorized", "a valid bearer token is required",
                     {"WWW-Authenticate": 'Bearer realm="cellule"'})
    g.api_token = token  # its last use, flushed by authenticate, is committed with the answer
    # A misspelt filter must not silently return everything to a syncing client.
    allowed = PARAMETERS.get(request.endpoint, set())
    for name in request.args:
        if name not in allowed:
            return error(400, "bad_request", f"unknown parameter {name!r}")
        if len(request.args.getlist(name)) > 1:
            return error(400, "bad_request", f"parameter {name!r} given more than once")
    return None


PARAMETERS = openapi.PARAMETERS  # one source: the OpenAPI document lists the same parameters


@bp.after_request
def commit_answer(response):
    """The request's one commit, once the view (or the API's error handler) has answered.

    The API only reads; what is committed is the token's last use, written by
    ``authenticate``: a client error still counts as a use, as before. An unexpected
    error has rolled everything back in ``server_error`` and commits nothing.
    """
    if g.get("api_token") is not None:
        commit()
    return response


@bp.errorhandler(services.BadRequest)
def bad_request(exc):
    return error(400, "bad_request", str(exc))


# Code-specific handlers: Flask prefers the app's code handlers (HTML pages) over a
# blueprint's class handler, so each code the API can raise is named here.
@bp.errorhandler(400)
@bp.errorhandler(403)
@bp.errorhandler(404)
@bp.errorhandler(405)
@bp.errorhandler(413)
@bp.errorhandler(429)
@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException):
    # Keep the headers the exception carries: ``Allow`` on a 405, ``Retry-After`` on a 429.
    headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
    if exc.code == 405:
        headers["Allow"] = READ_ONLY_METHODS  # not the catch-all route's write methods: it refuses them
    return error(exc.code or 500, (exc.name or "error").lower().replace(" ", "_"), exc.description or "", headers)


@bp.errorhandler(500)
@bp.errorhandler(Exception)
def server_error(exc):
    db.session.rollback()
    if isinstance(exc, HTTPException):
        return http_error(exc)
    log.exception("API error")
    return error(500, "internal_server_error", "unexpected error")


def listing(query, id_column, serializer, extra=None, prepare=None):
    """A page of ``query`` as JSON; ``prepare`` may complete the page's rows at once before serializing."""
    rows, next_cursor = services.page(query, id_column, request.args.get("cursor"),
                                      services.parse_limit(request.args.get("limit")), request.endpoint, extra)
    if prepare is not None:
        rows = prepare(rows)
    return jsonify({"data": [serializer(r) for r in rows], "next_cursor": next_cursor})


def _region_filter(query, column):
    slug = request.args.get("region")
    if slug is None:
        return query
    # An unknown region is a filter that matches nothing, not an error.
    region_ids = sa.select(Region.id).where(sa.or_(Region.slug == slug, Region.code == slug))
    return query.where(column.in_(region_ids))


@bp.get("/openapi.json")
@access("public")
def openapi_document():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(openapi.document())


@bp.get("/regions")
@access("public")
def regions():
    """The 18 regions."""
    return listing(sa.select(Region), Region.id, serialize.region)


@bp.get("/ptce")
@access("public")
def ptce_list():
    """PTCE of the directory, optionally of one region and changed since a time.

    With ``updated_since``, PTCE deleted since then come too, as tombstones
    (``deleted_at`` set), interleaved by id, so a syncing client learns of them.
    """
    # Sectors and activity types are shown for every PTCE: one query each for the whole page.
    query = _region_filter(sa.select(Ptce).options(selectinload(Ptce.sector_rows), selectinload(Ptce.activity_rows)),
                           Ptce.region_id)
    since = services.parse_since(request.args.get("updated_since"))
    tombstones = None
    if since is not None:
        query = query.where(Ptce.updated_at >= since)
        tombstones = (_region_filter(sa.select(PtceTombstone).where(PtceTombstone.deleted_at >= since),
                                     PtceTombstone.region_id), PtceTombstone.id)
    return listing(query, Ptce.id, serialize.ptce_item, tombstones)


@bp.get("/campaigns")
@access("public")
def campaigns():
    """Campaigns that have been opened (drafts are not shown)."""
    query = sa.select(Campaign).where(Campaign.status != CampaignStatus.DRAFT)
    since = services.parse_since(request.args.get("updated_since"))
    if since is not None:
        query = query.where(Campaign.updated_at >= since)
    return listing(query, Campaign.id, serialize.campaign)


def _int_arg(name: str) -> int | None:
    value = request.args.get(name)
    if value is None:
        return None
    if not value.isdigit() or len(value) > 10 or int(value) > MAX_INT:
        raise services.BadRequest(f"{name} must be an integer between 0 and {MAX_INT}")
    return int(value)


@bp.get("/snapshots")
@access("public")
def snapshots():
    """Forwarded snapshots (every version), by campaign, region and forwarding time."""
    # The list reads the stored summary (PTCE count, figures), never a snapshot's content.
    query = _region_filter(sa.select(Snapshot).options(*listed()), Snapshot.region_id)
    campaign_id = _int_arg("campaign")
    if campaign_id is not None:
        query = query.where(Snapshot.campaign_id == campaign_id)
    since = services.parse_since(request.args.get("updated_since"))
    if since is not None:
        query = query.where(Snapshot.forwarded_at >= since)
    return listing(query, Snapshot.id, serialize.snapshot, prepare=with_summaries)


def _snapshot(snapshot_id: int) -> Snapshot:
    found = db.session.get(Snapshot, snapshot_id) if snapshot_id <= services.MAX_ID else None
    if found is None:
        abort(404, "no such snapshot")
    return found


@bp.get("/snapshots/<int:snapshot_id>")
@access("public")
def snapshot(snapshot_id: int):
    """One forwarded snapshot."""
    return jsonify(serialize.snapshot(_snapshot(snapshot_id)))


@bp.get("/snapshots/<int:snapshot_id>/answers")
@access("public")
def snapshot_answers(snapshot_id: int):
    """The answers of each PTCE in a snapshot, paginated by PTCE id."""
    entries = sorted(_snapshot(snapshot_id).content["responses"], key=lambda e: e["ptce"]["id"])
    after = services.decode_cursor(request.args.get("cursor"), request.endpoint) or 0
    limit = services.parse_limit(request.args.get("limit"))
    rest = [e for e in entries if e["ptce"]["id"] > after]
    page = rest[:limit]
    more = len(rest) > limit
    return jsonify({"data": [serialize.answer(e) for e in page],
                    "next_cursor": services.encode_cursor(page[-1]["ptce"]["id"], request.endpoint) if more else None})


@bp.route("/", defaults={"rest": ""}, methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@bp.route("/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
@access("public")
def not_found(rest: str):
    """Unknown API paths answer JSON, and the read-only API refuses writes with 405."""
    if request.method != "GET":
        return error(405, "method_not_allowed", "this API is read-only", {"Allow": READ_ONLY_METHODS})
    return error(404, "not_found", "no such endpoint")
