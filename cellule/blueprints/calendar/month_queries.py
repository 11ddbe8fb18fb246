"""The agenda's month: its grid (a few events per local day, the rest counted) and its paged list.

An event belongs to the days of its own time zone (``feeds.local_days``), so both
reads compute each zone's local midnights in Python and compare timestamps in SQL,
which SQLite and PostgreSQL evaluate alike. Scopes and visibility are ``queries``'.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from ...extensions import db
from . import queries
from .models import Event

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
    agenda reads the ``starts_at`` index in order from the month's start (events begun at
    most 31 days before). Either way the cost is the page's, not the month's.
    """
    dated = _in_month(zones, first, following)
    if scope.kinds:
        dated = sa.and_(dated, Event.kind.in_(scope.kinds))
    pairs = queries.region_branches(scope)
    if pairs is None:  # no statistics (a new SQLite database) must not make the visibility index look better
        visible = queries.visibility_condition(scope, indexed=False)
        return list(db.session.scalars(sa.select(Event).where(visible, dated)
                                       .order_by(Event.starts_at, Event.id).limit(limit).offset(offset)))
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


@dataclass
class GridRead:
    """What the month grid reads: at most ``per_day`` events a local start day, and the rest counted.

    ``hidden``: grid day index → (events of that start day not read, 0-based position in the
    month's list of the first of them); ``dated``: the events dated in the month (the list's count).
    """

    events: list[Event]
    hidden: dict[int, tuple[int, int]]
    dated: int


@functools.lru_cache(maxsize=64)
def _grid_statement(scope: queries.Scope, zone_items: tuple, days: tuple[date, ...], first: date, following: date,
                    per_day: int):
    """``month_grid``'s statement, built once per scope and month (its bound values are fixed)."""
    zones = dict(zone_items)
    days = list(days)
    where = sa.and_(queries.scope_condition(scope), _in_month(zones, days[0], days[-1] + timedelta(days=1)))
    dayed = sa.select(Event.id.label("id"), Event.starts_at.label("starts_at"), _local_day(zones, days).label("day"),
                      sa.case((_in_month(zones, first, following), 1), else_=0).label("dated")).where(where).subquery()
    order = (dayed.c.starts_at, dayed.c.id)
    numbered = sa.select(
        dayed.c.id, dayed.c.day,
        sa.func.row_number().over(partition_by=dayed.c.day, order_by=order).label("rank"),
        sa.func.count().over(partition_by=dayed.c.day).label("total"),
        sa.func.sum(dayed.c.dated).over(order_by=order).label("position"),
        sa.func.sum(dayed.c.dated).over().label("dated"),
    ).subquery()
    return (sa.select(Event, numbered.c.day, numbered.c.rank, numbered.c.total, numbered.c.position, numbered.c.dated)
            .join(numbered, numbered.c.id == Event.id).where(numbered.c.rank <= per_day)
            .order_by(Event.starts_at, Event.id))


def month_grid(scope: queries.Scope, zones: dict[str, tuple[int | None, ...]], days: list[date], first: date,
               following: date, *, per_day: int) -> GridRead:
    """The grid's events: the first ``per_day`` of each local start day (``row_number()`` over the day).

    One statement whatever the month holds: the window numbers and counts every event of the
    grid in SQL, only ``per_day`` rows a day come back as objects. The running count of the
    month's dated events gives where a day's first hidden event stands in the month's list.
    """
    statement = _grid_statement(scope, tuple(sorted(zones.items())), tuple(days), first, following, per_day)
    rows = db.session.execute(statement).all()
    hidden = {row.day: (row.total - per_day, int(row.position)) for row in rows
              if row.rank == per_day and row.total > per_day}
    return GridRead([row[0] for row in rows], hidden, int(rows[0].dated) if rows else 0)
