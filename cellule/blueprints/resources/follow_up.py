"""The follow-up page's lists (drafts, proposed changes, sheets past their review date, proposals to
the national library), read through Core: each row the columns its line shows
(``views.display.ReviewWriter`` writes them)."""
from __future__ import annotations

import functools
from datetime import date

import sqlalchemy as sa

from ... import localtime
from ...extensions import db
from ..auth.models import User
from ..directory.models import Ptce, Region
from .models import NationalProposal, PendingChange, Revision, Sheet
from .reference import ProposalStatus, Scope, SheetStatus

# The review lists (a follow-up page) are read through Core: each row the columns its line shows, the
# sheet's region slug for its link (outer join: a national sheet may have none), no ORM instance.
_SHEET_LINK = (Sheet.id.label("sheet_id"), Sheet.title, Sheet.scope, Region.slug.label("region_slug"))


def _rows(query, parameters: dict | None = None) -> list[sa.Row]:
    """Rows of columns, on the session's connection: they need none of the ORM's row loading."""
    return db.session.connection().execute(query, parameters).all()


def _in_library(query, region_id: int | None):
    """A review list's sheets: a region's regional ones, or (None) the national library."""
    if region_id is None:
        return query.where(Sheet.scope == Scope.NATIONAL)
    return query.where(Sheet.scope == Scope.REGIONAL, Sheet.region_id == region_id)


def _region_id(region) -> int | None:
    return None if region is None else region.id


# Each list's statement is built once per region and page (``functools.lru_cache``): building one,
# with its joins, cost about as much as running it; the follow-up page reads its lists' pages through
# them (``kept_lists.written_page``, which needs the same statement object for the same page). Today's
# date is a parameter.

def overdue(region=None, today: date | None = None, *, limit: int | None = None, offset: int = 0) -> list[sa.Row]:
    """Sheets past their review-by date: a region's regional ones, or (None) the national library;
    ``limit``/``offset``: one page of them. Rows of ``sheet_id, title, scope, region_slug, review_by, status``."""
    return _rows(overdue_statement(_region_id(region), limit, offset), {"today": today or localtime.today(region)})


@functools.lru_cache(maxsize=128)
def overdue_statement(region_id: int | None, limit: int | None, offset: int):
    query = (sa.select(*_SHEET_LINK, Sheet.review_by, Sheet.status)
             .outerjoin(Region, Region.id == Sheet.region_id)
             .where(Sheet.review_by < sa.bindparam("today", type_=Sheet.review_by.type),
                    Sheet.status != SheetStatus.ARCHIVED))
    return _in_library(query, region_id).order_by(Sheet.review_by, Sheet.id).limit(limit).offset(offset)


def pending_changes(region=None, *, limit: int | None = None, offset: int = 0) -> list[sa.Row]:
    """Change proposals waiting for an editor: a region's sheets, or (None) national ones;
    ``limit``/``offset``: one page of them. Rows of the sheet's link and title, the revision's ``number``,
    ``created_at``, ``note``, ``action``, ``action_args`` (its JSON text, decoded only by a line written
    anew: part of a kept line's key as it is) and its ``author_name`` (None: no author)."""
    return _rows(pending_changes_statement(_region_id(region), limit, offset))


@functools.lru_cache(maxsize=128)
def pending_changes_statement(region_id: int | None, limit: int | None, offset: int):
    # the library's waiting changes as a range of ix_resource_pending_change_library (``pending.py``)
    library = PendingChange.region_id.is_(None) if region_id is None else PendingChange.region_id == region_id
    return (sa.select(*_SHEET_LINK, Revision.number, Revision.created_at, Revision.note, Revision.action,
                      sa.cast(Revision.action_args, sa.Text).label("action_args"), User.name.label("author_name"))
            .select_from(PendingChange).join(Revision, Revision.id == PendingChange.revision_id)
            .join(Sheet, Sheet.id == Revision.sheet_id)
            .outerjoin(Region, Region.id == Sheet.region_id).outerjoin(User, User.id == Revision.author_id)
            .where(library).order_by(PendingChange.created_at, PendingChange.revision_id).limit(limit).offset(offset))


def drafts(region, *, limit: int | None = None, offset: int = 0) -> list[sa.Row]:
    """Drafts of a region waiting to be published, latest changed first (``limit``/``offset``: one page).
    Rows of the sheet's link and title, ``ptce_name`` (its author PTCE, or None) and ``updated_at``."""
    return _rows(drafts_statement(region.id, limit, offset))


@functools.lru_cache(maxsize=128)
def drafts_statement(region_id: int, limit: int | None, offset: int):
    return (sa.select(*_SHEET_LINK, Ptce.name.label("ptce_name"), Sheet.updated_at)
            .outerjoin(Region, Region.id == Sheet.region_id).outerjoin(Ptce, Ptce.id == Sheet.author_ptce_id)
            .where(Sheet.status == SheetStatus.DRAFT, Sheet.scope == Scope.REGIONAL, Sheet.region_id == region_id)
            .order_by(Sheet.updated_at.desc(), Sheet.id.desc()).limit(limit).offset(offset))


def national_proposals(status: ProposalStatus | None = ProposalStatus.PENDING, *, region_id: int | None = None,
                       limit: int | None = None) -> list[sa.Row]:
    """Proposals to the national library, newest first; ``region_id``: only that region's sheets. Rows of
    the proposal's ``id``, ``status``, ``decision_comment``, its sheet's link and title, the sheet's
    ``region_name`` and ``proposer_name`` (None: no such person)."""
    return _rows(proposals_statement(status, region_id, limit))


@functools.lru_cache(maxsize=64)
def proposals_statement(status: ProposalStatus | None, region_id: int | None, limit: int | None):
    query = (sa.select(NationalProposal.id, NationalProposal.status, NationalProposal.decision_comment,
                       *_SHEET_LINK, Region.name.label("region_name"), User.name.label("proposer_name"))
             .select_from(NationalProposal).join(Sheet, Sheet.id == NationalProposal.sheet_id)
             .outerjoin(Region, Region.id == Sheet.region_id)
             .outerjoin(User, User.id == NationalProposal.proposed_by_id))
    if status is not None:
        query = query.where(NationalProposal.status == status)
    if region_id is not None:  # a range of ix_resource_national_proposal_region, read backwards
        query = query.where(NationalProposal.region_id == region_id)
    return query.order_by(NationalProposal.created_at.desc(), NationalProposal.id.desc()).limit(limit)
