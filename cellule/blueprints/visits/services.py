"""Visits: creation, changes, lifecycle, attendance, feedback and the lists pages show.

Functions take objects and values, flush, never commit. Seat changes live in
``seats`` (under the visit lock); this module calls them when capacity moves.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.orm import selectinload

from ...database import utcnow
from ...extensions import db
from ...lifecycle import IllegalTransition
from ..auth.models import Membership, Role, User
from ..calendar.models import EventKind
from ..calendar.services import sync_source
from ..directory.models import Ptce, Region
from . import notify, seats
from .models import ACTIVE, RegistrationStatus, Feedback, Registration, Visit, VisitStatus

EDITABLE = ("host_ptce_id", "title", "sectors", "topics", "programme", "starts_at", "ends_at", "address",
            "online_url", "registration_opens_at", "registration_closes_at", "open_to_members",
            "open_to_partners", "open_to_other_regions", "per_ptce_cap", "reserved_emerging_seats",
            "reserved_until")
# Cleared when a visit is duplicated: a copy is for another day.
DATES = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at", "reserved_until")
# A change to one of these is sent to registrants, with a new SEQUENCE.
TIME_AND_PLACE = ("starts_at", "ends_at", "address", "online_url")


def host_choices(region: Region, user: User) -> list[Ptce]:
    """The PTCE this person may choose as host: any of the region for its managers, else their own."""
    query = sa.select(Ptce).where(Ptce.region_id == region.id).order_by(Ptce.name)
    if not (user.is_council_admin or user.coordinates(region)):
        ids = [m.ptce_id for m in user.roles(Role.PTCE_MEMBER) if m.referent]
        query = query.where(Ptce.id.in_(ids or [-1]))
    return list(db.session.scalars(query))


def create_visit(region: Region, data: dict, by: User) -> Visit:
    visit = Visit(region_id=region.id, created_by_id=by.id, capacity=data.pop("capacity"),
                  status=VisitStatus.DRAFT, **{k: data[k] for k in EDITABLE})
    db.session.add(visit)
    db.session.flush()
    return visit


def update_visit(visit_id: int, data: dict, now: datetime | None = None,
                 expected_version: int | None = None) -> tuple[Visit, bool]:
    """Apply the form; returns the visit and whether time or place changed (registrants told).

    Raises ``seats.CapacityError`` when the new capacity is below the seats given, and
    ``StaleDataError`` when the locked row is no longer at ``expected_version`` (the
    version the form was checked against: someone saved in between).
    """
    now = now or utcnow()
    visit = seats.lock_visit(visit_id)
    if expected_version is not None and visit.version != expected_version:
        raise StaleDataError(f"visit {visit_id} is at version {visit.version}, not {expected_version}")
    moved = any(getattr(visit, key) != data[key] for key in TIME_AND_PLACE)
    new_date = visit.starts_at != data["starts_at"]
    for key in EDITABLE:
        setattr(visit, key, data[key])
    seats.check_capacity(visit, data["capacity"])
    visit.capacity = data["capacity"]
    if moved and visit.status is VisitStatus.PUBLISHED:
        visit.sequence += 1
    if new_date:
        # A reminder sent for the old date says nothing about the new one.
        db.session.execute(sa.update(Registration).where(Registration.visit_id == visit.id)
                           .values(reminder_sent_at=None))
    db.session.flush()
    if visit.status is VisitStatus.PUBLISHED:
        if moved:
            for reg in active_registrations(visit):
                notify.send(reg, "changed")
        seats.process_offers(visit, now)
        sync_calendar(visit)
    return visit, moved and visit.status is VisitStatus.PUBLISHED


def delete_draft(visit: Visit) -> None:
    """Discard a visit that was never published (published ones are cancelled instead)."""
    if visit.status is not VisitStatus.DRAFT:
        raise IllegalTransition(f"visit {visit.id}: only drafts are deleted")
    db.session.delete(visit)
    db.session.flush()


def publish(visit: Visit) -> None:
    visit.publish()
    db.session.flush()
    sync_calendar(visit)


def cancel_visit(visit_id: int) -> int:
    """Call the visit off and tell every registrant (METHOD:CANCEL). Returns how many were told."""
    visit = seats.lock_visit(visit_id)
    visit.cancel()
    db.session.flush()
    told = 0
    for reg in active_registrations(visit):
        notify.send(reg, "visit_cancelled")
        told += 1
    sync_calendar(visit)
    return told


def mark_held(visit: Visit, now: datetime | None = None) -> None:
    visit.mark_held(now or utcnow())
    db.session.flush()


def sync_calendar(visit: Visit) -> None:
    """Keep the visit's calendar entry in step (never for drafts)."""
    if visit.status is VisitStatus.DRAFT:
        return
    sync_source("visit", visit.id, kind=EventKind.VISIT, region_id=visit.region_id, title=visit.title,
                starts_at=visit.starts_at, ends_at=visit.ends_at, description=visit.programme or "",
                location=visit.address, online_url=visit.online_url, url_path=notify.visit_path(visit),
                cancelled=visit.status is VisitStatus.CANCELLED)


