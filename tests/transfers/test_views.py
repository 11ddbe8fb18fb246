"""The pages, through the HTTP client: declaring, matching and proposing, lifecycle buttons, assessment."""
from __future__ import annotations

import sqlalchemy as sa

from cellule.blueprints.transfers.models import CycleStatus, NeedStatus, TransferCycle, TransferNeed, TransferOffer
from cellule.extensions import db

BASE = "/hauts-de-france/transferts"


def test_a_member_declares_a_need_and_an_offer_for_their_own_ptce(client, world, as_user):
    as_user(world.mentee_member)
    response = client.post(f"{BASE}/besoins/nouveau", data={
        "ptce": world.mentee.id, "topic": "sector", "sector": "energy", "description": "Un parc solaire",
        "status": "open"})
    assert response.status_code == 302
    need = db.session.scalar(sa.select(TransferNeed))
    assert (need.ptce_id, need.topic, need.sector, need.status) == (world.mentee.id, "sector", "energy",
                                                                    NeedStatus.OPEN)
    response = client.post(f"{BASE}/offres/nouvelle", data={
        "ptce": world.mentee.id, "topic": "hr", "sector": "energy", "description": "Nos fiches de poste",
        "capacity_per_year": "2", "active": "y"})
    assert response.status_code == 302
    offer = db.session.scalar(sa.select(TransferOffer))
    assert (offer.topic, offer.sector, offer.capacity_per_year, offer.active) == ("hr", None, 2, True)


def test_declaring_checks_the_ptce_and_the_sector(client, world, as_user):
    as_user(world.mentee_member)
    response = client.post(f"{BASE}/besoins/nouveau", data={
        "ptce": world.mentor.id, "topic": "hr", "description": "x", "status": "open"})
    assert response.status_code == 200  # not one of their PTCE: the choice is refused
    response = client.post(f"{BASE}/besoins/nouveau", data={
        "ptce": world.mentee.id, "topic": "sector", "sector": "", "description": "x", "status": "open"})
    assert "Choisissez le secteur" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TransferNeed)) == 0


def test_partners_and_foreigners_cannot_declare(client, world, as_user, make_user):
    as_user(make_user("partner", region="hauts-de-france"))
    assert client.get(f"{BASE}/besoins/nouveau").status_code == 403
    as_user(world.foreigner)
    assert client.get(f"{BASE}/besoins/nouveau").status_code == 404


def test_coordinator_sees_the_ranking_and_proposes_to_two_mentors(client, world, as_user, make_ptce, outbox):
    from cellule.blueprints.directory.reference import Stage
    from cellule.blueprints.transfers import services

    second = make_ptce("bretagne", name="Pôle Breton", stage=Stage.CONSOLIDATED)
    need = services.save_need(None, ptce=world.mentee, topic="governance", sector=None, description="Aide")
    for ptce in (world.mentor, second):
        services.save_offer(None, ptce=ptce, topic="governance", sector=None, description="Gouvernance",
                            capacity_per_year=1)
    db.session.commit()
    as_user(world.coordinator)
    page = client.get(f"{BASE}/besoins/{need.id}").get_data(as_text=True)
    assert page.index("Pôle Aguerri") < page.index("Pôle Breton")  # same department beats other region
    assert "Même département." in page and "Autre région." in page
    response = client.post(f"{BASE}/besoins/{need.id}/proposer", data={
        "mentors": [world.mentor.id, second.id], "title": "Gouvernance", "goals": "Une charte",
        "planned_sessions": "3", "topics": ["hr"]})
    assert response.status_code == 302
    cycles = db.session.scalars(sa.select(TransferCycle).order_by(TransferCycle.id)).all()
    assert [c.mentor_id for c in cycles] == [world.mentor.id, second.id]
    assert all(c.topics == ["governance", "hr"] and c.status is CycleStatus.PROPOSED for c in cycles)
    assert db.session.get(TransferNeed, need.id).status is NeedStatus.MATCHED
    assert len(outbox(world.mentee_referent.email)) == 2
    # Calling one proposal off keeps the need matched: the other one is still live.
    client.post(f"{BASE}/cycles/{cycles[1].id}/abandonner", data={"reason": "Trop loin", "confirm": "1"})
    db.session.expire_all()
    assert db.session.get(TransferNeed, need.id).status is NeedStatus.MATCHED


