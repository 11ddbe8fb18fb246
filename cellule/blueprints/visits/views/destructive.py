"""Actions that cannot be undone: cancel a visit, delete a draft, withdraw someone.

Each URL answers GET with a confirmation page saying what will happen and who is
mailed; the POST acts only when it comes from that page (``confirm=1``), so a
stray click or an old form never mails everyone.
"""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _, ngettext

from ....database import commit
from ....extensions import db
from ....forms import confirmed
from ....outcomes import refuse
from ....lifecycle import IllegalTransition
from ....permissions import access
from .. import seats, services
from ..forms import ActionForm
from ..models import RegistrationStatus, VisitStatus
from . import bp
from ._common import load_visit


def _page(visit, **context):
    return render_template("confirm.html", region=g.region, form=ActionForm(), back_url=url_for(
        ".detail", visit_id=visit.id), action_url=request.path, **context)


@bp.route("/<region_slug>/visites/<int:visit_id>/annuler", methods=["GET", "POST"])
@access("signed_in")
def cancel_visit(visit_id: int):
    """Call the visit off: every registrant gets a cancellation that removes it from their calendar."""
    visit = load_visit(visit_id, "manage_visit")
    if visit.status is not VisitStatus.PUBLISHED:
        refuse(_("Seule une visite publiée peut être annulée (état actuel : %(status)s).",
                 status=visit.status.label))
        return redirect(url_for(".detail", visit_id=visit.id))
    if not confirmed(ActionForm()):
        regs = services.active_registrations(visit)
        seated = sum(r.status is RegistrationStatus.CONFIRMED for r in regs)
        return _page(visit, heading=_("Annuler la visite « %(title)s » ?", title=visit.title),
                     lead=_("La visite sera annulée pour tout le monde et ne pourra pas être republiée."),
                     effects=[ngettext("%(num)s personne inscrite perd sa place.",
                                       "%(num)s personnes inscrites perdent leur place.", seated),
                              ngettext("%(num)s personne en attente ou avec une place proposée est prévenue.",
                                       "%(num)s personnes en attente ou avec une place proposée sont prévenues.",
                                       len(regs) - seated),
                              _("Chaque courriel joint une annulation d'agenda (.ics) qui retire la visite "
                                "des agendas ; les abonnements d'agenda la montrent annulée.")],
                     mailed=[r.user.name for r in regs], mailed_count=len(regs),
                     button=_("Annuler la visite et prévenir ces personnes"))
    try:
        told = services.cancel_visit(visit.id)
    except IllegalTransition:
        db.session.rollback()
        refuse(_("Cette visite n'est plus publiée : rien n'a été fait."))
    else:
        commit()
        flash(_("Visite annulée ; %(n)s personne(s) prévenue(s).", n=told), "success")
    return redirect(url_for(".detail", visit_id=visit.id))


@bp.route("/<region_slug>/visites/<int:visit_id>/supprimer", methods=["GET", "POST"])
@access("signed_in")
def delete(visit_id: int):
    """Discard a draft (nobody registered to a draft, so nobody is mailed)."""
    visit = load_visit(visit_id, "manage_visit")
    if visit.status is not VisitStatus.DRAFT:
        refuse(_("Seul un brouillon peut être supprimé ; une visite publiée s'annule."))
        return redirect(url_for(".detail", visit_id=visit_id))
    if not confirmed(ActionForm()):
        return _page(visit, heading=_("Supprimer le brouillon « %(title)s » ?", title=visit.title),
                     lead=_("Le brouillon et tout ce qui y a été saisi seront effacés."),
                     effects=[], mailed=[], mailed_count=0, button=_("Supprimer le brouillon"))
    try:
        services.delete_draft(visit)
    except IllegalTransition:
        db.session.rollback()
        refuse(_("Seul un brouillon peut être supprimé ; une visite publiée s'annule."))
        return redirect(url_for(".detail", visit_id=visit_id))
    commit()
    flash(_("Brouillon supprimé."), "success")
    return redirect(url_for(".region_list"))


@bp.route("/<region_slug>/visites/<int:visit_id>/inscriptions/<int:registration_id>/annuler",
          methods=["GET", "POST"])
@access("signed_in")
def cancel_registration(visit_id: int, registration_id: int):
    """The organisers withdraw someone, who is told why; the seat goes to the next in line."""
    visit = load_visit(visit_id, "manage_visit")
    reg = seats.registration_in(visit, registration_id)
    if reg is None:
        abort(404)
    if not (reg.active and visit.status is VisitStatus.PUBLISHED):
        refuse(_("Cette inscription n'est plus en cours : rien n'a été fait."))
        return redirect(url_for(".detail", visit_id=visit_id))
    if not confirmed(ActionForm()):
        effects = [_("%(name)s (%(status)s) reçoit un courriel disant que l'organisation a annulé son "
                     "inscription, avec le motif s'il est indiqué, et une annulation d'agenda (.ics).",
                     name=reg.user.name, status=reg.status.label)]
        if reg.status is not RegistrationStatus.WAITLISTED:
            effects.append(_("Sa place est proposée à la première personne de la liste d'attente qui y a "
                             "droit, s'il y en a une (elle reçoit aussi un courriel)."))
        return _page(visit, heading=_("Annuler l'inscription de %(name)s ?", name=reg.user.name),
                     lead=None, effects=effects, mailed=[reg.user.name], mailed_count=1,
                     reason_label=_("Motif communiqué à la personne (facultatif)"),
                     button=_("Annuler cette inscription"))
    reason = (request.form.get("reason") or "").strip()[:1000]
    seats.cancel(reg, by_organiser=True, reason=reason)
    commit()
    flash(_("L'inscription de %(name)s est annulée ; la personne a été prévenue.", name=reg.user.name),
          "success")
    return redirect(url_for(".detail", visit_id=visit_id))
