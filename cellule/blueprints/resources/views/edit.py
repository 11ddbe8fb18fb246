"""Writing: new sheets, edits and proposed changes, lifecycle, attachments."""
from __future__ import annotations

from dataclasses import asdict

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from .... import concurrency, submissions
from ....concurrency import Stamp, describe, posted_version
from ....database import commit
from ....extensions import db
from ....outcomes import refuse
from ....lifecycle import IllegalTransition
from ....permissions import access
from ....urls import absolute_url
from ...auth.models import Role
from ...directory.models import Ptce
from .. import notify, services, uploads
from ..forms import ActionForm, AttachmentForm, CommentForm, SheetForm
from ..models import Attachment, Revision, Sheet
from ..reference import RevisionState, Scope
from ._common import both, bp, check, check_workspace, library_url, load_sheet, region, sheet_url
from .display import render_detail


def _author_ptce(user, in_region) -> Ptce | None:
    """The PTCE a member writes for: their first PTCE in this region (coordinators sign as the cell)."""
    if in_region is None or user.coordinates(in_region.id) or user.is_council_admin:
        return None
    ids = [m.ptce_id for m in user.roles(Role.PTCE_MEMBER) if m.region_id == in_region.id]
    return db.session.get(Ptce, ids[0]) if ids else None


@both("/nouvelle", methods=["GET", "POST"])
@access("signed_in")
def create():
    """A new sheet, saved as a draft; members' drafts wait for a coordinator to publish them."""
    check_workspace("contribute_sheets")
    form = SheetForm()
    if form.validate_on_submit():
        claimed = submissions.start(request.endpoint, current_user.id)
        if isinstance(claimed, int):  # the same form sent again (double click, reload)
            earlier = db.session.get(Sheet, claimed) if claimed else None
            flash(_("Ce formulaire avait déjà été envoyé : la fiche existe déjà."), "info")
            return redirect(sheet_url(earlier) if earlier else library_url())
        sheet = services.create_sheet(
            form.content(), current_user, region=region(), ptce=_author_ptce(current_user, region()),
            scope=Scope.REGIONAL if region() is not None else Scope.NATIONAL,
            note=form.note.data or "")
        if claimed is not None:
            claimed.object_id = sheet.id
        if not sheet.can_manage(current_user):
            notify.review_requested(sheet, current_user, absolute_url(sheet_url(sheet)), change=False)
        commit()
        flash(_("Brouillon enregistré. Il sera visible de tous une fois publié."), "success")
        return redirect(sheet_url(sheet))
    return render_template("resources/edit.html", region=region(), form=form, sheet=None, proposing=False)


def _sheet_values(sheet) -> dict:
    return asdict(services.Content.of(sheet))


def _filled(sheet) -> SheetForm:
    form = SheetForm(formdata=None)
    form.fill(services.Content.of(sheet))
    return form


@both("/<int:sheet_id>/modifier", methods=["GET", "POST"])
@access("signed_in")
def edit(sheet_id: int):
    """Editors save a new revision; PTCE members propose a change instead.

    A save based on an older version is refused with what changed (``cellule/concurrency.py``).
    """
    sheet = load_sheet(sheet_id)
    proposing = not sheet.can_edit(current_user)
    check("propose_sheet_change" if proposing else "edit_sheet", sheet)
    form = SheetForm()
    stamp, clash = Stamp.of(sheet.version, _sheet_values(sheet)), None
    if form.validate_on_submit():
        clash = concurrency.guard(form, sheet.version, _sheet_values(sheet), asdict(form.content()),
                                  lambda: _filled(sheet))
        if clash is None:
            try:
                message = _save(sheet, form, proposing)
            except StaleDataError:  # another save landed between the check and this one
                db.session.rollback()
                sheet = load_sheet(sheet_id)
                clash = concurrency.guard(form, sheet.version, _sheet_values(sheet), asdict(form.content()),
                                          lambda: _filled(sheet))
            else:
                flash(message, "success")
                return redirect(sheet_url(sheet))
        stamp = clash.stamp
    elif form.is_submitted():
        stamp = Stamp(posted_version(request.form.get("version")), request.form.get("base", ""))
    if not form.is_submitted():
        form.fill(services.Content.of(sheet))
    return render_template("resources/edit.html", region=region(), form=form, sheet=sheet, proposing=proposing,
                           stamp=stamp, clash=clash, labels={n: form[n].label.text for n in form._fields},
                           show=lambda name, value: describe(value))


