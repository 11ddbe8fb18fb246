"""A region's visit figures for a period, for data collection snapshots."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa

from ...extensions import db
from ...localtime import start_of_day
from .models import RegistrationStatus, Feedback, Registration, Visit, VisitStatus


def _bounds(region, start: date, end: date) -> tuple[datetime, datetime]:
    """The period's first and last instants in the region's time zone (end date included)."""
    return start_of_day(start, region), start_of_day(end + timedelta(days=1), region) - timedelta(microseconds=1)


def region_figures(region, start: date, end: date) -> dict[str, int | float]:
    """Visits held between ``start`` and ``end`` (inclusive, region's dates) and what came of them.

    ``visits_registrations`` counts confirmed seats of those visits; the
    attendance rate is present / confirmed; distinct PTCE are those of present
    people (partners have none); averages are over the feedback given.
    """
    first, last = _bounds(region, start, end)
    held = sa.select(Visit.id).where(Visit.region_id == region.id, Visit.status == VisitStatus.HELD,
                                     Visit.starts_at >= first, Visit.starts_at <= last)
    visits = db.session.scalar(sa.select(sa.func.count()).select_from(held.subquery()))
    confirmed = (Registration.visit_id.in_(held), Registration.status == RegistrationStatus.CONFIRMED)
    registrations = db.session.scalar(sa.select(sa.func.count()).select_from(Registration).where(*confirmed))
    present = db.session.scalar(sa.select(sa.func.count()).select_from(Registration)
                                .where(*confirmed, Registration.attended))
    ptce = db.session.scalar(sa.select(sa.func.count(sa.distinct(Registration.ptce_id)))
                             .where(*confirmed, Registration.attended, Registration.ptce_id.is_not(None)))
    feedback_count, rating = db.session.execute(
        sa.select(sa.func.count(Feedback.id), sa.func.avg(Feedback.rating)).join(Feedback.registration)
        .where(*confirmed)).one()
    return {
        "visits_held": visits,
        "visits_registrations": registrations,
        "visits_attended": present,
        "visits_attendance_rate": round(present / registrations, 4) if registrations else 0.0,
        "visits_ptce_reached": ptce,
        "visits_feedback_count": feedback_count,
        "visits_feedback_rating_avg": round(float(rating), 2) if rating is not None else 0.0,
    }
