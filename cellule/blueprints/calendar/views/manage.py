"""Coordinators add, edit and cancel their region's events; national admins the national ones."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .... import submissions
from ....database import commit
from ....extensions import db
from ....forms import confirmed
from ....localtime import zone_of
from ....outcomes import refuse
from ....permissions import access, ensure, national_and_regional
from ...directory.models import Region
from .. import services
from ..feeds import event_page, local_days
from ..forms import ConfirmForm, EventForm
from ..models import Event
from . import bp
from .display import load_event


def _zone(region: Region | None):
    """The zone a region's (or, for None, the nation's) event times are typed in."""
    return zone_of(region)


def _create(region: Region | None):
    form = EventForm(tz=_zone(region), national=region is None)
    if form.validate_on_submit():
        claimed = submissions.start(request.endpoint, current_user.id)
        if isinstance(claimed, int):  # the same form sent again (double click, reload)
            earlier = db.session.get(Event, claimed) if claimed else None
            flash(_("Ce formulaire avait déjà été envoyé : l'événement existe déjà."), "info")
            return redirect(event_page(earlier) if earlier else url_for("calendar.national"))
        event = services.create_event(region_id=region.id if region else None, **form.values())
        if claimed is not None:
            claimed.object_id = event.id
        commit()
        flash(_("L'événement « %(title)s » a été ajouté à l'agenda.", title=event.title), "success")
        return redirect(event_page(event))
    return render_template("calendar/edit.html", region=region, form=form, event=None)


@bp.route("/agenda/nouveau", methods=["GET", "POST"])
@access("council_admin")
def national_create():
    """The national council adds a national event (e.g. the national PTCE day)."""
    return _create(None)


@bp.route("/<region_slug>/agenda/nouveau", methods=["GET", "POST"])
@access("manage_region")
def create():
    """A coordinator adds a regional meeting, a webinar, a training day …"""
    return _create(g.region)


def _editable(event: Event) -> bool:
    """Check the right to manage; sourced events are not managed here (404), cancelled ones are final."""
    ensure("manage_calendar", event)
    if not event.editable:
        abort(404)
    if event.cancelled:
        refuse(_("Cet événement est annulé : il ne peut plus être modifié."))
        return False
    return True


def _edit(event: Event, region: Region | None):
    if not _editable(event):
        return redirect(event_page(event))
    form = EventForm(tz=_zone(region), national=region is None)
    if form.validate_on_submit():
        services.update_event(event, **form.values())
        commit()
        flash(_("L'événement « %(title)s » a été modifié.", title=event.title), "success")
        return redirect(event_page(event))
    if not form.is_submitted():
        form.fill(event, *local_days(event))
    return render_template("calendar/edit.html", region=region, form=form, event=event)


# Edit a national event (the council) or a regional one entered by hand (the region's managers).
national_and_regional(bp, "agenda/evenements/<int:event_id>/modifier",
                      lambda region, event_id: _edit(load_event(event_id, region), region),
                      ("national_edit", "edit"), ("council_admin", "manage_region"), ("GET", "POST"))


def _cancel(event: Event, region: Region | None):
    """Ask first (what subscribers will see), then call the event off."""
    if not _editable(event):
        return redirect(event_page(event))
    if not confirmed(ConfirmForm()):
        return render_template(
            "confirm.html", region=region, form=ConfirmForm(), action_url=request.path,
            back_url=event_page(event), heading=_("Annuler l'événement « %(title)s » ?", title=event.title),
            lead=None, effects=[_("L'événement reste 30 jours dans les agendas abonnés, marqué annulé, puis "
                                  "disparaît ; il ne pourra plus être modifié.")],
            mailed=[], mailed_count=0, button=_("Annuler cet événement"))
    services.cancel_event(event)
    commit()
    flash(_("L'événement « %(title)s » est annulé. Les agendas abonnés l'afficheront comme annulé.",
            title=event.title), "success")
    return redirect(event_page(event))


# Call off a national event (the council) or a regional one (the region's managers).
national_and_regional(bp, "agenda/evenements/<int:event_id>/annuler",
                      lambda region, event_id: _cancel(load_event(event_id, region), region),
                      ("national_cancel", "cancel"), ("council_admin", "manage_region"), ("GET", "POST"))
