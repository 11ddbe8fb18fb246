"""When a person cannot get a seat, pages and mails say the true reason."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from cellule.blueprints.directory.reference import Stage
from cellule.blueprints.visits import seats
from cellule.blueprints.visits.models import RegistrationStatus, Registration
from cellule.database import utcnow
from cellule.extensions import db


def _waiting_flash(client, visit, user, auth):
    auth.login(user)
    page = client.post(f"/hauts-de-france/visites/{visit.id}/inscription", follow_redirects=True).text
    reg = db.session.scalar(sa.select(Registration).where(Registration.user_id == user.id))
    assert reg.status is RegistrationStatus.WAITLISTED
    auth.logout()
    return page


def test_full(client, auth, make_visit, member, register, outbox):
    visit = make_visit(capacity=1)
    register(visit, member())
    person = member()
    page = _waiting_flash(client, visit, person, auth)
    assert "La visite est complète. Inscription sur la liste d&#39;attente, en position 1." in page
    assert "La visite est complète." in outbox(person.email)[-1].body_text


def test_cap_per_ptce_is_not_called_full(client, auth, make_visit, make_ptce, member, register, outbox):
    visit = make_visit(capacity=10, per_ptce_cap=1)
    ptce = make_ptce("hauts-de-france")
    register(visit, member(ptce=ptce))  # 1 seat of 10 taken
    colleague = member(ptce=ptce)
    page = _waiting_flash(client, visit, colleague, auth)
    assert "complète" not in page
    assert "Votre PTCE a atteint le nombre maximum de places par PTCE pour cette visite (1)." in page
    assert "nombre maximum de places par PTCE" in outbox(colleague.email)[-1].body_text
    # The visit page says it too, to the person in line.
    auth.login(colleague)
    assert "nombre maximum de places par PTCE" in client.get(f"/hauts-de-france/visites/{visit.id}").text


@pytest.mark.parametrize("season, local", [("winter", "10 janvier 2027 à 18:00"), ("summer", "10 juillet 2027 à 18:00")])
def test_seats_held_for_emerging_ptce_until_a_date(client, auth, make_visit, member, register, outbox, season, local):
    until = datetime(2027, 1, 10, 17, 0, tzinfo=timezone.utc) if season == "winter" \
        else datetime(2027, 7, 10, 16, 0, tzinfo=timezone.utc)
    visit = make_visit(capacity=2, reserved_emerging_seats=1, reserved_until=until,
                       days=(until - utcnow()).days + 5)
    register(visit, member())
    person = member()
    page = _waiting_flash(client, visit, person, auth)
    assert "complète" not in page
    assert f"réservées aux PTCE émergents jusqu&#39;au {local}" in page
    offset = "UTC+01:00" if season == "winter" else "UTC+02:00"
    assert offset in outbox(person.email)[-1].body_text  # the offset of that date, not of today


@pytest.mark.parametrize("opens, shown", [
    (datetime(2027, 3, 1, 8, 0, tzinfo=timezone.utc), "1 mars 2027 à 09:00, heure de Paris (UTC+01:00)"),
    (datetime(2027, 7, 1, 7, 0, tzinfo=timezone.utc), "1 juillet 2027 à 09:00, heure de Paris (UTC+02:00)"),
])
def test_not_yet_open_names_the_opening(client, auth, make_visit, member, opens, shown):
    """The opening is shown with the offset of its own date, whatever today's season."""
    visit = make_visit(registration_opens_at=opens, days=(opens - utcnow()).days + 10)
    person = member()
    auth.login(person)
    page = client.post(f"/hauts-de-france/visites/{visit.id}/inscription", follow_redirects=True).text
    assert f"ne sont pas encore ouvertes : elles ouvrent le {shown}." in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 0
    assert f"elles ouvrent le {shown}" in client.get(f"/hauts-de-france/visites/{visit.id}").text


def test_emerging_member_takes_a_held_seat(make_visit, make_ptce, member, register):
    visit = make_visit(capacity=2, reserved_emerging_seats=1, reserved_until=utcnow() + timedelta(days=3))
    register(visit, member())
    reg = register(visit, member(ptce=make_ptce("hauts-de-france", stage=Stage.EMERGING)))
    assert reg.status is RegistrationStatus.CONFIRMED
    assert seats.waiting_reason(reg) is None
