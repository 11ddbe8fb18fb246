"""Sample URL values for the isolation walk (tests/core/test_isolation.py).

Every URL argument of every route needs a sample here, built in region A
(Hauts-de-France). A feature that adds a route with a new argument adds one
line: ``"visit_id": lambda w: make_visit(w).id``. ``w`` is the walk's World.
"""
from __future__ import annotations

from datetime import timedelta


def _event(w):
    """A members-only regional meeting of region A."""
    from cellule.blueprints.calendar import services
    from cellule.blueprints.calendar.models import EventKind, Visibility
    from cellule.database import utcnow

    start = utcnow() + timedelta(days=10)
    return services.create_event(region_id=w.ptce_a.region_id, kind=EventKind.REGIONAL_MEETING,
                                  title="Réunion A", starts_at=start, ends_at=start + timedelta(hours=2),
                                  visibility=Visibility.MEMBERS)

SAMPLES = {
    "slug": lambda w: w.ptce_a.slug,
    "membership_id": lambda w: w.member_a.memberships[0].id,
    "user_id": lambda w: w.member_a.id,
    "token": lambda w: "not-a-valid-token",
    "code": lambda w: "fr",
    "fmt": lambda w: "csv",
    "event_id": lambda w: _event(w).id,
}

# Endpoints that people of another region may legitimately reach in region A,
# each with the reason. Everything else answers them 404.
OPEN_TO_OTHER_REGIONS: dict[str, str] = {}

# Endpoints outside region workspaces that any signed-in person may use (their own data).
PERSONAL = {"auth.profile", "auth.logout", "calendar.regenerate_token"}
