"""Fixtures for learning visits: a host PTCE, visits in any state, people who register."""
from __future__ import annotations

from datetime import timedelta

import pytest

from cellule.database import utcnow
from cellule.extensions import db


@pytest.fixture
def host(app, make_ptce):
    return make_ptce("hauts-de-france", name="Pôle hôte")


@pytest.fixture
def make_visit(app, host):
    """Create and commit a visit: ``make_visit(capacity=10, status="published", days=10, …)``."""
    from cellule.blueprints.visits.models import Visit, VisitStatus
    from cellule.blueprints.visits.services import sync_calendar

    def make(*, days: float = 10, status: str = "published", ptce=None, **fields) -> Visit:
        ptce = ptce or host
        start = utcnow() + timedelta(days=days)
        values = dict(region_id=ptce.region_id, host_ptce_id=ptce.id, title="Visite du pôle",
                      starts_at=start, ends_at=start + timedelta(hours=3), address="1 rue de la Paix, Lille",
                      capacity=10, status=VisitStatus(status), sectors=[], topics=[], programme="")
        values.update(fields)
        visit = Visit(**values)
        db.session.add(visit)
        db.session.flush()
        sync_calendar(visit)
        db.session.commit()
        return visit

    return make


@pytest.fixture
def member(app, make_user, make_ptce):
    """A PTCE member of a fresh PTCE (or of ``ptce``) in ``region``."""

    def make(region: str = "hauts-de-france", ptce=None, **kwargs):
        return make_user("ptce_member", ptce=ptce or make_ptce(region), **kwargs)

    return make


@pytest.fixture
def register(app):
    """Register through the service and commit, as the view does."""
    from cellule.blueprints.visits import seats

    def do(visit, user, **kwargs):
        reg, _created = seats.register(visit.id, user, **kwargs)
        db.session.commit()
        return reg

    return do
