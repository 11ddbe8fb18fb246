"""Steps that cannot be undone: close or abandon a cycle, cancel a session.

Each URL answers GET with a confirmation page listing what will happen — the
sessions to come that will be cancelled, and who is mailed — and the POST acts
only when it comes from that page (``confirm=1``).
"""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _, ngettext

from ....database import commit
from ....extensions import db
from ....forms import confirmed
from ....outcomes import attempt, refuse
from ....lifecycle import IllegalTransition
from ....permissions import access, ensure
from ....templating import localdatetime, zonetime
from .. import notify, services, session_services
from ..forms import StepForm
from . import bp
from ._common import load_cycle, load_session


def _session_line(session, region) -> str:
    return _("Séance « %(title)s » du %(when)s, %(zone)s : annulée, ses %(n)s participant·es reçoivent une "
             "annulation d'agenda (.ics).", title=session.title, when=localdatetime(session.starts_at, region),
             zone=zonetime(region, session.starts_at), n=len(session.attendees))


def _ending_page(cycle, *, heading: str, lead: str, button: str, reason: bool = False):
    """The confirmation of closing or abandoning: the sessions it cancels and everyone mailed."""
    upcoming = services.future_sessions(cycle)
    mailed = {m.user.id: m.user.name for _side, m in notify.referents(cycle)}
    for session in upcoming:
        mailed.update({u.id: u.name for u in session.attendees})
    effects = [_session_line(s, cycle.region) for s in upcoming] or [
        _("Aucune séance à venir : aucune séance n'est annulée.")]
    effects.append(_("Les référent·es des PTCE du cycle reçoivent un courriel."))
    return render_template(
        "confirm.html", region=g.region, form=StepForm(), heading=heading, lead=lead, effects=effects,
        mailed=sorted(mailed.values()), mailed_count=len(mailed), button=button,
        action_url=request.path, back_url=url_for(".cycle", cycle_id=cycle.id),
        reason_label=_("Raison de l'abandon") if reason else None, reason_required=reason,
        reason=request.form.get("reason", ""))


def _finish(cycle, action, message: str):
    services.lock_cycle(cycle)
    try:
        cancelled = action(cycle)
    except IllegalTransition as exc:
        db.session.rollback()
        refuse(str(exc))
    else:
        commit()
        flash(message + " " + ngettext("%(num)s séance à venir annulée.", "%(num)s séances à venir annulées.",
                                       cancelled), "success")
    return redirect(url_for(".cycle", cycle_id=cycle.id))


@bp.route("/<region_slug>/transferts/cycles/<int:cycle_id>/cloturer", methods=["GET", "POST"])
@access("region_member")
def close(cycle_id: int):
    """Close an active cycle; its sessions to come are cancelled."""
    item = load_cycle(cycle_id)
    ensure("transfers_manage_cycle", item, region_id=g.region.id)
    if not confirmed(StepForm()):
        return _ending_page(item, heading=_("Clôturer le cycle « %(title)s » ?", title=item.title),
                            lead=_("Le cycle passe à l'évaluation ; plus aucune séance ne pourra être planifiée."),
                            button=_("Clôturer le cycle"))
    return _finish(item, services.close_cycle, _("Le cycle est clôturé. Chaque partie peut maintenant l'évaluer."))


@bp.route("/<region_slug>/transferts/cycles/<int:cycle_id>/abandonner", methods=["GET", "POST"])
@access("region_member")
def abandon(cycle_id: int):
    """Call the cycle off, with a reason; its sessions to come are cancelled."""
    item = load_cycle(cycle_id)
    ensure("transfers_abandon", item, region_id=g.region.id)
    reason = (request.form.get("reason") or "").strip()
    if not confirmed(StepForm()) or not reason or len(reason) > 2000:
        if request.method == "POST" and request.form.get("confirm") == "1":
            refuse(_("Indiquez la raison de l'abandon (2 000 caractères au plus)."))
        return _ending_page(item, heading=_("Abandonner le cycle « %(title)s » ?", title=item.title),
                            lead=_("Le cycle s'arrête ; le besoin redevient ouvert s'il n'a pas d'autre cycle."),
                            button=_("Abandonner le cycle"), reason=True)
    return _finish(item, lambda c: services.abandon_cycle(c, reason), _("Le cycle a été abandonné."))


@bp.route("/<region_slug>/transferts/cycles/<int:cycle_id>/seances/<int:session_id>/annuler",
          methods=["GET", "POST"])
@access("region_member")
def cancel_session(cycle_id: int, session_id: int):
    """Cancel a session: calendar entry cancelled, attendees get METHOD:CANCEL."""
    cycle, item = load_session(cycle_id, session_id, "transfers_take_part")
    back = url_for(".session", cycle_id=cycle_id, session_id=session_id)
    if item.cancelled:
        refuse(_("Cette séance est déjà annulée."))
        return redirect(back)
    if not confirmed(StepForm()):
        return render_template(
            "confirm.html", region=g.region, form=StepForm(), action_url=request.path, back_url=back,
            heading=_("Annuler la séance « %(title)s » ?", title=item.title), lead=None,
            effects=[_session_line(item, cycle.region)], mailed=[u.name for u in item.attendees],
            mailed_count=len(item.attendees), button=_("Annuler la séance"))
    attempt(lambda: session_services.cancel_session(item),
            _("Séance annulée ; les participant·es ont été prévenu·es."))
    return redirect(back)
