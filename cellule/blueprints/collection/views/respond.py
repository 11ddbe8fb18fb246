"""The PTCE referent's answer form: save a draft, justify warnings, submit; the history."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from .... import concurrency
from ....concurrency import Stamp, describe, posted_version
from ....database import commit
from ....extensions import db
from ....permissions import access, can, ensure
from .. import notify, services, validation
from ..forms import ActionForm
from ..lifecycle import ResponseStatus
from . import _common, bp


def _justifications(form) -> dict:
    return {k.removeprefix("justify__"): v for k, v in form.items() if k.startswith("justify__")}


def _stamp(resp) -> Stamp:
    return Stamp.of(resp.version if resp.id else None, resp.answers or {})


def _shower(definition):
    """show(var, value) for the stale-save notice: choice codes as their French labels."""
    def show(var, value):
        q = definition.question(var)
        labels = {c.code: c.label for c in q.choices} if q is not None and q.choices else {}
        if isinstance(value, list):
            return describe([labels.get(v, v) if isinstance(v, str) else v for v in value])
        return describe(labels.get(value, value) if isinstance(value, str) else value)
    return show


def _reload(campaign_id: int, slug: str):
    db.session.rollback()
    return _common.response(campaign_id, slug)


@bp.route("/<region_slug>/collecte/<int:campaign_id>/ptce/<slug>", methods=["GET", "POST"])
@access("signed_in")
def response(campaign_id: int, slug: str):
    """A PTCE's answers: an editable form for its referent, read-only for the others allowed.

    Two tabs (or two people) saving the same answers: the later save is refused
    with what changed meanwhile, and its input kept (see ``cellule/concurrency.py``).
    """
    resp = _common.response(campaign_id, slug)
    ensure("view_response", resp, region_id=g.region.id)
    definition = services.full_definition(resp, str(get_locale()))
    editable = can("fill_response", resp) and resp.status.editable and resp.campaign.is_open
    answers, errors, pending, clash = resp.answers or {}, {}, [], None
    justifications = resp.justifications or {}
    stamp = _stamp(resp)
    if request.method == "POST":
        ensure("fill_response", resp, region_id=g.region.id)
        if not editable or not ActionForm().validate_on_submit():
            flash(_("Ces réponses ne sont plus modifiables."), "error")
            return redirect(url_for(".response", campaign_id=campaign_id, slug=slug))
        answers, errors = validation.read_form(definition, request.form)
        justifications = _justifications(request.form)
        if errors:
            # Show what was typed in the faulty fields, so nothing has to be retyped.
            answers = {**answers, **{name: request.form.get(name) for name in errors}}
            flash(_("Certaines réponses ne sont pas valides : corrigez les champs signalés. "
                    "Rien n'a été enregistré."), "error")
            stamp = Stamp(posted_version(request.form.get("version")), request.form.get("base", ""))
        else:
            clash = concurrency.conflict(answers, request.form.get("version"), request.form.get("base"),
                                         stamp.version, resp.answers or {})
            if clash is None:
                try:
                    done = _save(resp, answers, justifications, campaign_id, slug)
                except (StaleDataError, IntegrityError):
                    # Another save landed between our check and our write.
                    resp = _reload(campaign_id, slug)
                    clash = concurrency.conflict(answers, request.form.get("version"), request.form.get("base"),
                                                 resp.version if resp.id else None, resp.answers or {})
                    done = None
                if isinstance(done, tuple):
                    errors, pending = done
                    stamp = _stamp(resp)  # the draft was saved: the form now stands on the new version
                elif done is not None:
                    return done
            if clash is not None:
                answers, stamp = clash.merged, clash.stamp
    warnings = services.current_warnings(resp, definition) if resp.id else []
    return render_template("collection/response.html", region=g.region, resp=resp, definition=definition,
                           answers=answers, errors=errors, warnings=warnings,
                           pending={w.code for w in pending}, justifications=justifications,
                           editable=editable, comments=resp.open_comments if resp.id else {},
                           visible={q.var for q in validation.visible(definition, answers)},
                           form=ActionForm(), extra_rows=3, stamp=stamp, clash=clash,
                           labels={q.var: q.label for q in definition.questions()}, show=_shower(definition))


def _save(resp, answers, justifications, campaign_id, slug):
    """Save (and maybe submit); a redirect when done, or (errors, warnings) when the submission waits."""
    services.save_answers(resp, answers, justifications, current_user)
    if request.form.get("action") == "submit":
        try:
            services.submit(resp, current_user)
        except services.WorkflowError as exc:
            commit()  # the draft is kept; only the submission is refused
            flash(_("Brouillon enregistré, mais il ne peut pas encore être soumis : "
                    "complétez les questions signalées et justifiez les alertes."), "error")
            return exc.errors, exc.warnings
        notify.submitted(resp)
        commit()
        flash(_("Réponses soumises à la cellule régionale. Merci !"), "success")
    else:
        commit()
        flash(_("Brouillon enregistré."), "success")
    return redirect(url_for(".response", campaign_id=campaign_id, slug=slug))


@bp.get("/<region_slug>/collecte/<int:campaign_id>/ptce/<slug>/historique")
@access("signed_in")
def history(campaign_id: int, slug: str):
    """Every transition and edit of a response, with field-level before and after."""
    resp = _common.saved_response(campaign_id, slug)
    ensure("view_response", resp, region_id=g.region.id)
    return render_template("collection/history.html", region=g.region, resp=resp,
                           entries=services.audit_trail(resp),
                           definition=services.full_definition(resp, str(get_locale())), actions=ACTIONS,
                           statuses=ResponseStatus)


ACTIONS = {"start": _l("Début de la saisie"), "edit": _l("Modification"), "submit": _l("Soumission"),
           "send_back": _l("Renvoi pour correction"), "validate": _l("Validation"),
           "forward": _l("Transmission au conseil national"), "reopen": _l("Réouverture")}

