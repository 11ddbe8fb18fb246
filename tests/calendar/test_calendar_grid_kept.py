"""The month grid's items are kept across requests (``templating.kept_fragments``): a page seen again writes
no item, and whatever an item shows changing (its title, its cancellation), or the page's language, or the
viewer's zone, gives the item written anew, never the kept one."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from cellule.blueprints.calendar import grid, services
from cellule.blueprints.calendar.models import Event, EventKind, Visibility
from cellule.extensions import db

UTC = timezone.utc


def _calls_of(monkeypatch, name: str) -> list[int]:
    """How many times ``GridWriter.<name>`` runs (``[n]``, read as the test goes)."""
    count = [0]
    original = getattr(grid.GridWriter, name)

    def counted(self, *args):
        count[0] += 1
        return original(self, *args)

    monkeypatch.setattr(grid.GridWriter, name, counted)
    return count


@pytest.fixture
def writes(monkeypatch):
    """How many items the grid writes (rather than takes from those kept)."""
    return _calls_of(monkeypatch, "_write")


@pytest.mark.parametrize("season", ["2027-01-12T07:30:00+00:00", "2027-07-13T06:30:00+00:00"])
def test_grid_items_kept_and_written_anew_when_what_they_show_changes(app, client, clock, make_event, writes,
                                                                      season):
    start = datetime.fromisoformat(season)
    clock((start - timedelta(days=3)).isoformat())
    month = f"?mois={start:%Y-%m}"
    reunion = make_event("la-reunion", title="Atelier <réunionnais>", starts_at=start,
                         ends_at=start + timedelta(hours=1))
    make_event("bretagne", title="Café breton", starts_at=start, ends_at=start + timedelta(hours=1))

    first = client.get(f"/agenda/{month}").get_data(as_text=True)
    assert writes[0] == 2 and "Atelier &lt;réunionnais&gt;" in first
    assert client.get(f"/agenda/{month}").get_data(as_text=True) == first
    assert writes[0] == 2  # seen again: every item kept

    # the same event on its region's page: written for that viewer's zone (no zone named), in its own time
    local = client.get(f"/la-reunion/agenda/{month}").get_data(as_text=True)
    assert writes[0] == 3
    item = local[local.index('<li class=""><a href="/la-reunion/agenda/'):].split("</li>", 1)[0]
    assert f">{start.astimezone(timezone(timedelta(hours=4))):%H:%M}</time> Atelier" in item
    national_item = first[first.index('<li class=""><a href="/la-reunion/agenda/'):].split("</li>", 1)[0]
    assert '<span class="zone">(' in national_item and '<span class="zone">' not in item

    # a national event on two regions' pages (the same kind of page): named with its zone in La Réunion only
    make_event(None, title="Rencontre des pôles", starts_at=start + timedelta(days=1),
               ends_at=start + timedelta(days=1, hours=1))
    seen = {}
    for slug in ("bretagne", "la-reunion"):
        page = client.get(f"/{slug}/agenda/{month}").get_data(as_text=True)
        seen[slug] = page[:page.index("Rencontre des pôles")].rsplit("<li", 1)[1]
    assert '<span class="zone">' not in seen["bretagne"] and '<span class="zone">' in seen["la-reunion"]
    writes[0] = 0

    # renamed, then cancelled (as the services change events): written again each time, the kept item
    # no longer shown
    services.update_event(db.session.get(Event, reunion.id), title="Atelier renommé")
    db.session.commit()
    renamed = client.get(f"/agenda/{month}").get_data(as_text=True)
    # written: the renamed item, and the national event's, new on this page
    assert "Atelier renommé" in renamed and "réunionnais" not in renamed and writes[0] == 2
    services.cancel_event(db.session.get(Event, reunion.id))
    db.session.commit()
    cancelled = client.get(f"/agenda/{month}").get_data(as_text=True)
    assert "<strong>Annulé :</strong> Atelier renommé" in cancelled and writes[0] == 3

    # another language: its own items
    client.get("/langue/en?next=/")
    english = client.get(f"/agenda/{month}").get_data(as_text=True)
    assert "<strong>Cancelled:</strong> Atelier renommé" in english and "Annulé" not in english
    assert writes[0] == 6


@pytest.mark.parametrize("season", ["2027-01-12T07:30:00+00:00", "2027-07-13T06:30:00+00:00"])
def test_list_items_kept_and_written_anew_when_what_they_show_changes(app, client, clock, make_event, monkeypatch,
                                                                      season):
    from cellule.blueprints.calendar import listing

    count = [0]
    original = listing.ListWriter._write
    monkeypatch.setattr(listing.ListWriter, "_write",
                        lambda self, event: count.__setitem__(0, count[0] + 1) or original(self, event))
    start = datetime.fromisoformat(season)
    clock((start - timedelta(days=3)).isoformat())
    month = f"?vue=liste&mois={start:%Y-%m}"
    event = make_event(None, title="Rencontre des pôles", starts_at=start, ends_at=start + timedelta(hours=1),
                       location="Lyon")

    first = client.get(f"/agenda/{month}").get_data(as_text=True)
    assert count[0] == 1 and client.get(f"/agenda/{month}").get_data(as_text=True) == first and count[0] == 1
    paris = start.astimezone(timezone(timedelta(hours=1 if start.month == 1 else 2)))
    reunion = start.astimezone(timezone(timedelta(hours=4)))
    assert f"de {paris:%H:%M} à" in first

    # seen from La Réunion (the same kind of page): its own item, the time also given in the viewer's zone
    local = client.get(f"/la-reunion/agenda/{month}").get_data(as_text=True)
    assert count[0] == 2 and f"{reunion:%H:%M}" in local[local.index("Rencontre des pôles"):]

    services.update_event(db.session.get(Event, event.id), location="Marseille")
    db.session.commit()
    moved = client.get(f"/agenda/{month}").get_data(as_text=True)
    assert "Marseille" in moved and "Lyon" not in moved and count[0] == 3


def test_kept_reads_and_items_follow_a_renamed_region(client, clock, make_event, region, queries):
    """A region's name is not in the rows kept under the events' version: renamed, it shows at once."""
    start = datetime(2027, 1, 12, 7, 30, tzinfo=UTC)
    clock((start - timedelta(days=3)).isoformat())
    make_event("bretagne", title="Café breton", starts_at=start, ends_at=start + timedelta(hours=1))
    pages = ("/agenda/?mois=2027-01", "/agenda/?vue=liste&mois=2027-01")
    assert all("Bretagne" in client.get(path).get_data(as_text=True) for path in pages)
    with queries.count():
        before = [client.get(path).get_data(as_text=True) for path in pages]
    seen = len(queries)
    bretagne = region("bretagne")
    bretagne.name = "Breizh"
    db.session.commit()
    try:
        with queries.count():
            after = [client.get(path).get_data(as_text=True) for path in pages]
    finally:  # regions are kept from test to test
        bretagne = region("bretagne")
        bretagne.name = "Bretagne"
        db.session.commit()
    assert len(queries) == seen  # the same reads: the events' rows kept, the regions read by the page
    for old, new in zip(before, after):
        assert "— Bretagne</span>" in old or "· Bretagne" in old
        assert "Bretagne" not in new.replace("bretagne", "") and "Breizh" in new


@pytest.mark.parametrize("path", ["/agenda/?mois=2027-01", "/bretagne/agenda/?mois=2027-01",
                                  "/agenda/?vue=liste&mois=2027-01", "/bretagne/agenda/?vue=liste&mois=2027-01"])
def test_a_month_read_is_kept_until_an_event_changes_through_any_instance(client, other_app, clock, make_event,
                                                                          queries, path):
    """Seen again, a month reads only the events' version; changed through another worker or host
    (own engine, own store), the next request reads and shows the change."""
    start = datetime(2027, 1, 12, 7, 30, tzinfo=UTC)
    clock((start - timedelta(days=3)).isoformat())
    event_id = make_event("bretagne", title="Avant", starts_at=start, ends_at=start + timedelta(hours=1)).id
    elsewhere = other_app().test_client()
    with queries.count():
        assert "Avant" in client.get(path).get_data(as_text=True)
    first = len(queries)
    with queries.count():
        assert "Avant" in client.get(path).get_data(as_text=True)
    assert len(queries) < first, queries.report()
    assert not [q for q in queries.statements if "FROM calendar_event" in q], queries.report()
    assert "Avant" in elsewhere.get(path).get_data(as_text=True)
    services.update_event(db.session.get(Event, event_id), title="Après")  # through this instance
    db.session.commit()
    shown = elsewhere.get(path).get_data(as_text=True)
    assert "Après" in shown and "Avant" not in shown


@pytest.fixture
def weeks_written(monkeypatch):
    """How many weeks of cells the grid writes (rather than takes from those kept)."""
    return _calls_of(monkeypatch, "cells")


# Five minutes before midnight in La Réunion (UTC+4 all year) and in Paris, in winter and in summer.
MIDNIGHTS = {"winter": ("2027-01-12T19:55:00+00:00", "2027-01-12T22:55:00+00:00"),
             "summer": ("2027-07-13T19:55:00+00:00", "2027-07-13T21:55:00+00:00")}


@pytest.mark.parametrize("season", MIDNIGHTS)
def test_grid_weeks_kept_until_the_events_or_the_day_change(client, clock, make_event, weeks_written, season):
    """A grid seen again writes no week: the same bytes. The day turning where the viewer is moves
    « aujourd'hui » at once (each zone at its own midnight); an event changed shows on the next request."""
    reunion_eve, paris_eve = (datetime.fromisoformat(value) for value in MIDNIGHTS[season])
    month = f"?mois={reunion_eve:%Y-%m}"
    event = make_event("la-reunion", title="Atelier du soir", starts_at=reunion_eve + timedelta(days=2),
                       ends_at=reunion_eve + timedelta(days=2, hours=1))
    clock(reunion_eve.isoformat())
    first = client.get(f"/la-reunion/agenda/{month}").get_data(as_text=True)
    weeks = weeks_written[0]
    assert weeks in (5, 6) and "Atelier du soir" in first
    assert client.get(f"/la-reunion/agenda/{month}").get_data(as_text=True) == first
    assert weeks_written[0] == weeks  # kept: no week written

    def today(page: str) -> str:
        return page.split('aria-current="date"', 1)[1].split('day-number" aria-hidden="true">', 1)[1].split("<", 1)[0]

    assert today(first) == str(reunion_eve.day)
    national = client.get(f"/agenda/{month}").get_data(as_text=True)
    assert today(national) == str(reunion_eve.day)

    clock((reunion_eve + timedelta(minutes=10)).isoformat())  # midnight has passed in La Réunion, not in Paris
    assert today(client.get(f"/la-reunion/agenda/{month}").get_data(as_text=True)) == str(reunion_eve.day + 1)
    assert today(client.get(f"/agenda/{month}").get_data(as_text=True)) == str(reunion_eve.day)
    clock((paris_eve + timedelta(minutes=10)).isoformat())
    assert today(client.get(f"/agenda/{month}").get_data(as_text=True)) == str(reunion_eve.day + 1)

    services.update_event(db.session.get(Event, event.id), title="Atelier déplacé")
    db.session.commit()
    changed = client.get(f"/la-reunion/agenda/{month}").get_data(as_text=True)
    assert "Atelier déplacé" in changed and "Atelier du soir" not in changed


