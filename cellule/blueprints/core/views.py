"""National home, region homes, liveness check, language switcher and error pages."""
from __future__ import annotations

import sqlalchemy as sa
from werkzeug.http import HTTP_STATUS_CODES
from flask import current_app, jsonify, g, make_response, redirect, render_template, request
from flask_babel import gettext as _, refresh
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from ...extensions import db
from ...database import commit
from ...i18n import remember_language
from ...permissions import access, feature_blueprint
from ...urls import safe_next
from .. import feature_modules
from ..directory import services as directory

bp = feature_blueprint("core", __name__)


@bp.get("/")
@access("public")
def home():
    """National home: the regions and their PTCE counts."""
    regions = directory.regions_with_counts()
    return render_template("core/home.html", regions=regions,
                           total=sum(count for _, count in regions))


@bp.get("/healthz")
@access("public")
def healthz():
    """Liveness: 200 when the app and its database answer, 503 otherwise."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        current_app.logger.exception("health check: database unreachable")
        return "database unavailable\n", 503, {"Content-Type": "text/plain; charset=utf-8"}
    return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/readyz")
@access("public")
def readyz():
    """Readiness: 200 when the database (and Redis, if rate limits live there) answer; 503 with reasons."""
    from ...observability import readiness

    ready, checks = readiness()
    return {"status": "ok" if ready else "unavailable", "checks": checks}, 200 if ready else 503


@bp.get("/langue/<code>")
@access("public")
def set_language(code: str):
    """Remember the chosen interface language in a cookie, then go back.

    The cookie is kept at sign-in (it becomes the person's saved language);
    signed-in people switch with the POST below, which saves it at once.
    """
    response = make_response(redirect(safe_next(request.args.get("next"))))
    if code in current_app.config["LANGUAGES"]:
        remember_language(response, code)
    return response


@bp.post("/langue/<code>")
@access("signed_in")
def save_language(code: str):
    """The switcher for a signed-in person: their saved language (pages and mail) changes too."""
    response = make_response(redirect(safe_next(request.args.get("next"))))
    if code in current_app.config["LANGUAGES"]:
        current_user.locale = code
        commit()
        refresh()
        remember_language(response, code)
    return response


@bp.get("/<region_slug>/")
@access("public")
def region_home():
    """A region's workspace: its PTCE count and what is coming, one section per feature."""
    sections = []
    for module in feature_modules("home"):
        section = module.region_section(g.region)
        if section:
            sections.append(section)
    return render_template("core/region.html", region=g.region,
                           ptce_count=directory.count_ptce(g.region), sections=sections)


def _error(status: int, title: str, message: str):
    if request.path.startswith("/api/"):
        # An API address no route matched (e.g. a malformed id) still answers in the
        # API's JSON error shape, never with an HTML page.
        code = HTTP_STATUS_CODES.get(status, "error").lower().replace(" ", "_")
        return jsonify({"error": {"status": status, "code": code, "message": message}}), status
    return render_template("errors/error.html", status=status, title=title, message=message), status


@bp.app_errorhandler(403)
def forbidden(exc):
    return _error(403, _("Accès refusé"), _("Vous n'avez pas les droits nécessaires pour cette page."))


@bp.app_errorhandler(404)
def not_found(exc):
    return _error(404, _("Page introuvable"), _("Cette page n'existe pas ou n'est pas accessible."))


@bp.app_errorhandler(405)
def not_allowed(exc):
    return _error(405, _("Action impossible"), _("Cette adresse ne permet pas cette action."))


@bp.app_errorhandler(413)
def too_large(exc):
    limit = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
    return _error(413, _("Fichier trop volumineux"),
                  _("L'envoi dépasse la taille maximale de %(mb)s Mo. Réduisez le fichier et réessayez.",
                    mb=limit))


@bp.app_errorhandler(429)
def too_many(exc):
    return _error(429, _("Trop de tentatives"),
                  _("Trop de tentatives en peu de temps. Patientez une minute avant de réessayer."))


@bp.app_errorhandler(CSRFError)
def csrf_failed(exc):
    return _error(400, _("Formulaire expiré"),
                  _("Le formulaire a expiré ou a été envoyé deux fois. Rechargez la page et recommencez."))


@bp.app_errorhandler(500)
def server_error(exc):
    db.session.rollback()
    return _error(500, _("Erreur du serveur"),
                  _("Une erreur inattendue s'est produite. Rien n'a été enregistré ; réessayez plus tard."))
