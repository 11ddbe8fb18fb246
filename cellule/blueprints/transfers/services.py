"""Needs, offers, matching candidates and the cycle lifecycle. Functions flush, never commit."""
from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import aliased, selectinload

from ...database import utcnow
from ...extensions import db
from ...lifecycle import IllegalTransition
from ..auth.models import Role
from ..directory.models import Ptce, Region
from . import matching, notify
from .models import (LIVE_STATUSES, CycleStatus, NeedStatus, Side, TransferCycle, TransferNeed, TransferOffer,
                     cycle_mentee)
from .session_models import CycleAssessment
from .session_services import cancel_session


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
    return list(db.session.execute(_need_rows(region.id, _sees_only(region, user), limit, offset)))


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
    return list(db.session.execute(_offer_rows(region.id, sees_only, limit, offset)))


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
    """``region_cycles``' statement, built once (its region, limit and offset are bound parameters):
    building it, with an alias and a union, cost more than running it."""
    order = sa.case({s.value: i for i, s in enumerate(CycleStatus)}, value=TransferCycle.status)
    mentor = aliased(Ptce)  # apart from the ptce of ids_of_region's selects
    return (sa.select(TransferCycle.id, TransferCycle.title, TransferCycle.status, TransferCycle.region_id,
                      TransferCycle.topics, mentor.name, mentor.region_id)
            .join(mentor, mentor.id == TransferCycle.mentor_id)
            .where(TransferCycle.id.in_(TransferCycle.ids_of_region(sa.bindparam("region_id"))))
            .order_by(order, TransferCycle.created_at.desc(), TransferCycle.id)
            .limit(sa.bindparam("limit")).offset(sa.bindparam("offset")))


def region_cycles(region: Region, *, limit: int, offset: int = 0) -> list[ListedCycle]:
    """The cycles involving the region, live ones first, ``limit`` of them from ``offset``, through Core:
    one statement for the page's cycles with their mentor, one (IN) for their mentees."""
    cycles = [ListedCycle(*row) for row in db.session.execute(
        _cycles_page(), {"region_id": region.id, "limit": limit, "offset": offset})]
    if cycles:
        by_id = {cycle.id: cycle for cycle in cycles}
        for cycle_id, name, region_id in db.session.execute(
                sa.select(cycle_mentee.c.cycle_id, Ptce.name, Ptce.region_id)
                .join(Ptce, Ptce.id == cycle_mentee.c.ptce_id)
                .where(cycle_mentee.c.cycle_id.in_(list(by_id))).order_by(Ptce.name)):
            by_id[cycle_id].mentees.append((name, region_id))
    return cycles


def lock_cycle(cycle: TransferCycle) -> None:
    """Reload the cycle under a row lock (PostgreSQL) so two people acting at once are serialised:
    both referents accepting at the same moment must still end with an accepted cycle."""
    db.session.refresh(cycle, with_for_update=True)
    db.session.expire(cycle, ["assessments", "sessions"])


# -- needs and offers ----------------------------------------------------------
def save_need(need: TransferNeed | None, *, ptce: Ptce, topic: str, sector: str | None,
              description: str, status: NeedStatus = NeedStatus.OPEN, by=None) -> TransferNeed:
    if need is None:
        need = TransferNeed(created_by_id=getattr(by, "id", None))
        db.session.add(need)
    need.ptce, need.topic, need.description, need.status = ptce, topic, description, status
    need.sector = sector if topic == "sector" else None
    db.session.flush()
    return need


def save_offer(offer: TransferOffer | None, *, ptce: Ptce, topic: str, sector: str | None,
               description: str, capacity_per_year: int, active: bool = True, by=None) -> TransferOffer:
    if offer is None:
        offer = TransferOffer(created_by_id=getattr(by, "id", None))
        db.session.add(offer)
    offer.ptce, offer.topic, offer.description = ptce, topic, description
    offer.sector = sector if topic == "sector" else None
    offer.capacity_per_year, offer.active = capacity_per_year, active
    db.session.flush()
    return offer


# -- matching ------------------------------------------------------------------
def candidates_for(need: TransferNeed) -> list[matching.Ranked]:
    """Rank every PTCE with an active offer on the need's topic, in three queries."""
    offers = list(db.session.scalars(
        sa.select(TransferOffer).where(TransferOffer.topic == need.topic, TransferOffer.active.is_(True))
        .options(selectinload(TransferOffer.ptce).selectinload(Ptce.sector_rows))))
    by_ptce: dict[int, list[TransferOffer]] = defaultdict(list)
    for offer in offers:
        by_ptce[offer.ptce_id].append(offer)
    ids = list(by_ptce)
    live = dict(db.session.execute(
        sa.select(TransferCycle.mentor_id, sa.func.count()).where(
            TransferCycle.mentor_id.in_(ids or [-1]), TransferCycle.status.in_(LIVE_STATUSES))
        .group_by(TransferCycle.mentor_id)).all())
    scores: dict[int, list[int]] = defaultdict(list)
    for mentor_id, goals in db.session.execute(
            # The mentees judge the mentoring; the mentor's own view of the cycle is not a rating of
            # itself. One mentee assessment per cycle (unique per side), so one score per cycle.
            sa.select(TransferCycle.mentor_id, CycleAssessment.goals_met).join(CycleAssessment)
            .where(TransferCycle.mentor_id.in_(ids or [-1]), TransferCycle.status == CycleStatus.CLOSED,
                   CycleAssessment.side == Side.MENTEE)
            .order_by(CycleAssessment.id)):
        scores[mentor_id].append(goals)
    ptce = need.ptce
    seeker = matching.Seeker(ptce.id, ptce.region_id, ptce.department_code, tuple(ptce.sectors),
                             need.topic, need.sector)
    candidates = [matching.Candidate(
        p.id, p.name, p.region_id, p.department_code, p.stage, tuple(p.sectors),
        tuple(matching.Offer(o.topic, o.sector, o.capacity_per_year, o.active) for o in group),
        live.get(p.id, 0), tuple(scores.get(p.id, ()))) for p, group in
        ((group[0].ptce, group) for group in by_ptce.values())]
    return matching.rank(seeker, candidates)


