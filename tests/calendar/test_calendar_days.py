"""Each event's local days (``local_day``, ``last_day``) and the day tallies stay true along every path
that writes events (issue 20): hand-entered events created, moved, made members-only, retyped,
cancelled; a visit's mirror created, moved to another day, cancelled and removed; a plain ORM
delete. Local days are checked in their own zones, in winter and in summer, across midnight."""
from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from cellule.blueprints.calendar import days, services
from cellule.blueprints.calendar.feeds import local_days
from cellule.blueprints.calendar.models import DayTally, Event, EventKind, Visibility
from cellule.extensions import db

UTC = timezone.utc


def kept() -> Counter:
    db.session.commit()
    return Counter({(t.place, t.visibility, t.kind, t.day): t.events
                    for t in db.session.scalars(sa.select(DayTally)) if t.events})


def counted() -> Counter:
    """Every event counted in Python from its times and zone (not from its stored days)."""
    db.session.expire_all()
    tally = Counter()
    for event in db.session.scalars(sa.select(Event)):
        first, last = local_days(event)
        assert (event.local_day, event.last_day) == (first, last), event.title
        tally.update(days.tally_keys(event.region_id, event.visibility, event.kind, first))
    return tally


def assert_true():
    assert kept() == counted()


@pytest.mark.parametrize("season", ["2027-01-14", "2027-07-14"])
def test_local_days_in_each_zone_across_midnight(app, region, season):
    """00:30 in Paris is the day before in UTC; 23:00 in Guadeloupe is the next day in UTC; 01:00 at
    La Réunion the day before; an all-day event ends at the next local midnight and is one day."""
    day = date.fromisoformat(season)
    offset = 1 if day.month == 1 else 2
    made = {
        "paris": services.create_event(region_id=None, kind=EventKind.WEBINAR, title="Paris",
                                       starts_at=datetime(2027, day.month, 13, 24 - offset, 30, tzinfo=UTC),
                                       ends_at=datetime(2027, day.month, 14, 1, tzinfo=UTC)),
        "guadeloupe": services.create_event(region_id=region("guadeloupe").id, kind=EventKind.WEBINAR,
                                            title="Guadeloupe", starts_at=datetime(2027, day.month, 15, 3, tzinfo=UTC),
                                            ends_at=datetime(2027, day.month, 15, 4, tzinfo=UTC)),
        "reunion": services.create_event(region_id=region("la-reunion").id, kind=EventKind.WEBINAR,
                                         title="La Réunion", starts_at=datetime(2027, day.month, 13, 21, tzinfo=UTC),
                                         ends_at=datetime(2027, day.month, 13, 22, tzinfo=UTC)),
        "all day": services.create_event(region_id=region("bretagne").id, kind=EventKind.TRAINING, title="Journée",
                                         starts_at=datetime(2027, day.month, 13, 24 - offset, tzinfo=UTC),
                                         ends_at=datetime(2027, day.month, 14, 24 - offset, tzinfo=UTC), all_day=True),
    }
    db.session.commit()
    for name, event in made.items():
        assert (event.local_day, event.last_day) == (day, day), name
    assert_true()


