"""Proposed changes waiting for an editor, filed by library and kept on write (issue 20: flat in data).

A follow-up page lists its library's proposed changes, oldest first, 20 a page. Read from the sheets,
a region's page walked every regional sheet of the region (about 150 at N=10) to find the few with a
proposed revision, and the national page every national sheet. ``resource_pending_change`` holds one
row per proposed revision: its library (the region of a regional sheet; None for the national
library) and when it was proposed, so a page is a range of ``ix_resource_pending_change_library``.

The resources services, the only writers of revisions, call :func:`filed` when a change is proposed,
:func:`closed` when an editor accepts or declines it and :func:`joined_national` when its sheet joins
the national library, in that change's transaction. Deleting a revision deletes its row (the
foreign key cascades). Bulk loaders (benchmark data, test growers) call :func:`rebuild`.
"""
from __future__ import annotations

import sqlalchemy as sa

from ...extensions import db
from .models import PendingChange, Revision, Sheet
from .reference import RevisionState, Scope


def library_of(sheet: Sheet) -> int | None:
    """The library a sheet's changes are reviewed in: its region's (a regional sheet), else None."""
    return sheet.region_id if sheet.scope is Scope.REGIONAL else None


def filed(revision: Revision) -> None:
    """A change was proposed (``revision`` is flushed).

    The sheet's library is read under a share lock (PostgreSQL): were the council making the sheet
    national at that moment, this waits for its commit and files the change under the national library;
    filed first, the council's move waits for this commit, then finds the change and moves it too."""
    scope, region_id = db.session.execute(sa.select(Sheet.scope, Sheet.region_id)
                                          .where(Sheet.id == revision.sheet_id).with_for_update(read=True)).one()
    db.session.execute(sa.insert(PendingChange).values(
        revision_id=revision.id, region_id=region_id if scope is Scope.REGIONAL else None,
        created_at=revision.created_at))


def closed(revision: Revision) -> None:
    """A proposed change was accepted or declined: no longer waiting."""
    db.session.execute(sa.delete(PendingChange).where(PendingChange.revision_id == revision.id))


def joined_national(sheet: Sheet) -> None:
    """The sheet joined the national library: its waiting changes are the council's to review."""
    db.session.execute(sa.update(PendingChange).values(region_id=None).where(
        PendingChange.revision_id.in_(sa.select(Revision.id).where(Revision.sheet_id == sheet.id))))


def fill_statement() -> sa.Insert:
    """INSERT … SELECT of every proposed revision's row."""
    library = sa.case((Sheet.scope == Scope.REGIONAL, Sheet.region_id), else_=sa.null())
    rows = (sa.select(Revision.id, library, Revision.created_at).join(Sheet, Sheet.id == Revision.sheet_id)
            .where(Revision.state == RevisionState.PROPOSED))
    return sa.insert(PendingChange).from_select(["revision_id", "region_id", "created_at"], rows)


def rebuild(connection: sa.Connection) -> None:
    """Every row anew (bulk loaders, after inserting revisions without the services)."""
    connection.execute(sa.delete(PendingChange))
    connection.execute(fill_statement())
