"""Lifecycles: every illegal move raises and changes nothing."""
from __future__ import annotations

from datetime import timedelta

import pytest

from cellule.blueprints.visits.models import (RS, IllegalTransition, Registration, RegistrationStatus,
                                              Visit, VisitStatus)
from cellule.database import utcnow


def visit(status: VisitStatus, days: float = 5) -> Visit:
    start = utcnow() + timedelta(days=days)
    return Visit(status=status, starts_at=start, ends_at=start + timedelta(hours=2), sequence=0)


def test_visit_lifecycle_legal_path():
    v = visit(VisitStatus.DRAFT, days=-1)
    v.publish()
    v.mark_held(utcnow())
    assert v.status is VisitStatus.HELD
    w = visit(VisitStatus.DRAFT)
    w.publish()
    w.cancel()
    assert w.status is VisitStatus.CANCELLED and w.sequence == 1


@pytest.mark.parametrize("status, move", [
    (VisitStatus.DRAFT, "cancel"), (VisitStatus.DRAFT, "held"), (VisitStatus.PUBLISHED, "publish"),
    (VisitStatus.CANCELLED, "publish"), (VisitStatus.CANCELLED, "held"), (VisitStatus.CANCELLED, "cancel"),
    (VisitStatus.HELD, "cancel"), (VisitStatus.HELD, "publish"),
])
def test_visit_illegal_moves_raise(status, move):
    v = visit(status, days=-1)
    with pytest.raises(IllegalTransition):
        {"cancel": v.cancel, "publish": v.publish, "held": lambda: v.mark_held(utcnow())}[move]()
    assert v.status is status and v.sequence == 0


def test_visit_cannot_be_held_before_it_starts():
    v = visit(VisitStatus.PUBLISHED, days=1)
    with pytest.raises(IllegalTransition):
        v.mark_held(utcnow())
    assert v.status is VisitStatus.PUBLISHED


LEGAL = {
    RS.CONFIRMED: {RS.CANCELLED},
    RS.WAITLISTED: {RS.OFFERED, RS.CANCELLED},
    RS.OFFERED: {RS.CONFIRMED, RS.DECLINED, RS.EXPIRED, RS.CANCELLED},
    RS.CANCELLED: {RS.CONFIRMED, RS.WAITLISTED},
    RS.DECLINED: {RS.CONFIRMED, RS.WAITLISTED},
    RS.EXPIRED: {RS.CONFIRMED, RS.WAITLISTED},
}


@pytest.mark.parametrize("source", list(RegistrationStatus))
@pytest.mark.parametrize("target", list(RegistrationStatus))
def test_registration_moves(source, target):
    reg = Registration(status=source, waitlist_position=3)
    if target in LEGAL[source]:
        reg.move(target)
        assert reg.status is target
        assert (reg.waitlist_position is not None) == (target in (RS.WAITLISTED, RS.OFFERED))
    else:
        with pytest.raises(IllegalTransition):
            reg.move(target)
        assert reg.status is source