def test_tallies_follow_hand_entered_events(app, region):
    start = datetime(2027, 3, 10, 9, tzinfo=UTC)
    bretagne = region("bretagne").id
    first = services.create_event(region_id=bretagne, kind=EventKind.WEBINAR, title="Un",
                                  starts_at=start, ends_at=start + timedelta(hours=1))
    second = services.create_event(region_id=None, kind=EventKind.NATIONAL_DAY, title="Deux",
                                   starts_at=start, ends_at=start + timedelta(days=3))
    assert_true()
    assert kept()[(bretagne, "public", "webinar", date(2027, 3, 10))] == 1
    assert kept()[(days.ALL_REGIONS, "public", days.ANY_KIND, date(2027, 3, 10))] == 1
    assert kept()[(days.NATIONAL, "public", days.ANY_KIND, date(2027, 3, 10))] == 1
    services.update_event(first, starts_at=start + timedelta(days=2), ends_at=start + timedelta(days=2, hours=1))
    assert_true()
    services.update_event(first, visibility=Visibility.MEMBERS, kind=EventKind.TRAINING)
    assert_true()
    assert kept()[(bretagne, "members", "training", date(2027, 3, 12))] == 1
    assert (bretagne, "public", "webinar", date(2027, 3, 10)) not in kept()
    services.update_event(second, starts_at=start - timedelta(days=1))
    assert second.last_day == date(2027, 3, 13) and second.local_day == date(2027, 3, 9)
    assert_true()
    services.cancel_event(first)  # a cancelled event stays counted: the grid shows it, marked
    assert_true()
    assert kept()[(bretagne, "members", "training", date(2027, 3, 12))] == 1
    first.region_id = region("la-reunion").id  # moved to another region (and zone) through the ORM
    db.session.flush()
    assert_true()
    db.session.delete(second)
    assert_true()
    assert kept()[(days.NATIONAL, "public", days.ANY_KIND, date(2027, 3, 9))] == 0


def test_tallies_follow_a_mirrored_source_and_its_removal(app, region):
    start = datetime(2027, 5, 4, 8, tzinfo=UTC)
    values = dict(kind=EventKind.VISIT, region_id=region("occitanie").id, title="Visite",
                  starts_at=start, ends_at=start + timedelta(hours=3), visibility=Visibility.MEMBERS)
    services.sync_source("visit", 41, **values)
    services.sync_source("visit", 42, **values)
    assert_true()
    services.sync_source("visit", 41, **{**values, "starts_at": start + timedelta(days=7),
                                         "ends_at": start + timedelta(days=7, hours=3), "visibility": Visibility.PUBLIC})
    assert_true()
    services.sync_source("visit", 42, **values, cancelled=True)
    assert_true()
    services.remove_source("visit", 42)
    services.remove_source("visit", 41)
    assert_true()
    assert sum(kept().values()) == 0


def test_rebuild_counts_what_the_hooks_kept(app, region):
    start = datetime(2027, 2, 1, 10, tzinfo=UTC)
    for i in range(6):
        services.create_event(region_id=region("bretagne").id if i % 2 else None, kind=EventKind.WEBINAR,
                              title=f"Webinaire {i}", starts_at=start + timedelta(days=i % 3),
                              ends_at=start + timedelta(days=i % 3, hours=1),
                              visibility=Visibility.MEMBERS if i % 3 == 0 else Visibility.PUBLIC)
    before = kept()
    days.rebuild(db.session.connection())
    assert kept() == before == counted()


def test_the_migration_computes_the_same_days_and_tallies(app, region):
    """Migration 0920 fills the days and tallies of events that existed before it: the same as the hooks."""
    from tests.migrating import replay_from

    made = [(None, datetime(2027, 7, 13, 22, 30, tzinfo=UTC), timedelta(hours=1)),  # the 14th in Paris
            ("guadeloupe", datetime(2027, 1, 14, 2, tzinfo=UTC), timedelta(hours=1)),  # the 13th there
            ("la-reunion", datetime(2027, 1, 13, 21, tzinfo=UTC), timedelta(hours=50)),  # the 14th to the 16th
            ("bretagne", datetime(2027, 3, 27, 23, tzinfo=UTC), timedelta(days=1))]  # all day, DST changes on the 28th
    for slug, start, length in made:
        services.create_event(region_id=region(slug).id if slug else None, kind=EventKind.WEBINAR, title=str(slug),
                              starts_at=start, ends_at=start + length, all_day=slug == "bretagne",
                              visibility=Visibility.MEMBERS if slug else Visibility.PUBLIC)
    before = kept()
    stored = sorted(db.session.execute(sa.select(Event.title, Event.local_day, Event.last_day)).all())
    replay_from("0910_membership_region_role")
    assert kept() == before == counted()
    assert sorted(db.session.execute(sa.select(Event.title, Event.local_day, Event.last_day)).all()) == stored
    assert (date(2027, 1, 14), date(2027, 1, 16)) in [(first, last) for _, first, last in stored]
