"""Needs, offers, matching candidates and the cycle lifecycle (what the pages read is ``queries``').
Functions flush, never commit."""
from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from ...database import utcnow
from ...extensions import db
from ...lifecycle import IllegalTransition
from ..directory.models import Ptce
from . import matching, notify
from .models import LIVE_STATUSES, CycleStatus, NeedStatus, Side, TransferCycle, TransferNeed, TransferOffer
from .session_models import CycleAssessment
from .session_services import cancel_session


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