def test_kept_grid_weeks_never_show_an_event_to_someone_who_may_not_see_it(app, client, login, clock, make_event,
                                                                           weeks_written):
    """Members-only events: a visitor after a member, and a member after a visitor, each get their own
    grid under the same version of the events."""
    start = datetime(2027, 1, 12, 9, 0, tzinfo=UTC)
    clock((start - timedelta(days=3)).isoformat())
    make_event("bretagne", title="Bureau réservé", starts_at=start, ends_at=start + timedelta(hours=1),
               visibility=Visibility.MEMBERS)
    make_event("bretagne", title="Café ouvert", starts_at=start, ends_at=start + timedelta(hours=1))
    visitor = app.test_client()
    for path in ("/bretagne/agenda/?mois=2027-01", "/agenda/?mois=2027-01"):
        before = visitor.get(path).get_data(as_text=True)
        assert "Café ouvert" in before and "Bureau réservé" not in before
    login("ptce_member", region="bretagne")
    for path in ("/bretagne/agenda/?mois=2027-01", "/agenda/?mois=2027-01"):
        member = client.get(path).get_data(as_text=True)
        assert "Café ouvert" in member and "Bureau réservé" in member
        after = visitor.get(path).get_data(as_text=True)
        assert "Café ouvert" in after and "Bureau réservé" not in after


