"""Seats, eligibility, waitlist offers and capacity, through the services."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from cellule.blueprints.directory.reference import Stage
from cellule.blueprints.visits import seats
from cellule.blueprints.visits.models import RegistrationStatus, Registration
from cellule.blueprints.visits.reminders import queue_due
from cellule.database import utcnow
from cellule.extensions import db


def statuses(visit):
    rows = db.session.execute(sa.select(Registration.user_id, Registration.status)
                              .where(Registration.visit_id == visit.id)).all()
    return {uid: status for uid, status in rows}


def test_confirmed_then_waitlisted_with_positions(make_visit, member, register):
    visit = make_visit(capacity=2)
    people = [member() for _ in range(4)]
    regs = [register(visit, p) for p in people]
    assert [r.status for r in regs] == [RegistrationStatus.CONFIRMED, RegistrationStatus.CONFIRMED,
                                        RegistrationStatus.WAITLISTED, RegistrationStatus.WAITLISTED]
    assert [seats.waitlist_rank(r) for r in regs[2:]] == [1, 2]
    again, created = seats.register(visit.id, people[0])
    assert not created and again.id == regs[0].id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 4


def test_eligibility_by_audience(make_visit, member, make_user, register):
    visit = make_visit(open_to_members=True, open_to_partners=False, open_to_other_regions=False)
    partner = make_user("partner", region="hauts-de-france")
    foreign = member("bretagne")
    nobody = make_user(None)
    for person in (partner, foreign, nobody):
        with pytest.raises(seats.RegistrationError, match="pas ouverte"):
            seats.register(visit.id, person)
        db.session.rollback()
    open_visit = make_visit(open_to_partners=True, open_to_other_regions=True)
    assert register(open_visit, partner).ptce_id is None
    reg = register(open_visit, foreign)
    assert reg.status is RegistrationStatus.CONFIRMED and reg.ptce.region.slug == "bretagne"


def test_registration_window(make_visit, member):
    person = member()
    draft = make_visit(status="draft")
    later = make_visit(registration_opens_at=utcnow() + timedelta(days=1))
    closed = make_visit(registration_closes_at=utcnow() - timedelta(minutes=1))
    for visit in (draft, later, closed):
        with pytest.raises(seats.RegistrationError, match="pas encore ouvertes|closes|pas ouvertes"):
            seats.register(visit.id, person)
        db.session.rollback()


def test_per_ptce_cap_sends_extra_people_to_waitlist(make_visit, make_ptce, member, register):
    visit = make_visit(capacity=5, per_ptce_cap=2)
    ptce = make_ptce()
    same = [member(ptce=ptce) for _ in range(3)]
    assert [register(visit, p).status for p in same] == [RegistrationStatus.CONFIRMED, RegistrationStatus.CONFIRMED,
                                                         RegistrationStatus.WAITLISTED]
    assert register(visit, member()).status is RegistrationStatus.CONFIRMED  # other PTCE still get seats


def test_reserved_emerging_seats_hold_until_release(make_visit, make_ptce, member, register):
    visit = make_visit(capacity=3, reserved_emerging_seats=2, reserved_until=utcnow() + timedelta(days=2))
    emerging = make_ptce(stage=Stage.EMERGING)
    first, second = member(), member()
    assert register(visit, first).status is RegistrationStatus.CONFIRMED
    waiting = register(visit, second)
    assert waiting.status is RegistrationStatus.WAITLISTED  # the last two seats are held for emerging PTCE
    assert register(visit, member(ptce=emerging)).status is RegistrationStatus.CONFIRMED
    # After the release date the remaining reserved seat is offered to the waitlist.
    later = utcnow() + timedelta(days=3)
    queue_due(later)
    db.session.commit()
    db.session.refresh(waiting)
    assert waiting.status is RegistrationStatus.OFFERED


def test_reserved_seats_released_for_newcomers(make_visit, member, register):
    visit = make_visit(capacity=2, reserved_emerging_seats=2, reserved_until=utcnow() - timedelta(hours=1))
    assert [register(visit, member()).status for _ in range(2)] == [RegistrationStatus.CONFIRMED] * 2


def test_offer_chain_accept_decline_expire(app, make_visit, member, register):
    visit = make_visit(capacity=1)
    holder, a, b, c = (member() for _ in range(4))
    register(visit, holder)
    ra, rb, rc = (register(visit, p) for p in (a, b, c))
    seats.cancel(_reg(visit, holder))
    db.session.commit()
    assert statuses(visit)[a.id] is RegistrationStatus.OFFERED
    offer = _reg(visit, a)
    assert offer.offer_expires_at - utcnow() == pytest.approx(timedelta(hours=48), abs=timedelta(minutes=1))
    seats.decline_offer(offer)
    db.session.commit()
    assert statuses(visit)[a.id] is RegistrationStatus.DECLINED and statuses(visit)[b.id] is RegistrationStatus.OFFERED
    # b lets the offer lapse: the next run passes it to c.
    queue_due(utcnow() + timedelta(hours=49))
    db.session.commit()
    assert statuses(visit)[b.id] is RegistrationStatus.EXPIRED and statuses(visit)[c.id] is RegistrationStatus.OFFERED
    assert not seats.accept_offer(_reg(visit, b))
    db.session.commit()
    assert seats.accept_offer(_reg(visit, c))
    db.session.commit()
    assert statuses(visit)[c.id] is RegistrationStatus.CONFIRMED
    assert _reg(visit, c).waitlist_position is None


def test_expired_offer_cannot_be_accepted_late(make_visit, member, register):
    visit = make_visit(capacity=1)
    holder, a, b = member(), member(), member()
    register(visit, holder)
    register(visit, a)
    register(visit, b)
    seats.cancel(_reg(visit, holder))
    db.session.commit()
    assert not seats.accept_offer(_reg(visit, a), now=utcnow() + timedelta(hours=50))
    db.session.commit()
    assert statuses(visit)[a.id] is RegistrationStatus.EXPIRED and statuses(visit)[b.id] is RegistrationStatus.OFFERED


def test_offers_stop_when_registration_closes(make_visit, member, register):
    visit = make_visit(capacity=1, registration_closes_at=utcnow() + timedelta(hours=1))
    holder, a = member(), member()
    register(visit, holder)
    register(visit, a)
    seats.cancel(_reg(visit, holder), now=utcnow() + timedelta(hours=2))
    db.session.commit()
    assert statuses(visit)[a.id] is RegistrationStatus.WAITLISTED


def test_offer_expiry_capped_at_closing(make_visit, member, register):
    closes = utcnow() + timedelta(hours=5)
    visit = make_visit(capacity=1, registration_closes_at=closes)
    holder, a = member(), member()
    register(visit, holder)
    register(visit, a)
    seats.cancel(_reg(visit, holder))
    db.session.commit()
    assert _reg(visit, a).offer_expires_at == closes


@pytest.mark.parametrize("app", [{"VISITS_OFFER_HOURS": 6}], indirect=True)
def test_offer_hours_configurable(app, make_visit, member, register):
    visit = make_visit(capacity=1)
    holder, a = member(), member()
    register(visit, holder)
    register(visit, a)
    seats.cancel(_reg(visit, holder))
    db.session.commit()
    assert _reg(visit, a).offer_expires_at - utcnow() == pytest.approx(timedelta(hours=6), abs=timedelta(minutes=1))


def test_capacity_rules(make_visit, member, register):
    visit = make_visit(capacity=2)
    people = [member() for _ in range(4)]
    for p in people:
        register(visit, p)
    with pytest.raises(seats.CapacityError, match="au moins 2 places"):
        seats.set_capacity(visit.id, 1)
    db.session.rollback()
    assert visit.capacity == 2
    seats.set_capacity(visit.id, 3)
    db.session.commit()
    assert statuses(visit)[people[2].id] is RegistrationStatus.OFFERED
    assert statuses(visit)[people[3].id] is RegistrationStatus.WAITLISTED
    with pytest.raises(seats.CapacityError):  # the pending offer holds its seat
        seats.set_capacity(visit.id, 2)
    db.session.rollback()


def test_offer_skips_people_blocked_by_their_ptce_cap(make_visit, make_ptce, member, register):
    visit = make_visit(capacity=2, per_ptce_cap=1)
    ptce = make_ptce()
    first, same, other = member(ptce=ptce), member(ptce=ptce), member()
    holder = member()
    register(visit, first)
    register(visit, holder)
    assert register(visit, same).status is RegistrationStatus.WAITLISTED
    assert register(visit, other).status is RegistrationStatus.WAITLISTED
    seats.cancel(_reg(visit, holder))
    db.session.commit()
    assert statuses(visit)[same.id] is RegistrationStatus.WAITLISTED  # still at the PTCE cap
    assert statuses(visit)[other.id] is RegistrationStatus.OFFERED


def test_cancelled_person_may_register_again(make_visit, member, register):
    visit = make_visit(capacity=1)
    person = member()
    reg = register(visit, person)
    seats.cancel(reg)
    db.session.commit()
    again = register(visit, person)
    assert again.id == reg.id and again.status is RegistrationStatus.CONFIRMED


def _reg(visit, user):
    return db.session.scalar(sa.select(Registration).where(Registration.visit_id == visit.id,
                                                           Registration.user_id == user.id))
