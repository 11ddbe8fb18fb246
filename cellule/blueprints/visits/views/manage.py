"""Managing visits: create, edit, publish, cancel, mark held, attendance, sign-in sheet, exports."""
from __future__ import annotations

from datetime import datetime

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError
from wtforms.fields.choices import SelectChoice

from .... import concurrency, submissions
from ....concurrency import Stamp, describe, posted_version
from ....database import commit, utcnow
from ....extensions import db
from ....l10n import elide, ngettext
from ....permissions import access
from ....outcomes import attempt, refuse
from ....spreadsheet import CSV_MIMETYPE, XLSX_MIMETYPE
from ...directory.models import Ptce
from .. import exports, seats, services
from ..forms import ActionForm, VisitForm
from ..models import VisitStatus
from . import bp
from ._common import load_visit


def _form(visit=None) -> VisitForm:
    form = VisitForm(obj=visit, tz=g.region.timezone)
    hosts = services.host_choices(g.region, current_user)
    if visit is not None and visit.host_ptce_id not in {p.id for p in hosts}:
        hosts.insert(0, visit.host)
    form.host_ptce_id.choices = [SelectChoice(p.id, p.name) for p in hosts]
    if visit is not None and request.method == "GET":
        form.fill(visit, g.region.timezone)
    return form


@bp.route("/<region_slug>/visites/nouvelle", methods=["GET", "POST"])
@access("create_visit")
def create():
    """Coordinators, and referents for their own PTCE, prepare a visit (as a draft).

    The form's one-time key makes a second submission (double click, reload)
    land on the draft the first one made.
    """
    form = _form()
    if not form.host_ptce_id.choices:
        abort(403)
    source = request.args.get("copie", type=int)
    if source and request.method == "GET":
        _copy_into(form, load_visit(source, "manage_visit"))
    if form.validate_on_submit():
        claimed = submissions.start(request.endpoint, current_user.id)
        if isinstance(claimed, int):
            return _already_created(claimed)
        visit = services.create_visit(g.region, form.cleaned(), current_user)
        if claimed is not None:
            claimed.object_id = visit.id
        commit()
        flash(_("Visite enregistrée en brouillon. Publiez-la pour ouvrir les inscriptions."), "success")
        return redirect(url_for(".detail", visit_id=visit.id))
    return render_template("visits/edit.html", region=g.region, form=form, visit=None)


def _copy_into(form: VisitForm, visit) -> None:
    """Duplicate a visit: its content and audiences, with every date left for the organiser to choose."""
    form.process(obj=visit)
    if visit.host_ptce_id not in {c.value for c in form.host_ptce_id.choices}:
        form.host_ptce_id.data = None
    for name in services.DATES:
        form[name].data = None
    form.title.data = _("%(title)s (copie)", title=visit.title)


def _already_created(visit_id: int):
    """A repeated submission of the create form: show the draft the first one made."""
    if not visit_id:
        flash(_("Ce formulaire a déjà été envoyé."), "info")
        return redirect(url_for(".region_list"))
    flash(_("Ce formulaire avait déjà été envoyé : voici le brouillon qu'il a créé."), "info")
    return redirect(url_for(".detail", visit_id=visit_id))


def _visit_values(visit, form: VisitForm | None = None) -> dict:
    """What the edit form changes, as stored (``cleaned()`` gives the same keys)."""
    return {name: getattr(visit, name) for name in (*services.EDITABLE, "capacity")}


def _fresh(visit) -> VisitForm:
    form = VisitForm(formdata=None, obj=visit, tz=g.region.timezone)
    form.fill(visit, g.region.timezone)
    return form


def _show(name: str, value) -> str:
    """A stored visit value in words, local times in the region's zone."""
    if isinstance(value, datetime):
        return value.astimezone(g.region.tz).strftime("%d/%m/%Y %H:%M")
    if name == "host_ptce_id":
        host = db.session.get(Ptce, value) if value else None
        return host.name if host else describe(value)
    return describe(value)