def test_kept_grid_weeks_keep_the_page_filters_and_mount_point(client, clock, make_event):
    """The « et N autres » links keep the page's filters, and every link its mount point: a grid kept
    for one query or mount point is never served for another."""
    start = datetime(2027, 1, 12, 7, 0, tzinfo=UTC)
    clock((start - timedelta(days=3)).isoformat())
    for i in range(6):
        make_event("bretagne", title=f"Atelier {i}", starts_at=start + timedelta(hours=i),
                   ends_at=start + timedelta(hours=i + 1))

    def more_link(page: str) -> str:
        return page.split('<p class="day-more"><a href="', 1)[1].split('"', 1)[0]

    def first_item(page: str) -> str:
        return page.split('<ul class="day-events">', 1)[1].split('<a href="', 1)[1].split('"', 1)[0]

    plain = client.get("/bretagne/agenda/?mois=2027-01").get_data(as_text=True)
    assert more_link(plain) == "/bretagne/agenda/?mois=2027-01&amp;vue=liste"
    kind = EventKind.REGIONAL_MEETING.value
    filtered = client.get(f"/bretagne/agenda/?mois=2027-01&type={kind}").get_data(as_text=True)
    assert more_link(filtered) == f"/bretagne/agenda/?mois=2027-01&amp;type={kind}&amp;vue=liste"
    # an argument the page does not read is kept in its links too (as url_for writes them)
    tagged = client.get("/bretagne/agenda/?mois=2027-01&source=lettre").get_data(as_text=True)
    assert more_link(tagged) == "/bretagne/agenda/?mois=2027-01&amp;source=lettre&amp;vue=liste"
    mounted = client.get("/bretagne/agenda/?mois=2027-01", environ_overrides={"SCRIPT_NAME": "/cellule"})
    page = mounted.get_data(as_text=True)
    assert more_link(page) == "/cellule/bretagne/agenda/?mois=2027-01&amp;vue=liste"
    assert first_item(page).startswith("/cellule/bretagne/agenda/evenements/")
    assert first_item(plain).startswith("/bretagne/agenda/evenements/")
    assert client.get("/bretagne/agenda/?mois=2027-01").get_data(as_text=True) == plain


