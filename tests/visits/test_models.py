"""Lifecycles: every illegal move raises and changes nothing."""
from __future__ import annotations

from datetime import timedelta

import pytest

from cellule.blueprints.visits.models import (IllegalTransition, Registration, RegistrationStatus,
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
    RegistrationStatus.CONFIRMED: {RegistrationStatus.CANCELLED},
    RegistrationStatus.WAITLISTED: {RegistrationStatus.OFFERED, RegistrationStatus.CANCELLED},
    RegistrationStatus.OFFERED: {RegistrationStatus.CONFIRMED, RegistrationStatus.DECLINED,
                                 RegistrationStatus.EXPIRED, RegistrationStatus.CANCELLED},
    RegistrationStatus.CANCELLED: {RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED},
    RegistrationStatus.DECLINED: {RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED},
    RegistrationStatus.EXPIRED: {RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED},
}


@pytest.mark.parametrize("source", list(RegistrationStatus))
@pytest.mark.parametrize("target", list(RegistrationStatus))
def test_registration_moves(source, target):
    reg = Registration(status=source, waitlist_position=3)
    if target in LEGAL[source]:
        reg.move(target)
        assert reg.status is target
        waiting = target in (RegistrationStatus.WAITLISTED, RegistrationStatus.OFFERED)
        assert (reg.waitlist_position is not None) == waiting
    else:
        with pytest.raises(IllegalTransition):
            reg.move(target)
        assert reg.status is source
