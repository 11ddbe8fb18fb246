"""What the peer-transfer pages read: the PTCE a person may declare for, the overview's cycles, needs
and offers a page at a time, the other regions' offers. Rows through Core where a list shows them
(``overview_lines.OverviewWriter`` writes them); each statement built once per region, viewer's scope and
page (building one cost about as much as running it). The writes are ``services``'."""
from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from ... import kept_lists
from ...extensions import db
from ..auth.models import Role
from ..directory.models import Ptce, Region
from .models import CycleRegion, CycleStatus, NeedStatus, TransferCycle, TransferNeed, TransferOffer, cycle_mentee


# -- scoping -------------------------------------------------------------------
def _declarable(region: Region, user):
    """SQL: the region's PTCE this person may declare needs and offers for."""
    if user.is_council_admin or user.coordinates(region):
        return Ptce.region_id == region.id
    return sa.and_(Ptce.region_id == region.id, Ptce.id.in_(user.ptce_ids or [-1]))


def declarable_ptce(region: Region, user) -> list[Ptce]:
    """The region's PTCE this person may declare needs and offers for."""
    return list(db.session.scalars(sa.select(Ptce).where(_declarable(region, user)).order_by(Ptce.name)))


def may_declare(region: Region, user) -> bool:
    """Whether ``declarable_ptce`` holds any PTCE, without reading them (the overview's buttons).

    A PTCE member's roles carry their PTCE's region (``auth.models.Membership``): theirs is answered
    without a statement; a coordinator's needs the region to hold a PTCE."""
    if not (user.is_council_admin or user.coordinates(region)):
        return any(m.region_id == region.id for m in user.roles(Role.PTCE_MEMBER))
    return bool(db.session.scalar(sa.select(sa.exists().where(_declarable(region, user)))))


def _sees_only(region: Region, user) -> tuple[int, ...] | None:
    """The PTCE whose needs (and inactive offers) this person sees in the region's overview: None for
    all of them (the council, the region's coordinators), else their own PTCE's ids."""
    if user.is_council or user.coordinates(region):
        return None
    return tuple(sorted(set(user.ptce_ids))) or (-1,)  # sorted: one cache key for the same PTCE


def _needs_query(region_id: int, sees_only: tuple[int, ...] | None, columns, open_only: bool = False):
    """Needs of the region's PTCE that this person may see (all of them for coordinators), in the overview's
    order: ``columns`` of them."""
    query = (sa.select(*columns).join(TransferNeed.ptce).where(Ptce.region_id == region_id)
             .order_by(TransferNeed.status, TransferNeed.created_at.desc(), TransferNeed.id))
    if sees_only is not None:
        query = query.where(TransferNeed.ptce_id.in_(sees_only))
    if open_only:
        query = query.where(TransferNeed.status == NeedStatus.OPEN)
    return query


def region_needs(region: Region, user, *, open_only: bool = False) -> list[TransferNeed]:
    """Needs of the region's PTCE that this person may see (all of them for coordinators)."""
    return list(db.session.scalars(_needs_query(region.id, _sees_only(region, user), (TransferNeed,), open_only)))


def region_need_rows(region: Region, user, *, limit: int | None = None, offset: int = 0) -> list[sa.Row]:
    """A page of the overview's needs (``limit`` from ``offset``) through Core, with what a line shows:
    ``id, topic, sector, status, created_at, ptce_name``."""
    return db.session.connection().execute(_need_rows(region.id, _sees_only(region, user), limit, offset)).all()


# The overview's statements are built once per region, viewer's scope and page (building one cost
# about as much as running it).
@functools.lru_cache(maxsize=256)
def _need_rows(region_id: int, sees_only: tuple[int, ...] | None, limit: int | None, offset: int):
    columns = (TransferNeed.id, TransferNeed.topic, TransferNeed.sector, TransferNeed.status,
               TransferNeed.created_at, Ptce.name.label("ptce_name"))
    return _needs_query(region_id, sees_only, columns).limit(limit).offset(offset)


