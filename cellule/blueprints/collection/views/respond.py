"""The PTCE referent's answer form: save a draft, justify warnings, submit; the history."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from ....i18n import current_locale
from .... import concurrency
from ....concurrency import Stamp, describe, posted_version
from ....database import commit
from ....extensions import db
from ....forms import confirmed
from ....outcomes import refuse
from ....permissions import access, can, ensure
from .. import notify, services, validation
from ..forms import ActionForm
from ..lifecycle import ResponseStatus
from ..models import Response
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


@dataclass
class _Page:
    """What the answer page shows: the stored answers on a GET, what was posted after a refused POST."""

    resp: Response
    answers: dict
    justifications: dict
    stamp: Stamp
    errors: dict = field(default_factory=dict)
    pending: list = field(default_factory=list)
    clash: concurrency.Conflict | None = None


@bp.route("/<region_slug>/collecte/<int:campaign_id>/ptce/<slug>", methods=["GET", "POST"])
@access("signed_in")
def response(campaign_id: int, slug: str):
    """A PTCE's answers: an editable form for its referent, read-only for the others allowed.

    Two tabs (or two people) saving the same answers: the later save is refused
    with what changed meanwhile, and its input kept (see ``cellule/concurrency.py``).
    """
    resp = _common.response(campaign_id, slug)
    ensure("view_response", resp, region_id=g.region.id)
    definition = services.full_definition(resp, str(current_locale()))
    editable = can("fill_response", resp) and resp.status.editable and resp.campaign.is_open
    page = _Page(resp, resp.answers or {}, resp.justifications or {}, _stamp(resp))
    if request.method == "POST":
        ensure("fill_response", resp, region_id=g.region.id)
        if not editable or not ActionForm().validate_on_submit():
            refuse(_("Ces réponses ne sont plus modifiables."))
            return redirect(url_for(".response", campaign_id=campaign_id, slug=slug))
        done = _posted(page, definition, campaign_id, slug)
        if done is not None:
            return done
    resp = page.resp
    warnings = services.current_warnings(resp, definition) if resp.id else []
    return render_template("collection/response.html", region=g.region, resp=resp, definition=definition,
                           answers=page.answers, errors=page.errors, warnings=warnings,
                           pending={w.code for w in page.pending}, justifications=page.justifications,
                           editable=editable, comments=resp.open_comments if resp.id else {},
                           visible={q.var for q in validation.visible(definition, page.answers)},
                           form=ActionForm(), extra_rows=3, stamp=page.stamp, clash=page.clash,
                           labels={q.var: q.label for q in definition.questions()}, show=_shower(definition))


def _posted(page: _Page, definition, campaign_id: int, slug: str):
    """Read and save the posted answers; a redirect when done, else None with ``page`` telling why not."""
    page.answers, page.errors = validation.read_form(definition, request.form)
    page.justifications = _justifications(request.form)
    if page.errors:
        # Show what was typed in the faulty fields, so nothing has to be retyped.
        page.answers = {**page.answers, **{name: request.form.get(name) for name in page.errors}}
        refuse(_("Certaines réponses ne sont pas valides : corrigez les champs signalés. "
                 "Rien n'a été enregistré."))
        page.stamp = Stamp(posted_version(request.form.get("version")), request.form.get("base", ""))
        return None
    resp = page.resp
    page.clash = _clash(page.answers, resp)
    if page.clash is None:
        try:
            done = _save(resp, page.answers, page.justifications, campaign_id, slug)
        except (StaleDataError, IntegrityError):
            # Another save landed between our check and our write.
            page.resp = _reload(campaign_id, slug)
            page.clash, done = _clash(page.answers, page.resp), None
        if isinstance(done, tuple):
            page.errors, page.pending = done
            page.stamp = _stamp(resp)  # the draft was saved: the form now stands on the new version
        elif done is not None:
            return done
    if page.clash is not None:
        page.answers, page.stamp = page.clash.merged, page.clash.stamp
    return None


def _clash(answers: dict, resp):
    """The conflict between the posted answers and the stored ones, if someone saved meanwhile."""
    return concurrency.conflict(answers, request.form.get("version"), request.form.get("base"),
                                resp.version if resp.id else None, resp.answers or {})


def _save(resp, answers, justifications, campaign_id, slug):
    """Save (and maybe submit); a redirect when done, or (errors, warnings) when the submission waits."""
    services.save_answers(resp, answers, justifications, current_user)
    if request.form.get("action") == "submit":
        try:
            services.submit(resp, current_user)
        except services.WorkflowError as exc:
            commit()  # the draft is kept; only the submission is refused
            refuse(_("Brouillon enregistré, mais il ne peut pas encore être soumis : "
                     "complétez les questions signalées et justifiez les alertes."))
            return exc.errors, exc.warnings
        notify.submitted(resp)
        commit()
        flash(_("Réponses soumises à la cellule régionale. Merci !"), "success")
    else:
        commit()
        flash(_("Brouillon enregistré."), "success")
    return redirect(url_for(".response", campaign_id=campaign_id, slug=slug))


@bp.route("/<region_slug>/collecte/<int:campaign_id>/ptce/<slug>/retirer", methods=["GET", "POST"])
@access("signed_in")
def withdraw(campaign_id: int, slug: str):
    """The referent takes back submitted answers (after a confirmation page) to change them."""
    resp = _common.saved_response(campaign_id, slug)
    ensure("fill_response", resp, region_id=g.region.id)
    back = url_for(".response", campaign_id=campaign_id, slug=slug)
    if resp.status.editable:
        refuse(_("Ces réponses ne sont pas soumises : il n'y a rien à retirer."))
        return redirect(back)
    if resp.status is not ResponseStatus.SUBMITTED or not resp.campaign.is_open:
        refuse(_("Ces réponses ne peuvent plus être retirées : la cellule régionale les a déjà examinées, "
                 "ou la campagne est close."))
        return redirect(back)
    if not confirmed(ActionForm()):
        mailed = notify.coordinators(resp)
        return render_template(
            "confirm.html", region=g.region, form=ActionForm(), action_url=request.path, back_url=back,
            heading=_("Retirer la soumission des réponses de %(ptce)s ?", ptce=resp.ptce.name), lead=None,
            effects=[_("Les réponses redeviennent un brouillon, que vous pourrez modifier."),
                     _("La cellule régionale ne peut plus les examiner tant qu'elles ne sont pas soumises "
                       "à nouveau ; ses coordinateur·rices en sont prévenu·es.")],
            mailed=[u.name for u in mailed], mailed_count=len(mailed), button=_("Retirer la soumission"),
            undo=_("Pour revenir en arrière, soumettez à nouveau les réponses tant que la campagne est ouverte."))
    services.withdraw(resp, current_user)
    notify.withdrawn(resp)
    commit()
    flash(_("Soumission retirée : vos réponses sont de nouveau un brouillon modifiable."), "success")
    return redirect(back)


@bp.get("/<region_slug>/collecte/<int:campaign_id>/ptce/<slug>/historique")
@access("signed_in")
def history(campaign_id: int, slug: str):
    """Every transition and edit of a response, with field-level before and after."""
    resp = _common.saved_response(campaign_id, slug)
    ensure("view_response", resp, region_id=g.region.id)
    return render_template("collection/history.html", region=g.region, resp=resp,
                           entries=services.audit_trail(resp),
                           definition=services.full_definition(resp, str(current_locale())), actions=ACTIONS,
                           statuses=ResponseStatus)


ACTIONS = {"start": _l("Début de la saisie"), "edit": _l("Modification"), "submit": _l("Soumission"),
           "send_back": _l("Renvoi pour correction"), "validate": _l("Validation"),
           "forward": _l("Transmission au conseil national"), "reopen": _l("Réouverture"),
           "withdraw": _l("Retrait de la soumission")}

