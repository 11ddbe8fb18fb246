"""The month grid's read (``grid_queries.month_grid``) against a count made in Python from every event:
the first ``per_day`` events of each local start day in time order, each day's hidden count, where
its first hidden event stands in the month's list (in day order), and the month's dated count (issue 20).
The national grid counts from the day tallies: a wrong tally fails here too.
Runs on SQLite and on PostgreSQL (``CELLULE_TEST_DATABASE_URL``), in winter and in summer."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from flask_login import AnonymousUserMixin

from cellule.blueprints.calendar import grid_queries, month_queries, presenting, queries
from cellule.blueprints.calendar.feeds import local_days
from cellule.blueprints.calendar.models import Event, EventKind, Visibility
from cellule.blueprints.directory.models import Region
from cellule.extensions import db

UTC = timezone.utc
OFFSETS = {"bretagne": {1: 1, 7: 2}, "la-reunion": {1: 4, 7: 4}, "guadeloupe": {1: -4, 7: -4},
           None: {1: 1, 7: 2}}


def local(slug, month, day, hour, minute=0):
    """A UTC instant from a local time in the zone of ``slug``'s events (None: national, Paris)."""
    return datetime(2027, month, day, hour, minute, tzinfo=UTC) - timedelta(hours=OFFSETS[slug][month])


@pytest.fixture
def crowded(make_event):
    """A month (January or July 2027) whose 10th is crowded, with events across zones and edges."""

    def build(month: int):
        def at(slug, day, hour, minute=0, hours=1, **fields):
            start = local(slug, month, day, hour, minute)
            return make_event(slug, starts_at=start, ends_at=start + timedelta(hours=hours), **fields)

        for i in range(6):
            at("bretagne", 10, 8 + i)
        at("bretagne", 10, 9, title="Même heure")  # same start as another: the id decides
        at("la-reunion", 10, 1)  # the 9th in UTC, the 10th at La Réunion
        at("guadeloupe", 9, 22)  # the 10th in UTC, the 9th in Guadeloupe
        at(None, 10, 23, 30)
        at("bretagne", 10, 16, visibility=Visibility.MEMBERS)
        at("bretagne", 10, 17, cancelled_at=datetime(2026, 12, 1, tzinfo=UTC))
        at("bretagne", 9, 18, hours=40)  # the 9th to the 11th
        for day in (3, 4, 5, 6, 7, 8):
            for hour in range(9, 9 + day % 4 + 2):
                at("la-reunion" if hour % 2 else "bretagne", day, hour, kind=EventKind.WEBINAR)
        at("bretagne", 1, 0, 0)  # local midnight, the month's first minute
        at("guadeloupe", 1, 0, 30)
        at("bretagne", 28 if month == 7 else 29, 12, hours=24 * 6)  # runs into the next month
        first = date(2027, month, 1)
        grid = presenting.month_grid(first, first)
        before = datetime.combine(grid.start, datetime.min.time(), UTC)
        for hours in (-20 * 24, -30, 5):  # begun before the grid (under way in it, or not)
            make_event("bretagne", starts_at=before + timedelta(hours=hours),
                       ends_at=before + timedelta(hours=hours + 72))
        for day in range(3):  # the previous month's days the grid shows: not dated in the month
            start = before + timedelta(days=day, hours=10)
            for i in range(5):
                make_event(None, starts_at=start + timedelta(minutes=i), ends_at=start + timedelta(hours=1))
        return grid

    return build


def expected(scope, grid, per_day: int):
    """Every event of the scope read as objects and counted in Python: what ``month_grid`` must give."""
    days = grid.days
    first_day, following = grid.first, grid.next
    rows = []
    for event in db.session.scalars(sa.select(Event).where(queries.scope_condition(scope))):
        start, end = local_days(event)
        if end < days[0] or start > days[-1]:  # (no event here began more than ONGOING_LISTED before)
            continue
        day = 0 if start < days[0] else days.index(start)
        dated = int(start < following and end >= first_day)
        rows.append((start, event.starts_at, event.id, day, dated))
    rows.sort()  # the list's order: local start day, time, id
    kept, seen, first_hidden, dated = [], {}, {}, 0
    for _, _, event_id, day, in_month in rows:
        seen[day] = seen.get(day, 0) + 1
        if seen[day] <= per_day:
            kept.append(event_id)
        elif seen[day] == per_day + 1:
            first_hidden[day] = dated
        dated += in_month
    return kept, {day: (seen[day] - per_day, at) for day, at in first_hidden.items()}, dated


