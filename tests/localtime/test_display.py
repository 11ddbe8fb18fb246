"""Pages, mails and exports name the offset of the event's own date, and the reader's time when it differs.

Each test runs with the clock in winter and in summer: a July visit reads UTC+02:00
whenever it is read, a December one UTC+01:00.
"""
from __future__ import annotations

import html
import re
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from cellule.blueprints.transfers.session_models import TransferSession
from cellule.extensions import db
from tests.conftest import SUMMER, WINTER

UTC = timezone.utc
SEASONS = pytest.mark.parametrize("now", [WINTER, SUMMER], ids=["clock-in-winter", "clock-in-summer"])
JULY = datetime(2027, 7, 8, 12, 0, tzinfo=UTC)      # 14:00 in Paris (UTC+2), 16:00 in La Réunion
DECEMBER = datetime(2027, 12, 9, 13, 0, tzinfo=UTC)  # 14:00 in Paris (UTC+1)


def text(response) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", html.unescape(response.get_data(as_text=True)))


@SEASONS
def test_visit_page_names_the_offset_of_the_visit_date(client, clock, make_visit, now):
    clock(now)
    summer = make_visit(starts_at=JULY, ends_at=JULY.replace(hour=15), title="Visite d'été")
    winter = make_visit(starts_at=DECEMBER, ends_at=DECEMBER.replace(hour=16), title="Visite d'hiver")
    page = text(client.get(f"/hauts-de-france/visites/{summer.id}"))
    assert "de 14:00 à 17:00, heure de Paris (UTC+02:00)" in page and "UTC+01:00" not in page
    page = text(client.get(f"/hauts-de-france/visites/{winter.id}"))
    assert "de 14:00 à 17:00, heure de Paris (UTC+01:00)" in page and "UTC+02:00" not in page


@SEASONS
def test_sign_in_sheet_uses_the_event_date(client, clock, login, make_visit, member, register, now):
    clock(now)
    visit = make_visit(starts_at=JULY, ends_at=JULY.replace(hour=15))
    register(visit, member())
    login("coordinator", region="hauts-de-france")
    sheet = text(client.get(f"/hauts-de-france/visites/{visit.id}/emargement"))
    assert "de 14:00 à 17:00, heure de Paris (UTC+02:00)" in sheet


@SEASONS
def test_cross_region_visit_shows_both_zones(client, clock, login, make_visit, make_ptce, now):
    clock(now)
    far = make_ptce("la-reunion", name="Pôle de Saint-Denis")
    visit = make_visit(ptce=far, starts_at=JULY, ends_at=JULY.replace(hour=14), open_to_other_regions=True)
    login("coordinator", region="hauts-de-france")
    page = text(client.get(f"/la-reunion/visites/{visit.id}"))
    assert "de 16:00 à 18:00, heure de La Réunion (UTC+04:00) (de 14:00 à 16:00 heure de Paris)" in page


@SEASONS
def test_national_visits_page_names_every_zone_and_is_linked(client, clock, make_visit, make_ptce, now):
    clock(now)
    far = make_ptce("la-reunion", name="Pôle de Saint-Denis")
    make_visit(ptce=far, starts_at=JULY, ends_at=JULY.replace(hour=14), open_to_other_regions=True)
    make_visit(starts_at=DECEMBER, ends_at=DECEMBER.replace(hour=16), open_to_other_regions=True)
    page = text(client.get("/visites/"))
    assert "de 16:00 à 18:00, heure de La Réunion (UTC+04:00) (de 14:00 à 16:00 heure de Paris)" in page
    assert "de 14:00 à 17:00, heure de Paris (UTC+01:00)" in page
    assert 'href="/visites/"' in client.get("/").get_data(as_text=True)
    assert 'href="/visites/"' in client.get("/hauts-de-france/visites/").get_data(as_text=True)


@SEASONS
def test_visit_mail_names_the_offset_of_the_visit_date(clock, make_visit, member, register, outbox, now):
    clock(now)
    visit = make_visit(starts_at=JULY, ends_at=JULY.replace(hour=15))
    person = member()
    register(visit, person)
    mail, = outbox(person.email)
    for body in (mail.body_text, html.unescape(mail.body_html)):
        assert "de 14:00 à 17:00, heure de Paris (UTC+02:00)" in body and "UTC+01:00" not in body


@SEASONS
def test_cross_region_mail_gives_the_reader_time(clock, make_visit, make_ptce, member, register, outbox, now):
    clock(now)
    far = make_ptce("la-reunion", name="Pôle de Saint-Denis")
    visit = make_visit(ptce=far, starts_at=DECEMBER, ends_at=DECEMBER.replace(hour=15),
                       open_to_other_regions=True)
    person = member("hauts-de-france")
    register(visit, person)
    mail, = outbox(person.email)
    assert ("de 17:00 à 19:00, heure de La Réunion (UTC+04:00) (de 14:00 à 16:00 heure de Paris)"
            in mail.body_text)


