"""Transfer create forms (need, offer, session, cycle proposal) make one object per form, however often sent."""
from __future__ import annotations

import re

import sqlalchemy as sa

from cellule.blueprints.transfers.models import TransferCycle, TransferNeed, TransferOffer
from cellule.blueprints.transfers.session_models import TransferSession
from cellule.extensions import db

from .test_sessions import BASE, _form

KEY = re.compile(r'name="submission_key" value="([^"]+)"')


def _key(client, path: str) -> str:
    return KEY.search(client.get(path).get_data(as_text=True)).group(1)


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_need_and_offer_forms_sent_twice(client, world, as_user):
    as_user(world.mentee_referent)
    data = {"ptce": world.mentee.id, "topic": "governance", "sector": "", "description": "Écrire nos statuts",
            "status": "open", "submission_key": _key(client, f"{BASE}/besoins/nouveau")}
    assert client.post(f"{BASE}/besoins/nouveau", data=data).status_code == 302
    again = client.post(f"{BASE}/besoins/nouveau", data=data, follow_redirects=True)
    need = db.session.scalar(sa.select(TransferNeed))
    assert _count(TransferNeed) == 1 and again.request.path == f"{BASE}/besoins/{need.id}"
    assert "déjà été envoyé" in again.get_data(as_text=True)
    offer = {"ptce": world.mentee.id, "topic": "governance", "sector": "", "description": "Nos statuts",
             "capacity_per_year": "2",
             "active": "y", "submission_key": _key(client, f"{BASE}/offres/nouvelle")}
    client.post(f"{BASE}/offres/nouvelle", data=offer)
    client.post(f"{BASE}/offres/nouvelle", data=offer)
    assert _count(TransferOffer) == 1


def test_session_form_sent_twice(client, world, as_user, make_cycle, outbox):
    cycle = make_cycle("active")
    as_user(world.mentor_referent)
    path = f"{BASE}/cycles/{cycle.id}/seances/nouvelle"
    data = _form(world, submission_key=_key(client, path))
    client.post(path, data=data)
    again = client.post(path, data=data, follow_redirects=True)
    session = db.session.scalar(sa.select(TransferSession))
    assert _count(TransferSession) == 1
    assert again.request.path == f"{BASE}/cycles/{cycle.id}/seances/{session.id}"
    assert len([m for m in outbox(world.mentee_referent.email) if m.subject.startswith("Invitation")]) == 1


def test_proposal_sent_twice(client, world, as_user):
    from cellule.blueprints.transfers import services

    db.session.add(TransferOffer(ptce=world.mentor, topic="governance", description="x", capacity_per_year=3,
                                 active=True))
    need = services.save_need(None, ptce=world.mentee, topic="governance", sector=None, description="Aide")
    db.session.commit()
    as_user(world.coordinator)
    data = {"mentors": [world.mentor.id], "title": "Gouvernance", "goals": "Une charte", "planned_sessions": "3",
            "submission_key": _key(client, f"{BASE}/besoins/{need.id}")}
    client.post(f"{BASE}/besoins/{need.id}/proposer", data=data)
    again = client.post(f"{BASE}/besoins/{need.id}/proposer", data=data, follow_redirects=True)
    cycle = db.session.scalar(sa.select(TransferCycle))
    assert _count(TransferCycle) == 1 and again.request.path == f"{BASE}/cycles/{cycle.id}"