@pytest.fixture
def lists_written(monkeypatch):
    """How many pages of the month list write their items (rather than take them kept whole)."""
    from cellule.blueprints.calendar import listing

    count = [0]
    original = listing.ListWriter.items
    monkeypatch.setattr(listing.ListWriter, "items",
                        lambda self, events: count.__setitem__(0, count[0] + 1) or original(self, events))
    return count


@pytest.mark.parametrize("season", ["2027-01-12T07:30:00+00:00", "2027-07-13T06:30:00+00:00"])
def test_list_pages_kept_whole_until_an_event_changes(client, clock, make_event, lists_written, season):
    """A page of the list seen again writes nothing: the same bytes. Another page, another viewer's zone,
    another language: each its own. An event changed shows on the next request, at its time in both
    zones."""
    from cellule.blueprints.calendar import presenting

    start = datetime.fromisoformat(season)
    clock((start - timedelta(days=3)).isoformat())
    for i in range(presenting.PER_PAGE + 2):
        make_event(None, title=f"Rencontre {i:02d}", starts_at=start + timedelta(hours=i),
                   ends_at=start + timedelta(hours=i, minutes=30))
    month = f"?vue=liste&mois={start:%Y-%m}"
    first = client.get(f"/agenda/{month}").get_data(as_text=True)
    assert lists_written[0] == 1 and "Rencontre 00" in first and "Rencontre 51" not in first
    assert client.get(f"/agenda/{month}").get_data(as_text=True) == first and lists_written[0] == 1
    second = client.get(f"/agenda/{month}&page=2").get_data(as_text=True)
    assert "Rencontre 51" in second and "Rencontre 00" not in second and lists_written[0] == 2
    reunion = client.get(f"/la-reunion/agenda/{month}").get_data(as_text=True)
    assert lists_written[0] == 3 and f"{start.astimezone(timezone(timedelta(hours=4))):%H:%M}" in reunion
    client.get("/langue/en?next=/")
    english = client.get(f"/agenda/{month}").get_data(as_text=True)
    def items(page: str) -> str:
        return page.split('<ol class="event-list">', 1)[1].split("</ol>", 1)[0]

    assert lists_written[0] == 4 and items(english) != items(first)  # its own words (the kinds' labels)
    assert "Réunion régionale" in items(first) and "Regional meeting" in items(english)
    client.get("/langue/fr?next=/")

    event = db.session.scalar(db.select(Event).where(Event.title == "Rencontre 00"))
    services.update_event(event, title="Rencontre avancée")
    db.session.commit()
    changed = client.get(f"/agenda/{month}").get_data(as_text=True)
    paris = start.astimezone(timezone(timedelta(hours=1 if start.month == 1 else 2)))
    assert "Rencontre avancée" in changed and "Rencontre 00" not in changed and f"de {paris:%H:%M} à" in changed
    assert lists_written[0] == 5


