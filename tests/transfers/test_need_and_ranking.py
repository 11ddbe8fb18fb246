"""A closed need offers no proposal; the mentor ranking counts the mentees' assessment, once per cycle."""
from __future__ import annotations

import sqlalchemy as sa

from cellule.blueprints.transfers import services
from cellule.blueprints.transfers.models import NeedStatus, TransferCycle, TransferOffer
from cellule.extensions import db

BASE = "/hauts-de-france/transferts"


def _offer(world):
    db.session.add(TransferOffer(ptce=world.mentor, topic="governance", description="Statuts",
                                 capacity_per_year=3, active=True))
    db.session.commit()


def test_a_closed_need_offers_no_cycle(client, world, as_user):
    _offer(world)
    need = services.save_need(None, ptce=world.mentee, topic="governance", sector=None, description="Aide")
    db.session.commit()
    as_user(world.coordinator)
    assert "Proposer un cycle" in client.get(f"{BASE}/besoins/{need.id}").get_data(as_text=True)
    need.status = NeedStatus.CLOSED
    db.session.commit()
    page = client.get(f"{BASE}/besoins/{need.id}").get_data(as_text=True)
    assert "Proposer un cycle" not in page and "Ce besoin est clos" in page
    response = client.post(f"{BASE}/besoins/{need.id}/proposer", data={
        "mentors": [world.mentor.id], "title": "T", "goals": "G", "planned_sessions": "3"}, follow_redirects=True)
    assert "Ce besoin est clos" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TransferCycle)) == 0


def test_ranking_counts_the_mentee_side_once_per_cycle(app, world, make_cycle):
    _offer(world)
    cycle = make_cycle("closed")
    with app.test_request_context():
        services.assess(cycle, world.mentor_referent, goals_met=5, transferred="", hours=3)
        services.assess(cycle, world.mentee_referent, goals_met=2, transferred="", hours=3)
    db.session.commit()
    need = services.save_need(None, ptce=world.mentee, topic="governance", sector=None, description="Encore")
    db.session.commit()
    [ranked] = [r for r in services.candidates_for(need) if r.candidate.ptce_id == world.mentor.id]
    assert ranked.candidate.past_scores == (2,)  # the mentees' 2/5, not the mentor's own 5/5
    [factor] = [f for f in ranked.factors if f.code == "assessments"]
    assert "sur 1 évaluation passée" in str(factor.explanation) and "2,0/5" in str(factor.explanation)
