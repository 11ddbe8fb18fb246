"""The agenda's month: its grid (a few events per local day, the rest counted) and its paged list.

An event belongs to the days of its own time zone (``feeds.local_days``), so both
reads compute each zone's local midnights in Python and compare timestamps in SQL,
which SQLite and PostgreSQL evaluate alike. Scopes and visibility are ``queries``'.

The grid's cost follows what it shows, not what the month holds: one narrow statement
reads the grid's events as (id, local start day, dated in the month) in time order from
``ix_calendar_event_grid`` alone (no table row), Python counts each day's events and
keeps the first ``per_day`` ids, and a second statement reads those events only, as
``GridEvent``s (the columns the grid shows, through Core: no ORM object per event).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from ...extensions import db
from ..directory.models import Region
from . import queries
from .models import Event, Shown

# A month's list shows an event begun before the month (still under way in it) only if it began
# this long before: with this bound the list reads one short index range, whatever the events.
ONGOING_LISTED = timedelta(days=31)


def _in_month(zones: dict[str, tuple[int | None, ...]], first: date, following: date):
    """The SQL condition of ``_month_condition`` (built once per zones and month: see there)."""
    return _month_condition(tuple(sorted(zones.items())), first, following)


@functools.lru_cache(maxsize=128)
def _month_condition(zones: tuple[tuple[str, tuple[int | None, ...]], ...], first: date, following: date):
    """Events dated in [first, following) by their own local days (``feeds.local_days``).

    ``zones`` maps each time zone to the regions (None: national events) whose events
    use it. An event is in the month when it starts before the next month's first local
    midnight and ends after the month's (or starts exactly at it).
    """
    parts, lows, highs = [], [], []
    for tz, keys in zones:
        start = datetime.combine(first, time(), ZoneInfo(tz)).astimezone(timezone.utc)
        end = datetime.combine(following, time(), ZoneInfo(tz)).astimezone(timezone.utc)
        # coalesce: a condition no index serves, so that the planner reads starts_at in order
        place = sa.func.coalesce(Event.region_id, 0).in_([k or 0 for k in keys])
        parts.append(sa.and_(place, Event.starts_at < end,
                             sa.or_(Event.ends_at > start, Event.starts_at >= start)))
        lows.append(start)
        highs.append(end)
    if not parts:
        return sa.false()
    return sa.and_(sa.or_(*parts), Event.starts_at >= min(lows) - ONGOING_LISTED, Event.starts_at < max(highs))


def month_page(scope: queries.Scope, zones: dict[str, tuple[int | None, ...]], first: date, following: date, *,
               limit: int, offset: int = 0) -> list[Event]:
    """A page of the month's events of the scope, in time order: ``limit`` rows from ``offset``.

    A region's scope reads one ordered range of ``ix_calendar_event_region_visibility_starts``
    per (region, visibility), cut at the page's end (as ``queries.upcoming`` does); the national
    agenda reads ``ix_calendar_event_grid`` in order from the month's start (events begun at
    most 31 days before), its entries alone, then the page's rows by key. Either way the
    cost is the page's, not the month's.
    """
    dated = _in_month(zones, first, following)
    if scope.kinds:
        dated = sa.and_(dated, Event.kind.in_(scope.kinds))
    pairs = queries.region_branches(scope)
    if pairs is None:
        # wrapped as the grid's scope is (_grid_statement): without statistics (a new SQLite
        # database) the visibility index must not look better than reading starts_at in order
        visible = sa.func.coalesce(queries.visibility_condition(scope), sa.false())
        # the page's ids first, from ix_calendar_event_grid alone (it holds every column the condition
        # reads): the events begun in the 31 days before the month are skipped without a table row
        found = (sa.select(Event.id, Event.starts_at).where(visible, dated)
                 .order_by(Event.starts_at, Event.id).limit(limit).offset(offset).subquery())
        return list(db.session.scalars(sa.select(Event).join(found, found.c.id == Event.id)
                                       .order_by(found.c.starts_at, found.c.id)))
    parts = [sa.select(Event.id, Event.starts_at)
             .where(Event.region_id == key if key is not None else Event.region_id.is_(None),
                    Event.visibility == visibility, dated)
             .order_by(Event.starts_at, Event.id).limit(offset + limit)
             for key, visibility in pairs]
    found = sa.union_all(*(sa.select(*p.subquery().c) for p in parts)).subquery()
    return list(db.session.scalars(sa.select(Event).join(found, found.c.id == Event.id)
                                   .order_by(found.c.starts_at, found.c.id).limit(limit).offset(offset)))


def _local_day(zones: dict[str, tuple[int | None, ...]], days: list[date]) -> sa.ColumnElement:
    """SQL: the index in ``days`` of an event's local start day, in its own zone.

    0 also for events begun before the first day, ``len(days)`` for those after the last.
    Each zone's local midnights are computed here, so the expression is plain timestamp
    comparisons that SQLite and PostgreSQL evaluate alike, daylight saving time included;
    zones with the same midnights over the grid (same offsets) share one branch.
    """
    by_midnights: dict[tuple[datetime, ...], list[int]] = {}
    for tz, keys in sorted(zones.items()):
        zone = ZoneInfo(tz)
        midnights = tuple(datetime.combine(day + timedelta(days=1), time(), zone).astimezone(timezone.utc)
                          for day in days)
        by_midnights.setdefault(midnights, []).extend(k or 0 for k in keys)
    branches = [(sa.func.coalesce(Event.region_id, 0).in_(keys), _day_index(midnights, 0))
                for midnights, keys in by_midnights.items()]
    return sa.case(*branches, else_=len(days)) if branches else sa.literal(len(days))


def _day_index(midnights: tuple[datetime, ...], offset: int):
    """SQL: how many of ``midnights`` (each day's end, in order) ``starts_at`` is at or after, plus
    ``offset``: nested halves, so that a row costs log2(days) comparisons rather than days."""
    if len(midnights) <= 3:
        return sa.case(*((Event.starts_at < end, offset + i) for i, end in enumerate(midnights)),
                       else_=offset + len(midnights))
    half = len(midnights) // 2
    return sa.case((Event.starts_at < midnights[half - 1], _day_index(midnights[:half - 1], offset)),
                   else_=_day_index(midnights[half:], offset + half))


class GridEvent(Shown):
    """What the month grid shows of an event (its item, its link, the days it spans), read through Core.

    ``region``: the event's region from the session (the agenda page has loaded it), None if national.
    """

    __slots__ = ("id", "title", "starts_at", "ends_at", "all_day", "cancelled_at", "visibility", "url_path",
                 "region_id", "region")
    COLUMNS = (Event.id, Event.title, Event.starts_at, Event.ends_at, Event.all_day, Event.cancelled_at,
               Event.visibility, Event.url_path, Event.region_id)

    def __init__(self, row, region: Region | None):
        (self.id, self.title, self.starts_at, self.ends_at, self.all_day, self.cancelled_at, self.visibility,
         self.url_path, self.region_id) = row
        self.region = region


@dataclass
class GridRead:
    """What the month grid reads: at most ``per_day`` events a local start day, and the rest counted.

    ``hidden``: grid day index → (events of that start day not read, 0-based position in the
    month's list of the first of them); ``dated``: the events dated in the month (the list's count).
    """

    events: list[GridEvent]
    hidden: dict[int, tuple[int, int]]
    dated: int


@functools.lru_cache(maxsize=64)
def _grid_statement(scope: queries.Scope, zone_items: tuple, days: tuple[date, ...], first: date, following: date):
    """The grid's (id, day, dated) rows in time order, built once per scope and month (its values are fixed).

    Every column it reads is in ``ix_calendar_event_grid`` (``starts_at, id`` first, so the index
    gives the order too): both databases answer it from the index without a sort or a table row.
    The scope's condition is wrapped in ``coalesce`` so that no other index serves it (as
    ``_month_condition`` does for the regions): without statistics SQLite would otherwise
    read a per-region or per-visibility index and sort every match.
    """
    zones = dict(zone_items)
    scoped = sa.func.coalesce(queries.scope_condition(scope), sa.false())
    where = sa.and_(scoped, _in_month(zones, days[0], days[-1] + timedelta(days=1)))
    dated = sa.case((_in_month(zones, first, following), 1), else_=0)
    return (sa.select(Event.id, _local_day(zones, list(days)).label("day"), dated.label("dated"))
            .where(where).order_by(Event.starts_at, Event.id))


def _keep(rows, per_day: int) -> tuple[list[int], dict[int, tuple[int, int]], int]:
    """The first ``per_day`` ids of each day, the days' hidden counts with where their first hidden
    event stands among the dated ones, and the dated count (``rows``: (id, day, dated) in time order)."""
    kept: list[int] = []
    seen: dict[int, int] = {}
    first_hidden: dict[int, int] = {}
    dated = 0
    for event_id, day, in_month in rows:
        count = seen[day] = seen.get(day, 0) + 1
        if count <= per_day:
            kept.append(event_id)
        elif count == per_day + 1:
            first_hidden[day] = dated
        dated += in_month
    return kept, {day: (seen[day] - per_day, at) for day, at in first_hidden.items()}, dated


def month_grid(scope: queries.Scope, zones: dict[str, tuple[int | None, ...]], days: list[date], first: date,
               following: date, *, per_day: int) -> GridRead:
    """The grid's events: the first ``per_day`` of each local start day, in time order, and the others counted.

    Per event not shown, the databases read one index entry and Python counts one small row;
    only the shown events (at most ``per_day`` × the grid's days) become objects. The
    month's dated events counted before a day's first hidden one give its place in the list.
    """
    statement = _grid_statement(scope, tuple(sorted(zones.items())), tuple(days), first, following)
    kept, hidden, dated = _keep(db.session.connection().execute(statement).all(), per_day)  # Core rows, one fetch
    if not kept:
        return GridRead([], hidden, dated)
    regions: dict[int | None, Region | None] = {None: None}
    found = {}
    for row in db.session.connection().execute(sa.select(*GridEvent.COLUMNS).where(Event.id.in_(kept))).all():
        if row.region_id not in regions:
            regions[row.region_id] = db.session.get(Region, row.region_id)  # in the identity map already
        found[row.id] = GridEvent(row, regions[row.region_id])
    return GridRead([found[i] for i in kept], hidden, dated)
