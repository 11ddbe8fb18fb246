"""Agenda pages: the month grid's structure, the list, filters and who sees members-only events."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo


from cellule.blueprints.calendar.models import EventKind, Visibility

from .conftest import html_tree

UTC = timezone.utc


def test_month_grid_is_an_accessible_table(client, make_event):
    today = datetime.now(ZoneInfo("Europe/Paris")).date()
    start = datetime.combine(today, datetime.min.time(), ZoneInfo("Europe/Paris")).replace(hour=14)
    event = make_event("hauts-de-france", title="Comité du jour", starts_at=start.astimezone(UTC),
                       ends_at=(start + timedelta(hours=2)).astimezone(UTC))
    response = client.get("/hauts-de-france/agenda/")
    assert response.status_code == 200
    tree = html_tree(response.data)
    table = tree.find("table", class_="month-grid")
    assert table is not None
    headers = table.find("thead").find_all("th")
    assert len(headers) == 7 and all(th.attrs.get("scope") == "col" for th in headers)
    assert headers[0].find("abbr").attrs["title"] == "lundi"
    rows = table.find("tbody").find_all("tr")
    assert 4 <= len(rows) <= 6 and all(len(row.find_all("td")) == 7 for row in rows)
    current = table.find_all("td", aria_current="date")
    assert len(current) == 1 and "today" in current[0].attrs["class"].split()
    assert current[0].find("span", class_="day-label").text.endswith("(aujourd'hui)")
    link = current[0].find("a")
    assert link.attrs["href"] == f"/hauts-de-france/agenda/evenements/{event.id}"
    assert "14:00" in link.text and "Comité du jour" in link.text
    assert str(today.year) in table.find("caption").text and "1 événement" in table.find("caption").text


def test_multi_day_event_sits_on_each_of_its_days(client, make_event):
    from cellule.localtime import start_of_day as local_midnight
    from datetime import date

    tz = ZoneInfo("Europe/Paris")
    make_event("bretagne", title="Université d'été", all_day=True,
               starts_at=local_midnight(date(2027, 7, 5), tz), ends_at=local_midnight(date(2027, 7, 8), tz))
    tree = html_tree(client.get("/bretagne/agenda/?mois=2027-07").data)
    days = [td.find("span", class_="day-number").text for td in tree.find_all("td", class_="has-events")]
    assert days == ["5", "6", "7"]


def test_month_navigation_keeps_filters(client):
    tree = html_tree(client.get("/agenda/?mois=2027-01&type=webinar&region=bretagne").data)
    prev = tree.find("a", rel="prev").attrs["href"]
    nxt = tree.find("a", rel="next").attrs["href"]
    assert "mois=2026-12" in prev and "type=webinar" in prev and "region=bretagne" in prev
    assert "mois=2027-02" in nxt


def test_list_view_and_filters(client, make_event):
    start = datetime(2027, 5, 12, 8, tzinfo=UTC)
    make_event("bretagne", title="Webinaire breton", kind=EventKind.WEBINAR, starts_at=start,
               ends_at=start + timedelta(hours=1))
    make_event("normandie", title="Réunion normande", starts_at=start, ends_at=start + timedelta(hours=1))
    make_event(None, title="Journée nationale", kind=EventKind.NATIONAL_DAY, starts_at=start,
               ends_at=start + timedelta(hours=8))
    page = client.get("/agenda/?mois=2027-05&vue=liste").get_data(as_text=True)
    assert all(t in page for t in ("Webinaire breton", "Réunion normande", "Journée nationale"))
    only_webinars = client.get("/agenda/?mois=2027-05&vue=liste&type=webinar").get_data(as_text=True)
    assert "Webinaire breton" in only_webinars and "Réunion normande" not in only_webinars
    normandy = client.get("/agenda/?mois=2027-05&vue=liste&region=normandie").get_data(as_text=True)
    assert "Réunion normande" in normandy and "Webinaire breton" not in normandy
    regional = client.get("/bretagne/agenda/?mois=2027-05&vue=liste").get_data(as_text=True)
    assert "Webinaire breton" in regional and "Journée nationale" in regional and "normande" not in regional


def test_bad_filters_are_400_not_500(client):
    assert client.get("/agenda/?type=concert").status_code == 400
    assert client.get("/agenda/?region=atlantide").status_code == 400
    assert client.get("/agenda/?mois=abc").status_code == 200
    assert client.get("/agenda/?mois=99999-99").status_code == 200


def test_members_only_events_on_pages(client, auth, make_event, make_user):
    start = datetime(2027, 5, 12, 8, tzinfo=UTC)
    make_event("hauts-de-france", title="Bureau réservé", visibility=Visibility.MEMBERS, starts_at=start,
               ends_at=start + timedelta(hours=1))
    urls = ["/hauts-de-france/agenda/?mois=2027-05", "/agenda/?mois=2027-05&vue=liste"]
    for url in urls:
        assert "Bureau réservé" not in client.get(url).get_data(as_text=True)
    auth.login(make_user("coordinator", region="bretagne"))
    for url in urls:
        assert "Bureau réservé" not in client.get(url).get_data(as_text=True)
    auth.logout()
    auth.login(make_user("partner", region="hauts-de-france"))
    for url in urls:
        assert "Bureau réservé" in client.get(url).get_data(as_text=True)
    auth.logout()
    auth.login(make_user("council_observer"))
    for url in urls:
        assert "Bureau réservé" in client.get(url).get_data(as_text=True)


def test_event_page_access(client, auth, make_event, make_user):
    public = make_event("hauts-de-france", description="**Ordre du jour**")
    secret = make_event("hauts-de-france", visibility=Visibility.MEMBERS)
    page = client.get(f"/hauts-de-france/agenda/evenements/{public.id}")
    assert page.status_code == 200 and b"<strong>Ordre du jour</strong>" in page.data
    assert f'/hauts-de-france/agenda/evenements/{public.id}.ics'.encode() in page.data
    assert client.get(f"/bretagne/agenda/evenements/{public.id}").status_code == 404
    assert client.get(f"/agenda/evenements/{public.id}").status_code == 404
    assert client.get(f"/hauts-de-france/agenda/evenements/{secret.id}").status_code == 302
    auth.login(make_user("coordinator", region="bretagne"))
    assert client.get(f"/hauts-de-france/agenda/evenements/{secret.id}").status_code == 404
    auth.logout()
    auth.login(make_user("partner", region="hauts-de-france"))
    assert client.get(f"/hauts-de-france/agenda/evenements/{secret.id}").status_code == 200


def test_national_members_event_needs_a_role(client, auth, make_event, make_user):
    secret = make_event(None, visibility=Visibility.MEMBERS)
    auth.login(make_user(None))
    assert client.get(f"/agenda/evenements/{secret.id}").status_code == 403
    auth.logout()
    auth.login(make_user("partner", region="mayotte"))
    assert client.get(f"/agenda/evenements/{secret.id}").status_code == 200


def test_region_home_shows_next_events(client, make_event):
    make_event("la-reunion", title="Prochaine réunion")
    make_event("la-reunion", title="Réunion réservée", visibility=Visibility.MEMBERS)
    page = client.get("/la-reunion/").get_data(as_text=True)
    assert "Prochains événements" in page and "Prochaine réunion" in page
    assert "Réunion réservée" not in page


def test_agenda_pages_use_a_fixed_number_of_queries(queries, client, make_event):
    start = datetime(2027, 5, 12, 8, tzinfo=UTC)
    counts = []
    for _batch in range(2):
        for slug in ("bretagne", "normandie", "la-reunion", None):
            make_event(slug, starts_at=start, ends_at=start + timedelta(hours=1))
        with queries.count(cold=False):
            assert client.get("/agenda/?mois=2027-05").status_code == 200
            assert client.get("/agenda/?mois=2027-05&vue=liste").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_every_calendar_view_declares_its_rule(app):
    endpoints = [r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("calendar.")]
    assert len(endpoints) >= 18
    for endpoint in endpoints:
        assert getattr(app.view_functions[endpoint], "access_rule", None), endpoint
