"""Reading the libraries: who sees what, filters, full-text search, suggestions by topic.

``sheets_for_topic`` is the entry point other features (peer transfers, visits)
call to suggest sheets for a declared need or theme.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

import sqlalchemy as sa
from markupsafe import Markup
from sqlalchemy.orm import lazyload, load_only

from ...extensions import db
from ..auth.models import Role
from ..directory.models import Region
from . import search
from .models import NationalProposal, Revision, Sheet
from .sheet_links import SheetSector, SheetTag, SheetTally, SheetTopic, TagTally
from .reference import Category, ProposalStatus, Scope, SheetStatus

PER_PAGE = 20


@dataclass
class Filters:
    """What a library page is asked for; empty strings mean "any"."""

    q: str = ""
    category: str = ""
    tag: str = ""
    scope: str = ""
    region: str = ""      # slug, national library only
    topic: str = ""
    sector: str = ""
    status: str = ""      # drafts / archives, for those who may see them

    @property
    def active(self) -> bool:
        return any(vars(self).values())


@dataclass(slots=True)
class Listed:
    """A sheet as a library page lists it: the columns its row shows, read through Core (no ORM
    instance, no relationship loaded), its tags, and the search snippet when there is a query."""

    id: int
    title: str
    summary: str
    category: Category
    scope: Scope
    status: SheetStatus
    region_name: str | None
    region_slug: str | None
    snippet: Markup | None = None
    tags: list[str] = field(default_factory=list)

    @property
    def is_national(self) -> bool:
        return self.scope is Scope.NATIONAL


# What a library row shows of a sheet; its region (provenance) by an outer join.
LISTED = (Sheet.id, Sheet.title, Sheet.summary, Sheet.category, Sheet.scope, Sheet.status, Region.name, Region.slug)


@dataclass
class Page:
    """One page of results, shaped like Flask-SQLAlchemy's pagination for the templates."""

    items: list[Listed]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def visible_to(user):
    """SQL condition: the sheets ``user`` may read (published ones for everybody)."""
    published = Sheet.status == SheetStatus.PUBLISHED
    if not getattr(user, "is_authenticated", False):
        return published
    if user.is_council_admin:
        return sa.true()
    coordinated = [m.region_id for m in user.roles(Role.COORDINATOR)]
    # Mirrors Sheet.can_view: a draft's authors (its writer and its PTCE's members) see it.
    own = sa.or_(Sheet.created_by_id == user.id, Sheet.author_ptce_id.in_(user.ptce_ids or [-1]))
    editable = sa.and_(Sheet.scope == Scope.REGIONAL, Sheet.region_id.in_(coordinated or [-1]))
    return sa.or_(published, editable, sa.and_(Sheet.status == SheetStatus.DRAFT, own))


def _kept(query, table, filters: Filters, region):
    """The filters on what the tallies count too (status, scope, region, category), on ``table``:
    ``Sheet`` or ``SheetTally``; ``region`` None is the national library."""
    if filters.status in {s.value for s in SheetStatus}:
        query = query.where(table.status == SheetStatus(filters.status))
    else:
        query = query.where(table.status != SheetStatus.ARCHIVED)
    if region is not None:
        # A region's workspace: its own regional sheets and the whole national library.
        query = query.where(sa.or_(table.scope == Scope.NATIONAL,
                                   sa.and_(table.scope == Scope.REGIONAL, table.region_id == region.id)))
    if filters.scope in {s.value for s in Scope}:
        query = query.where(table.scope == Scope(filters.scope))
    elif region is None and not filters.region:
        query = query.where(table.scope == Scope.NATIONAL)
    if filters.region and region is None:
        query = query.where(table.region_id == sa.select(Region.id).where(
            Region.slug == filters.region).scalar_subquery())
    if filters.category in {c.value for c in Category}:
        query = query.where(table.category == Category(filters.category))
    return query