def needs_page(region: Region, user) -> Callable[..., sa.Select]:
    """The statement of a page of the overview's needs this person may see: ``statement(limit=, offset=)``
    (``kept_lists.written_page``)."""
    return functools.partial(_need_rows, region.id, _sees_only(region, user))


def offers_page(region: Region, user) -> Callable[..., sa.Select]:
    """The statement of a page of the overview's offers, as this person sees them (``needs_page``)."""
    return functools.partial(_offer_rows, region.id, _sees_only(region, user))


def cycles_page(region: Region) -> Callable[..., sa.Select]:
    """The statement of a page of the cycles involving the region (``needs_page``)."""
    return functools.partial(cycles_statement, region.id)


def region_offers(region: Region, user=None, *, limit: int | None = None, offset: int = 0) -> list[sa.Row]:
    """Offers of the region's PTCE, active first, ``limit`` of them from ``offset``, through Core with what
    the overview's line shows: ``id, ptce_id, topic, sector, description, capacity_per_year, active, ptce_name``."""
    sees_only = None if user is None else _sees_only(region, user)
    return db.session.connection().execute(_offer_rows(region.id, sees_only, limit, offset)).all()


@functools.lru_cache(maxsize=256)
def _offer_rows(region_id: int, sees_only: tuple[int, ...] | None, limit: int | None, offset: int):
    """``region_offers``' statement, built once per region, viewer's scope and page. Read as two ranges,
    each in the list's order (PTCE name, PTCE, offer) up to the page's end, through ``ix_ptce_region_name``
    and ``ix_transfer_offer_ptce_active``: the active offers, then the inactive ones this person sees
    (others' are not shown). Only those are sorted together, never the region's every offer (issue 20)."""
    columns = (TransferOffer.id, TransferOffer.ptce_id, TransferOffer.topic, TransferOffer.sector,
               TransferOffer.description, TransferOffer.capacity_per_year, TransferOffer.active,
               Ptce.name.label("ptce_name"))
    parts = []
    for active in (True, False):
        part = (sa.select(*columns).join(TransferOffer.ptce)
                .where(Ptce.region_id == region_id, TransferOffer.active == active)
                .order_by(Ptce.name, Ptce.id, TransferOffer.id))
        if not active and sees_only is not None:
            part = part.where(TransferOffer.ptce_id.in_(sees_only))
        parts.append(part if limit is None else part.limit(offset + limit))
    found = sa.union_all(*(sa.select(*part.subquery().c) for part in parts)).subquery()
    return (sa.select(*found.c).order_by(found.c.active.desc(), found.c.ptce_name, found.c.ptce_id, found.c.id)
            .limit(limit).offset(offset))


def other_offers(region: Region, region_id: int | None = None, topic: str | None = None, *,
                 limit: int | None = None, offset: int = 0) -> list[TransferOffer]:
    """Active offers of other regions (read-only browsing for coordinators), ``limit`` from ``offset``,
    by region, PTCE name and offer.

    Read in that order through ``ix_ptce_region_name`` and ``ix_transfer_offer_ptce_active``, up to
    the page's end: ``region_id != ?`` bounds no index range, so the other regions are the ranges
    below and above the region's id (or the one region asked for), each cut at the page's end. The
    read is the page's, not every active offer's (issue 20).
    """
    if region_id == region.id:
        return []  # the region's own offers are not « other regions' »
    return list(db.session.scalars(_other_offers_statement(region.id, region_id, topic, limit, offset)))


