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

def _visit(w):
    """A published visit hosted by region A's PTCE, closed to other regions."""
    if "visit" not in w.extra:
        from cellule.blueprints.visits.models import Visit, VisitStatus
        from cellule.database import utcnow
        from cellule.extensions import db

        start = utcnow() + timedelta(days=12)
        visit = Visit(region_id=w.ptce_a.region_id, host_ptce_id=w.ptce_a.id, title="Visite A",
                      starts_at=start, ends_at=start + timedelta(hours=3), address="Lille", capacity=5,
                      status=VisitStatus.PUBLISHED, sectors=[], topics=[], programme="")
        db.session.add(visit)
        db.session.flush()
        w.extra["visit"] = visit
    return w.extra["visit"]


def _registration(w):
    from cellule.blueprints.visits import seats

    reg, _ = seats.register(_visit(w).id, w.member_a)
    return reg


SAMPLES = {
    "slug": lambda w: w.ptce_a.slug,
    "membership_id": lambda w: w.member_a.memberships[0].id,
    "user_id": lambda w: w.member_a.id,
    "token": lambda w: "not-a-valid-token",
    "code": lambda w: "fr",
    "fmt": lambda w: "csv",
    "event_id": lambda w: _event(w).id,
    "visit_id": lambda w: _visit(w).id,
    "registration_id": lambda w: _registration(w).id,
    "action": lambda w: "publier",
    "answer": lambda w: "accepter",
}

# Endpoints that people of another region may legitimately reach in region A,
# each with the reason. Everything else answers them 404.
OPEN_TO_OTHER_REGIONS: dict[str, str] = {
    "visits.register": "visits may open seats to other regions' PTCE (eligibility refuses otherwise, "
                       "with a message and nothing written)",
    "visits.register_colleague": "a referent of another region's PTCE registers colleagues when the "
                                 "visit is open to other regions (refused otherwise, nothing written)",
}

# Endpoints outside region workspaces that any signed-in person may use (their own data).
PERSONAL = {"auth.profile", "auth.logout", "auth.two_factor_settings", "auth.two_factor_new_codes",
            "auth.two_factor_disable", "privacy.my_data", "privacy.export_json", "privacy.export_csv", "privacy.consent",
            "privacy.delete_account", "calendar.regenerate_token", "core.save_language"}

# Tables that record requests themselves (refused accesses, sign-ins); walks that
# check "nothing changed" leave them out and check them separately.
LOG_TABLES = {"audit_event"}


def _feature_samples() -> None:
    """Add the samples a feature keeps in its own room, ``tests/<feature>/samples.py``."""
    import importlib

    from cellule.blueprints import FEATURES

    for name in FEATURES:
        try:
            module = importlib.import_module(f"tests.{name}.samples")
        except ModuleNotFoundError as exc:
            if exc.name not in (f"tests.{name}", f"tests.{name}.samples"):
                raise
            continue
        SAMPLES.update(module.SAMPLES)
        OPEN_TO_OTHER_REGIONS.update(getattr(module, "OPEN_TO_OTHER_REGIONS", {}))
        PERSONAL.update(getattr(module, "PERSONAL", set()))


_feature_samples()