def test_kept_list_pages_never_show_an_event_to_someone_who_may_not_see_it(app, client, login, clock, make_event):
    """Members-only events: a visitor after a member, and a member after a visitor, each get their own list
    page under the same version of the events; the page's filters and mount point are its own too."""
    start = datetime(2027, 1, 12, 9, 0, tzinfo=UTC)
    clock((start - timedelta(days=3)).isoformat())
    make_event("bretagne", title="Bureau réservé", starts_at=start, ends_at=start + timedelta(hours=1),
               visibility=Visibility.MEMBERS)
    make_event("bretagne", title="Café ouvert", starts_at=start, ends_at=start + timedelta(hours=1),
               kind=EventKind.WEBINAR)
    visitor = app.test_client()
    paths = ("/bretagne/agenda/?vue=liste&mois=2027-01", "/agenda/?vue=liste&mois=2027-01")
    for path in paths:
        before = visitor.get(path).get_data(as_text=True)
        assert "Café ouvert" in before and "Bureau réservé" not in before
    login("ptce_member", region="bretagne")
    for path in paths:
        member = client.get(path).get_data(as_text=True)
        assert "Café ouvert" in member and "Bureau réservé" in member
        after = visitor.get(path).get_data(as_text=True)
        assert "Café ouvert" in after and "Bureau réservé" not in after
    filtered = visitor.get(f"{paths[0]}&type={EventKind.REGIONAL_MEETING.value}").get_data(as_text=True)
    assert "Café ouvert" not in filtered
    mounted = visitor.get(paths[0], environ_overrides={"SCRIPT_NAME": "/cellule"}).get_data(as_text=True)
    assert 'href="/cellule/bretagne/agenda/evenements/' in mounted
    assert 'href="/bretagne/agenda/evenements/' in visitor.get(paths[0]).get_data(as_text=True)
