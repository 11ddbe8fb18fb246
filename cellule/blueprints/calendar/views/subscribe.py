"""The iCalendar feeds (public, regional, personal) and the page explaining how to subscribe."""
from __future__ import annotations

from flask import Response, abort, flash, g, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ....database import commit
from ....extensions import db
from ....permissions import access, national_and_regional
from ....urls import safe_next
from ... import feature_modules
from ...directory.models import Region
from .. import bodies, feeds, presenting, queries, tokens, versions
from ..forms import ConfirmForm
from ..models import EventKind
from . import bp


def _kinds() -> tuple[EventKind, ...]:
    """The ``type`` filter of a feed; an unknown type is a 400 naming the possible values."""
    kinds = presenting.parse_kinds(request.args.getlist("type"))
    if kinds is None:
        message = _("Type d'événement inconnu. Valeurs possibles pour « type » : %(values)s.",
                    values=", ".join(k.value for k in EventKind))
        abort(Response(message + "\n", 400, mimetype="text/plain"))
    return kinds


@bp.get("/agenda.ics")
@access("public")
def national_feed():
    """Public national feed: every region's public events and the national events.

    Members-only events are never in it. ``?type=webinar&type=training``
    keeps only those types.
    """
    return bodies.feed_response(queries.public_scope(kinds=_kinds()), versions.national(db.session.connection()),
                                _("Agenda national des PTCE"), feeds.NATIONAL_FILE)


@bp.get("/<region_slug>/agenda.ics")
@access("public")
def region_feed():
    """Public feed of a region: its public events and the national events (filterable by type)."""
    return bodies.feed_response(queries.public_scope(region=g.region, kinds=_kinds()),
                                versions.regional(db.session.connection(), g.region.slug),
                                _("Agenda des PTCE — %(region)s", region=g.region.name),
                                feeds.region_file(g.region.slug))


def personal_sources(user) -> list[tuple[str, int]]:
    """The visits, sessions … a person takes part in, asked of every feature's ``agenda`` provider."""
    pairs: list[tuple[str, int]] = []
    for module in feature_modules("agenda"):
        pairs.extend(module.personal_sources(user))
    return pairs


@bp.get("/agenda/perso/<token>.ics")
@access("public")  # the secret token is the credential; calendar clients cannot sign in
def personal_feed(token: str):
    """A person's own feed: what they registered for, their regions' events (members-only too), national ones."""
    user = tokens.resolve(token)
    if user is None:
        abort(404)
    return bodies.feed_response(queries.personal_scope(user, personal_sources(user)),
                                versions.personal(db.session.connection(), user_id=user.id).feed,
                                _("Mon agenda PTCE — %(name)s", name=user.name), feeds.PERSONAL_FILE,
                                private=True)


def _help(region: Region | None):
    personal = None
    if current_user.is_authenticated:
        token = tokens.current_token(current_user)
        if token:
            personal = url_for("calendar.personal_feed", token=token, _external=True)
    # The type checkboxes build filtered feed addresses without any script.
    kinds = presenting.parse_kinds(request.args.getlist("type")) or ()
    types = [k.value for k in kinds]
    national_url = url_for("calendar.national_feed", type=types, _external=True)
    region_url = (url_for("calendar.region_feed", region_slug=region.slug, type=types, _external=True)
                  if region else None)
    response = make_response(render_template(
        "calendar/subscribe.html", region=region, national_url=national_url, region_url=region_url,
        personal_url=personal, confirm=ConfirmForm(), kinds=EventKind.labels(), selected_kinds=types))
    if personal:
        # The page shows a secret: keep it out of shared caches and of Referer headers.
        response.headers["Cache-Control"] = "private, no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
    return response


# "S'abonner à l'agenda": feed addresses and how to add them to common calendar applications;
# in a region, with the region's feed first.
national_and_regional(bp, "agenda/abonnement", _help, ("subscribe", "region_subscribe"))


@bp.post("/agenda/perso/regenerer")
@access("signed_in")
def regenerate_token():
    """Create, or replace, the person's personal feed address; the old one answers 404 from now on."""
    if ConfirmForm().validate_on_submit():
        had_one = tokens.current_token(current_user) is not None
        tokens.regenerate(current_user)
        commit()
        flash(_("Nouvelle adresse créée : l'ancienne ne fonctionne plus. Mettez à jour vos agendas abonnés.")
              if had_one else _("Votre adresse d'abonnement personnelle est prête."), "success")
    back = safe_next(request.form.get("next"), "calendar.subscribe")
    return redirect(back.split("#", 1)[0] + "#perso")