@functools.lru_cache(maxsize=256)
def _other_offers_statement(own_id: int, region_id: int | None, topic: str | None, limit: int | None, offset: int):
    """``other_offers``' statement, built once per region, filters and page (its values are fixed)."""
    ranges = [Ptce.region_id == region_id] if region_id else [Ptce.region_id < own_id, Ptce.region_id > own_id]
    columns = (TransferOffer.id.label("offer_id"), Ptce.region_id, Ptce.name, Ptce.id.label("ptce_id"))
    parts = []
    for bound in ranges:
        part = (sa.select(*columns).join(Ptce, Ptce.id == TransferOffer.ptce_id)
                .where(bound, TransferOffer.active.is_(True))
                .order_by(Ptce.region_id, Ptce.name, Ptce.id, TransferOffer.id))
        if topic:
            part = part.where(TransferOffer.topic == topic)
        parts.append(part if limit is None else part.limit(offset + limit))
    found = sa.union_all(*(sa.select(*p.subquery().c) for p in parts)).subquery()
    return (sa.select(TransferOffer).join(found, found.c.offer_id == TransferOffer.id)
            .order_by(found.c.region_id, found.c.name, found.c.ptce_id, found.c.offer_id).limit(limit).offset(offset))


@dataclass(slots=True)
class ListedCycle:
    """A cycle as the overview lists it: its columns, its mentor's and mentees' names and regions."""

    id: int
    title: str
    status: CycleStatus
    region_id: int
    topics: list[str]
    mentor_name: str
    mentor_region_id: int
    mentees: list[tuple[str, int]] = field(default_factory=list)  # (name, region id), by name

    @property
    def cross_region(self) -> bool:  # as TransferCycle.cross_region
        return len({self.region_id, self.mentor_region_id, *(region_id for _, region_id in self.mentees)}) > 1


@functools.lru_cache(maxsize=256)
def cycles_statement(region_id: int, limit: int, offset: int) -> sa.Select:
    """A page of the cycles involving the region (``region_cycles``), built once per region and page: a
    range of ``ix_transfer_cycle_region_order`` read in the list's order up to the page's end
    (``involvement`` keeps the rows), each cycle with its mentor and, as one JSON text, its mentees'
    names and regions by name (``kept_lists.json_rows_sorted``): every value a line shows in one row, so
    that the overview keeps its page under them (``kept_lists``)."""
    mentor, mentee = aliased(Ptce), aliased(Ptce)
    by_name = (sa.select(mentee.name, mentee.region_id)
               .join(cycle_mentee, cycle_mentee.c.ptce_id == mentee.id)
               .where(cycle_mentee.c.cycle_id == TransferCycle.id).order_by(mentee.name)
               .correlate(TransferCycle).subquery("by_name"))
    mentees = sa.select(kept_lists.as_text(kept_lists.json_rows_sorted(by_name.c.name, *by_name.c))).scalar_subquery()
    return (sa.select(TransferCycle.id, TransferCycle.title, TransferCycle.status, TransferCycle.region_id,
                      TransferCycle.topics, mentor.name, mentor.region_id, mentees.label("mentees"))
            .select_from(CycleRegion)
            .join(TransferCycle, TransferCycle.id == CycleRegion.cycle_id)
            .join(mentor, mentor.id == TransferCycle.mentor_id)
            .where(CycleRegion.region_id == region_id)
            .order_by(CycleRegion.rank, CycleRegion.created_at.desc(), CycleRegion.cycle_id)
            .limit(limit).offset(offset))


def listed_cycles(rows) -> list[ListedCycle]:
    """``cycles_statement``'s rows as the overview lists them (the mentees decoded from their JSON text)."""
    return [ListedCycle(*row[:7], [(name, region_id) for name, region_id in json.loads(row.mentees or "[]")])
            for row in rows]


def region_cycles(region: Region, *, limit: int, offset: int = 0) -> list[ListedCycle]:
    """The cycles involving the region, live ones first, ``limit`` of them from ``offset``, through Core:
    one statement (on the session's connection: a select of columns needs none of the ORM's row loading)."""
    return listed_cycles(db.session.connection().execute(cycles_statement(region.id, limit, offset)))
