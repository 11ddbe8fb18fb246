"""Operations on sheets: writing, revisions, proposals, attachments, lifecycle.

Every function flushes and never commits. Every change to a sheet's content
goes through :func:`_apply`, which snapshots it in a new revision and keeps
the search index in step. Every change of a sheet's scope, region, status,
category or tags (and its creation and purge) moves the libraries' tallies
(:mod:`.tallies`) in the same transaction.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask import has_request_context
from flask_babel import gettext

from ...database import utcnow
from ...extensions import db
from ...lifecycle import IllegalTransition
from . import pending, search, tallies, uploads
from .models import Attachment, NationalProposal, Revision, Sheet
from .reference import Category, ProposalStatus, RevisionState, Scope, SheetStatus


def _(text: str, **values) -> str:
    """Revision notes in the person's language; plain French outside a request (CLI, demo)."""
    if has_request_context():
        return gettext(text, **values)
    return text % values if values else text


@dataclass
class Content:
    """Everything a revision snapshots about a sheet."""

    title: str
    category: Category
    summary: str = ""
    body: str = ""
    tags: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    review_by: date | None = None

    @classmethod
    def of(cls, obj) -> Content:
        """The content of a sheet or of a revision."""
        return cls(title=obj.title, category=obj.category, summary=obj.summary, body=obj.body,
                   tags=list(obj.tags), topics=list(obj.topics), sectors=list(obj.sectors),
                   review_by=obj.review_by)


def _next_number(sheet: Sheet) -> int:
    current = db.session.scalar(sa.select(sa.func.max(Revision.number)).where(Revision.sheet_id == sheet.id))
    return (current or 0) + 1


def _snapshot(sheet: Sheet, content: Content, author, note: str, state: RevisionState,
              attachment_ids: list[int] | None = None, action: tuple[str, dict] | None = None) -> Revision:
    code, args = action or (None, {})
    revision = Revision(
        sheet=sheet, number=_next_number(sheet), state=state, author=author, note=(note or "")[:200],
        action=code, action_args=args,
        title=content.title, summary=content.summary, body=content.body, category=content.category,
        review_by=content.review_by, tags=list(content.tags), topics=list(content.topics),
        sectors=list(content.sectors),
        attachment_ids=attachment_ids if attachment_ids is not None
        else [a.id for a in sheet.live_attachments])
    db.session.add(revision)
    db.session.flush()
    return revision


def _apply(sheet: Sheet, content: Content, author, note: str,
           attachment_ids: list[int] | None = None, action: tuple[str, dict] | None = None,
           *, new: bool = False) -> Revision:
    """Make ``content`` the sheet's, record the revision and re-index.

    ``note`` is the editor's own words; ``action`` (a code of REVISION_ACTIONS and its
    arguments) what the app did, worded when shown. ``new``: the sheet is not counted yet.
    """
    before = None if new else tallies.key_of(sheet)
    sheet.title, sheet.summary, sheet.body = content.title, content.summary, content.body
    sheet.category, sheet.review_by = content.category, content.review_by
    sheet.tags, sheet.topics, sheet.sectors = content.tags, content.topics, content.sectors
    sheet.updated_at = utcnow()
    db.session.flush()
    tallies.moved(before, tallies.key_of(sheet))
    revision = _snapshot(sheet, content, author, note, RevisionState.APPLIED, attachment_ids, action)
    search.index_sheet(sheet)
    return revision


# -- writing -------------------------------------------------------------------
def create_sheet(content: Content, author, *, region=None, ptce=None, scope: Scope = Scope.REGIONAL,
                 note: str = "") -> Sheet:
    """A new draft sheet of ``region`` (None: written by the national council), signed by ``ptce``
    or by the cell."""
    sheet = Sheet(title=content.title, category=content.category, scope=scope, region=region,
                  author_ptce=ptce, created_by=author, status=SheetStatus.DRAFT)
    db.session.add(sheet)
    db.session.flush()
    _apply(sheet, content, author, note, action=("created", {}), new=True)
    return sheet


def save_sheet(sheet: Sheet, content: Content, author, note: str) -> Revision:
    """An editor's save: the content changes at once, as a new revision."""
    return _apply(sheet, content, author, note)


def propose_change(sheet: Sheet, content: Content, author, note: str) -> Revision:
    """A suggested change; the sheet is unchanged until an editor accepts it."""
    revision = _snapshot(sheet, content, author, note, RevisionState.PROPOSED)
    pending.filed(revision)
    return revision


def accept_change(proposal: Revision, reviewer, comment: str = "") -> Revision:
    """Apply a proposal as a new revision that points to it (the proposal's row names its author)."""
    proposal.decide(accepted=True)
    proposal.reviewed_by, proposal.review_comment = reviewer, (comment or "")[:500]
    pending.closed(proposal)
    return _apply(proposal.sheet, Content.of(proposal), reviewer, "",
                  action=("proposal_accepted", {"n": proposal.number}))