def _where(query, filters: Filters, user, region):
    """Apply the visibility rules and filters; ``region`` None is the national library."""
    query = _kept(query.where(visible_to(user)), Sheet, filters, region)
    if filters.tag:
        query = query.where(Sheet.id.in_(sa.select(SheetTag.sheet_id).where(
            sa.func.lower(SheetTag.tag) == filters.tag.lower())))
    if filters.topic:
        query = query.where(Sheet.id.in_(sa.select(SheetTopic.sheet_id).where(SheetTopic.code == filters.topic)))
    if filters.sector:
        query = query.where(Sheet.id.in_(
            sa.select(SheetSector.sheet_id).where(SheetSector.code == filters.sector)))
    return query


def _count(query, filters: Filters, user, region) -> int:
    """How many sheets ``query`` (a library's filtered list, without search) holds.

    Read from the tallies when the filters are all kept there: the published sheets and those the
    person edits, summed from ``resource_sheet_tally``, plus the person's own drafts found by index
    (those of no region they coordinate). Filters by tag, topic or sector count the list itself.
    """
    if filters.tag or filters.topic or filters.sector:
        return db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    tallied = _kept(sa.select(sa.func.coalesce(sa.func.sum(SheetTally.sheets), 0)), SheetTally, filters, region)
    if not getattr(user, "is_authenticated", False):
        return db.session.scalar(tallied.where(SheetTally.status == SheetStatus.PUBLISHED))
    if user.is_council_admin:
        return db.session.scalar(tallied)
    coordinated = [m.region_id for m in user.roles(Role.COORDINATOR)] or [-1]
    tallied = tallied.where(sa.or_(SheetTally.status == SheetStatus.PUBLISHED, sa.and_(
        SheetTally.scope == Scope.REGIONAL, SheetTally.region_id.in_(coordinated))))
    # Their own drafts in two disjoint parts, each read from its index (writer, PTCE) and not from
    # every draft: those they wrote, and their PTCE's written by someone else.
    drafts = _kept(sa.select(sa.func.count()).select_from(Sheet), Sheet, filters, region).where(
        Sheet.status == SheetStatus.DRAFT,
        sa.not_(sa.and_(Sheet.scope == Scope.REGIONAL, Sheet.region_id.in_(coordinated))))
    written = drafts.where(Sheet.created_by_id == user.id)
    signed = drafts.where(Sheet.author_ptce_id.in_(user.ptce_ids or [-1]), sa.or_(
        Sheet.created_by_id.is_(None), Sheet.created_by_id != user.id))
    return db.session.scalar(sa.select(
        tallied.scalar_subquery() + written.scalar_subquery() + signed.scalar_subquery()))


