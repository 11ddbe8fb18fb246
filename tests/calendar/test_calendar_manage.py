"""Adding, editing and cancelling events: who may, what is checked, what calendar clients see."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from cellule.blueprints.calendar import services
from cellule.blueprints.calendar.models import Event, EventKind, EventStateError, Visibility
from cellule.database import utcnow
from cellule.extensions import db

UTC = timezone.utc
FORM = {"kind": "webinar", "title": "Webinaire financement", "start_date": "2027-02-10",
        "start_time": "14:00", "end_date": "", "end_time": "15:30", "location": "",
        "online_url": "https://visio.example.org/fin", "description": "Programme *riche*",
        "visibility": "members"}


def _events():
    return list(db.session.scalars(sa.select(Event)))


def test_coordinator_adds_a_regional_event(client, login, ics):
    login("coordinator", region="bretagne")
    response = client.post("/bretagne/agenda/nouveau", data=FORM)
    assert response.status_code == 302
    [event] = _events()
    assert response.headers["Location"].endswith(f"/bretagne/agenda/evenements/{event.id}")
    assert (event.kind, event.visibility, event.region.slug) == (EventKind.WEBINAR, Visibility.MEMBERS, "bretagne")
    assert event.starts_at == datetime(2027, 2, 10, 13, tzinfo=UTC)
    assert event.ends_at == datetime(2027, 2, 10, 14, 30, tzinfo=UTC)
    assert event.location is None and event.online_url == "https://visio.example.org/fin"
    assert "Webinaire financement » a été ajouté" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_all_day_event_over_two_days(client, login):
    login("coordinator", region="la-reunion")
    data = {**FORM, "kind": "training", "all_day": "y", "start_time": "", "end_time": "",
            "end_date": "2027-02-11", "location": "Saint-Pierre", "visibility": "public"}
    assert client.post("/la-reunion/agenda/nouveau", data=data).status_code == 302
    [event] = _events()
    assert event.all_day
    assert event.starts_at == datetime(2027, 2, 9, 20, tzinfo=UTC)  # midnight in La Réunion (UTC+4)
    assert event.ends_at == datetime(2027, 2, 11, 20, tzinfo=UTC)


@pytest.mark.parametrize("changes, message", [
    ({"title": ""}, "Ce champ est requis."),
    ({"location": "", "online_url": ""}, "Indiquez un lieu, un lien de connexion, ou les deux."),
    ({"online_url": "pas une adresse"}, "commençant par https://"),
    ({"end_time": "13:00"}, "La fin doit être après le début."),
    ({"end_date": "2027-02-01"}, "La date de fin doit suivre la date de début."),
    ({"start_time": ""}, "Indiquez l&#39;heure (HH:MM)"),
    ({"start_date": "31/02/2027"}, "Indiquez la date de début"),
    ({"kind": "visit"}, "N&#39;est pas un choix valide."),
    ({"kind": "national_day"}, "N&#39;est pas un choix valide."),
    ({"visibility": "secret"}, "N&#39;est pas un choix valide."),
])
def test_bad_input_is_explained_and_writes_nothing(client, login, changes, message):
    login("coordinator", region="bretagne")
    response = client.post("/bretagne/agenda/nouveau", data={**FORM, **changes})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Le formulaire contient des erreurs" in page
    assert message in page or message.replace("'", "&#39;") in page
    assert _events() == []


def test_who_may_add_events(client, auth, make_user, make_ptce):
    ptce = make_ptce("bretagne")
    auth.login(make_user("ptce_member", ptce=ptce))
    assert client.post("/bretagne/agenda/nouveau", data=FORM).status_code == 403
    auth.logout()
    auth.login(make_user("coordinator", region="normandie"))
    assert client.post("/bretagne/agenda/nouveau", data=FORM).status_code == 404
    auth.logout()
    assert client.get("/bretagne/agenda/nouveau").status_code == 302  # to the sign-in page
    assert _events() == []


def test_coordinators_do_not_add_national_events(client, login):
    # A test of its own: the test app context keeps ``g.region`` between requests.
    login("coordinator", region="normandie")
    assert client.post("/agenda/nouveau", data={**FORM, "kind": "national_day"}).status_code == 403
    assert _events() == []


def test_council_admin_adds_a_national_event(client, login):
    login("council_admin")
    response = client.post("/agenda/nouveau", data={**FORM, "kind": "national_day", "visibility": "public"})
    assert response.status_code == 302
    [event] = _events()
    assert event.region_id is None and event.kind is EventKind.NATIONAL_DAY and event.timezone == "Europe/Paris"
    assert response.headers["Location"].endswith(f"/agenda/evenements/{event.id}")


def test_edit_bumps_sequence_only_for_significant_changes(client, login, make_event, ics):
    login("coordinator", region="bretagne")
    event = make_event("bretagne", starts_at=datetime(2027, 2, 10, 13, tzinfo=UTC),
                       ends_at=datetime(2027, 2, 10, 14, 30, tzinfo=UTC), title="Avant",
                       kind=EventKind.WEBINAR, online_url="https://visio.example.org/fin", location=None,
                       description="Programme *riche*", visibility=Visibility.MEMBERS)
    url = f"/bretagne/agenda/evenements/{event.id}/modifier"
    form = client.get(url).get_data(as_text=True)
    assert 'value="2027-02-10"' in form and 'value="14:00"' in form and 'value="15:30"' in form
    assert client.post(url, data={**FORM, "title": "Avant"}).status_code == 302
    db.session.refresh(event)
    assert event.sequence == 0  # nothing changed
    changed = {**FORM, "title": "Après", "start_time": "15:00", "end_time": "16:00"}
    assert client.post(url, data=changed).status_code == 302
    db.session.refresh(event)
    assert event.sequence == 1 and event.title == "Après"
    assert event.starts_at == datetime(2027, 2, 10, 14, tzinfo=UTC)


def test_cancel_keeps_the_event_marked_cancelled(client, login, make_event, ics):
    login("coordinator", region="bretagne")
    event = make_event("bretagne", title="À annuler")
    ask = client.get(f"/bretagne/agenda/evenements/{event.id}/annuler")  # the button leads to a confirmation
    assert ask.status_code == 200 and "Personne ne recevra de courriel." in ask.get_data(as_text=True)
    assert client.post(f"/bretagne/agenda/evenements/{event.id}/annuler").status_code == 200  # unconfirmed
    db.session.refresh(event)
    assert not event.cancelled
    response = client.post(f"/bretagne/agenda/evenements/{event.id}/annuler", data={"confirm": "1"})
    assert response.status_code == 302
    db.session.refresh(event)
    assert event.cancelled and event.sequence == 1
    parsed = ics.events(client.get("/bretagne/agenda.ics").data)[event.uid]
    assert parsed.status.value == "CANCELLED" and parsed.sequence.value == "1"
    page = client.get(f"/bretagne/agenda/evenements/{event.id}").get_data(as_text=True)
    assert "Annulé :" in page and "Annuler cet événement" not in page
    # Cancelling again or editing a cancelled event changes nothing.
    client.post(f"/bretagne/agenda/evenements/{event.id}/annuler", data={"confirm": "1"})
    edit = client.post(f"/bretagne/agenda/evenements/{event.id}/modifier", data=FORM)
    assert edit.status_code == 302
    db.session.refresh(event)
    assert event.sequence == 1 and event.title == "À annuler"
    with pytest.raises(EventStateError):
        event.cancel()


def test_events_of_sources_are_managed_on_their_source(client, login, region):
    login("coordinator", region="bretagne")
    start = utcnow().replace(microsecond=0) + timedelta(days=3)
    event = services.sync_source("visit", 5, kind=EventKind.VISIT, region_id=region("bretagne").id,
                                 title="Visite", starts_at=start, ends_at=start + timedelta(hours=2),
                                 url_path="/bretagne/visites/5")
    db.session.commit()
    page = client.get(f"/bretagne/agenda/evenements/{event.id}").get_data(as_text=True)
    assert 'href="http://cellule.test/bretagne/visites/5"' in page
    assert "Modifier" not in page
    assert client.get(f"/bretagne/agenda/evenements/{event.id}/modifier").status_code == 404
    assert client.post(f"/bretagne/agenda/evenements/{event.id}/annuler").status_code == 404
    with pytest.raises(EventStateError):
        services.update_event(event, title="x")
    # In the grid the visit links straight to its own page.
    grid = client.get(f"/bretagne/agenda/?mois={start:%Y-%m}").get_data(as_text=True)
    assert 'href="/bretagne/visites/5"' in grid


def test_foreign_coordinator_cannot_touch_events(client, login, make_event):
    event = make_event("bretagne")
    login("coordinator", region="normandie")
    assert client.get(f"/bretagne/agenda/evenements/{event.id}/modifier").status_code == 404
    assert client.post(f"/bretagne/agenda/evenements/{event.id}/annuler").status_code == 404
    assert client.get(f"/normandie/agenda/evenements/{event.id}/modifier").status_code == 404
    db.session.refresh(event)
    assert not event.cancelled


def test_demo_load_is_idempotent(app, runner):
    from cellule.blueprints.calendar import demo
    from cellule.blueprints.directory.models import Region

    demo.load()
    db.session.commit()
    count = db.session.scalar(sa.select(sa.func.count(Event.id)))
    demo.load()
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count(Event.id))) == count
    regions = set(db.session.scalars(sa.select(Region.slug).join(Event, Event.region_id == Region.id)))
    assert {"hauts-de-france", "bretagne", "auvergne-rhone-alpes", "bourgogne-franche-comte", "occitanie",
            "ile-de-france", "normandie", "la-reunion"} <= regions
    events = _events()
    assert any(e.region_id is None for e in events)
    assert any(e.visibility is Visibility.MEMBERS for e in events)
    assert any(e.cancelled for e in events)
    assert all(e.ends_at > e.starts_at for e in events)
