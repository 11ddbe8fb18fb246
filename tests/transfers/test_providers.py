"""Provider modules: personal agenda sources, the region home section, idempotent demo data."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from cellule.blueprints.transfers import agenda, session_services
from cellule.blueprints.transfers.models import CycleStatus, TransferCycle, TransferNeed, TransferOffer
from cellule.blueprints.transfers.session_models import SessionMode, TransferSession
from cellule.database import utcnow
from cellule.extensions import db


def _session(app, cycle, attendees, title="Séance", days=3):
    with app.test_request_context():
        session = session_services.save_session(
            cycle, None, title=title, starts_at=utcnow() + timedelta(days=days),
            ends_at=utcnow() + timedelta(days=days, hours=2), mode=SessionMode.ONLINE, address=None,
            online_url="https://visio.example.org/s", attendees=attendees)
    db.session.commit()
    return session


def test_personal_sources_are_the_sessions_a_person_attends(app, world, make_cycle):
    cycle = make_cycle("active")
    first = _session(app, cycle, [world.mentee_referent, world.mentor_referent])
    second = _session(app, cycle, [world.mentor_referent], title="Autre")
    assert agenda.personal_sources(world.mentor_referent) == [("transfer_session", first.id),
                                                              ("transfer_session", second.id)]
    assert agenda.personal_sources(world.mentee_referent) == [("transfer_session", first.id)]
    assert agenda.personal_sources(world.mentee_member) == []


def test_region_home_shows_live_cycles_and_next_sessions_to_the_region_only(app, client, world, as_user,
                                                                           make_cycle):
    cycle = make_cycle("active")
    make_cycle("proposed", title="En attente")
    _session(app, cycle, [world.mentee_referent], title="Prochaine séance de gouvernance")
    as_user(world.bystander)
    page = client.get("/hauts-de-france/").get_data(as_text=True)
    assert "1 cycle en cours" in page and "1 en préparation." in page
    assert "Prochaine séance de gouvernance" in page
    client.post("/deconnexion")
    assert "Prochaine séance de gouvernance" not in client.get("/hauts-de-france/").get_data(as_text=True)


def test_demo_is_idempotent_and_covers_every_stage(app, runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    counts = [db.session.scalar(sa.select(sa.func.count()).select_from(model))
              for model in (TransferNeed, TransferOffer, TransferCycle, TransferSession)]
    assert runner.invoke(args=["demo"]).exit_code == 0
    db.session.expire_all()
    assert counts == [db.session.scalar(sa.select(sa.func.count()).select_from(model))
                      for model in (TransferNeed, TransferOffer, TransferCycle, TransferSession)]
    cycles = db.session.scalars(sa.select(TransferCycle)).all()
    assert {c.status for c in cycles} >= {CycleStatus.PROPOSED, CycleStatus.ACTIVE, CycleStatus.CLOSED}
    assert any(c.cross_region for c in cycles)
    regions = {rid for c in cycles for rid in c.region_ids}
    slugs = {c.region.slug for c in cycles} | {p.region.slug for c in cycles for p in c.mentees}
    assert {"hauts-de-france", "la-reunion"} <= slugs and len(regions) >= 2
    closed = next(c for c in cycles if c.status is CycleStatus.CLOSED)
    assert len(closed.assessments) == 2
    active = [c for c in cycles if c.status is CycleStatus.ACTIVE]
    assert any(s.minutes and s.actions for c in active for s in c.sessions)
    assert any(s.starts_at > utcnow() for c in active for s in c.sessions)