def scopes(region):
    visitor = AnonymousUserMixin()
    return {"national": queries.viewer_scope(visitor),
            "region": queries.viewer_scope(visitor, region=region("bretagne")),
            "national, one region": queries.viewer_scope(visitor, region_filter=region("la-reunion")),
            "webinars": queries.viewer_scope(visitor, kinds=(EventKind.WEBINAR,)),
            "everything": queries.Scope(all_regions=True, all_members=True)}


@pytest.mark.parametrize("moment", ["2026-12-15T10:00:00+00:00", "2027-06-15T10:00:00+00:00"])
@pytest.mark.parametrize("month", [1, 7])
@pytest.mark.parametrize("per_day", [presenting.PER_DAY, 2])
def test_grid_read_matches_a_count_of_every_event(app, clock, crowded, region, moment, month, per_day):
    clock(moment)
    grid = crowded(month)
    regions = list(db.session.scalars(sa.select(Region)))
    for name, scope in scopes(region).items():
        one = region("bretagne") if name == "region" else region("la-reunion") if "one" in name else None
        zones = presenting.zones([one] if one else regions, national=scope.national)
        read = grid_queries.month_grid(scope, zones, grid.days, grid.first, grid.next, per_day=per_day)
        kept, hidden, dated = expected(scope, grid, per_day)
        assert [e.id for e in read.events] == kept, name
        # a day of another month links to that month's first page: its place in this month's list is not used
        assert read.hidden == {day: (count, at if grid.first <= grid.days[day] < grid.next else 0)
                               for day, (count, at) in hidden.items()}, name
        assert read.dated == dated, name
        if name == "everything":
            assert len(read.hidden) >= 5 and read.dated > 30
            # a day's first hidden event stands where the month's list puts it
            listed = [e.id for e in month_queries.month_page(scope, zones, grid.first, grid.next, limit=500)]
            ordered = expected(scope, grid, 10_000)[0]
            for day, (_, at) in hidden.items():
                if grid.first <= grid.days[day] < grid.next:
                    later = [i for i in ordered if i not in kept]
                    first_hidden = next(i for i in later if _day_of(i, grid) == day)
                    assert listed.index(first_hidden) == at


def _day_of(event_id: int, grid) -> int:
    start, _ = local_days(db.session.get(Event, event_id))
    return 0 if start < grid.days[0] else grid.days.index(start)


def test_grid_events_carry_what_the_grid_shows(app, make_event, region):
    """The shown events are read through Core: their fields and regions are the ORM event's."""
    start = datetime(2027, 1, 12, 9, tzinfo=UTC)
    made = [make_event("la-reunion", starts_at=start, ends_at=start + timedelta(hours=1),
                       visibility=Visibility.MEMBERS, cancelled_at=start, url_path="/la-reunion/visites/3"),
            make_event(None, starts_at=start, ends_at=start + timedelta(days=1), all_day=True)]
    grid = presenting.month_grid(date(2027, 1, 1), date(2027, 1, 1))
    regions = list(db.session.scalars(sa.select(Region)))
    read = grid_queries.month_grid(queries.Scope(all_regions=True, all_members=True),
                                    presenting.zones(regions, national=True), grid.days, grid.first, grid.next,
                                    per_day=4)
    assert [e.id for e in read.events] == [e.id for e in made]
    for shown, event in zip(read.events, made):
        for name in ("title", "starts_at", "ends_at", "all_day", "cancelled_at", "visibility", "url_path",
                     "region", "timezone", "cancelled"):
            assert getattr(shown, name) == getattr(event, name), name
        assert shown.visibility is event.visibility
        assert local_days(shown) == local_days(event)


def test_national_grid_reads_every_day_whatever_the_database_session_zone(app, make_event):
    """On PostgreSQL the national grid's days are a series: a series of timestamps would follow the
    session's time zone, and in America/Santiago (clocks go forward at midnight on 6 September 2026)
    it lost the grid's last day. Each day of the September 2026 grid holds one event; all are read."""
    first = date(2026, 8, 31)  # the grid's Monday
    days = [first + timedelta(days=n) for n in range(35)]  # to Sunday 4 October
    for day in days:
        start = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=10)  # noon in Paris
        make_event(None, starts_at=start, ends_at=start + timedelta(hours=1))
    conn = db.session.connection()
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET LOCAL TIME ZONE 'America/Santiago'")
    regions = list(db.session.scalars(sa.select(Region)))
    read = grid_queries.month_grid(queries.viewer_scope(AnonymousUserMixin()), presenting.zones(regions, national=True),
                                    days, date(2026, 9, 1), date(2026, 10, 1), per_day=4)
    assert sorted(e.local_day for e in read.events) == days
