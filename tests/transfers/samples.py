"""Sample URL values of the transfer routes, built in Hauts-de-France.

Shaped like main's ``tests/isolation_samples.py`` SAMPLES (``arg: lambda w: …``
where ``w`` has ``ptce_a`` and ``member_a``), so the lead can merge these
lines there; ``test_isolation.py`` here walks the transfer routes with them.
"""
from __future__ import annotations

from datetime import date, timedelta


def _chain(w):
    """A need, an offer, an active cycle with one session and one action, built once per world."""
    cached = getattr(w, "extra", {}).get("transfers")
    if cached:
        return cached
    from flask import current_app

    from cellule.blueprints.directory.models import Ptce
    from cellule.blueprints.directory.reference import Stage
    from cellule.blueprints.transfers import services, session_services
    from cellule.blueprints.transfers.models import Side
    from cellule.blueprints.transfers.session_models import SessionMode
    from cellule.database import utcnow
    from cellule.extensions import db

    mentor = Ptce(name="Mentor échantillon", slug="mentor-echantillon", region=w.ptce_a.region,
                  department_code="59", siret="90000999000019", stage=Stage.CONSOLIDATED)
    db.session.add(mentor)
    with current_app.test_request_context():
        need = services.save_need(None, ptce=w.ptce_a, topic="governance", sector=None, description="x")
        offer = services.save_offer(None, ptce=mentor, topic="governance", sector=None, description="x",
                                    capacity_per_year=1)
        cycle, = services.propose_cycles(need, [mentor], extra_mentees=[], title="Échantillon", topics=[],
                                         goals="x", planned_sessions=1, by=w.member_a)
        cycle.accept(Side.MENTOR, w.member_a)
        cycle.accept(Side.MENTEE, w.member_a)
        session = session_services.save_session(
            cycle, None, title="Séance", starts_at=utcnow() + timedelta(days=1),
            ends_at=utcnow() + timedelta(days=1, hours=1), mode=SessionMode.ON_SITE, address="Lille",
            online_url=None, attendees=[w.member_a])
        action = session_services.add_action(session, title="x", owner=w.member_a, due_on=date.today())
    chain = {"need_id": need.id, "offer_id": offer.id, "cycle_id": cycle.id, "session_id": session.id,
             "action_id": action.id}
    if hasattr(w, "extra"):
        w.extra["transfers"] = chain
    return chain


# the objects of the chain, built once per walk
SAMPLES = {key: (lambda w, key=key: _chain(w)[key])
           for key in ("need_id", "offer_id", "cycle_id", "session_id", "action_id")}