# Lists of registrations show each person's name and PTCE, not their roles: the people's
# memberships (selectin by default) load only if asked for, so a list costs one statement.
PEOPLE_LISTED = sa.orm.joinedload(Registration.user).lazyload(User.memberships)


def active_registrations(visit: Visit) -> list[Registration]:
    """The visit's confirmed, offered and waitlisted registrations, in the page's order."""
    return list(db.session.scalars(sa.select(Registration).where(
        Registration.visit_id == visit.id, Registration.status.in_(ACTIVE))
        .order_by(Registration.status, Registration.waitlist_position, Registration.id)
        .options(PEOPLE_LISTED)))


# -- during and after ------------------------------------------------------------
def confirmed_registrations(visit: Visit) -> list[Registration]:
    """The attendance list, by name."""
    return list(db.session.scalars(
        sa.select(Registration).join(Registration.user)
        .where(Registration.visit_id == visit.id, Registration.status == RegistrationStatus.CONFIRMED)
        .order_by(User.name).options(PEOPLE_LISTED)))


def record_attendance(visit: Visit, present_ids: set[int]) -> int:
    """Mark exactly these confirmed registrations as present; returns how many are present."""
    count = 0
    for reg in confirmed_registrations(visit):
        reg.attended = reg.id in present_ids
        count += reg.attended
    db.session.flush()
    return count


def save_feedback(reg: Registration, rating: int, learned: str, will_reuse: str) -> Feedback:
    """Record or replace a present person's feedback."""
    if not (reg.attended and reg.status is RegistrationStatus.CONFIRMED):
        raise PermissionError("feedback is for people marked present")
    fb = reg.feedback or Feedback(registration=reg)
    fb.rating, fb.learned, fb.will_reuse = rating, learned.strip(), will_reuse.strip()
    db.session.add(fb)
    db.session.flush()
    return fb


def feedback_summary(visit: Visit) -> dict:
    """Averages and comments for coordinators and the host (no names)."""
    rows = list(db.session.scalars(sa.select(Feedback).join(Feedback.registration)
                                   .where(Registration.visit_id == visit.id).order_by(Feedback.id)))
    ratings = [f.rating for f in rows]
    return {
        "count": len(rows),
        "average": round(sum(ratings) / len(ratings), 2) if ratings else None,
        "distribution": {n: ratings.count(n) for n in range(5, 0, -1)},
        "learned": [f.learned for f in rows if f.learned],
        "will_reuse": [f.will_reuse for f in rows if f.will_reuse],
    }


def colleagues(ptce: Ptce) -> list[User]:
    """The members of a PTCE a referent may register."""
    return list(db.session.scalars(
        sa.select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.ptce_id == ptce.id, Membership.role == Role.PTCE_MEMBER, User.active)
        .order_by(User.name).options(selectinload(User.memberships))))


def colleague_choices(ptce: Ptce, exclude_id: int | None = None) -> list[tuple[int, str]]:
    """(id, name) of the members a referent may register, in one query (no roles loaded)."""
    return [(uid, name) for uid, name in db.session.execute(
        sa.select(User.id, User.name).join(Membership, Membership.user_id == User.id)
        .where(Membership.ptce_id == ptce.id, Membership.role == Role.PTCE_MEMBER, User.active)
        .order_by(User.name).distinct()) if uid != exclude_id]


def my_places(user: User, visit_ids: list[int]) -> dict[int, RegistrationStatus]:
    """The status of a person's active registrations by visit id, among ``visit_ids`` (a list's page)."""
    rows = db.session.execute(sa.select(Registration.visit_id, Registration.status).where(
        Registration.user_id == user.id, Registration.visit_id.in_(visit_ids)))
    return {visit_id: status for visit_id, status in rows if status in ACTIVE}