def browse(filters: Filters, user, region=None, page: int = 1) -> Page:
    """A library page: ranked search results when there is a query, newest first otherwise."""
    page = max(1, page)
    found = search.match(filters.q) if filters.q.strip() else None
    listed = sa.select(*LISTED).outerjoin(Region, Region.id == Sheet.region_id)
    if found is None:
        query = _where(listed, filters, user, region)
        total = _count(query, filters, user, region)
        rows = db.session.execute(query.order_by(Sheet.updated_at.desc(), Sheet.id.desc())
                                  .limit(PER_PAGE).offset((page - 1) * PER_PAGE))
        return Page(_with_tags([Listed(*row) for row in rows]), total, page, PER_PAGE)
    fts = found.subquery
    query = _where(listed.add_columns(fts.c.snippet).join(fts, fts.c.sheet_id == Sheet.id),
                   filters, user, region)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    rows = db.session.execute(query.order_by(fts.c.title_hit.desc(), fts.c.rank.desc(), Sheet.id)
                              .limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    return Page(_with_tags([Listed(*row[:-1], snippet=search.snippet(row[-1], found.terms)) for row in rows]),
                total, page, PER_PAGE)


def _with_tags(items: list[Listed]) -> list[Listed]:
    """Fill each listed sheet's tags (in the order ``Sheet.tags`` gives), in one statement."""
    if items:
        by_id = {item.id: item for item in items}
        for sheet_id, tag in db.session.execute(sa.select(SheetTag.sheet_id, SheetTag.tag).where(
                SheetTag.sheet_id.in_(list(by_id))).order_by(SheetTag.sheet_id, SheetTag.tag)):
            by_id[sheet_id].tags.append(tag)
    return items


def tags_in_use(region=None) -> list[str]:
    """Tags of published sheets (of a region's workspace, or national), for the filter list; read from
    their tally (``resource_tag_tally``), whose rows the services keep."""
    query = sa.select(TagTally.tag).where(TagTally.sheets > 0).distinct().order_by(TagTally.tag)
    if region is not None:
        query = query.where(sa.or_(TagTally.scope == Scope.NATIONAL, TagTally.region_id == region.id))
    spellings: dict[str, str] = {}
    for tag in db.session.scalars(query):  # one entry per tag, whatever the case of its spellings
        spellings.setdefault(tag.casefold(), tag)
    return sorted(spellings.values(), key=str.casefold)


# Sheets read for a short list: their tags, topics, sectors and attachments load only if asked for.
_NO_LISTS = (lazyload(Sheet.tag_rows), lazyload(Sheet.topic_rows), lazyload(Sheet.sector_rows),
             lazyload(Sheet.attachments))
HOME_LISTED = (*_NO_LISTS, load_only(Sheet.title, Sheet.category, Sheet.scope, Sheet.region_id),
               lazyload(Sheet.author_ptce), lazyload(Sheet.created_by))


def latest(region=None, limit: int = 5) -> list[Sheet]:
    """Newest published sheets of a region's workspace (its own and national ones): what the home
    shows of them (title, category, scope, region for the link), not their text, authors or lists."""
    return list(db.session.scalars(_latest_statement(region.id if region is not None else None, limit)))


@functools.lru_cache(maxsize=64)
def _latest_statement(region_id: int | None, limit: int):
    """``latest``'s statement, built once per region and length."""
    query = sa.select(Sheet).options(*HOME_LISTED).where(Sheet.status == SheetStatus.PUBLISHED)
    if region_id is not None:
        query = query.where(sa.or_(Sheet.scope == Scope.NATIONAL, Sheet.region_id == region_id))
    return query.order_by(Sheet.published_at.desc(), Sheet.id.desc()).limit(limit)


def revisions(sheet: Sheet) -> list[Revision]:
    return list(db.session.scalars(sa.select(Revision).where(Revision.sheet_id == sheet.id)
                                   .order_by(Revision.number.desc())))


def sheets_for_topic(topic_code: str, sector_code: str | None = None, limit: int = 5,
                     region=None) -> list[Sheet]:
    """Published sheets on a support topic, to suggest for a need or a visit theme.

    Sheets also about ``sector_code`` come first, then national ones, then the newest.
    With ``region``, only that region's sheets and the national library are considered.
    Topic "sector" with a sector code matches sector guides on that sector.
    """
    on_topic = sa.select(SheetTopic.sheet_id).where(SheetTopic.code == topic_code)
    in_sector = sa.select(SheetSector.sheet_id).where(SheetSector.code == (sector_code or ""))
    query = sa.select(Sheet).where(Sheet.status == SheetStatus.PUBLISHED, Sheet.id.in_(on_topic))
    if region is not None:
        query = query.where(sa.or_(Sheet.scope == Scope.NATIONAL, Sheet.region_id == region.id))
    sector_first = sa.case((Sheet.id.in_(in_sector), 0), else_=1)
    national_first = sa.case((Sheet.scope == Scope.NATIONAL, 0), else_=1)
    query = query.order_by(sector_first, national_first, Sheet.updated_at.desc(), Sheet.id.desc())
    return list(db.session.scalars(query.limit(max(0, limit))))


def pending_proposal_ids(sheet_ids: list[int]) -> set[int]:
    """Which of these sheets already wait for a national decision."""
    if not sheet_ids:
        return set()
    return set(db.session.scalars(sa.select(NationalProposal.sheet_id).where(
        NationalProposal.sheet_id.in_(sheet_ids), NationalProposal.status == ProposalStatus.PENDING)))