@bp.route("/<region_slug>/visites/<int:visit_id>/modifier", methods=["GET", "POST"])
@access("signed_in")
def edit(visit_id: int):
    """Change a visit; a new time or place is sent to every registrant.

    A save based on an older version is refused with what changed (``cellule/concurrency.py``).
    """
    visit = load_visit(visit_id, "manage_visit")
    if visit.status in (VisitStatus.CANCELLED, VisitStatus.HELD):
        refuse(_("Une visite annulée ou tenue ne se modifie plus."))
        return redirect(url_for(".detail", visit_id=visit.id))
    form = _form(visit)
    stamp, clash = None, None
    if form.validate_on_submit():
        data = form.cleaned()
        seen = visit.version
        clash = concurrency.guard(form, seen, _visit_values(visit, form), data, lambda: _fresh(visit))
        if clash is None:
            try:
                _visit, moved = services.update_visit(visit.id, data, expected_version=seen)
            except seats.CapacityError as exc:
                db.session.rollback()
                form.capacity.errors.append(str(exc))
            except StaleDataError:
                db.session.rollback()
                visit = load_visit(visit_id, "manage_visit")
                clash = concurrency.guard(form, visit.version, _visit_values(visit), data,
                                          lambda: _fresh(visit))
            else:
                commit()
                flash(_("Modifications enregistrées ; les personnes inscrites ont été prévenues du changement.")
                      if moved else _("Modifications enregistrées."), "success")
                return redirect(url_for(".detail", visit_id=visit_id))
        if clash is not None:
            stamp = clash.stamp
    if stamp is None:
        stamp = (Stamp(posted_version(request.form.get("version")), request.form.get("base", ""))
                 if form.is_submitted() else Stamp.of(visit.version, _visit_values(visit, form)))
    return render_template("visits/edit.html", region=g.region, form=form, visit=visit, stamp=stamp, clash=clash,
                           labels={n: form[n].label.text for n in form._fields}, show=_show)


@bp.post("/<region_slug>/visites/<int:visit_id>/<any(publier, tenue):action>")
@access("signed_in")
def transition(visit_id: int, action: str):
    """Publish or mark held (cancelling goes through its confirmation page, in destructive.py)."""
    visit = load_visit(visit_id, "manage_visit")
    if not ActionForm().validate_on_submit():
        abort(400)
    if action == "publier":
        move, done = services.publish, _("Visite publiée : les inscriptions sont ouvertes.")
    else:
        move, done = services.mark_held, _("Visite marquée comme tenue : les personnes présentes peuvent donner "
                                           "leur avis.")
    attempt(lambda: move(visit), done,
            _("Cette action n'est pas possible dans l'état actuel de la visite (%(status)s).",
              status=visit.status.label))
    return redirect(url_for(".detail", visit_id=visit_id))


@bp.post("/<region_slug>/visites/<int:visit_id>/capacite")
@access("signed_in")
def capacity(visit_id: int):
    """Change only the number of seats; more seats are offered to the waitlist."""
    visit = load_visit(visit_id, "manage_visit")
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        value = int(request.form.get("capacity", ""))
        if not 1 <= value <= 1000:
            raise ValueError
    except ValueError:
        refuse(_("Indiquez un nombre de places entre 1 et 1000."), "capacity")
        return redirect(url_for(".detail", visit_id=visit_id))
    try:
        seats.set_capacity(visit.id, value)
    except seats.CapacityError as exc:
        db.session.rollback()
        refuse(str(exc), "capacity")
    else:
        commit()
        flash(_("Nombre de places : %(n)s.", n=value), "success")
    return redirect(url_for(".detail", visit_id=visit_id))


@bp.route("/<region_slug>/visites/<int:visit_id>/presences", methods=["GET", "POST"])
@access("signed_in")
def attendance(visit_id: int):
    """Tick who came, on a phone; the same list prints as a sign-in sheet."""
    visit = load_visit(visit_id, "manage_visit")
    started = utcnow() >= visit.starts_at
    if request.method == "POST":
        if not ActionForm().validate_on_submit():
            abort(400)
        if not started or visit.status not in (VisitStatus.PUBLISHED, VisitStatus.HELD):
            refuse(_("Les présences se notent une fois la visite commencée."))
        else:
            ids = {int(v) for v in request.form.getlist("present") if v.isdigit()}
            n = services.record_attendance(visit, ids)
            commit()
            flash(ngettext("Présences enregistrées : %(num)s personne présente.",
                           "Présences enregistrées : %(num)s personnes présentes.", n), "success")
            return redirect(url_for(".attendance", visit_id=visit_id))
    return render_template("visits/attendance.html", region=g.region, visit=visit, started=started,
                           registrations=services.confirmed_registrations(visit), action=ActionForm())


@bp.get("/<region_slug>/visites/<int:visit_id>/emargement")
@access("signed_in")
def sign_in_sheet(visit_id: int):
    """A printable sign-in sheet of the confirmed participants."""
    visit = load_visit(visit_id, "manage_visit")
    return render_template("visits/sheet.html", region=g.region, visit=visit,
                           registrations=services.confirmed_registrations(visit))


@bp.get("/<region_slug>/visites/<int:visit_id>/participants.<any(csv, xlsx):fmt>")
@access("signed_in")
def export(visit_id: int, fmt: str):
    """Participants as XLSX, or CSV as French Excel opens it."""
    visit = load_visit(visit_id, "manage_visit")
    regs = services.active_registrations(visit)
    name = f"visite-{visit.id}-participants.{fmt}"
    if fmt == "csv":
        body, mimetype = exports.participants_csv(visit, regs), CSV_MIMETYPE
    else:
        body = exports.participants_xlsx(visit, regs)
        mimetype = XLSX_MIMETYPE
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
