"""National home, region homes, liveness check, language switcher and error pages."""
from __future__ import annotations

from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import SecurityError
from werkzeug.http import HTTP_STATUS_CODES
from flask import (current_app, jsonify, g, make_response, redirect, render_template, request,
                   send_from_directory, url_for)
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from ...extensions import db
from ...database import commit
from ...i18n import refresh, remember_language
from ...observability import readiness
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


@bp.get("/favicon.ico")
@access("public")
def favicon():
    """The site icon at the address browsers ask for by themselves (static/favicon.ico)."""
    return send_from_directory(current_app.static_folder, "favicon.ico",
                               mimetype="image/vnd.microsoft.icon", max_age=7 * 24 * 3600)


@bp.get("/readyz")
@access("public")
def readyz():
    """Readiness: 200 when the database (and Redis, if rate limits live there) answer; 503 with reasons."""
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
    back, back_label = _way_back()
    return render_template("errors/error.html", status=status, title=title, message=message,
                           back=back, back_label=back_label), status


def _way_back() -> tuple[str | None, str]:
    """Where the person was: the page they came from if it is on this site, else their region's
    home (on a regional address), else nothing (the page then offers the national home)."""
    referrer = request.referrer
    if referrer:
        parts = urlsplit(referrer)
        # A form's own address is a way back after a failed POST, not after a GET (a loop).
        if parts.netloc == request.host and (parts.path != request.path or request.method != "GET"):
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if safe_next(target, "core.home") == target:
                return target, _("Revenir à la page précédente")
    region = g.get("region")
    if region is not None:
        return url_for("core.region_home", region_slug=region.slug), \
            _("Retour à l'espace %(region)s", region=region.name)
    return None, ""


@bp.app_errorhandler(400)
def bad_request(exc):
    if isinstance(exc, SecurityError):
        # An untrusted Host header: no URL can be built for it, so no page either.
        return exc
    return _error(400, _("Demande incorrecte"),
                  _("Cette demande n'a pas pu être traitée : un lien ou un formulaire était incomplet "
                    "ou n'est plus valable. Revenez à la page précédente et recommencez."))


@bp.app_errorhandler(StaleDataError)
def stale(exc):
    """A save that lost a race with another save on the same record (a version check failed).

    Edit pages catch it themselves and show what changed; any other action lands here:
    nothing was saved, and the person is told so instead of getting a 500.
    """
    db.session.rollback()
    return _error(409, _("Modifié entre-temps"), _(
        "Quelqu'un a modifié ces informations pendant votre action : rien n'a été enregistré. "
        "Rechargez la page pour voir la version actuelle, puis recommencez."))


@bp.app_errorhandler(403)
def forbidden(exc):
    return _error(403, _("Accès refusé"),
                  _("Votre compte n'a pas les droits nécessaires pour cette page. Si vous pensez "
                    "devoir y accéder, demandez-le à la cellule d'animation de votre région."))


@bp.app_errorhandler(404)
def not_found(exc):
    return _error(404, _("Page introuvable"),
                  _("Cette page n'existe pas ou plus, ou elle n'est pas accessible à votre compte. "
                    "Vérifiez l'adresse, ou repartez de la page précédente."))


@bp.app_errorhandler(405)
def not_allowed(exc):
    response = make_response(_error(405, _("Action impossible"), _("Cette adresse ne permet pas cette action.")))
    if request.path.startswith("/api/"):  # the API is read-only, whatever its catch-all route accepts
        response.headers["Allow"] = "GET, HEAD, OPTIONS"
    elif getattr(exc, "valid_methods", None):  # RFC 9110: a 405 says which methods the address takes
        response.headers["Allow"] = ", ".join(exc.valid_methods)
    return response


@bp.app_errorhandler(413)
def too_large(exc):
    limit = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
    return _error(413, _("Fichier trop volumineux"),
                  _("L'envoi dépasse la taille maximale de %(mb)s Mo : rien n'a été enregistré. "
                    "Revenez au formulaire, choisissez un fichier plus petit et réessayez.", mb=limit))


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
