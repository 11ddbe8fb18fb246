"""The month grid shows at most ``PER_DAY`` events starting on a local day, links the others
(« et N autres ») to the month list's page holding them, and counts what the list holds (issue 20)."""
import html
import re
from datetime import datetime, timedelta, timezone

import pytest

from cellule.blueprints.calendar.presenting import PER_DAY
from tests.conftest import SUMMER, WINTER

UTC = timezone.utc
MORE = re.compile(r'<a href="([^"]+)">et (\d+) autres?<span class="visually-hidden"> le ([^<]+) : '
                  r'voir la liste du mois</span></a>')


def cell(page: str, day: int) -> str:
    """The grid cell of an in-month day."""
    cells = page.split("<td ")[1:]
    return next(c for c in cells if "other-month" not in c.split(">", 1)[0]
                and f'<span class="day-number" aria-hidden="true">{day}</span>' in c)


def list_titles(page: str) -> list[str]:
    return re.findall(r'<h3 class="h3"><a href="[^"]+">(?:Annulé : )?([^<]+)</a>', page)


@pytest.mark.parametrize("moment", [WINTER, SUMMER])
@pytest.mark.parametrize("month", [1, 7])
def test_a_day_shows_its_first_events_and_links_the_others(client, clock, make_event, moment, month):
    clock(moment)
    paris = 1 if month == 1 else 2  # Europe/Paris is UTC+1 in January, UTC+2 in July; La Réunion UTC+4
    made = []

    def event(slug, title, year_day_hour_minute_local, offset):
        day, hour, minute = year_day_hour_minute_local
        start = datetime(2027, month, day, hour, minute, tzinfo=UTC) - timedelta(hours=offset)
        made.append((start, title, slug))
        make_event(slug, title=title, starts_at=start, ends_at=start + timedelta(minutes=30))

    for day in range(2, 8):  # 48 events before the 10th, 8 a day
        for i in range(8):
            event("bretagne", f"Atelier {day}-{i}", (day, 9 + i, 0), paris)
    for i in range(6):  # Paris 10th: 08:00 … 13:00, and 23:30 (the next UTC day in neither season)
        event("bretagne", f"Breton {i}", (10, 8 + i, 0), paris)
    event("bretagne", "Breton tard", (10, 23, 30), paris)
    event("bretagne", "Minuit breton", (11, 0, 15), paris)  # the 10th in UTC, the 11th in Paris
    event("la-reunion", "Réunion aube", (10, 1, 0), 4)  # the 9th in UTC, the 10th at La Réunion
    for i in range(4):
        event("la-reunion", f"Réunion {i}", (10, 9 + i, 0), 4)

    national = client.get(f"/agenda/?mois=2027-{month:02d}").get_data(as_text=True)
    tenth = cell(national, 10)
    ordered = [title for start, title, slug in sorted(made) if title.startswith(("Breton ", "Réunion"))]
    assert len(ordered) == 12
    shown = [t for t in ordered if f"{t}</a>" in tenth or f"{t} <span" in tenth]
    assert shown == ordered[:PER_DAY] and "Réunion aube" in shown
    href, count, label = MORE.search(tenth).groups()
    assert int(count) == 12 - PER_DAY and " 10 " in f" {label}" and "2027" in label
    assert "Minuit breton" in cell(national, 11) and not MORE.search(cell(national, 11))
    assert "Minuit breton" not in tenth and not MORE.search(cell(national, 9))
    for day in range(2, 8):
        assert MORE.search(cell(national, day)).group(2) == str(8 - PER_DAY)
    caption = re.search(r"<caption>[^<]*?(\d+) événements</caption>", national).group(1)
    assert int(caption) == len(made) == 61

    # the link leads to the list page holding the first event not shown, and the list has them all
    target = html.unescape(href)
    assert "vue=liste" in target and f"mois=2027-{month:02d}" in target and "page=2" in target
    listed = list_titles(client.get(target).get_data(as_text=True))
    assert ordered[PER_DAY] in listed
    assert set(ordered[PER_DAY:]) <= set(listed)
    everything = list_titles(client.get(f"/agenda/?mois=2027-{month:02d}&vue=liste").get_data(as_text=True)) + listed
    assert len(everything) == len(made)

    breton = cell(client.get(f"/bretagne/agenda/?mois=2027-{month:02d}").get_data(as_text=True), 10)
    assert MORE.search(breton).group(2) == str(7 - PER_DAY)
    reunion = cell(client.get(f"/la-reunion/agenda/?mois=2027-{month:02d}").get_data(as_text=True), 10)
    single = MORE.search(reunion)
    assert single.group(2) == "1" and "et 1 autre<span" in reunion and "page=" not in single.group(1)
    assert "Réunion aube" in reunion and "Réunion 3" not in reunion
