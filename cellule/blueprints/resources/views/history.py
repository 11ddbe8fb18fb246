"""A sheet's history: every revision, differences between any two, restoring an old one."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from ....database import commit
from ....lifecycle import IllegalTransition
from ....permissions import access
from .. import diffs, library, services
from ..forms import ActionForm
from ..reference import RevisionState
from ._common import both, check, check_view, load_sheet, region, sheet_url


def _visible_revisions(sheet):
    """Applied revisions for every reader; proposals for managers and their own authors."""
    manager = sheet.can_manage(current_user)
    return [r for r in library.revisions(sheet)
            if r.state is RevisionState.APPLIED or manager or r.author_id == current_user.id]


@both("/<int:sheet_id>/historique")
@access("signed_in")
def history(sheet_id: int):
    """The list of revisions and, with ?de=N&a=M, the differences between two of them."""
    sheet = load_sheet(sheet_id)
    check_view(sheet)
    revisions = _visible_revisions(sheet)
    by_number = {r.number: r for r in revisions}
    applied = [r for r in revisions if r.state is RevisionState.APPLIED]
    new = by_number.get(request.args.get("a", type=int)) or (applied[0] if applied else None)
    # By default, compare with the applied revision just before (a proposal's base).
    before = [r for r in applied if new is not None and r.number < new.number]
    old = by_number.get(request.args.get("de", type=int)) or (before[0] if before else new)
    names = {a.id: a.filename for a in sheet.attachments}
    changes = diffs.compare(old, new, names) if old and new else []
    return render_template("resources/history.html", region=region(), sheet=sheet, revisions=revisions,
                           old=old, new=new, changes=changes, action_form=ActionForm(),
                           current_number=applied[0].number if applied else None,
                           manageable=sheet.can_manage(current_user))


@both("/<int:sheet_id>/historique/<int:number>")
@access("signed_in")
def revision(sheet_id: int, number: int):
    """One revision as it read then."""
    sheet = load_sheet(sheet_id)
    check_view(sheet)
    found = {r.number: r for r in _visible_revisions(sheet)}.get(number)
    if found is None:
        abort(404)
    names = {a.id: a for a in sheet.attachments}
    return render_template("resources/revision.html", region=region(), sheet=sheet, revision=found,
                           attachments=[names[i] for i in found.attachment_ids if i in names],
                           action_form=ActionForm(), editable=sheet.can_edit(current_user))


@both("/<int:sheet_id>/historique/<int:number>/restaurer", methods=["POST"])
@access("signed_in")
def restore(sheet_id: int, number: int):
    """Restore an older revision as a new one; the later ones stay in the history."""
    sheet = load_sheet(sheet_id)
    check("edit_sheet", sheet)
    found = {r.number: r for r in library.revisions(sheet)}.get(number)
    if found is None or not ActionForm().validate_on_submit():
        abort(404)
    try:
        created = services.restore(sheet, found, current_user)
    except IllegalTransition:
        abort(404)
    commit()
    flash(_("La version %(old)s a été restaurée comme version %(new)s.", old=number, new=created.number),
          "success")
    return redirect(sheet_url(sheet))
