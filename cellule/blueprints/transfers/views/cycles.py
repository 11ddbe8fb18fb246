"""A cycle's page and its lifecycle steps: accept, start, assess (close and abandon: destructive.py)."""
from __future__ import annotations

from flask import g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ....permissions import access, can, ensure
from ....outcomes import attempt
from .. import services, session_services
from ..forms import AssessmentForm, StepForm
from ..models import Side
from . import bp
from ._common import load_cycle


@bp.get("/<region_slug>/transferts/cycles/<int:cycle_id>")
@access("region_member")
def cycle(cycle_id: int):
    """Everyone of the region sees that the cycle exists and its topics; participants see the rest."""
    item = load_cycle(cycle_id)
    private = can("transfers_view_private", item)
    sessions, action_counts = session_services.cycle_sessions(item) if private else ([], {})
    return render_template("transfers/cycle.html", region=g.region, cycle=item, private=private,
                           sessions=sessions, action_counts=action_counts, step=StepForm(), Side=Side)


def _step(cycle_id: int, rule: str, action, message: str):
    """Load → check → act → commit → redirect, with a French message for an illegal move."""
    item = load_cycle(cycle_id)
    ensure(rule, item, region_id=g.region.id)
    if StepForm().validate_on_submit():
        services.lock_cycle(item)
        attempt(lambda: action(item), message)
    return redirect(url_for(".cycle", cycle_id=cycle_id))


@bp.post("/<region_slug>/transferts/cycles/<int:cycle_id>/accepter")
@access("region_member")
def accept(cycle_id: int):
    """A referent accepts the proposal for their side."""
    return _step(cycle_id, "transfers_accept", lambda c: services.accept_cycle(c, current_user),
                 _("Votre acceptation a été enregistrée."))


@bp.post("/<region_slug>/transferts/cycles/<int:cycle_id>/demarrer")
@access("region_member")
def start(cycle_id: int):
    return _step(cycle_id, "transfers_manage_cycle", services.start_cycle, _("Le cycle a démarré."))


@bp.route("/<region_slug>/transferts/cycles/<int:cycle_id>/evaluation", methods=["GET", "POST"])
@access("region_member")
def assess(cycle_id: int):
    """A participant assesses the closed cycle for their side."""
    item = load_cycle(cycle_id)
    ensure("transfers_assess", item, region_id=g.region.id)
    form = AssessmentForm()
    if form.validate_on_submit():
        services.lock_cycle(item)
        attempt(lambda: services.assess(item, current_user, goals_met=form.goals_met.data,
                                        transferred=form.transferred.data.strip(), hours=float(form.hours.data)),
                _("Merci, votre évaluation a été enregistrée."))
        return redirect(url_for(".cycle", cycle_id=cycle_id))
    return render_template("transfers/assess.html", region=g.region, cycle=item, form=form)
