"""Property-based: any local time typed in any of the 18 regions, around the 2026–2028 clock changes.

The oracle is independent of ``cellule.localtime``: a wall-clock time has 0, 1 or 2
instants, found by trying both folds with zoneinfo and keeping those that read back as typed.
Accepted input must then show the same instant everywhere (page, edit form, e-mail, invitation,
regional feed read by two parsers); refused input stores nothing; nothing answers 500.
"""
from __future__ import annotations

import base64
import html
import importlib.util
import io
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import sqlalchemy as sa
from dateutil.tz import tzical
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from cellule.blueprints.calendar.models import Event
from cellule.blueprints.transfers.session_models import TransferSession
from cellule.blueprints.visits.models import Visit
from cellule.extensions import db
from tests import vcal

UTC = timezone.utc
_spec = importlib.util.spec_from_file_location(
    "regions_migration", Path(__file__).parents[2] / "migrations" / "versions" / "0002_regions.py")
_regions = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_regions)
REGIONS = [(row[2], row[3]) for row in _regions.REGIONS]  # (slug, IANA zone), all 18
assert len(REGIONS) == 18


def _last_sunday(year: int, month: int) -> date:
    day = date(year, month, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


# The days clocks change in Paris in 2026–2028, the days around them, and any day of those years.
CHANGE_DAYS = [_last_sunday(y, m) + timedelta(days=d) for y in (2026, 2027, 2028) for m in (3, 10)
               for d in (-1, 0, 1)]
days = st.one_of(st.sampled_from(CHANGE_DAYS), st.dates(date(2026, 1, 1), date(2028, 12, 31)))
wall_times = st.builds(lambda d, h, m: datetime(d.year, d.month, d.day, h, m), days,
                       st.integers(0, 23), st.sampled_from([0, 1, 15, 30, 45, 59]))
lengths = st.sampled_from([timedelta(minutes=m) for m in (-30, 0, 15, 45, 60, 75, 150, 300)])
QUICK = dict(deadline=None, database=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
             suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
SETTINGS = settings(max_examples=40, **QUICK)
BEFORE_ALL = "2025-06-01T10:00:00+00:00"  # every generated time is to come: registration is open


def instants(local: datetime, zone: str) -> set[datetime]:
    """Every UTC instant whose wall-clock time in ``zone`` is ``local`` (0: gap, 2: repeated hour)."""
    tz = ZoneInfo(zone)
    found = set()
    for fold in (0, 1):
        moment = datetime(local.year, local.month, local.day, local.hour, local.minute, tzinfo=tz, fold=fold)
        utc = moment.astimezone(UTC)
        back = utc.astimezone(tz)
        if (back.year, back.month, back.day, back.hour, back.minute) == (
                local.year, local.month, local.day, local.hour, local.minute):
            found.add(utc)
    return found


def offset_label(moment: datetime, zone: str) -> str:
    minutes = int(moment.astimezone(ZoneInfo(zone)).utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def ics_starts(data: bytes, uid: str) -> list[datetime]:
    """DTSTART of ``uid`` as UTC, read three ways: vobject, icalendar, and icalendar through the
    file's own VTIMEZONE (not the zone database), so a VTIMEZONE too short to cover it shows."""
    readings = []
    parsed = vcal.read(data)
    event = next(e for e in parsed.vevent_list if e.uid.value == uid)
    readings.append(event.dtstart.value.astimezone(UTC))
    cal = icalendar.Calendar.from_ical(data)
    vevent = next(e for e in cal.walk("VEVENT") if str(e["UID"]) == uid)
    start = vevent.decoded("DTSTART")
    readings.append(start.astimezone(UTC))
    tzid = vevent["DTSTART"].params["TZID"]
    block = next(c for c in cal.walk("VTIMEZONE") if str(c["TZID"]) == tzid).to_ical().decode()
    own = tzical(io.StringIO(block)).get(tzid)  # dateutil reads the block itself; icalendar caches by TZID
    readings.append(start.replace(tzinfo=None).replace(tzinfo=own).astimezone(UTC))
    return readings


def refused(response) -> bool:
    page = html.unescape(response.get_data(as_text=True))
    return response.status_code == 200 and ("n'existe pas le" in page or "existe deux fois le" in page)


def test_visit_form_any_region_any_time(client, clock, login, make_ptce, make_user, register, outbox):
    clock(BEFORE_ALL)
    login("council_admin")
    hosts, members = {}, {}

    @SETTINGS
    @given(st.sampled_from(REGIONS), wall_times, lengths)
    def check(region, start, length):
        slug, zone = region
        if slug not in hosts:
            hosts[slug] = make_ptce(slug, name=f"Pôle {slug}")
            members[slug] = make_user("ptce_member", ptce=hosts[slug])
        end = start + length
        before = db.session.scalar(sa.select(sa.func.count()).select_from(Visit))
        response = client.post(f"/{slug}/visites/nouvelle", data={
            "host_ptce_id": hosts[slug].id, "title": "Visite", "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": end.strftime("%Y-%m-%dT%H:%M"), "address": "Mairie", "capacity": "5",
            "open_to_members": "y", "reserved_emerging_seats": "0"})
        assert response.status_code in (200, 302)
        first, last = instants(start, zone), instants(end, zone)
        if len(first) != 1 or len(last) != 1:  # a gap or a repeated hour: refused, never guessed
            assert refused(response)
            assert db.session.scalar(sa.select(sa.func.count()).select_from(Visit)) == before
            return
        (expected_start,), (expected_end,) = first, last
        if expected_end <= expected_start:
            assert response.status_code == 200 and "La fin doit être après le début." in response.text
            assert db.session.scalar(sa.select(sa.func.count()).select_from(Visit)) == before
            return
        assert response.status_code == 302, response.text
        visit = db.session.scalars(sa.select(Visit).order_by(Visit.id.desc())).first()
        assert (visit.starts_at, visit.ends_at) == (expected_start, expected_end)
        assert client.post(f"/{slug}/visites/{visit.id}/publier").status_code == 302
        hhmm = start.strftime("%H:%M")
        page = html.unescape(client.get(f"/{slug}/visites/{visit.id}").get_data(as_text=True))
        shown = re.sub(r"\s+", " ", page)
        assert f"de {hhmm} à {end.strftime('%H:%M')}" in shown and offset_label(expected_start, zone) in shown
        form = client.get(f"/{slug}/visites/{visit.id}/modifier").get_data(as_text=True)
        assert f'value="{start.strftime("%Y-%m-%dT%H:%M")}"' in form
        register(visit, members[slug])
        mail = outbox(members[slug].email)[-1]
        assert f"de {hhmm} à" in mail.body_text and offset_label(expected_start, zone) in mail.body_text
        invitation = base64.b64decode(mail.attachments[0]["data"])
        assert set(ics_starts(invitation, visit.uid)) == {expected_start}
        feed = client.get(f"/{slug}/agenda.ics").data
        assert set(ics_starts(feed, visit.uid)) == {expected_start}
        db.session.expire_all()

    check()


def test_agenda_and_session_forms_any_time(client, clock, login, world, as_user, make_cycle, outbox):
    clock(BEFORE_ALL)
    login("council_admin")
    cycle = make_cycle("active")

    @settings(max_examples=25, **QUICK)
    @given(wall_times, lengths)
    def check(start, length):
        end = start + length
        first, last = instants(start, "Europe/Paris"), instants(end, "Europe/Paris")
        response = client.post("/agenda/nouveau", data={
            "kind": "national_day", "title": "Journée", "start_date": start.date().isoformat(),
            "start_time": start.strftime("%H:%M"), "end_date": end.date().isoformat(),
            "end_time": end.strftime("%H:%M"), "location": "Paris", "visibility": "public"})
        assert response.status_code in (200, 302)
        if len(first) != 1 or len(last) != 1:
            assert refused(response)
        elif min(last) <= min(first):
            assert response.status_code == 200
        else:
            assert response.status_code == 302
            event = db.session.scalars(sa.select(Event).order_by(Event.id.desc())).first()
            assert (event.starts_at, event.ends_at) == (min(first), min(last))

    check()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) > 0  # some were accepted
    as_user(world.coordinator)

    @settings(max_examples=15, **QUICK)
    @given(wall_times, lengths)
    def sessions(start, length):
        end = start + length
        first, last = instants(start, "Europe/Paris"), instants(end, "Europe/Paris")
        response = client.post(f"/hauts-de-france/transferts/cycles/{cycle.id}/seances/nouvelle", data={
            "title": "Séance", "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": end.strftime("%Y-%m-%dT%H:%M"), "mode": "on_site", "address": "Lille",
            "attendees": [world.mentor_referent.id]})
        assert response.status_code in (200, 302)
        if len(first) != 1 or len(last) != 1:
            assert refused(response)
            return
        assert (response.status_code == 302) == (min(last) > min(first))
        if response.status_code == 200:
            return
        session = db.session.scalars(sa.select(TransferSession).order_by(TransferSession.id.desc())).first()
        assert (session.starts_at, session.ends_at) == (min(first), min(last))
        page = re.sub(r"\s+", " ", html.unescape(client.get(response.location).get_data(as_text=True)))
        assert f"de {start:%H:%M} à {end:%H:%M}" in page
        assert offset_label(session.starts_at, "Europe/Paris") in page
        mail = outbox(world.mentor_referent.email)[-1]
        assert offset_label(session.starts_at, "Europe/Paris") in mail.body_text
        invitation = base64.b64decode(mail.attachments[0]["data"])
        assert set(ics_starts(invitation, f"transfer_session-{session.id}@cellule")) == {session.starts_at}

    sessions()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TransferSession)) > 0


def test_feeds_cover_every_event_in_every_zone(client, clock, make_ptce, make_visit):
    """Visits in all 18 regions, from 2026 to 2028: the national and regional feeds' VTIMEZONEs
    give every event its stored instant, read by vobject and by icalendar through the VTIMEZONE."""
    clock(BEFORE_ALL)
    visits = []
    for n, (slug, _zone) in enumerate(REGIONS):
        host = make_ptce(slug, name=f"Pôle {slug}")
        for start in (datetime(2026, 1, 10, 9, tzinfo=UTC) + timedelta(days=71 * n),
                      datetime(2028, 12, 20, 15, tzinfo=UTC) - timedelta(days=67 * n)):
            visits.append((slug, make_visit(ptce=host, starts_at=start, ends_at=start + timedelta(hours=2))))
    national = client.get("/agenda.ics").data
    for slug, visit in visits:
        assert set(ics_starts(national, visit.uid)) == {visit.starts_at}
        regional = client.get(f"/{slug}/agenda.ics").data
        assert set(ics_starts(regional, visit.uid)) == {visit.starts_at}
    zones = {m.group(1) for m in re.finditer(rb"TZID:([\w/]+)\r\n", national)}
    assert {z.encode() for _s, z in REGIONS} == zones