@SEASONS
def test_cross_region_session_in_both_times_for_a_hauts_de_france_coordinator(
        client, clock, world, as_user, make_cycle, outbox, now):
    clock(now)
    cycle = make_cycle("active", mentees=[world.far_mentee])  # led from La Réunion
    as_user(world.far_referent)
    response = client.post(f"/la-reunion/transferts/cycles/{cycle.id}/seances/nouvelle", data={
        "title": "Séance", "starts_at": "2027-07-08T16:00", "ends_at": "2027-07-08T18:00", "mode": "online",
        "online_url": "https://visio.example.org/x", "attendees": [world.far_referent.id, world.mentor_referent.id]})
    assert response.status_code == 302
    session = db.session.scalar(sa.select(TransferSession))
    assert session.starts_at == JULY
    both = "de 16:00 à 18:00, heure de La Réunion (UTC+04:00) (de 14:00 à 16:00 heure de Paris)"
    as_user(world.coordinator)
    page = text(client.get(f"/hauts-de-france/transferts/cycles/{cycle.id}/seances/{session.id}"))
    assert both in page
    assert both in text(client.get(f"/hauts-de-france/transferts/cycles/{cycle.id}"))
    mentor_mail = outbox(world.mentor_referent.email)[-1]
    assert both in mentor_mail.body_text
    far_mail = outbox(world.far_referent.email)[-1]
    assert "de 16:00 à 18:00, heure de La Réunion (UTC+04:00)" in far_mail.body_text
    assert "heure de Paris" not in far_mail.body_text


@SEASONS
def test_export_names_the_offset_of_each_instant(client, clock, login, make_visit, member, register, now):
    clock(now)
    visit = make_visit(starts_at=JULY, ends_at=JULY.replace(hour=15), capacity=5)
    early, late = register(visit, member()), register(visit, member())
    early.created_at = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)
    late.created_at = datetime(2027, 6, 10, 9, 0, tzinfo=UTC)
    db.session.commit()
    login("coordinator", region="hauts-de-france")
    data = client.get(f"/hauts-de-france/visites/{visit.id}/participants.csv").data.decode("utf-8-sig")
    assert "10/01/2027 10:00 +01:00" in data and "10/06/2027 11:00 +02:00" in data


@pytest.mark.parametrize("now, expiry", [
    ("2027-03-27T10:00:00+00:00", "29 mars 2027 à 12:00, heure de Paris (UTC+02:00)"),     # offered in winter time
    ("2027-10-30T10:00:00+00:00", "1 novembre 2027 à 11:00, heure de Paris (UTC+01:00)"),  # offered in summer time
])
def test_offer_page_and_mail_name_the_offset_of_the_expiry(client, clock, auth, make_visit, member, register,
                                                           outbox, now, expiry):
    from cellule.blueprints.visits import seats
    from cellule.blueprints.visits.models import RegistrationStatus

    frozen = clock(now)
    visit = make_visit(starts_at=datetime(2027, 12, 9, 13, tzinfo=UTC), ends_at=datetime(2027, 12, 9, 16, tzinfo=UTC),
                       capacity=1)
    first, second = member(), member()
    seat, waiting = register(visit, first), register(visit, second)
    assert waiting.status is RegistrationStatus.WAITLISTED
    seats.cancel(seat, frozen)
    db.session.commit()
    offer_mail = outbox(second.email)[-1]
    assert expiry in offer_mail.body_text
    auth.login(second)
    assert expiry in text(client.get(f"/hauts-de-france/visites/{visit.id}/proposition"))


@SEASONS
def test_kept_texts_follow_the_language_and_the_reader(client, clock, login, make_visit, make_ptce, now):
    """Dates, hours and offsets are kept by value once formatted (templating, presenting, l10n):
    the same visit read in French, in English, then in French again, and by readers of two zones,
    gets each one's own text, never the one formatted for the reader before."""
    clock(now)
    far = make_ptce("la-reunion", name="Pôle de Saint-Denis")
    visit = make_visit(ptce=far, starts_at=JULY, ends_at=JULY.replace(hour=14), open_to_other_regions=True)
    french = "de 16:00 à 18:00, heure de La Réunion (UTC+04:00)"
    url = f"/la-reunion/visites/{visit.id}"
    page = text(client.get(url))  # a visitor: the page's own zone only
    assert f"{french}</dd>" in page and "heure de Paris" not in page and "jeudi 8 juillet 2027" in page
    client.get(f"/langue/en?next={url}")
    page = text(client.get(url))
    assert "Thursday 8 July 2027" in page and "jeudi" not in page and french not in page
    assert "16:00" in page and "GMT+04:00" in page and "UTC+04:00" not in page
    client.get(f"/langue/fr?next={url}")
    login("coordinator", region="hauts-de-france")  # a reader in Paris: both zones
    page = text(client.get(url))
    assert f"{french} (de 14:00 à 16:00 heure de Paris)" in page and "Thursday" not in page
