"""Transfer fixtures: a small world of PTCE and people in two regions, and helpers to drive cycles."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from cellule.blueprints.directory.reference import Stage
from cellule.extensions import db


@dataclass
class World:
    """Hauts-de-France: a mentee (Lille), a consolidated mentor (Lille); La Réunion: a mentee."""

    hdf: object
    reunion: object
    mentee: object
    mentor: object
    far_mentee: object
    coordinator: object
    reunion_coordinator: object
    mentee_referent: object
    mentee_member: object
    mentor_referent: object
    far_referent: object
    bystander: object  # a member of another PTCE of the region
    foreigner: object  # a coordinator of Bretagne


@pytest.fixture
def world(app, region, make_ptce, make_user) -> World:
    mentee = make_ptce("hauts-de-france", name="Pôle Apprenant", stage=Stage.EMERGING,
                       sectors=["employment", "solidarity"], department_code="59")
    mentor = make_ptce("hauts-de-france", name="Pôle Aguerri", stage=Stage.CONSOLIDATED,
                       sectors=["employment", "energy"], department_code="59")
    other = make_ptce("hauts-de-france", name="Pôle Voisin", department_code="62")
    far = make_ptce("la-reunion", name="Pôle Lointain", stage=Stage.EMERGING, sectors=["employment"])
    return World(
        hdf=region("hauts-de-france"), reunion=region("la-reunion"), mentee=mentee, mentor=mentor,
        far_mentee=far,
        coordinator=make_user("coordinator", region="hauts-de-france", email="coord.hdf@example.org"),
        reunion_coordinator=make_user("coordinator", region="la-reunion", email="coord.run@example.org"),
        mentee_referent=make_user("ptce_member", ptce=mentee, referent=True, email="ref.mentee@example.org"),
        mentee_member=make_user("ptce_member", ptce=mentee, email="membre.mentee@example.org"),
        mentor_referent=make_user("ptce_member", ptce=mentor, referent=True, email="ref.mentor@example.org"),
        far_referent=make_user("ptce_member", ptce=far, referent=True, email="ref.far@example.org"),
        bystander=make_user("ptce_member", ptce=other, email="voisin@example.org"),
        foreigner=make_user("coordinator", region="bretagne", email="coord.bzh@example.org"),
    )


@pytest.fixture
def make_cycle(app, world):
    """Propose a cycle through the services (mentor → mentee) and commit; optionally move it on."""
    from cellule.blueprints.transfers import services

    def make(*args, **kwargs):
        # Services render French emails, which needs a request context (the locale).
        with app.test_request_context():
            return _make(*args, **kwargs)

    def _make(status: str = "proposed", *, mentor=None, mentees=None, topic: str = "governance",
              sector: str | None = None, title: str = "Cycle de test"):
        mentees = mentees or [world.mentee]
        need = services.save_need(None, ptce=mentees[0], topic=topic, sector=sector,
                                  description="Besoin de test")
        mentor_ptce = mentor or world.mentor
        cycle, = services.propose_cycles(need, [mentor_ptce], extra_mentees=mentees[1:], title=title,
                                         topics=[], goals="Objectifs", planned_sessions=2, by=world.coordinator)
        if status in ("accepted", "active", "closed"):
            from cellule.blueprints.transfers.models import Side

            cycle.accept(Side.MENTOR, world.mentor_referent)
            cycle.accept(Side.MENTEE, world.mentee_referent)
        if status in ("active", "closed"):
            cycle.start()
        if status == "closed":
            cycle.close()
        db.session.commit()
        return cycle

    return make


@pytest.fixture
def as_user(auth):
    """Sign a given person in (signing out whoever was in)."""

    def do(user):
        auth.logout()
        response = auth.login(user)
        assert response.status_code == 302
        return user

    return do