# -- cycles --------------------------------------------------------------------
def propose_cycles(need: TransferNeed, mentors: list[Ptce], *, extra_mentees: list[Ptce], title: str,
                   topics: list[str], goals: str, planned_sessions: int, by) -> list[TransferCycle]:
    """One proposal per chosen mentor, the need's PTCE (and any others) as mentees."""
    mentees = [need.ptce] + [p for p in extra_mentees if p.id != need.ptce_id]
    cycles = []
    for mentor in mentors:
        if mentor.id in {p.id for p in mentees}:
            raise IllegalTransition(_l("Un PTCE ne peut pas être à la fois mentor et accompagné."))
        cycle = TransferCycle(region_id=need.ptce.region_id, need=need, mentor=mentor, title=title,
                              topics=list(dict.fromkeys([need.key, *topics])), goals=goals,
                              planned_sessions=planned_sessions, proposed_by_id=by.id,
                              mentees=list(mentees))
        db.session.add(cycle)
        cycles.append(cycle)
    need.status = NeedStatus.MATCHED
    db.session.flush()
    for cycle in cycles:
        notify.cycle_step(cycle, "proposed")
    return cycles


def accept_cycle(cycle: TransferCycle, user) -> Side:
    """A referent accepts for their side (the mentor side first if they hold both)."""
    pending = [s for s in cycle.referent_sides(user)
               if (cycle.mentor_accepted_at if s is Side.MENTOR else cycle.mentee_accepted_at) is None]
    if not pending:
        raise IllegalTransition(_l("Vous n'avez pas de côté à engager pour ce cycle, ou il a déjà accepté."))
    side = pending[0]
    both = cycle.accept(side, user)
    db.session.flush()
    notify.cycle_step(cycle, "accepted" if both else "half_accepted", side=side)
    return side


def start_cycle(cycle: TransferCycle) -> None:
    cycle.start()
    db.session.flush()
    notify.cycle_step(cycle, "active")


def future_sessions(cycle: TransferCycle, now=None) -> list:
    """Sessions still to come and not cancelled: what closing or abandoning the cycle calls off."""
    now = now or utcnow()
    return [s for s in cycle.sessions if s.starts_at > now and not s.cancelled]


def _cancel_future_sessions(cycle: TransferCycle) -> int:
    """Cancel the sessions to come: attendees get METHOD:CANCEL, feeds show them cancelled."""
    sessions = future_sessions(cycle)
    for session in sessions:
        cancel_session(session)
    return len(sessions)


def close_cycle(cycle: TransferCycle) -> int:
    """Close the cycle; its sessions to come are cancelled. Returns how many were."""
    cycle.close()
    if cycle.need is not None and cycle.need.status is NeedStatus.MATCHED:
        cycle.need.status = NeedStatus.CLOSED
    cancelled = _cancel_future_sessions(cycle)
    db.session.flush()
    notify.cycle_step(cycle, "closed")
    return cancelled


def abandon_cycle(cycle: TransferCycle, reason: str) -> int:
    """Call the cycle off; its sessions to come are cancelled. Returns how many were."""
    cycle.abandon(reason)
    need = cycle.need
    if need is not None and need.status is NeedStatus.MATCHED and not db.session.scalar(
            sa.select(sa.func.count()).select_from(TransferCycle).where(
                TransferCycle.need_id == need.id, TransferCycle.id != cycle.id,
                TransferCycle.status.in_(LIVE_STATUSES + (CycleStatus.CLOSED,)))):
        need.status = NeedStatus.OPEN  # the need is waiting for a mentor again
    cancelled = _cancel_future_sessions(cycle)
    db.session.flush()
    notify.cycle_step(cycle, "abandoned")
    return cancelled


def assess(cycle: TransferCycle, user, *, goals_met: int, transferred: str, hours: float) -> CycleAssessment:
    """Record the assessment of the person's side (the first side not assessed yet)."""
    done = {a.side for a in cycle.assessments}
    sides = [s for s in cycle.sides_of(user) if s not in done]
    if cycle.status is not CycleStatus.CLOSED or not sides:
        raise IllegalTransition(_l("Ce cycle n'attend pas d'évaluation de votre part."))
    if not 0 <= goals_met <= 5 or hours < 0:
        raise ValueError("goals_met must be 0–5 and hours positive")
    assessment = CycleAssessment(cycle=cycle, side=sides[0], goals_met=goals_met,
                                 transferred=transferred, hours=hours, author_id=user.id)
    db.session.add(assessment)
    db.session.flush()
    return assessment

