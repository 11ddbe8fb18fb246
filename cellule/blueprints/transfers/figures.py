"""Transfer figures of a region for a period, forwarded by data collection.

A cycle involving several regions counts once in each of them. Definitions:

* ``transfers_cycles_proposed`` — proposals made in the period;
* ``transfers_cycles_opened`` — cycles that started (became active) in the period;
* ``transfers_cycles_active`` — cycles active at some point of the period;
* ``transfers_cycles_closed`` / ``transfers_cycles_abandoned`` — ended in the period;
* ``transfers_sessions_held`` — sessions not cancelled that ended in the period (and before now);
* ``transfers_session_hours`` — their total duration;
* ``transfers_hours`` — hours spent declared in the assessments of cycles closed in the period;
* ``transfers_topics_covered`` — distinct topics of the cycles active in the period;
* ``transfers_assessments`` / ``transfers_assessment_mean`` — assessments of cycles closed in the
  period and their mean goals-met score (0–5; 0.0 when there is none, see the count).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa

from ...database import utcnow
from ...extensions import db
from ...localtime import start_of_day
from .models import TransferCycle
from .session_models import CycleAssessment, TransferSession


def _bounds(region, start: date, end: date) -> tuple[datetime, datetime]:
    """The period, inclusive of both dates, in the region's time zone, as UTC instants."""
    return start_of_day(start, region), start_of_day(end + timedelta(days=1), region)


def _count(*where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(TransferCycle).where(*where))


def region_figures(region, start: date, end: date) -> dict[str, int | float]:
    lower, upper = _bounds(region, start, end)
    mine = TransferCycle.of_region(region.id)

    def within(column):
        return sa.and_(column >= lower, column < upper)

    ended = sa.func.coalesce(TransferCycle.closed_at, TransferCycle.abandoned_at)
    active_in_period = sa.and_(mine, TransferCycle.started_at < upper,
                               sa.or_(ended.is_(None), ended >= lower))
    topics = set()
    for keys in db.session.scalars(sa.select(TransferCycle.topics).where(active_in_period)):
        topics.update(keys or [])
    sessions = db.session.execute(
        sa.select(TransferSession.starts_at, TransferSession.ends_at).join(TransferSession.cycle)
        .where(mine, TransferSession.cancelled_at.is_(None), within(TransferSession.ends_at),
               TransferSession.ends_at <= utcnow())).all()
    count, mean, hours = db.session.execute(
        sa.select(sa.func.count(CycleAssessment.id), sa.func.avg(CycleAssessment.goals_met),
                  sa.func.coalesce(sa.func.sum(CycleAssessment.hours), 0))
        .join(CycleAssessment.cycle).where(mine, within(TransferCycle.closed_at))).one()
    return {
        "transfers_cycles_proposed": _count(mine, within(TransferCycle.created_at)),
        "transfers_cycles_opened": _count(mine, within(TransferCycle.started_at)),
        "transfers_cycles_active": _count(active_in_period),
        "transfers_cycles_closed": _count(mine, within(TransferCycle.closed_at)),
        "transfers_cycles_abandoned": _count(mine, within(TransferCycle.abandoned_at)),
        "transfers_sessions_held": len(sessions),
        "transfers_session_hours": round(sum((e - s).total_seconds() for s, e in sessions) / 3600, 2),
        "transfers_hours": round(float(hours), 2),
        "transfers_topics_covered": len(topics),
        "transfers_assessments": int(count),
        "transfers_assessment_mean": round(float(mean), 2) if count else 0.0,
    }
