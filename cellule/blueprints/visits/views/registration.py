"""Registering, cancelling, answering an offer, consent to appear, feedback."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ....database import commit, utcnow
from ....extensions import db
from ....permissions import access, deny
from ....outcomes import refuse
from ...auth.models import User
from .. import seats, services
from ..forms import ActionForm, ColleagueForm, ConsentForm, FeedbackForm
from ..messages import waiting_message
from ..models import RegistrationStatus, VisitStatus
from . import bp
from ._common import load_visit


def _back(visit):
    return redirect(url_for(".detail", visit_id=visit.id))


def _flash_outcome(reg, created: bool, own: bool = True) -> None:
    if not created:
        flash(_("Cette inscription existait déjà : rien n'a changé."), "info")
    elif reg.status is RegistrationStatus.CONFIRMED:
        flash(_("Inscription confirmée. Un courriel avec l'invitation d'agenda a été envoyé.") if own
              else _("%(name)s est inscrit·e ; un courriel lui a été envoyé.", name=reg.user.name), "success")
    else:
        flash(waiting_message(reg.visit, seats.waiting_reason(reg), seats.waitlist_rank(reg)), "info")


def _register(visit, user, **kwargs):
    """Run the locked registration; a double submission at the same instant lands here too."""
    user = getattr(user, "_get_current_object", lambda: user)()
    try:
        reg, created = seats.register(visit.id, user, **kwargs)
        commit()
    except seats.RegistrationError as exc:
        db.session.rollback()
        refuse(str(exc))
        return None, False
    except sa.exc.IntegrityError:
        # The unique (visit, person) constraint caught a duplicate the lock did not serialise.
        db.session.rollback()
        return seats.registration_of(visit, user), False
    return reg, created


@bp.post("/<region_slug>/visites/<int:visit_id>/inscription")
@access("signed_in")
def register(visit_id: int):
    """Register oneself: confirmed if a seat is free, else on the waitlist."""
    visit = load_visit(visit_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    reg, created = _register(visit, current_user)
    if reg is not None:
        _flash_outcome(reg, created)
    return _back(visit)


@bp.post("/<region_slug>/visites/<int:visit_id>/inscrire-collegue")
@access("signed_in")
def register_colleague(visit_id: int):
    """A PTCE referent registers a colleague of their PTCE."""
    visit = load_visit(visit_id)
    form = ColleagueForm()
    referent = [m.ptce for m in current_user.memberships if m.referent and m.ptce]
    if not referent:
        abort(403)
    ptce = referent[0]
    form.user_id.choices = [SelectChoice(u.id, u.name) for u in services.colleagues(ptce)]
    if not form.validate_on_submit():
        refuse(_("Choisissez un·e collègue de votre PTCE."), "user_id")
        return _back(visit)
    colleague = db.session.get(User, form.user_id.data)
    reg, created = _register(visit, colleague, ptce=ptce, by=current_user)
    if reg is not None:
        _flash_outcome(reg, created, own=False)
    return _back(visit)


def _own_registration(visit):
    reg = seats.registration_of(visit, current_user)
    if reg is None:
        abort(404)
    return reg


@bp.post("/<region_slug>/visites/<int:visit_id>/annulation")
@access("signed_in")
def cancel(visit_id: int):
    """Give up one's seat or place in line, once the person has confirmed on the visit page.

    A submission without the confirmation (an old page, a stray key press)
    leads to the confirmation step instead of acting.
    """
    visit = load_visit(visit_id)
    reg = _own_registration(visit)
    if not request.form.get("confirme"):
        return redirect(url_for(".detail", visit_id=visit.id, annulation=1, _anchor="annulation"))
    if ActionForm().validate_on_submit() and reg.active and visit.status is VisitStatus.PUBLISHED:
        seats.cancel(reg)
        commit()
        flash(_("Votre inscription est annulée. Un courriel de confirmation vous a été envoyé."), "success")
    return _back(visit)


@bp.route("/<region_slug>/visites/<int:visit_id>/proposition", methods=["GET"])
@access("signed_in")
def offer(visit_id: int):
    """The page an offer email links to: accept or decline the seat."""
    visit = load_visit(visit_id)
    reg = _own_registration(visit)
    return render_template("visits/offer.html", region=g.region, visit=visit, reg=reg, action=ActionForm(),
                           now=utcnow(), RegistrationStatus=RegistrationStatus)


@bp.post("/<region_slug>/visites/<int:visit_id>/proposition/<any(accepter, refuser):answer>")
@access("signed_in")
def answer_offer(visit_id: int, answer: str):
    visit = load_visit(visit_id)
    reg = _own_registration(visit)
    if not ActionForm().validate_on_submit():
        abort(400)
    if answer == "accepter":
        accepted = seats.accept_offer(reg)
        commit()
        if accepted:
            flash(_("Place acceptée : votre inscription est confirmée."), "success")
        else:
            refuse(_("Cette proposition a expiré et la place a été proposée à la personne suivante. "
                     "Vous pouvez vous réinscrire sur la liste d'attente."))
    else:
        seats.decline_offer(reg)
        commit()
        flash(_("Vous avez refusé la place ; elle est proposée à la personne suivante."), "info")
    return _back(visit)


@bp.post("/<region_slug>/visites/<int:visit_id>/consentement")
@access("signed_in")
def consent(visit_id: int):
    """Whether one's name appears to other registrants (off by default)."""
    visit = load_visit(visit_id)
    reg = _own_registration(visit)
    form = ConsentForm()
    if form.validate_on_submit():
        reg.show_name = form.show_name.data
        commit()
        flash(_("Votre choix d'affichage est enregistré."), "success")
    return _back(visit)


@bp.route("/<region_slug>/visites/<int:visit_id>/avis", methods=["GET", "POST"])
@access("signed_in")
def feedback(visit_id: int):
    """Feedback, for people marked present only."""
    visit = load_visit(visit_id)
    reg = seats.registration_of(visit, current_user)
    if reg is None:
        deny(visit.region_id)  # not a participant: 404 from another region, 403 within it
    if not reg.attended or reg.status is not RegistrationStatus.CONFIRMED:
        abort(403)
    form = FeedbackForm(obj=reg.feedback)
    if form.validate_on_submit():
        services.save_feedback(reg, form.rating.data, form.learned.data or "", form.will_reuse.data or "")
        commit()
        flash(_("Merci pour votre avis !"), "success")
        return _back(visit)
    return render_template("visits/feedback.html", region=g.region, visit=visit, form=form)