def decline_change(proposal: Revision, reviewer, comment: str = "") -> None:
    proposal.decide(accepted=False)
    proposal.reviewed_by, proposal.review_comment = reviewer, (comment or "")[:500]
    db.session.flush()
    pending.closed(proposal)


def restore(sheet: Sheet, revision: Revision, author) -> Revision:
    """Bring back an older revision's content, attachments included, as a new revision."""
    if revision.sheet_id != sheet.id or revision.state is RevisionState.PROPOSED:
        raise IllegalTransition("only a past revision of this sheet can be restored")
    by_id = {a.id: a for a in sheet.attachments}
    now = utcnow()
    for attachment in sheet.attachments:
        attachment.removed_at = None if attachment.id in revision.attachment_ids else (
            attachment.removed_at or now)
    kept = [i for i in revision.attachment_ids if i in by_id]
    return _apply(sheet, Content.of(revision), author, "", attachment_ids=kept,
                  action=("restored", {"n": revision.number}))


# -- lifecycle -----------------------------------------------------------------
def publish(sheet: Sheet) -> None:
    before = tallies.key_of(sheet)
    sheet.publish()
    db.session.flush()
    tallies.moved(before, tallies.key_of(sheet))


def archive(sheet: Sheet) -> None:
    """What "deleting" a sheet means: it leaves the libraries; revisions and files stay."""
    before = tallies.key_of(sheet)
    sheet.archive()
    for proposal in pending_national(sheet):
        proposal.decide(False, None, _("Fiche archivée"))
    db.session.flush()
    tallies.moved(before, tallies.key_of(sheet))


# -- attachments ---------------------------------------------------------------
def add_attachment(sheet: Sheet, stored: uploads.StoredFile, author) -> Attachment:
    attachment = Attachment(sheet=sheet, filename=stored.filename, stored_name=stored.stored_name,
                            kind=stored.kind, size=stored.size, sha256=stored.sha256,
                            uploaded_by_id=author.id)
    db.session.add(attachment)
    db.session.flush()
    _apply(sheet, Content.of(sheet), author, "", action=("attachment_added", {"name": stored.filename}))
    return attachment


def remove_attachment(sheet: Sheet, attachment: Attachment, author) -> None:
    """Detach a file; it stays on disk for the revisions that list it."""
    attachment.removed_at = utcnow()
    db.session.flush()
    _apply(sheet, Content.of(sheet), author, "", action=("attachment_removed", {"name": attachment.filename}))


def purge_sheet(sheet: Sheet) -> list[str]:
    """Erase an archived sheet for good: revisions, proposals, attachments; returns the files to delete.

    The only hard delete of the feature, for the national council (``flask resources purge``);
    the caller deletes the files after the commit.
    """
    if sheet.status is not SheetStatus.ARCHIVED:
        raise IllegalTransition("only an archived sheet can be purged")
    files = [a.stored_name for a in sheet.attachments]
    tallies.moved(tallies.key_of(sheet), None)
    for model in (Revision, NationalProposal, Attachment):
        db.session.execute(sa.delete(model).where(model.sheet_id == sheet.id))
    search.remove_sheet(sheet.id)
    db.session.delete(sheet)
    db.session.flush()
    return files


# -- national curation ---------------------------------------------------------
def pending_national(sheet: Sheet) -> list[NationalProposal]:
    return list(db.session.scalars(sa.select(NationalProposal).where(
        NationalProposal.sheet_id == sheet.id, NationalProposal.status == ProposalStatus.PENDING)))


def propose_national(sheet: Sheet, by, motivation: str) -> NationalProposal:
    if sheet.scope is not Scope.REGIONAL or sheet.status is not SheetStatus.PUBLISHED:
        raise IllegalTransition("only a published regional sheet can be proposed")
    if pending_national(sheet):
        raise IllegalTransition("already proposed")
    proposal = NationalProposal(sheet=sheet, region_id=sheet.region_id, proposed_by=by, motivation=motivation)
    db.session.add(proposal)
    db.session.flush()
    return proposal


def decide_national(proposal: NationalProposal, by, accepted: bool, comment: str) -> None:
    """The council's decision; an accepted sheet becomes national and keeps its provenance."""
    before = tallies.key_of(proposal.sheet)
    if accepted:
        proposal.sheet.make_national()
    proposal.decide(accepted, by, comment)
    db.session.flush()
    if accepted:
        pending.joined_national(proposal.sheet)
    tallies.moved(before, tallies.key_of(proposal.sheet))
