"""VEVENTs stored in event rows: written by the explicit ``feeds.refresh`` call, served for their site, refreshed by command."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from cellule import i18n
from cellule.blueprints.calendar import bodies, days, feeds
from cellule.blueprints.calendar.models import Event, EventKind
from cellule.database import utcnow
from cellule.extensions import db

FEED = "/bretagne/agenda.ics"


@pytest.fixture
def serialised(monkeypatch):
    """The UIDs icalendar serialises (stored copies and cache hits skip it)."""
    calls = []
    real = feeds.ical.vevent

    def spy(item, stamp=None):
        calls.append(item.uid)
        return real(item, stamp)

    monkeypatch.setattr(feeds.ical, "vevent", spy)
    return calls


def _events_in_a_request(app, region, n: int = 4, base_url: str | None = None) -> list[int]:
    """Events of every shape, written through the ORM during a request, then ``feeds.refresh`` (as the services do)."""
    bretagne = region("bretagne").id
    start = datetime.now(ZoneInfo("Europe/Paris")).replace(microsecond=0) + timedelta(days=3)
    shapes = [
        dict(kind=EventKind.REGIONAL_MEETING, location="Salle « Ty Coz », Rennes"),  # non-UTC instants
        dict(kind=EventKind.WEBINAR, online_url="https://visio.example.org/abc", description="Ordre du jour : " * 20),
        dict(kind=EventKind.NATIONAL_DAY, all_day=True, region_id=None,
             starts_at=datetime(2026, 12, 3, tzinfo=ZoneInfo("Europe/Paris")),
             ends_at=datetime(2026, 12, 4, tzinfo=ZoneInfo("Europe/Paris"))),
        dict(kind=EventKind.TRAINING, url_path="/bretagne/visites/12", sequence=3),
    ]
    ids = []
    with app.test_request_context(base_url=base_url):
        for i in range(n):
            fields = dict(uid=f"stored-{i}@cellule", title=f"Rencontre {i} — été", region_id=bretagne,
                          starts_at=start + timedelta(days=i), ends_at=start + timedelta(days=i, hours=2))
            fields.update(shapes[i % len(shapes)])
            event = Event(**fields)  # region_id only, no description/sequence/updated_at: defaults apply
            db.session.add(event)
            db.session.flush()
            feeds.refresh([event])
            ids.append(event.id)
        db.session.commit()
        cancelled = db.session.get(Event, ids[0])
        cancelled.cancel()
        db.session.flush()
        feeds.refresh([cancelled])
        db.session.commit()
    db.session.remove()
    return ids


def _fresh(event: Event) -> tuple[str, str]:
    """What the feed would render for the event as read now, and its key (needs a request)."""
    return feeds.serialise(event).decode(), feeds.site_key(*feeds.current_site())


def _clear_copies() -> None:
    with db.engine.begin() as conn:
        conn.execute(Event.__table__.update().values(ics=None, ics_key=None))


def test_orm_writes_store_the_bytes_a_feed_would_render(app, region):
    ids = _events_in_a_request(app, region)
    with app.test_request_context():
        for event in db.session.scalars(sa.select(Event).where(Event.id.in_(ids))):
            assert event.ics is not None and event.ics.startswith("BEGIN:VEVENT\r\n")
            assert (event.ics, event.ics_key) == _fresh(event)
    cancelled = db.session.get(Event, ids[0])
    assert "STATUS:CANCELLED" in cancelled.ics and "SEQUENCE:1" in cancelled.ics


def test_feed_from_stored_copies_is_byte_identical_to_a_rendered_one(app, client, region, serialised):
    _events_in_a_request(app, region)
    serialised.clear()  # the writes serialised each event once
    stored = client.get(FEED)
    assert stored.status_code == 200 and stored.data.count(b"BEGIN:VEVENT") == 4
    assert serialised == []  # every VEVENT came from its row
    _clear_copies()
    app.extensions.pop(bodies.KEPT, None)  # this worker's assembled bodies: assemble again
    rendered = client.get(FEED)
    assert len(serialised) == 4
    assert rendered.data == stored.data and rendered.headers["ETag"] == stored.headers["ETag"]


def test_a_core_update_is_served_once_refreshed(app, client, region, serialised):
    ids = _events_in_a_request(app, region)
    serialised.clear()
    first = client.get(FEED)
    assert b"Rencontre 1 " in first.data and serialised == []
    with db.engine.begin() as conn:  # a write outside the services: nothing stored, no feed bumped
        conn.execute(Event.__table__.update().where(Event.__table__.c.id == ids[1]).values(title="Titre corrigé"))
    assert client.get(FEED, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    with app.test_request_context():  # what a service (or `calendar refresh-ics`) does after such a write
        feeds.refresh([db.session.get(Event, ids[1])])
        db.session.commit()
    assert serialised == ["stored-1@cellule"]  # only that event was serialised again
    body = client.get(FEED, headers={"If-None-Match": first.headers["ETag"]}).data
    assert "Titre corrigé".encode() in body and b"Rencontre 1 " not in body
    assert serialised == ["stored-1@cellule"]


@pytest.mark.config(SERVER_NAME=None)
def test_a_copy_for_another_site_url_is_not_served(app, client, region, serialised):
    _events_in_a_request(app, region, base_url="https://old.example.org")
    assert b"old.example.org" in db.session.scalar(sa.select(Event.ics).limit(1)).encode()
    serialised.clear()
    body = client.get(FEED).data.replace(b"\r\n ", b"")  # unfolded
    assert b"URL:http://localhost/bretagne/agenda/evenements/" in body and b"old.example.org" not in body
    assert len(serialised) == 4


def test_a_feed_in_another_locale_does_not_use_the_french_copies(app, client, region, serialised):
    _events_in_a_request(app, region)
    serialised.clear()
    french = client.get(FEED).data
    assert serialised == [] and "CATEGORIES:Réunion régionale,Bretagne".encode() in french
    client.get("/langue/en?next=/")
    i18n.refresh()  # requests share the test's app context, where Babel keeps the locale it chose
    english = client.get(FEED).data
    assert len(serialised) == 4 and b"CATEGORIES:Regional meeting,Bretagne" in english


@pytest.mark.config(SERVER_NAME=None)
def test_writes_without_a_site_url_store_nothing_and_feeds_still_work(client, make_event, serialised, ics):
    event = make_event("bretagne", title="Sans adresse")
    row = db.session.execute(sa.select(Event.ics, Event.ics_key).where(Event.id == event.id)).one()
    assert tuple(row) == (None, None)
    assert ics.events(client.get(FEED).data)[event.uid].summary.value == "Sans adresse"
    assert serialised == [event.uid]


def test_with_server_name_writes_outside_requests_store_copies(client, make_event, serialised):
    events = [make_event("bretagne") for _ in range(3)]
    assert all(db.session.get(Event, e.id).ics_key for e in events)
    serialised.clear()
    assert client.get(FEED).data.count(b"BEGIN:VEVENT") == 3 and serialised == []


def test_edit_then_refresh_rewrites_the_copy(app, client, region, serialised):
    ids = _events_in_a_request(app, region)
    with app.test_request_context():
        event = db.session.get(Event, ids[1])
        event.title = "Nouveau titre"
        event.sequence += 1
        event.updated_at = utcnow()
        db.session.flush()
        feeds.refresh([event])
        db.session.commit()
        assert "SUMMARY:Nouveau titre" in event.ics and (event.ics, event.ics_key) == _fresh(event)
    serialised.clear()
    assert b"SUMMARY:Nouveau titre" in client.get(FEED).data and serialised == []


def test_refresh_command_stores_copies_of_rows_written_by_core(app, client, runner, region, serialised):
    bretagne = region("bretagne").id
    start = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=5)
    now = utcnow()
    with db.engine.begin() as conn:  # as bench-data does: no ORM, no copy
        conn.execute(Event.__table__.insert(), days.stamped(conn, [
            dict(uid=f"core-{i}@cellule", kind=EventKind.WEBINAR, region_id=bretagne, title=f"Webinaire {i}",
                 description="", starts_at=start + timedelta(days=i), ends_at=start + timedelta(days=i, hours=1),
                 all_day=False, visibility="public", sequence=0, created_at=now, updated_at=now)
            for i in range(5)]))
    rendered = client.get(FEED).data
    assert len(serialised) == 5
    result = runner.invoke(args=["calendar", "refresh-ics", "--base-url", "http://cellule.test", "--batch", "2"])
    assert result.exit_code == 0, result.output
    assert "5 events refreshed for http://cellule.test" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).where(Event.ics_key.is_not(None))) == 5
    serialised.clear()
    assert client.get(FEED).data == rendered and serialised == []


def test_refresh_command_uses_server_name_by_default(runner, make_event):
    event_id = make_event("bretagne").id
    _clear_copies()
    result = runner.invoke(args=["calendar", "refresh-ics"])
    assert result.exit_code == 0 and "1 events refreshed for http://cellule.test" in result.output
    assert db.session.scalar(sa.select(Event.ics_key).where(Event.id == event_id)) is not None


@pytest.mark.config(SERVER_NAME=None)
def test_refresh_command_needs_a_site_url(runner):
    result = runner.invoke(args=["calendar", "refresh-ics"])
    assert result.exit_code != 0 and "--base-url" in result.output


def test_feed_statement_count_does_not_grow_with_events(app, client, region, queries):
    def statements(n: int) -> int:
        _clear_all()
        _events_in_a_request(app, region, n)
        with queries.count():
            assert client.get(FEED).data.count(b"BEGIN:VEVENT") == n
        return len(queries)

    def _clear_all():
        with db.engine.begin() as conn:
            conn.execute(Event.__table__.delete())

    assert statements(2) == statements(12)


def test_get_requests_never_write_copies(app, client, runner, region):
    _events_in_a_request(app, region)
    _clear_copies()
    client.get(FEED)
    client.get("/bretagne/agenda")
    assert db.session.scalar(sa.select(sa.func.count()).where(Event.ics.is_not(None))) == 0


def test_a_feed_asked_again_without_a_validator_is_not_assembled_again(app, client, make_event, queries):
    """Several calendar services poll without If-None-Match: the worker keeps the body under its ETag,
    which every change replaces, so the second answer costs the version query alone."""
    from cellule.blueprints.calendar import services

    event_id = make_event("bretagne", title="Réunion du réseau").id
    first = client.get(FEED)
    with queries.count():
        second = client.get(FEED)
    assert second.status_code == 200 and second.data == first.data and second.headers["ETag"] == first.headers["ETag"]
    # the region and the ETag's versions; no event row read, nothing assembled
    assert len(queries) == 2 and "calendar_event" not in queries.report(), queries.report()
    with app.test_request_context():
        services.update_event(db.session.get(Event, event_id), title="Réunion du réseau, salle changée")
        db.session.commit()
    third = client.get(FEED)
    assert third.headers["ETag"] != first.headers["ETag"]
    assert b"salle chang" in third.data and third.data != first.data
