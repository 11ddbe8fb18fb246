"""Public feeds: content, visibility, RFC 5545 details and conditional GET."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from cellule.blueprints.calendar import bodies, feeds, services
from cellule.blueprints.calendar.models import Event, EventKind, Visibility
from cellule.database import utcnow
from cellule.extensions import db


def test_national_feed_holds_public_events_of_all_regions_and_national_ones(client, make_event, ics):
    hdf = make_event("hauts-de-france", title="Comité Hauts-de-France")
    reunion = make_event("la-reunion", title="Réunion de cellule")
    national = make_event(None, kind=EventKind.NATIONAL_DAY, title="Journée nationale")
    response = client.get("/agenda.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    events = ics.events(response.data)
    assert set(events) == {hdf.uid, reunion.uid, national.uid}
    assert events[hdf.uid].summary.value == "Comité Hauts-de-France"


def test_regional_feed_holds_the_region_and_national_events_only(client, make_event, ics):
    mine = make_event("bretagne")
    national = make_event(None)
    make_event("normandie")
    events = ics.events(client.get("/bretagne/agenda.ics").data)
    assert set(events) == {mine.uid, national.uid}


def test_unknown_region_feed_is_404(client):
    assert client.get("/atlantide/agenda.ics").status_code == 404


def test_members_only_events_never_reach_public_feeds(client, make_event, login, ics):
    public = make_event("hauts-de-france")
    secret = make_event("hauts-de-france", title="Bureau confidentiel", visibility=Visibility.MEMBERS)
    national_secret = make_event(None, title="Séminaire interne", visibility=Visibility.MEMBERS)
    login("coordinator", region="hauts-de-france")  # being signed in changes nothing for public feeds
    for url in ("/agenda.ics", "/hauts-de-france/agenda.ics", "/agenda.ics?type=regional_meeting",
                "/hauts-de-france/agenda.ics?type=regional_meeting"):
        response = client.get(url)
        assert public.uid in ics.events(response.data), url
        assert b"confidentiel" not in response.data and b"interne" not in response.data, url
        assert secret.uid.encode() not in response.data and national_secret.uid.encode() not in response.data


def test_feeds_filter_by_type(client, make_event, ics):
    webinar = make_event("bretagne", kind=EventKind.WEBINAR, online_url="https://visio.example.org/w")
    training = make_event("bretagne", kind=EventKind.TRAINING)
    make_event("bretagne", kind=EventKind.REGIONAL_MEETING)
    events = ics.events(client.get("/bretagne/agenda.ics?type=webinar&type=training").data)
    assert set(events) == {webinar.uid, training.uid}
    assert set(ics.events(client.get("/agenda.ics?type=webinar").data)) == {webinar.uid}


def test_unknown_type_is_a_clear_400(client):
    response = client.get("/agenda.ics?type=concert")
    assert response.status_code == 400
    assert "Type d'événement inconnu" in response.get_data(as_text=True)
    assert "webinar" in response.get_data(as_text=True)


def test_rfc5545_details(client, make_event, ics):
    start = datetime(2027, 6, 15, 8, 0, tzinfo=timezone.utc)
    event = make_event("hauts-de-france", title="Atelier ; budget, partenaires \\ suites " + "très long " * 8,
                       starts_at=start, ends_at=start + timedelta(hours=2), location="Lille; salle 2, étage 3",
                       online_url="https://visio.example.org/atelier", description="Ligne 1\nLigne 2",
                       sequence=3)
    data = client.get("/hauts-de-france/agenda.ics").data
    # CRLF everywhere, no bare LF, lines at most 75 octets, continuation lines start with a space.
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)
    # Escaping of ; , \ and newlines in TEXT values.
    unfolded = data.replace(b"\r\n ", b"")
    assert b"SUMMARY:Atelier \\; budget\\, partenaires \\\\ suites" in unfolded
    assert b"LOCATION:Lille\\; salle 2\\, \xc3\xa9tage 3" in unfolded
    assert b"X-WR-CALNAME:Agenda des PTCE \xe2\x80\x94 Hauts-de-France" in unfolded
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in unfolded
    assert b"X-PUBLISHED-TTL:PT1H" in unfolded
    assert b"DTSTART;TZID=Europe/Paris:20270615T100000" in unfolded
    assert unfolded.count(b"BEGIN:VTIMEZONE") == 1 and b"TZID:Europe/Paris" in unfolded
    parsed = ics.events(data)[event.uid]
    assert parsed.summary.value.startswith("Atelier ; budget, partenaires \\ suites très long")
    assert parsed.location.value == "Lille; salle 2, étage 3"
    assert parsed.dtstart.value == start  # vobject resolves the TZID with its own VTIMEZONE reading
    assert parsed.dtend.value == start + timedelta(hours=2)
    assert parsed.sequence.value == "3"
    assert parsed.status.value == "CONFIRMED"
    assert parsed.url.value == f"http://cellule.test/hauts-de-france/agenda/evenements/{event.id}"
    assert "https://visio.example.org/atelier" in parsed.description.value
    assert parsed.description.value.startswith("Ligne 1\nLigne 2")
    assert parsed.conference.value == "https://visio.example.org/atelier"
    assert parsed.dtstamp.value == event.updated_at.replace(microsecond=0)


def test_uid_stays_and_sequence_grows_on_source_changes(client, region, ics):
    hdf = region("hauts-de-france")
    start = utcnow().replace(microsecond=0) + timedelta(days=3)
    args = dict(kind=EventKind.VISIT, region_id=hdf.id, title="Visite", starts_at=start,
                ends_at=start + timedelta(hours=3), url_path="/hauts-de-france/visites/7")
    services.sync_source("visit", 7, **args)
    db.session.commit()
    first = ics.events(client.get("/agenda.ics").data)["visit-7@cellule"]
    services.sync_source("visit", 7, **{**args, "starts_at": start + timedelta(hours=1)})
    db.session.commit()
    second = ics.events(client.get("/agenda.ics").data)["visit-7@cellule"]
    assert int(second.sequence.value) == int(first.sequence.value) + 1
    assert second.dtstart.value == start + timedelta(hours=1)
    # Visits link back to their own page, absolute.
    assert second.url.value == "http://cellule.test/hauts-de-france/visites/7"


def test_cancelled_visit_shows_cancelled_then_leaves_after_30_days(client, region, ics, clock):
    hdf = region("hauts-de-france")
    now = clock("2027-01-10T09:00:00+00:00")  # winter
    start = now + timedelta(days=5)
    args = dict(kind=EventKind.VISIT, region_id=hdf.id, title="Visite du pôle", starts_at=start,
                ends_at=start + timedelta(hours=3), url_path="/hauts-de-france/visites/9")
    services.sync_source("visit", 9, **args)
    db.session.commit()
    before = int(ics.events(client.get("/agenda.ics").data)["visit-9@cellule"].sequence.value)
    services.sync_source("visit", 9, cancelled=True, **args)
    db.session.commit()
    response = client.get("/hauts-de-france/agenda.ics")
    cancelled = ics.events(response.data)["visit-9@cellule"]
    assert cancelled.status.value == "CANCELLED"
    assert int(cancelled.sequence.value) == before + 1
    assert b"DTSTART;TZID=Europe/Paris:20270115T100000" in response.data  # winter: UTC+1
    # 29 days later it is still there (nothing was written: the same day gives the same ETag) …
    clock("2027-02-08T09:00:00+00:00")
    kept = client.get("/hauts-de-france/agenda.ics", headers={"If-None-Match": response.headers["ETag"]})
    assert kept.status_code == 200 and "visit-9@cellule" in ics.events(kept.data)
    assert client.get("/hauts-de-france/agenda.ics", headers={"If-None-Match": kept.headers["ETag"]}).status_code == 304
    # … 31 days after the cancellation it is gone from the feed, and the ETag changed.
    clock("2027-02-10T09:00:00+00:00")
    later = client.get("/hauts-de-france/agenda.ics", headers={"If-None-Match": kept.headers["ETag"]})
    assert later.status_code == 200
    assert "visit-9@cellule" not in ics.events(later.data)


def test_cancelled_event_still_there_on_day_29(client, make_event, ics):
    event = make_event("bretagne", cancelled_at=utcnow() - timedelta(days=29), sequence=1)
    assert ics.events(client.get("/bretagne/agenda.ics").data)[event.uid].status.value == "CANCELLED"


def test_all_day_events_are_dates(client, region, ics):
    from cellule.localtime import start_of_day as local_midnight
    from datetime import date
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Indian/Reunion")
    event = Event(uid="allday@cellule", kind=EventKind.TRAINING, region_id=region("la-reunion").id,
                  title="Formation", starts_at=local_midnight(date(2027, 3, 10), tz),
                  ends_at=local_midnight(date(2027, 3, 12), tz), all_day=True, location="Saint-Denis")
    db.session.add(event)
    db.session.commit()
    data = client.get("/la-reunion/agenda.ics").data
    assert b"DTSTART;VALUE=DATE:20270310" in data and b"DTEND;VALUE=DATE:20270312" in data
    parsed = ics.events(data)["allday@cellule"]
    assert parsed.dtstart.value == date(2027, 3, 10) and parsed.dtend.value == date(2027, 3, 12)


# -- conditional GET ---------------------------------------------------------------
def test_etag_and_last_modified_give_304_until_something_changes(client, make_event, clock):
    clock("2026-07-01T08:00:00+00:00")
    event = make_event("bretagne")
    first = client.get("/bretagne/agenda.ics")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.status_code == 200 and etag and modified
    assert client.get("/bretagne/agenda.ics", headers={"If-None-Match": etag}).status_code == 304
    same = client.get("/bretagne/agenda.ics", headers={"If-Modified-Since": modified})
    assert same.status_code == 304 and same.data == b""
    # Another filter is another feed: no 304 with the first one's ETag.
    assert client.get("/bretagne/agenda.ics?type=webinar", headers={"If-None-Match": etag}).status_code == 200
    # A change anywhere in the feed renews the validators.
    clock("2026-07-01T08:00:02+00:00")
    services.update_event(event, title="Nouveau titre")
    db.session.commit()
    changed = client.get("/bretagne/agenda.ics", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and b"Nouveau titre" in changed.data
    assert changed.headers["ETag"] != etag
    assert client.get("/bretagne/agenda.ics", headers={"If-Modified-Since": modified}).status_code == 200


def test_new_event_changes_etag_and_other_regions_do_not(client, make_event):
    make_event("bretagne")
    etag = client.get("/bretagne/agenda.ics").headers["ETag"]
    make_event("normandie")
    assert client.get("/bretagne/agenda.ics", headers={"If-None-Match": etag}).status_code == 304
    make_event("bretagne")
    assert client.get("/bretagne/agenda.ics", headers={"If-None-Match": etag}).status_code == 200


def test_304_never_renders_and_the_wsgi_layer_answers_before_the_view(client, make_event, monkeypatch):
    make_event("bretagne")
    rendered, viewed = [], []
    real_render, real_response = bodies.render, bodies.feed_response
    monkeypatch.setattr(bodies, "render", lambda *a, **k: rendered.append(1) or real_render(*a, **k))
    monkeypatch.setattr(bodies, "feed_response", lambda *a, **k: viewed.append(1) or real_response(*a, **k))
    first = client.get("/bretagne/agenda.ics")
    assert (len(rendered), len(viewed)) == (1, 1)
    assert client.get("/bretagne/agenda.ics", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    assert (len(rendered), len(viewed)) == (1, 1)  # answered in front of Flask
    # With a cookie the request goes on to the view, which gives the same answer without rendering.
    client.set_cookie("session", "x", domain="cellule.test")
    assert client.get("/bretagne/agenda.ics", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    assert (len(rendered), len(viewed)) == (1, 2)
    # A 200 asked again under the same ETag is the body this worker assembled, not assembled again.
    again = client.get("/bretagne/agenda.ics")
    assert again.data == first.data and len(rendered) == 1


def test_single_event_ics_download(client, make_event, ics):
    event = make_event("la-reunion", title="Webinaire", online_url="https://visio.example.org/x")
    response = client.get(f"/la-reunion/agenda/evenements/{event.id}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert "attachment" in response.headers["Content-Disposition"]
    assert set(ics.events(response.data)) == {event.uid}
    assert b"TZID=Indian/Reunion" in response.data
    assert client.get(f"/bretagne/agenda/evenements/{event.id}.ics").status_code == 404


def test_members_only_single_ics_needs_the_right(client, make_event, login):
    secret = make_event("hauts-de-france", visibility=Visibility.MEMBERS)
    url = f"/hauts-de-france/agenda/evenements/{secret.id}.ics"
    assert client.get(url).status_code == 302  # anonymous: asked to sign in
    login("coordinator", region="bretagne")
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("moment", ["2026-12-15T10:00:00+00:00", "2027-06-15T10:00:00+00:00"])
def test_if_modified_since_sees_a_cancelled_event_leaving(client, make_event, clock, moment):
    now = clock(moment)
    start = now + timedelta(days=10)
    leaving = make_event("bretagne", starts_at=start, cancelled_at=now - timedelta(days=29),
                         updated_at=now - timedelta(days=29))
    make_event("bretagne", starts_at=start, updated_at=now - timedelta(days=40))
    first = client.get("/bretagne/agenda.ics")
    modified = first.headers["Last-Modified"]
    assert leaving.uid.encode() in first.data
    assert client.get("/bretagne/agenda.ics", headers={"If-Modified-Since": modified}).status_code == 304
    # Two days later, nothing written: the cancellation is 31 days old and leaves the feed.
    clock((now + timedelta(days=2)).isoformat())
    later = client.get("/bretagne/agenda.ics", headers={"If-Modified-Since": modified})
    assert later.status_code == 200 and leaving.uid.encode() not in later.data


def test_source_event_without_page_is_not_editable_here(client, login, region):
    login("coordinator", region="bretagne")
    start = utcnow().replace(microsecond=0) + timedelta(days=3)
    event = services.sync_source("transfer_session", 3, kind=EventKind.TRANSFER_SESSION,
                                 region_id=region("bretagne").id, title="Séance", starts_at=start,
                                 ends_at=start + timedelta(hours=2))
    db.session.commit()
    page = client.get(f"/bretagne/agenda/evenements/{event.id}").get_data(as_text=True)
    assert "Modifier" not in page and "Annuler cet événement" not in page


def test_after_one_change_only_that_event_is_serialised_again(client, make_event, monkeypatch, ics):
    events = [make_event("bretagne") for _ in range(4)]
    first = client.get("/bretagne/agenda.ics")
    serialised = []
    real = feeds.ical.vevent
    monkeypatch.setattr(feeds.ical, "vevent", lambda item, stamp=None: serialised.append(item.uid) or real(item, stamp))
    services.update_event(events[2], title="Titre changé")
    db.session.commit()
    assert serialised == [events[2].uid]  # its stored copy, rewritten by the service
    second = client.get("/bretagne/agenda.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200 and serialised == [events[2].uid]
    parsed = ics.events(second.data)
    assert len(parsed) == 4 and parsed[events[2].uid].summary.value == "Titre changé"
    assert second.data.count(b"BEGIN:VTIMEZONE") == 1 and second.data.endswith(b"END:VCALENDAR\r\n")
