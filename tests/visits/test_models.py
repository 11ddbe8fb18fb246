"""Lifecycles: every illegal move raises and changes nothing."""
from __future__ import annotations

from datetime import timedelta

import pytest

from cellule.blueprints.visits.models import Registration, RegistrationStatus, Visit, VisitStatus
from cellule.database import utcnow
from cellule.lifecycle import IllegalTransition


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


# The registration lifecycle written as the people live it, independently of the move table:
# (where a registration is, what happens) -> where it goes; every other pair is refused.
C, W, O = "confirmed", "waitlisted", "offered"
EXPECTED = {
    (C, "cancel"): "cancelled", (W, "cancel"): "cancelled", (O, "cancel"): "cancelled",
    (W, "offer"): O, (O, "confirm"): C, (O, "decline"): "declined", (O, "expire"): "expired",
    **{(ended, again): {"confirm": C, "waitlist": W}[again]
       for ended in ("cancelled", "declined", "expired") for again in ("confirm", "waitlist")},
}


@pytest.mark.parametrize("source", list(RegistrationStatus))
@pytest.mark.parametrize("action", ["confirm", "waitlist", "offer", "cancel", "decline", "expire"])
def test_registration_moves(source, action):
    reg = Registration(status=source, waitlist_position=3)
    target = EXPECTED.get((source.value, action))
    if target is not None:
        reg.move(action)
        assert reg.status.value == target
        waiting = target in (W, O)
        assert (reg.waitlist_position is not None) == waiting
    else:
        with pytest.raises(IllegalTransition):
            reg.move(action)
        assert reg.status is source
