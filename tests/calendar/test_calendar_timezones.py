"""Times across daylight-saving changes in Paris and in every overseas zone, from the form to the feed."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from cellule.blueprints.calendar.models import Event
from cellule.extensions import db

UTC = timezone.utc


def _create(client, region_slug, day, start, end, title="Rencontre", end_day=""):
    response = client.post(f"/{region_slug}/agenda/nouveau", data={
        "kind": "regional_meeting", "title": title, "start_date": day, "start_time": start,
        "end_date": end_day, "end_time": end, "location": "Salle", "visibility": "public"})
    return response


def _event(title) -> Event:
    return db.session.scalar(sa.select(Event).where(Event.title == title))


def _assert_refused(client, day, start, end, title, message):
    """A Brittany event from `start` to `end` on `day` is refused with `message`, and nothing is added."""
    response = _create(client, "bretagne", day, start, end, title=title)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _event(title) is None


@pytest.mark.parametrize("day, local, utc_hour, label", [
    ("2027-03-27", "10:00", 9, "winter time, the day before the spring change"),
    ("2027-03-28", "10:00", 8, "last Sunday of March: summer time from 02:00"),
    ("2027-10-30", "10:00", 8, "summer time, the day before the autumn change"),
    ("2027-10-31", "10:00", 9, "last Sunday of October: winter time from 03:00"),
])
def test_paris_dst(client, login, ics, day, local, utc_hour, label):
    login("coordinator", region="bretagne")
    response = _create(client, "bretagne", day, local, "12:00", title=label)
    assert response.status_code == 302, response.data
    event = _event(label)
    assert event.starts_at == datetime.fromisoformat(day).replace(hour=utc_hour, tzinfo=UTC)
    data = client.get("/bretagne/agenda.ics").data
    assert f"DTSTART;TZID=Europe/Paris:{day.replace('-', '')}T100000".encode() in data
    parsed = ics.events(data)[event.uid]
    assert parsed.dtstart.value.astimezone(UTC) == event.starts_at
    assert parsed.dtend.value - parsed.dtstart.value == timedelta(hours=2)


def test_night_across_spring_change_lasts_one_hour_less(client, login, ics):
    login("coordinator", region="bretagne")
    assert _create(client, "bretagne", "2027-03-28", "01:00", "04:00", title="Nuit").status_code == 302
    event = _event("Nuit")
    assert event.ends_at - event.starts_at == timedelta(hours=2)
    parsed = ics.events(client.get("/bretagne/agenda.ics").data)[event.uid]
    assert parsed.dtend.value.astimezone(UTC) - parsed.dtstart.value.astimezone(UTC) == timedelta(hours=2)


def test_time_skipped_by_spring_change_is_refused(client, login):
    login("coordinator", region="bretagne")
    _assert_refused(client, "2027-03-28", "02:30", "04:00", "Impossible",
                    "02:30 n&#39;existe pas le 28/03/2027 en heure de Paris (passage à l&#39;heure d&#39;été) : "
                    "choisissez 03:00 ou plus tard.")


def test_repeated_autumn_time_is_refused_not_guessed(client, login):
    login("coordinator", region="bretagne")
    _assert_refused(client, "2027-10-31", "02:30", "05:00", "Double",
                    "02:30 existe deux fois le 31/10/2027 en heure de Paris (retour à l&#39;heure d&#39;hiver) : "
                    "choisissez une heure avant 02:00 ou à partir de 03:00.")
    assert _create(client, "bretagne", "2027-10-31", "03:00", "05:00", title="Double").status_code == 302
    assert _event("Double").starts_at == datetime(2027, 10, 31, 2, 0, tzinfo=UTC)  # 03:00 CET


OVERSEAS = [
    ("guadeloupe", "America/Guadeloupe", -4),
    ("martinique", "America/Martinique", -4),
    ("guyane", "America/Cayenne", -3),
    ("la-reunion", "Indian/Reunion", 4),
    ("mayotte", "Indian/Mayotte", 3),
]


@pytest.mark.parametrize("slug, zone, offset", OVERSEAS)
def test_overseas_zones_have_no_dst(client, login, ics, slug, zone, offset):
    login("council_admin")
    for day in ("2027-01-15", "2027-03-28", "2027-07-15", "2027-10-31"):
        assert _create(client, slug, day, "10:00", "11:30", title=f"{slug} {day}").status_code == 302
    data = client.get(f"/{slug}/agenda.ics").data
    assert f"TZID:{zone}".encode() in data
    assert data.count(b"BEGIN:VTIMEZONE") == 1  # one per zone used: no national event in this feed
    events = ics.events(data)
    for day in ("2027-01-15", "2027-03-28", "2027-07-15", "2027-10-31"):
        event = _event(f"{slug} {day}")
        expected = datetime.fromisoformat(day).replace(hour=10, tzinfo=UTC) - timedelta(hours=offset)
        assert event.starts_at == expected
        assert f"DTSTART;TZID={zone}:{day.replace('-', '')}T100000".encode() in data
        assert events[event.uid].dtstart.value.astimezone(UTC) == expected


def test_feed_with_two_zones_has_two_vtimezones(client, make_event, ics):
    start = datetime(2027, 7, 1, 8, tzinfo=UTC)
    make_event("la-reunion", starts_at=start, ends_at=start + timedelta(hours=1))
    make_event(None, starts_at=start, ends_at=start + timedelta(hours=1))
    data = client.get("/la-reunion/agenda.ics").data
    assert data.count(b"BEGIN:VTIMEZONE") == 2
    assert b"TZID:Indian/Reunion" in data and b"TZID:Europe/Paris" in data
    assert len(ics.events(data)) == 2


def test_overseas_event_shown_at_local_time_in_the_national_view(client, make_event):
    start = datetime(2027, 7, 6, 6, 0, tzinfo=UTC)  # 10:00 in La Réunion, 08:00 in Paris (summer)
    make_event("la-reunion", title="Webinaire austral", starts_at=start, ends_at=start + timedelta(hours=1))
    page = client.get("/agenda/?mois=2027-07&vue=liste").get_data(as_text=True)
    assert "Webinaire austral" in page
    assert "de 10:00 à 11:00" in page
    assert "La Réunion" in page and "soit 08:00 le 6 juillet" in page
    grid = client.get("/agenda/?mois=2027-07").get_data(as_text=True)
    assert '<time datetime="2027-07-06T10:00:00+04:00">10:00</time>' in grid
    # In its own region, the zone is the viewer's: not repeated.
    regional = client.get("/la-reunion/agenda/?mois=2027-07&vue=liste").get_data(as_text=True)
    assert "de 10:00 à 11:00" in regional and "soit 08:00" not in regional


def test_paris_event_names_its_zone_in_an_overseas_region(client, make_event):
    start = datetime(2027, 7, 6, 9, 0, tzinfo=UTC)  # 11:00 Paris, 13:00 La Réunion
    make_event(None, title="Journée nationale", starts_at=start, ends_at=start + timedelta(hours=1))
    page = client.get("/la-reunion/agenda/?mois=2027-07&vue=liste").get_data(as_text=True)
    assert "de 11:00 à 12:00" in page and "soit 13:00 le 6 juillet" in page
