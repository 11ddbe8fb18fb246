"""Every form that takes a local time (visit, transfer session, agenda event) goes through one rule.

The visit form once took 2027-03-28 02:30–03:15 in Paris (a time that does not exist),
stored it ending before it started, and publishing it answered HTTP 500.
"""
from __future__ import annotations

import html
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from cellule.blueprints.transfers.session_models import TransferSession
from cellule.blueprints.visits.models import Visit
from cellule.extensions import db

UTC = timezone.utc
GAP = ("02:30 n'existe pas le 28/03/2027 en heure de Paris (passage à l'heure d'été) : "
       "choisissez 03:00 ou plus tard.")
TWICE = ("02:30 existe deux fois le 31/10/2027 en heure de Paris (retour à l'heure d'hiver) : "
         "choisissez une heure avant 02:00 ou à partir de 03:00.")


def visit_form(host, start: str, end: str, **more) -> dict:
    data = {"host_ptce_id": host.id, "title": "Visite de nuit", "starts_at": start, "ends_at": end,
            "address": "1 place du Marché", "capacity": "12", "open_to_members": "y",
            "reserved_emerging_seats": "0"}
    data.update(more)
    return data


def _visits() -> list[Visit]:
    return list(db.session.scalars(sa.select(Visit)))


@pytest.mark.parametrize("start, end", [("2027-03-28T02:30", "2027-03-28T03:15"),
                                        ("2027-03-28T02:30", "2027-03-28T04:00")])
def test_visit_form_refuses_a_time_skipped_in_spring(client, login, host, start, end):
    login("coordinator", region="hauts-de-france")
    response = client.post("/hauts-de-france/visites/nouvelle", data=visit_form(host, start, end))
    assert response.status_code == 200
    assert GAP in html.unescape(response.get_data(as_text=True))
    assert _visits() == []


def test_visit_form_refuses_a_time_repeated_in_autumn(client, login, host):
    login("coordinator", region="hauts-de-france")
    response = client.post("/hauts-de-france/visites/nouvelle",
                           data=visit_form(host, "2027-10-31T02:30", "2027-10-31T05:00"))
    assert response.status_code == 200 and TWICE in html.unescape(response.get_data(as_text=True))
    assert _visits() == []


def test_visit_across_the_spring_change_is_stored_and_published(client, login, host, clock):
    clock("2027-03-01T10:00:00+00:00")
    login("coordinator", region="hauts-de-france")
    response = client.post("/hauts-de-france/visites/nouvelle",
                           data=visit_form(host, "2027-03-28T01:30", "2027-03-28T03:15"))
    assert response.status_code == 302
    visit, = _visits()
    assert (visit.starts_at, visit.ends_at) == (datetime(2027, 3, 28, 0, 30, tzinfo=UTC),
                                                datetime(2027, 3, 28, 1, 15, tzinfo=UTC))
    published = client.post(f"/hauts-de-france/visites/{visit.id}/publier")
    assert published.status_code == 302
    edit = client.get(f"/hauts-de-france/visites/{visit.id}/modifier").get_data(as_text=True)
    assert 'value="2027-03-28T01:30"' in edit and 'value="2027-03-28T03:15"' in edit


def test_visit_registration_times_are_compared_after_conversion(client, login, host):
    login("coordinator", region="hauts-de-france")
    response = client.post("/hauts-de-france/visites/nouvelle", data=visit_form(
        host, "2027-03-28T10:00", "2027-03-28T12:00", registration_closes_at="2027-03-28T02:30"))
    assert response.status_code == 200 and GAP in html.unescape(response.get_data(as_text=True))
    assert _visits() == []


def _session(world, start, end):
    return {"title": "Séance", "starts_at": start, "ends_at": end, "mode": "on_site",
            "address": "12 rue de la Coopération, Lille", "online_url": "",
            "attendees": [world.mentor_referent.id, world.mentee_referent.id]}


@pytest.mark.parametrize("start, end, message", [
    ("2027-03-28T02:30", "2027-03-28T03:15", GAP),
    ("2027-10-31T02:30", "2027-10-31T04:00", TWICE),
])
def test_session_form_refuses_gap_and_repeated_times(client, world, as_user, make_cycle, start, end, message):
    cycle = make_cycle("active")
    as_user(world.coordinator)
    response = client.post(f"/hauts-de-france/transferts/cycles/{cycle.id}/seances/nouvelle",
                           data=_session(world, start, end))
    assert response.status_code == 200 and message in html.unescape(response.get_data(as_text=True))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TransferSession)) == 0


def test_session_form_converts_in_the_cycle_region(client, world, as_user, make_cycle):
    cycle = make_cycle("active")
    as_user(world.coordinator)
    response = client.post(f"/hauts-de-france/transferts/cycles/{cycle.id}/seances/nouvelle",
                           data=_session(world, "2027-10-31T01:30", "2027-10-31T03:30"))
    assert response.status_code == 302
    session = db.session.scalar(sa.select(TransferSession))
    # 01:30 is still summer time (UTC+2), 03:30 already winter time (UTC+1): three hours.
    assert (session.starts_at, session.ends_at) == (datetime(2027, 10, 30, 23, 30, tzinfo=UTC),
                                                    datetime(2027, 10, 31, 2, 30, tzinfo=UTC))
