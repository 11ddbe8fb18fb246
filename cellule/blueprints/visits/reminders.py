"""Due work for `flask reminders send`: reminders, offers that expire or come free, feedback requests."""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from ...extensions import db
from . import notify, seats
from .models import RegistrationStatus, Registration, Visit, VisitStatus


def queue_due(now: datetime) -> int:
    """Queue each confirmed person's reminder once, and move the waitlists on. Returns mails queued.

    Offers are processed visit by visit under the visit lock: expired offers
    pass to the next person, and seats released from the emerging-PTCE
    reservation are offered. Each visit is its own transaction, so the lock is
    held briefly and a long run never blocks registrations.
    """
    queued = 0
    visit_ids = db.session.scalars(sa.select(Visit.id).where(
        Visit.status == VisitStatus.PUBLISHED, Visit.starts_at > now - timedelta(days=1))).all()
    for visit_id in visit_ids:
        queued += seats.process_offers(seats.lock_visit(visit_id), now)
        # A batch job, not a request: end each visit's transaction to release its lock.
        db.session.commit()
    horizon = now + timedelta(days=current_app.config.get("VISITS_REMINDER_DAYS", 2))
    due = db.session.scalars(
        sa.select(Registration).join(Registration.visit)
        .where(Visit.status == VisitStatus.PUBLISHED, Visit.starts_at > now, Visit.starts_at <= horizon,
               Registration.status == RegistrationStatus.CONFIRMED, Registration.reminder_sent_at.is_(None))
        .order_by(Registration.id)).all()
    for reg in due:
        notify.send(reg, "reminder")
        reg.reminder_sent_at = now
        queued += 1
    db.session.flush()
    return queued + request_feedback(now)


def request_feedback(now: datetime) -> int:
    """Ask each person marked present at a held visit for their feedback, once, with a link to the form.

    Recorded per registration, so people ticked present later are asked too and
    nobody is asked twice; those who already gave their feedback are not asked.
    """
    due = db.session.scalars(
        sa.select(Registration).join(Registration.visit)
        .where(Visit.status == VisitStatus.HELD, Visit.ends_at <= now,
               Registration.status == RegistrationStatus.CONFIRMED, Registration.attended.is_(True),
               Registration.feedback_requested_at.is_(None), ~Registration.feedback.has())
        .order_by(Registration.id)).all()
    for reg in due:
        notify.send(reg, "feedback_request")
        reg.feedback_requested_at = now
    db.session.flush()
    return len(due)
