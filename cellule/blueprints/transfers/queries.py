"""What the peer-transfer pages read: the PTCE a person may declare for, the overview's cycles, needs
and offers a page at a time, the other regions' offers. Rows through Core where a list shows them
(``overview_lines.OverviewWriter`` writes them); each statement built once per region, viewer's scope and
page (building one cost about as much as running it). The writes are ``services``'."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import aliased

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


def region_offers(region: Region, user=None, *, limit: int | None = None, offset: int = 0) -> list[sa.Row]:
    """Offers of the region's PTCE, active first, ``limit`` of them from ``offset``, through Core with what
    the overview's line shows: ``id, ptce_id, topic, sector, description, capacity_per_year, active, ptce_name``."""
    sees_only = None if user is None else _sees_only(region, user)
    return db.session.connection().execute(_offer_rows(region.id, sees_only, limit, offset)).all()


@functools.lru_cache(maxsize=256)
def _offer_rows(region_id: int, sees_only: tuple[int, ...] | None, limit: int | None, offset: int):
    query = (sa.select(TransferOffer.id, TransferOffer.ptce_id, TransferOffer.topic, TransferOffer.sector,
                       TransferOffer.description, TransferOffer.capacity_per_year, TransferOffer.active,
                       Ptce.name.label("ptce_name"))
             .join(TransferOffer.ptce).where(Ptce.region_id == region_id)
             .order_by(TransferOffer.active.desc(), Ptce.name, TransferOffer.id))
    if sees_only is not None:  # others' inactive offers are not shown
        query = query.where(sa.or_(TransferOffer.active.is_(True), TransferOffer.ptce_id.in_(sees_only)))
    return query.limit(limit).offset(offset)


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


@functools.cache
def _cycles_page() -> sa.Select:
    """``region_cycles``' statement, built once (its region, limit and offset are bound parameters): a
    range of ``ix_transfer_cycle_region_order`` read in the list's order up to the page's end
    (``involvement`` keeps the rows), each cycle with its mentor."""
    mentor = aliased(Ptce)
    return (sa.select(TransferCycle.id, TransferCycle.title, TransferCycle.status, TransferCycle.region_id,
                      TransferCycle.topics, mentor.name, mentor.region_id)
            .select_from(CycleRegion)
            .join(TransferCycle, TransferCycle.id == CycleRegion.cycle_id)
            .join(mentor, mentor.id == TransferCycle.mentor_id)
            .where(CycleRegion.region_id == sa.bindparam("region_id"))
            .order_by(CycleRegion.rank, CycleRegion.created_at.desc(), CycleRegion.cycle_id)
            .limit(sa.bindparam("limit")).offset(sa.bindparam("offset")))


@functools.cache
def _mentees_of() -> sa.Select:
    """The mentees of a page's cycles (``ids``, an expanding parameter), built once: a statement built per
    request coerces each id again, and a page of cycles holds up to 20."""
    return (sa.select(cycle_mentee.c.cycle_id, Ptce.name, Ptce.region_id)
            .join(Ptce, Ptce.id == cycle_mentee.c.ptce_id)
            .where(cycle_mentee.c.cycle_id.in_(sa.bindparam("ids", expanding=True))).order_by(Ptce.name))


def region_cycles(region: Region, *, limit: int, offset: int = 0) -> list[ListedCycle]:
    """The cycles involving the region, live ones first, ``limit`` of them from ``offset``, through Core:
    one statement for the page's cycles with their mentor, one (IN) for their mentees (on the session's
    connection: a select of columns needs none of the ORM's row loading)."""
    connection = db.session.connection()
    cycles = [ListedCycle(*row) for row in connection.execute(
        _cycles_page(), {"region_id": region.id, "limit": limit, "offset": offset})]
    if cycles:
        by_id = {cycle.id: cycle for cycle in cycles}
        for cycle_id, name, region_id in connection.execute(_mentees_of(), {"ids": list(by_id)}):
            by_id[cycle_id].mentees.append((name, region_id))
    return cycles
