"""The local-time rule itself (cellule.localtime), over the 18 regions' zones and a few zones with odd changes."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cellule.localtime import LocalTimeError, start_of_day, to_local, to_utc
from tests.localtime.test_properties import REGIONS, instants, wall_times

UTC = timezone.utc
# Zones whose changes are not at 02:00, or last 30 minutes, or fall at midnight.
ODD = ["America/Havana", "Australia/Lord_Howe", "America/Santiago", "Asia/Beirut", "America/New_York"]
ZONES = sorted({z for _s, z in REGIONS}) + ODD


def change_days(zone: str) -> list[date]:
    """The local days of 2026–2028 on which ``zone`` changes its offset."""
    tz, days = ZoneInfo(zone), []
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    offset = moment.astimezone(tz).utcoffset()
    while moment.year < 2029:
        moment += timedelta(minutes=30)
        if moment.astimezone(tz).utcoffset() != offset:
            offset = moment.astimezone(tz).utcoffset()
            days.append(moment.astimezone(tz).date())
    return days


CHANGES = {zone: change_days(zone) for zone in ZONES}


@st.composite
def zone_and_time(draw):
    """A zone, and a wall-clock time on one of its change days (or around), or on any day."""
    zone = draw(st.sampled_from(ZONES))
    if CHANGES[zone] and draw(st.booleans()):
        day = draw(st.sampled_from(CHANGES[zone])) + timedelta(days=draw(st.integers(-1, 0)))
        return zone, datetime(day.year, day.month, day.day, draw(st.integers(0, 23)),
                              draw(st.sampled_from([0, 1, 15, 29, 30, 45, 59])))
    return zone, draw(wall_times)


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


@settings(max_examples=600, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(zone_and_time())
def test_accepted_times_round_trip_and_the_rest_is_refused(app, case):
    zone, local = case
    with app.test_request_context():
        found = instants(local, zone)
        if len(found) == 1:
            assert to_utc(local, zone) == found.pop()
            assert to_local(to_utc(local, zone), zone) == local
            return
        with pytest.raises(LocalTimeError) as refused:
            to_utc(local, zone)
        message = str(refused.value)
        assert local.strftime("%H:%M") in message and local.strftime("%d/%m/%Y") in message
        if not found:  # a gap: the time named is the first valid one, the minute before is still in the gap
            named = re.search(r"choisissez (\d\d):(\d\d) ou plus tard", message)
            first = local.replace(hour=int(named[1]), minute=int(named[2]))
            assert len(instants(first, zone)) == 1
            assert len(instants(first - timedelta(minutes=1), zone)) == 0
        else:  # repeated: the two bounds named are the repeated hour's
            start, stop = re.search(r"avant (\d\d:\d\d) ou à partir de (\d\d:\d\d)", message).groups()
            before = datetime.combine(local.date(), datetime.strptime(start, "%H:%M").time())
            after = datetime.combine(local.date(), datetime.strptime(stop, "%H:%M").time())
            assert len(instants(before, zone)) == 2 and len(instants(before - timedelta(minutes=1), zone)) == 1
            assert len(instants(after, zone)) == 1 and len(instants(after - timedelta(minutes=1), zone)) == 2


def test_paris_messages(ctx):
    for local, text in [
        (datetime(2026, 3, 29, 2, 0), "02:00 n'existe pas le 29/03/2026 en heure de Paris (passage à l'heure d'été) : "
                                      "choisissez 03:00 ou plus tard."),
        (datetime(2028, 10, 29, 2, 59), "02:59 existe deux fois le 29/10/2028 en heure de Paris (retour à l'heure "
                                        "d'hiver) : choisissez une heure avant 02:00 ou à partir de 03:00."),
    ]:
        with pytest.raises(LocalTimeError, match=re.escape(text)):
            to_utc(local, "Europe/Paris")
    assert to_utc(datetime(2026, 3, 29, 3, 0), "Europe/Paris") == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert to_utc(datetime(2028, 10, 29, 3, 0), "Europe/Paris") == datetime(2028, 10, 29, 2, 0, tzinfo=UTC)


def test_overseas_zones_have_no_gap(ctx):
    for slug, zone in REGIONS:
        if zone != "Europe/Paris":
            assert to_utc(datetime(2027, 3, 28, 2, 30), zone) != to_utc(datetime(2027, 10, 31, 2, 30), zone)


def test_start_of_day_when_midnight_is_skipped_or_repeated(ctx):
    # Havana springs forward at midnight: the day starts at 01:00 CDT (05:00 UTC).
    assert start_of_day(date(2011, 3, 13), "America/Havana") == datetime(2011, 3, 13, 5, tzinfo=UTC)
    # …and falls back at 01:00 to midnight: the day starts at the first midnight (04:00 UTC).
    assert start_of_day(date(2011, 11, 6), "America/Havana") == datetime(2011, 11, 6, 4, tzinfo=UTC)
    assert start_of_day(date(2027, 7, 1), "Indian/Reunion") == datetime(2027, 6, 30, 20, tzinfo=UTC)
