"""A region's visit figures for a period."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from cellule.blueprints.auth.models import Role
from cellule.blueprints.visits.figures import region_figures
from cellule.blueprints.visits.models import RegistrationStatus, Feedback, Registration
from cellule.extensions import db


def test_region_figures(make_visit, make_user, make_ptce, region, host):
    start = datetime(2026, 3, 10, 9, 0, tzinfo=timezone.utc)
    held = make_visit(status="held", starts_at=start, ends_at=start + timedelta(hours=3))
    other = make_visit(status="held", starts_at=start + timedelta(days=5), ends_at=start + timedelta(days=5, hours=2))
    make_visit(status="cancelled", starts_at=start, ends_at=start + timedelta(hours=1))
    make_visit(status="held", starts_at=start + timedelta(days=60), ends_at=start + timedelta(days=60, hours=1))
    make_visit(status="held", ptce=make_ptce("bretagne"), starts_at=start, ends_at=start + timedelta(hours=1))
    p1, p2 = make_ptce(), make_ptce()
    people = [make_user("ptce_member", ptce=p) for p in (p1, p1, p2)] + [make_user("partner")]
    rows = [(held, people[0], True, 5), (held, people[1], True, 3), (held, people[3], False, None),
            (other, people[2], True, None), (other, people[0], False, None)]
    for visit, person, present, rating in rows:
        ptce = next((m.ptce for m in person.roles(Role.PTCE_MEMBER)), None)
        reg = Registration(visit=visit, user=person, ptce_id=ptce.id if ptce else None,
                           status=RegistrationStatus.CONFIRMED, attended=present)
        db.session.add(reg)
        if rating:
            db.session.add(Feedback(registration=reg, rating=rating))
    # A cancelled registration counts for nothing.
    db.session.add(Registration(visit=held, user=make_user("ptce_member", ptce=p2),
                                status=RegistrationStatus.CANCELLED))
    db.session.commit()
    figures = region_figures(region("hauts-de-france"), date(2026, 3, 1), date(2026, 3, 31))
    assert figures == {
        "visits_held": 2,
        "visits_registrations": 5,
        "visits_attended": 3,
        "visits_attendance_rate": 0.6,
        "visits_ptce_reached": 2,
        "visits_feedback_count": 2,
        "visits_feedback_rating_avg": 4.0,
    }
    empty = region_figures(region("hauts-de-france"), date(2025, 1, 1), date(2025, 12, 31))
    assert empty["visits_held"] == 0 and empty["visits_attendance_rate"] == 0.0