def _save(sheet, form, proposing: bool) -> str:
    if proposing:
        proposal = services.propose_change(sheet, form.content(), current_user, form.note.data or "")
        notify.review_requested(sheet, current_user,
                                absolute_url(sheet_url(sheet, "history", a=proposal.number)), change=True)
        message = _("Votre proposition de modification a été transmise à la coordination.")
    else:
        services.save_sheet(sheet, form.content(), current_user, form.note.data or "")
        message = _("Fiche enregistrée : une nouvelle version a été créée.")
    commit()
    return message


def _transition(sheet_id: int, move, done: str):
    sheet = load_sheet(sheet_id)
    check("manage_sheet", sheet)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        move(sheet)
    except IllegalTransition:
        refuse(_("Cette action n'est pas possible dans l'état actuel de la fiche."))
        return redirect(sheet_url(sheet))
    commit()
    flash(done, "success")
    return redirect(sheet_url(sheet))


@both("/<int:sheet_id>/publier", methods=["POST"])
@access("signed_in")
def publish(sheet_id: int):
    """Publish a draft (or bring back an archived sheet)."""
    return _transition(sheet_id, services.publish, _("La fiche est publiée."))


@both("/<int:sheet_id>/archiver", methods=["POST"])
@access("signed_in")
def archive(sheet_id: int):
    """Archive: the sheet leaves the libraries; its history and files are kept."""
    return _transition(sheet_id, services.archive,
                       _("La fiche est archivée. Son historique et ses fichiers sont conservés."))


@both("/<int:sheet_id>/fichiers", methods=["POST"])
@access("signed_in")
def upload(sheet_id: int):
    """Attach a file after checking its format by content and its size."""
    sheet = load_sheet(sheet_id)
    check("edit_sheet", sheet)
    form = AttachmentForm()
    if form.validate_on_submit():
        try:
            stored = uploads.store(form.file.data.stream, form.file.data.filename or "")
        except uploads.TooLarge:
            abort(413)
        except uploads.UploadError as exc:
            form.file.errors.append(str(exc))
        else:
            services.add_attachment(sheet, stored, current_user)
            commit()
            flash(_("Fichier « %(name)s » ajouté.", name=stored.filename), "success")
            return redirect(sheet_url(sheet))
    return render_detail(sheet, attachment_form=form, status=400)


@both("/<int:sheet_id>/fichiers/<int:attachment_id>/retirer", methods=["POST"])
@access("signed_in")
def remove_file(sheet_id: int, attachment_id: int):
    """Detach a file (kept for the history)."""
    sheet = load_sheet(sheet_id)
    check("edit_sheet", sheet)
    attachment = db.session.scalar(sa.select(Attachment).where(
        Attachment.id == attachment_id, Attachment.sheet_id == sheet.id, Attachment.removed_at.is_(None)))
    if attachment is None or not ActionForm().validate_on_submit():
        abort(404)
    services.remove_attachment(sheet, attachment, current_user)
    commit()
    flash(_("Fichier retiré de la fiche ; il reste disponible dans l'historique."), "success")
    return redirect(sheet_url(sheet))


@both("/<int:sheet_id>/propositions/<int:number>/<any(accepter, refuser):decision>", methods=["POST"])
@access("signed_in")
def decide_change(sheet_id: int, number: int, decision: str):
    """An editor accepts (new revision) or declines a member's proposed change."""
    sheet = load_sheet(sheet_id)
    check("manage_sheet", sheet)
    proposal = db.session.scalar(sa.select(Revision).where(
        Revision.sheet_id == sheet.id, Revision.number == number, Revision.state == RevisionState.PROPOSED))
    form = CommentForm()
    if proposal is None or not form.validate_on_submit():
        abort(404)
    if decision == "accepter":
        services.accept_change(proposal, current_user, form.comment.data or "")
        message = _("Proposition acceptée : elle devient la version en ligne.")
    else:
        services.decline_change(proposal, current_user, form.comment.data or "")
        message = _("Proposition refusée. Elle reste consultable dans l'historique.")
    commit()
    flash(message, "success")
    return redirect(sheet_url(sheet))


__all__ = ["bp", "library_url"]
