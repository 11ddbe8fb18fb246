"""Who sees what: participants and involved coordinators see minutes and actions, the region sees
that a cycle exists and its topics, foreign people get 404; cross-region cycles show in both regions."""
from __future__ import annotations

from datetime import timedelta

import pytest

from cellule.blueprints.transfers import session_services
from cellule.blueprints.transfers.session_models import SessionMode
from cellule.database import utcnow
from cellule.extensions import db

HDF = "/hauts-de-france/transferts"
RUN = "/la-reunion/transferts"


@pytest.fixture
def cycle_with_session(app, world, make_cycle):
    cycle = make_cycle("active", title="Cycle confidentiel")
    cycle.goals = "Objectif secret"
    with app.test_request_context():
        session = session_services.save_session(
            cycle, None, title="Séance privée", starts_at=utcnow() + timedelta(days=3),
            ends_at=utcnow() + timedelta(days=3, hours=2), mode=SessionMode.ON_SITE, address="Lille",
            online_url=None, attendees=[world.mentee_referent])
        session_services.save_minutes(session, "Compte rendu très privé")
    db.session.commit()
    return cycle, session


def test_participants_and_coordinators_see_everything(client, world, as_user, cycle_with_session, make_user):
    cycle, session = cycle_with_session
    for person in (world.mentee_member, world.mentor_referent, world.coordinator,
                   make_user("council_observer")):
        as_user(person)
        page = client.get(f"{HDF}/cycles/{cycle.id}").get_data(as_text=True)
        assert "Objectif secret" in page and "Séance privée" in page, person.email
        assert "Compte rendu très privé" in client.get(f"{HDF}/cycles/{cycle.id}/seances/{session.id}").get_data(
            as_text=True)


def test_other_members_of_the_region_see_only_existence_and_topics(client, world, as_user, cycle_with_session,
                                                                   make_user):
    cycle, session = cycle_with_session
    for person in (world.bystander, make_user("partner", region="hauts-de-france")):
        as_user(person)
        page = client.get(f"{HDF}/cycles/{cycle.id}").get_data(as_text=True)
        assert "Cycle confidentiel" in page and "Gouvernance" in page
        assert "Objectif secret" not in page and "Séance privée" not in page
        assert client.get(f"{HDF}/cycles/{cycle.id}/seances/{session.id}").status_code == 403
        overview = client.get(f"{HDF}/").get_data(as_text=True)
        assert "Cycle confidentiel" in overview and "Objectif secret" not in overview
        assert client.post(f"{HDF}/cycles/{cycle.id}/seances/{session.id}/compte-rendu",
                           data={"minutes": "vandalisme"}).status_code == 403
    db.session.expire_all()
    assert session.minutes == "Compte rendu très privé"


def test_foreign_people_get_404(client, world, as_user, cycle_with_session):
    cycle, session = cycle_with_session
    for person in (world.foreigner, world.far_referent):
        as_user(person)
        for url in (f"{HDF}/", f"{HDF}/cycles/{cycle.id}", f"{HDF}/cycles/{cycle.id}/seances/{session.id}",
                    f"{HDF}/cycles/{cycle.id}/seances/nouvelle", f"{HDF}/autres-regions"):
            assert client.get(url).status_code == 404, (person.email, url)
    # Seen from a region the cycle does not involve, it does not exist.
    as_user(world.reunion_coordinator)
    assert client.get(f"{RUN}/cycles/{cycle.id}").status_code == 404


def test_needs_are_seen_by_their_ptce_and_coordinators_only(client, world, as_user):
    from cellule.blueprints.transfers import services

    need = services.save_need(None, ptce=world.mentee, topic="hr", sector=None, description="Besoin RH discret")
    db.session.commit()
    as_user(world.bystander)
    assert "Besoin RH discret" not in client.get(f"{HDF}/").get_data(as_text=True)
    assert client.get(f"{HDF}/besoins/{need.id}").status_code == 403
    assert client.get(f"{HDF}/besoins/{need.id}/modifier").status_code == 403
    as_user(world.mentee_member)
    assert client.get(f"{HDF}/besoins/{need.id}").status_code == 200
    assert "PTCE mentors possibles" not in client.get(f"{HDF}/besoins/{need.id}").get_data(as_text=True)
    as_user(world.reunion_coordinator)
    assert client.get(f"{RUN}/besoins/{need.id}").status_code == 404


def test_a_cross_region_cycle_is_seen_from_both_regions(app, client, world, as_user, make_cycle, outbox):
    cycle = make_cycle("proposed", mentees=[world.far_mentee], title="Cycle interrégional")
    # The Réunion referent's email links to their own region's page.
    [message] = outbox(world.far_referent.email)
    assert f"/la-reunion/transferts/cycles/{cycle.id}" in message.body_text
    assert f"/hauts-de-france/transferts/cycles/{cycle.id}" in outbox(world.mentor_referent.email)[0].body_text
    as_user(world.reunion_coordinator)
    assert "Cycle interrégional" in client.get(f"{RUN}/").get_data(as_text=True)
    assert client.get(f"{HDF}/cycles/{cycle.id}").status_code == 404
    as_user(world.coordinator)
    assert "Cycle interrégional" in client.get(f"{HDF}/").get_data(as_text=True)
    as_user(world.far_referent)
    client.post(f"{RUN}/cycles/{cycle.id}/accepter")
    as_user(world.mentor_referent)
    client.post(f"{HDF}/cycles/{cycle.id}/accepter")
    as_user(world.coordinator)
    client.post(f"{HDF}/cycles/{cycle.id}/demarrer")
    db.session.expire_all()
    assert cycle.status.value == "active"