def test_proposing_refuses_a_ptce_that_is_not_ranked(client, world, as_user):
    from cellule.blueprints.transfers import services

    need = services.save_need(None, ptce=world.mentee, topic="governance", sector=None, description="Aide")
    db.session.commit()
    as_user(world.coordinator)
    response = client.post(f"{BASE}/besoins/{need.id}/proposer", data={
        "mentors": [world.mentor.id], "title": "T", "goals": "G", "planned_sessions": "3"})
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TransferCycle)) == 0
    as_user(world.mentee_referent)
    assert client.post(f"{BASE}/besoins/{need.id}/proposer").status_code == 403


def test_the_lifecycle_through_the_pages(client, world, as_user, make_cycle):
    cycle = make_cycle()
    url = f"{BASE}/cycles/{cycle.id}"
    as_user(world.mentee_member)
    assert client.post(f"{url}/accepter").status_code == 403  # not a referent
    as_user(world.mentee_referent)
    assert "Accepter ce cycle" in client.get(url).get_data(as_text=True)
    client.post(f"{url}/accepter")
    assert "Accepter ce cycle" not in client.get(url).get_data(as_text=True)
    assert client.post(f"{url}/demarrer").status_code == 403  # only coordinators start
    as_user(world.mentor_referent)
    client.post(f"{url}/accepter")
    db.session.expire_all()
    assert db.session.get(TransferCycle, cycle.id).status is CycleStatus.ACCEPTED
    as_user(world.coordinator)
    response = client.post(f"{url}/cloturer", data={"confirm": "1"}, follow_redirects=True)  # not active yet
    assert "Ce cycle est « Accepté » : cette étape n&#39;est pas possible." in response.get_data(as_text=True)
    client.post(f"{url}/demarrer")
    client.post(f"{url}/cloturer", data={"confirm": "1"})
    db.session.expire_all()
    assert db.session.get(TransferCycle, cycle.id).status is CycleStatus.CLOSED
    as_user(world.mentee_member)
    assert client.post(f"{url}/evaluation", data={"goals_met": "7", "transferred": "x", "hours": "2"}
                       ).status_code == 200  # out of range: the form says so
    client.post(f"{url}/evaluation", data={"goals_met": "4", "transferred": "Nos statuts", "hours": "5,5"})
    assert client.get(f"{url}/evaluation").status_code == 403  # their side is done
    db.session.expire_all()
    assessments = db.session.get(TransferCycle, cycle.id).assessments
    assert [(a.side.value, a.goals_met, a.hours) for a in assessments] == [("mentee", 4, 5.5)]


def test_abandon_through_the_page_needs_a_reason(client, world, as_user, make_cycle):
    cycle = make_cycle("accepted")
    as_user(world.mentor_referent)
    page = client.post(f"{BASE}/cycles/{cycle.id}/abandonner", data={"reason": "", "confirm": "1"}).text
    assert "Indiquez la raison de l&#39;abandon" in page
    client.post(f"{BASE}/cycles/{cycle.id}/abandonner", data={"reason": "Changement d'équipe"})  # not confirmed
    db.session.expire_all()
    assert db.session.get(TransferCycle, cycle.id).status is CycleStatus.ACCEPTED
    client.post(f"{BASE}/cycles/{cycle.id}/abandonner", data={"reason": "Changement d'équipe", "confirm": "1"})
    db.session.expire_all()
    assert db.session.get(TransferCycle, cycle.id).abandon_reason == "Changement d'équipe"


def test_other_regions_offers_are_for_coordinators(client, world, as_user):
    from cellule.blueprints.transfers import services

    services.save_offer(None, ptce=world.far_mentee, topic="hr", sector=None, description="Offre réunionnaise",
                        capacity_per_year=1)
    services.save_offer(None, ptce=world.mentor, topic="hr", sector=None, description="Offre locale",
                        capacity_per_year=1)
    db.session.commit()
    as_user(world.coordinator)
    page = client.get(f"{BASE}/autres-regions").get_data(as_text=True)
    assert "Offre réunionnaise" in page and "Offre locale" not in page
    assert "Offre réunionnaise" not in client.get(f"{BASE}/autres-regions?topic=funding").get_data(as_text=True)
    as_user(world.mentee_member)
    assert client.get(f"{BASE}/autres-regions").status_code == 403
