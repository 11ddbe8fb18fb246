"""Sessions of a cycle: plan, change, cancel; minutes and follow-up actions."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .... import submissions
from ....database import commit
from ....extensions import db
from ....lifecycle import IllegalTransition
from ....localtime import to_local
from ....permissions import access, can, ensure
from ....outcomes import refuse
from .. import session_services as sessions
from ..forms import ActionForm, MinutesForm, SessionForm, StepForm, choices
from ..session_models import ActionStatus, FollowUpAction, SessionMode, TransferSession
from . import bp
from ._common import load_cycle, load_session


def _session_form(cycle, session=None) -> tuple[SessionForm, dict]:
    form = SessionForm(obj=session, tz=cycle.region.timezone)
    people = {u.id: u for u in sessions.cycle_people(cycle)}
    form.attendees.choices = choices([(u.id, u.name) for u in people.values()])
    if request.method == "GET":
        if session is not None:
            form.starts_at.data = to_local(session.starts_at, cycle.region)
            form.ends_at.data = to_local(session.ends_at, cycle.region)
            form.mode.data = session.mode.value
            form.attendees.data = [u.id for u in session.attendees]
        else:
            form.attendees.data = list(people)
    return form, people


def _edit(cycle, session=None):
    form, people = _session_form(cycle, session)
    if form.validate_on_submit():
        claimed = submissions.start(request.endpoint, current_user.id) if session is None else None
        if isinstance(claimed, int):  # the same form sent again: the session is already planned
            flash(_("Ce formulaire avait déjà été envoyé : la séance est déjà planifiée."), "info")
            return redirect(url_for(".session", cycle_id=cycle.id, session_id=claimed) if claimed
                            else url_for(".cycle", cycle_id=cycle.id))
        try:
            saved = sessions.save_session(
                cycle, session, title=form.title.data.strip(), starts_at=form.times[0],
                ends_at=form.times[1], mode=SessionMode(form.mode.data),
                address=(form.address.data or "").strip() or None, online_url=form.online_url.data or None,
                attendees=[people[i] for i in form.attendees.data])
        except IllegalTransition as exc:
            db.session.rollback()
            refuse(str(exc))
            return redirect(url_for(".cycle", cycle_id=cycle.id))
        if claimed is not None:
            claimed.object_id = saved.id
        commit()
        flash(_("Séance enregistrée ; les participant·es ont reçu l'invitation."), "success")
        return redirect(url_for(".session", cycle_id=cycle.id, session_id=saved.id))
    return render_template("transfers/session_form.html", region=g.region, cycle=cycle, session=session,
                           form=form)


@bp.route("/<region_slug>/transferts/cycles/<int:cycle_id>/seances/nouvelle", methods=["GET", "POST"])
@access("region_member")
def new_session(cycle_id: int):
    """Plan a session of an accepted or active cycle."""
    cycle = load_cycle(cycle_id)
    ensure("transfers_take_part", cycle, region_id=g.region.id)
    if not cycle.plans_sessions:
        refuse(_("Les séances se planifient une fois le cycle accepté par les deux parties."))
        return redirect(url_for(".cycle", cycle_id=cycle.id))
    return _edit(cycle)


@bp.route("/<region_slug>/transferts/cycles/<int:cycle_id>/seances/<int:session_id>/modifier",
          methods=["GET", "POST"])
@access("region_member")
def edit_session(cycle_id: int, session_id: int):
    """Change a session; attendees get an update carrying a higher SEQUENCE."""
    cycle, session = load_session(cycle_id, session_id, "transfers_take_part")
    if session.cancelled:
        abort(404)
    return _edit(cycle, session)


@bp.get("/<region_slug>/transferts/cycles/<int:cycle_id>/seances/<int:session_id>")
@access("region_member")
def session(cycle_id: int, session_id: int):
    """A session with its minutes and follow-up actions (participants and coordinators only)."""
    cycle, item = load_session(cycle_id, session_id)
    action_form = ActionForm()
    people = sessions.cycle_people(cycle)
    action_form.owner.choices = choices([(u.id, u.name) for u in people])
    return render_template("transfers/session.html", region=g.region, cycle=cycle, session=item,
                           minutes_form=MinutesForm(obj=item), action_form=action_form, step=StepForm(),
                           editable=can("transfers_take_part", cycle), ActionStatus=ActionStatus)


@bp.post("/<region_slug>/transferts/cycles/<int:cycle_id>/seances/<int:session_id>/compte-rendu")
@access("region_member")
def minutes(cycle_id: int, session_id: int):
    """Save the session's minutes (Markdown, shown sanitised)."""
    cycle, item = load_session(cycle_id, session_id, "transfers_take_part")
    form = MinutesForm()
    if form.validate_on_submit():
        sessions.save_minutes(item, form.minutes.data or "")
        commit()
        flash(_("Compte rendu enregistré."), "success")
    else:
        refuse(_("Le compte rendu est trop long (50 000 caractères au plus)."), "minutes")
    return redirect(url_for(".session", cycle_id=cycle_id, session_id=session_id))


@bp.post("/<region_slug>/transferts/cycles/<int:cycle_id>/seances/<int:session_id>/actions")
@access("region_member")
def add_action(cycle_id: int, session_id: int):
    """Add a follow-up action with an owner and a due date."""
    cycle, item = load_session(cycle_id, session_id, "transfers_take_part")
    form = ActionForm()
    people = {u.id: u for u in sessions.cycle_people(cycle)}
    form.owner.choices = choices([(u.id, u.name) for u in people.values()])
    if form.validate_on_submit():
        sessions.add_action(item, title=form.title.data.strip(), owner=people[form.owner.data],
                            due_on=form.due_on.data)
        commit()
        flash(_("Action ajoutée."), "success")
    else:
        refuse(_("Action non enregistrée : indiquez l'action, son ou sa responsable et une échéance valide."),
               next((form[name].id for name in form.errors if name != "csrf_token"), None))
    return redirect(url_for(".session", cycle_id=cycle_id, session_id=session_id))


@bp.post("/<region_slug>/transferts/cycles/<int:cycle_id>/seances/<int:session_id>/actions/<int:action_id>")
@access("region_member")
def toggle_action(cycle_id: int, session_id: int, action_id: int):
    """Mark an action done, or back to do."""
    cycle, item = load_session(cycle_id, session_id, "transfers_take_part")
    action = db.session.get(FollowUpAction, action_id)
    if action is None or action.session_id != item.id:
        abort(404)
    if StepForm().validate_on_submit():
        done = action.status is ActionStatus.DONE
        sessions.set_action_status(action, ActionStatus.TODO if done else ActionStatus.DONE)
        commit()
        flash(_("Statut de l'action mis à jour."), "success")
    return redirect(url_for(".session", cycle_id=cycle_id, session_id=session_id))
