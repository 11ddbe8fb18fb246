"""The month grid's items are kept across requests (``templating.kept_fragments``): a page seen again writes
no item, and whatever an item shows changing (its title, its cancellation), or the page's language, or the
viewer's zone, gives the item written anew, never the kept one."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from cellule.blueprints.calendar import grid, services
from cellule.blueprints.calendar.models import Event
from cellule.extensions import db

UTC = timezone.utc


@pytest.fixture
def writes(monkeypatch):
    """How many items the grid writes (rather than takes from those kept)."""
    count = [0]
    original = grid.GridWriter._write

    def counted(self, event):
        count[0] += 1
        return original(self, event)

    monkeypatch.setattr(grid.GridWriter, "_write", counted)
    return count


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
