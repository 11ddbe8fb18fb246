"""The month's list comes 50 events a page, in time order, with the same events as the grid; which
month an event belongs to is decided by its own zone's local days, in winter and in summer (issue 20)."""
import re
from datetime import datetime, timedelta, timezone

import pytest

from tests.conftest import SUMMER, WINTER

UTC = timezone.utc


def pager(html: str) -> str:
    """The list's pagination links (the month switch has rel=prev/next links too)."""
    return html.split('class="pagination"', 1)[1].split("</nav>", 1)[0] if 'class="pagination"' in html else ""


def titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="h3"><a href="[^"]+">(?:Annulé : )?([^<]+)</a>', html)


def test_the_list_comes_in_pages_of_fifty(client, make_event):
    start = datetime(2027, 5, 3, 7, tzinfo=UTC)
    for i in range(120):  # hours apart, so that time order is the creation order
        make_event("bretagne", title=f"Réunion {i:03d}", starts_at=start + timedelta(hours=5 * i),
                   ends_at=start + timedelta(hours=5 * i + 1))
    first = client.get("/bretagne/agenda/?mois=2027-05&vue=liste").get_data(as_text=True)
    assert titles(first) == [f"Réunion {i:03d}" for i in range(50)]
    assert 'aria-label="Pages de la liste des événements"' in first and 'aria-current="page">Page 1<' in first
    assert 'rel="next"' in pager(first) and 'rel="prev"' not in pager(first)
    assert re.search(r'href="/bretagne/agenda/\?[^"]*page=2[^"]*" rel="next">Page suivante', pager(first))
    second = client.get("/bretagne/agenda/?mois=2027-05&vue=liste&page=2").get_data(as_text=True)
    assert titles(second) == [f"Réunion {i:03d}" for i in range(50, 100)]
    previous = re.search(r'href="([^"]+)" rel="prev">Page précédente', pager(second)).group(1)
    assert "page=" not in previous and "vue=liste" in previous and "mois=2027-05" in previous
    third = client.get("/bretagne/agenda/?mois=2027-05&vue=liste&page=3").get_data(as_text=True)
    assert titles(third) == [f"Réunion {i:03d}" for i in range(100, 120)] and 'rel="next"' not in pager(third)
    beyond = client.get("/bretagne/agenda/?mois=2027-05&vue=liste&page=9").get_data(as_text=True)
    assert titles(beyond) == [] and "Cette page de la liste est vide." in beyond
    assert titles(client.get("/bretagne/agenda/?mois=2027-05&vue=liste&page=abc").get_data(as_text=True)) \
        == titles(first)
    # another month or filter starts again at its first page
    assert "page=" not in re.search(r'href="([^"]+)" rel="next">', second.split("month-switch")[1]).group(1)


@pytest.mark.parametrize("moment", [WINTER, SUMMER])
@pytest.mark.parametrize("month", ["2027-01", "2027-07"])
def test_the_list_holds_the_grids_events_by_local_days(client, clock, make_event, moment, month):
    clock(moment)
    year, number = (int(p) for p in month.split("-"))
    first = datetime(year, number, 1)
    following = datetime(year + (number == 12), number % 12 + 1, 1)
    paris = 1 if number == 1 else 2  # Europe/Paris is UTC+1 in January, UTC+2 in July
    cases = {
        # Réunion (UTC+4): 00:30 local on the 1st is 20:30 UTC the day before: in the month
        "Réunion tôt": ("la-reunion", first - timedelta(hours=3, minutes=30), timedelta(hours=1), True),
        # Paris: ends exactly at local midnight of the 1st: belongs to the month before
        "Veille à minuit": ("bretagne", first - timedelta(hours=paris + 2), timedelta(hours=2), False),
        # Paris: 23:30 local on the last day is in the month, whatever UTC says
        "Dernier soir": ("bretagne", following - timedelta(hours=paris, minutes=30), timedelta(minutes=20), True),
        # Guadeloupe (UTC-4): 22:00 local on the last day is 02:00 UTC the next month: in the month
        "Soirée antillaise": ("guadeloupe", following + timedelta(hours=2), timedelta(hours=1), True),
        # national (Paris): begun ten days before, still under way in the month
        "Séminaire long": (None, first - timedelta(days=10), timedelta(days=12), True),
        "Mois suivant": ("bretagne", following + timedelta(hours=12), timedelta(hours=1), False),
    }
    for title, (slug, start, length, _) in cases.items():
        make_event(slug, title=title, starts_at=start.replace(tzinfo=UTC), ends_at=(start + length).replace(tzinfo=UTC))
    listed = set(titles(client.get(f"/agenda/?mois={month}&vue=liste").get_data(as_text=True)))
    assert listed == {t for t, case in cases.items() if case[3]}
    grid = client.get(f"/agenda/?mois={month}").get_data(as_text=True)
    caption = re.search(r"<caption>[^<]*?(\d+) événements?</caption>", grid).group(1)
    assert int(caption) == len(listed)  # the grid counts the same events
    regional = set(titles(client.get(f"/la-reunion/agenda/?mois={month}&vue=liste").get_data(as_text=True)))
    assert regional == {"Réunion tôt", "Séminaire long"}
