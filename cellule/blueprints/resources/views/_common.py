"""The blueprint and what its pages share: double routes, loading a sheet, checks, URLs."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from ....extensions import db, login_manager
from ....loading import in_region_or_404
from ....permissions import can, ensure, feature_blueprint
from .. import rules  # noqa: F401  (rules register themselves)
from ..models import Sheet
from ..reference import Scope
from ..uploads import too_large_message

bp = feature_blueprint("resources", __name__)


def both(path: str, **options):
    """Route a view at ``/<region_slug>/fiches<path>`` and at ``/fiches<path>`` (``national_…``)."""

    def register(view):
        bp.add_url_rule(f"/<region_slug>/fiches{path}", view.__name__, view, **options)
        bp.add_url_rule(f"/fiches{path}", f"national_{view.__name__}", view, **options)
        return view

    return register


def region():
    """The workspace's region, or None in the national library.

    Decided by the matched URL, not by ``g`` alone: ``g`` belongs to the app
    context, which the test client reuses across requests.
    """
    rule = request.url_rule
    if rule is None or "region_slug" not in rule.arguments:
        return None
    return g.get("region")


def load_sheet(sheet_id: int):
    """The sheet at this URL: a regional URL only reaches its region's sheets (else 404).

    A sheet that became national is redirected to from its old regional address.
    """
    if region() is None:
        return db.first_or_404(sa.select(Sheet).where(Sheet.id == sheet_id, Sheet.scope == Scope.NATIONAL))
    # one of the region's sheets, or one it gave the nation (its region stays as provenance)
    sheet = in_region_or_404(region(), Sheet, Sheet.id == sheet_id)
    if sheet.is_national:
        if request.method == "GET":
            abort(redirect(sheet_url(sheet, request.endpoint.rsplit(".", 1)[-1], **request.view_args), 301))
        abort(404)
    return sheet


def check(name: str, sheet) -> None:
    """``ensure`` for a sheet: sign-in first; national sheets answer 403 rather than 404."""
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if sheet.is_national:
        if not can(name, sheet):
            abort(403)
        return
    ensure(name, sheet)


def check_workspace(name: str) -> None:
    """A rule about the current workspace; the national library has no region to hide (403)."""
    if region() is not None:
        ensure(name, region())
        return
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if not can(name, None):
        abort(403)


def check_view(sheet) -> None:
    """Published sheets are public; others go through the ``view_sheet`` rule."""
    if not sheet.can_view(current_user):
        check("view_sheet", sheet)


@bp.app_template_global("sheet_url")
def sheet_url(sheet, action: str = "detail", **values) -> str:
    """The address of a sheet's page, in the national library or in its region's workspace."""
    values.pop("sheet_id", None)
    if sheet.is_national or sheet.region is None:
        return url_for(f"resources.national_{action}", sheet_id=sheet.id, **values)
    return url_for(f"resources.{action}", region_slug=sheet.region.slug, sheet_id=sheet.id, **values)


@bp.app_template_global("library_url")
def library_url(action: str = "index", **values) -> str:
    """A library page of the current workspace (regional or national)."""
    if region() is None:
        return url_for(f"resources.national_{action}", **values)
    return url_for(f"resources.{action}", region_slug=region().slug, **values)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(exc):
    """A too large attachment: say the limit of attachments, not the generic request limit."""
    return render_template("errors/error.html", status=413, title=_("Fichier trop volumineux"),
                           message=too_large_message()), 413
