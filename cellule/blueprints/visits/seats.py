"""Seats: registration, waitlist and offers, all under one lock on the visit.

Every change that gives or frees a seat starts with :func:`lock_visit`, so two
server processes can never both see the last seat as free. Functions flush,
never commit; the view commits once, which ends the transaction and the lock.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
import sqlalchemy.orm
from flask import current_app
from flask_babel import gettext as _

from ...database import utcnow
from ...extensions import db
from ...l10n import ngettext
from ..auth.models import User
from ..calendar.services import people_changed
from ..directory.models import Ptce
from ..directory.reference import Stage
from . import notify
from .eligibility import (RegistrationError, check_ptce_allowed, closed_reason, eligible_ptce,  # noqa: F401
                          ptce_allowed)
from .locking import lock_visit  # noqa: F401  (callers use seats.lock_visit)
from .messages import FULL, PTCE_CAP, RESERVED
from .models import RegistrationStatus, SEAT_HOLDING, Registration, Visit


@dataclass
class SeatState:
    """Who holds seats right now (confirmed people and pending offers)."""

    taken: int = 0
    emerging_taken: int = 0
    per_ptce: Counter = field(default_factory=Counter)

    def add(self, reg: Registration) -> None:
        self.taken += 1
        self.emerging_taken += reg.emerging
        if reg.ptce_id:
            self.per_ptce[reg.ptce_id] += 1


def seat_state(visit: Visit) -> SeatState:
    state = SeatState()
    rows = db.session.execute(
        sa.select(Registration.emerging, Registration.ptce_id, sa.func.count())
        .where(Registration.visit_id == visit.id, Registration.status.in_(SEAT_HOLDING))
        .group_by(Registration.emerging, Registration.ptce_id))
    for emerging, ptce_id, count in rows:
        state.taken += count
        state.emerging_taken += count if emerging else 0
        if ptce_id:
            state.per_ptce[ptce_id] += count
    return state


def seat_refusal(visit: Visit, state: SeatState, *, emerging: bool, ptce_id: int | None,
                 now: datetime) -> str | None:
    """None when a seat is free for this person, else the reason: FULL, PTCE_CAP or RESERVED."""
    if state.taken >= visit.capacity:
        return FULL
    if visit.per_ptce_cap and ptce_id and state.per_ptce[ptce_id] >= visit.per_ptce_cap:
        return PTCE_CAP
    if not emerging and visit.reserved_active(now):
        held_back = max(0, visit.reserved_emerging_seats - state.emerging_taken)
        if state.taken + held_back >= visit.capacity:
            return RESERVED
    return None


def can_take_seat(visit: Visit, state: SeatState, *, emerging: bool, ptce_id: int | None,
                  now: datetime) -> bool:
    """Whether a seat is free for this person, given the PTCE cap and the reserved seats."""
    return seat_refusal(visit, state, emerging=emerging, ptce_id=ptce_id, now=now) is None


def registration_of(visit: Visit, user: User) -> Registration | None:
    """This person's registration. Its ``user`` is not joined: it is found in the session's
    identity map when read (the signed-in person, attached from the identity cache, whose
    roles a join would load again)."""
    return db.session.scalar(sa.select(Registration).options(sa.orm.lazyload(Registration.user)).where(
        Registration.visit_id == visit.id, Registration.user_id == user.id))


def registration_in(visit: Visit, registration_id: int) -> Registration | None:
    """A registration of this visit (another visit's is not found)."""
    return db.session.scalar(sa.select(Registration).where(
        Registration.id == registration_id, Registration.visit_id == visit.id))


def _next_position(visit: Visit) -> int:
    last = db.session.scalar(sa.select(sa.func.max(Registration.waitlist_position))
                             .where(Registration.visit_id == visit.id))
    return (last or 0) + 1


# -- the one function that hands out seats -----------------------------------------
def register(visit_id: int, user: User, *, ptce: Ptce | None = None, by: User | None = None,
             now: datetime | None = None) -> tuple[Registration, bool]:
    """Register ``user``: confirmed if a seat is free for them, else on the waitlist.

    ``ptce`` is given when a referent registers a colleague of their PTCE;
    otherwise the person's own eligibility decides. Returns the registration
    and whether it is new (False: the person was already registered).
    """
    now = now or utcnow()
    visit = lock_visit(visit_id)
    if not visit.registration_open(now):
        raise RegistrationError(closed_reason(visit, now))
    if ptce is None:
        ok, ptce = eligible_ptce(visit, user)
        if not ok:
            raise RegistrationError(_("Cette visite n'est pas ouverte à votre profil : elle est réservée "
                                      "aux publics choisis par l'organisation."))
    else:
        if not user.member_of(ptce):
            raise RegistrationError(_("Cette personne n'est pas membre de votre PTCE."))
        check_ptce_allowed(visit, ptce)
    existing = registration_of(visit, user)
    if existing is not None and existing.active:
        return existing, False
    process_offers(visit, now)  # people already in line come before newcomers
    emerging = ptce is not None and ptce.stage is Stage.EMERGING
    refusal = seat_refusal(visit, seat_state(visit), emerging=emerging,
                           ptce_id=ptce.id if ptce else None, now=now)
    free = refusal is None
    status = RegistrationStatus.CONFIRMED if free else RegistrationStatus.WAITLISTED
    reg = existing
    if reg is None:
        reg = Registration(visit=visit, user=user, status=status)
        db.session.add(reg)
    else:
        reg.move("confirm" if free else "waitlist")
        reg.attended = False
        reg.reminder_sent_at = None
    reg.ptce_id = ptce.id if ptce else None
    reg.emerging = emerging
    reg.registered_by_id = by.id if by and by.id != user.id else None
    reg.waitlist_position = None if free else _next_position(visit)
    db.session.flush()
    if free:
        people_changed([user.id])  # the visit enters the person's own feed
    notify.send(reg, "confirmed" if free else "waitlisted", position=waitlist_rank(reg), reason=refusal)
    return reg, True


def waitlist_rank(reg: Registration) -> int | None:
    """1 for the first person in line; None when not waiting."""
    if reg.status is not RegistrationStatus.WAITLISTED or reg.waitlist_position is None:
        return None
    ahead = db.session.scalar(sa.select(sa.func.count()).select_from(Registration).where(
        Registration.visit_id == reg.visit_id, Registration.status == RegistrationStatus.WAITLISTED,
        Registration.waitlist_position < reg.waitlist_position))
    return ahead + 1


def waiting_reason(reg: Registration, now: datetime | None = None) -> str | None:
    """Why this person in line has no seat right now (FULL, PTCE_CAP or RESERVED), for messages."""
    if reg.status is not RegistrationStatus.WAITLISTED:
        return None
    return seat_refusal(reg.visit, seat_state(reg.visit), emerging=reg.emerging, ptce_id=reg.ptce_id,
                        now=now or utcnow()) or FULL


def cancel(reg: Registration, now: datetime | None = None, *, by_organiser: bool = False,
           reason: str = "") -> None:
    """The person gives up their seat or place in line (or the organisers withdraw them, with an
    optional reason the mail repeats); the seat goes to the next in line."""
    now = now or utcnow()
    visit = lock_visit(reg.visit_id)
    db.session.refresh(reg)
    if not reg.active:
        return
    if reg.status is RegistrationStatus.CONFIRMED:
        people_changed([reg.user_id])  # the visit leaves the person's own feed
    reg.move("cancel")
    db.session.flush()
    if by_organiser:
        notify.send(reg, "removed", reason=reason.strip())
    else:
        notify.send(reg, "cancelled")
    process_offers(visit, now)


def accept_offer(reg: Registration, now: datetime | None = None) -> bool:
    """Take the offered seat. False when the offer has expired meanwhile (then it passes on)."""
    now = now or utcnow()
    visit = lock_visit(reg.visit_id)
    db.session.refresh(reg)
    if reg.status is not RegistrationStatus.OFFERED:
        return reg.status is RegistrationStatus.CONFIRMED
    if reg.offer_expires_at <= now or now >= visit.starts_at:
        process_offers(visit, now)
        return False
    reg.move("confirm")
    db.session.flush()
    people_changed([reg.user_id])
    notify.send(reg, "confirmed")
    return True


def decline_offer(reg: Registration, now: datetime | None = None) -> None:
    """Refuse the offered seat; it goes to the next eligible person in line."""
    now = now or utcnow()
    visit = lock_visit(reg.visit_id)
    db.session.refresh(reg)
    if reg.status is not RegistrationStatus.OFFERED:
        return
    reg.move("decline")
    db.session.flush()
    notify.send(reg, "declined")
    process_offers(visit, now)


def process_offers(visit: Visit, now: datetime) -> int:
    """Expire overdue offers, then offer each free seat to the first eligible person in line.

    Call with the visit locked. Offers stop once registration closes or the
    visit starts. Returns the number of emails queued (expiries and offers).
    """
    overdue = db.session.scalars(sa.select(Registration).where(
        Registration.visit_id == visit.id, Registration.status == RegistrationStatus.OFFERED,
        Registration.offer_expires_at <= now)).all()
    for reg in overdue:
        reg.move("expire")
        notify.send(reg, "offer_expired")
    db.session.flush()
    if not visit.registration_open(now):
        return len(overdue)
    state = seat_state(visit)
    if state.taken >= visit.capacity:  # the common case under load: nothing to hand out
        return len(overdue)
    limit = visit.registration_closes_at or visit.starts_at
    expires = min(now + timedelta(hours=current_app.config.get("VISITS_OFFER_HOURS", 48)),
                  limit, visit.starts_at)
    offered = len(overdue)
    waiting = db.session.scalars(sa.select(Registration).where(
        Registration.visit_id == visit.id, Registration.status == RegistrationStatus.WAITLISTED)
        .order_by(Registration.waitlist_position)).all()
    for reg in waiting:
        if state.taken >= visit.capacity:
            break
        if can_take_seat(visit, state, emerging=reg.emerging, ptce_id=reg.ptce_id, now=now):
            reg.move("offer")
            reg.offer_expires_at = expires
            state.add(reg)
            offered += 1
            notify.send(reg, "offer")
    db.session.flush()
    return offered


class CapacityError(ValueError):
    """A capacity below the seats already given; the message is French."""


def check_capacity(visit: Visit, capacity: int) -> None:
    """Refuse a capacity below the confirmed seats and pending offers. Call with the visit locked."""
    taken = seat_state(visit).taken
    if capacity < taken:
        raise CapacityError(ngettext(
            "La capacité ne peut pas descendre sous le nombre de places déjà attribuées (%(num)s : "
            "inscriptions confirmées et propositions en cours). Annulez d'abord des inscriptions ou "
            "choisissez au moins %(num)s place.",
            "La capacité ne peut pas descendre sous le nombre de places déjà attribuées (%(num)s : "
            "inscriptions confirmées et propositions en cours). Annulez d'abord des inscriptions ou "
            "choisissez au moins %(num)s places.", taken))
    if visit.reserved_emerging_seats > capacity:
        raise CapacityError(_("Les places réservées aux PTCE émergents ne peuvent pas dépasser la capacité."))


def set_capacity(visit_id: int, capacity: int, now: datetime | None = None) -> Visit:
    """Change the number of seats; raising it offers the new seats to the waitlist."""
    now = now or utcnow()
    visit = lock_visit(visit_id)
    check_capacity(visit, capacity)
    visit.capacity = capacity
    db.session.flush()
    process_offers(visit, now)
    return visit
