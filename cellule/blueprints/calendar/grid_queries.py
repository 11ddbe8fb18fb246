"""The month grid's read: at most ``per_day`` events a local start day, in time order, the rest counted.

- the national grid counts each day's events from ``calendar_day_tally`` (a few rows per day), reads
  each day's first ``per_day`` events by equality on ``ix_calendar_event_day`` (a UNION ALL of one short
  range per day, a LATERAL subquery on PostgreSQL), and the events begun before the grid and still under
  way in it through ``ix_calendar_event_spanning`` (events over several days only);
- a region's grid reads its own six weeks, one range per (region, visibility) of
  ``ix_calendar_event_region_visibility_starts``: what the page shows, whatever the other regions hold.

The ranges, scopes and the rows' objects are ``month_queries``'; the paged list is there too.
"""
from __future__ import annotations

import functools
import operator
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from ...extensions import db
from ..directory.models import Region
from . import days as tallies
from . import kept_reads, queries
from .models import Event, Shown
from .month_queries import ONGOING_LISTED, as_shown, branch_condition, branch_pairs, spanning_condition


class GridEvent(Shown):
    """What the month grid shows of an event (its item, its link, the days it spans), read through Core.

    ``region``: the event's region from the session (the agenda page has loaded it), None if national.
    """

    __slots__ = ("id", "title", "starts_at", "ends_at", "all_day", "cancelled_at", "visibility", "url_path",
                 "region_id", "local_day", "last_day", "region")
    COLUMNS = (Event.id, Event.title, Event.starts_at, Event.ends_at, Event.all_day, Event.cancelled_at,
               Event.visibility, Event.url_path, Event.region_id, Event.local_day, Event.last_day)

    def __init__(self, row, region: Region | None):
        (self.id, self.title, self.starts_at, self.ends_at, self.all_day, self.cancelled_at, self.visibility,
         self.url_path, self.region_id, self.local_day, self.last_day) = row
        self.region = region


# A GridEvent row's local day, start and id: the list's order.
_LIST_ORDER = operator.itemgetter(*([c.key for c in GridEvent.COLUMNS].index(name)
                                    for name in ("local_day", "starts_at", "id")))


@dataclass
class GridRead:
    """What the month grid reads: at most ``per_day`` events a local start day, and the rest counted.

    ``hidden``: grid day index → (events of that start day not read, 0-based position in the
    month's list of the first of them; 0 for the days of the months before and after, whose link
    opens their own month's list); ``dated``: the events dated in the month (the list's count).
    """

    events: list[GridEvent]
    hidden: dict[int, tuple[int, int]]
    dated: int


@functools.lru_cache(maxsize=64)
def _national_statement(scope: queries.Scope, days: tuple[date, ...], first: date, per_day: int, dialect: str):
    """The national grid's shown events: each day's first ``per_day`` (one short range of
    ``ix_calendar_event_day`` per day) and those over several days begun before the grid (31 days
    at most) or in its days before the month, still under way at its start. Built once per scope,
    month and database: its values are fixed.

    On PostgreSQL the days are a ``generate_series`` and each day's range a LATERAL subquery: the
    same index reads in a statement of 2.4 kB. Written as one UNION ALL branch per day (SQLite has no
    LATERAL) it is 34 kB, which psycopg parses again on every execution (it keeps the parse of
    statements up to 4 kB) and the server plans again.
    """
    scoped = sa.func.coalesce(queries.scope_condition(scope), sa.false())
    spanning = sa.select(*GridEvent.COLUMNS).where(spanning_condition(scope, days[0] - ONGOING_LISTED, first, days[0]))
    if dialect == "postgresql":
        # the days as whole numbers added to the first (a date plus an integer is a date): a series of
        # timestamps would follow the session's time zone, and lose a day where a clock change falls at midnight
        series = sa.func.generate_series(0, len(days) - 1).table_valued("n").render_derived(name="days")
        heads = (sa.select(*GridEvent.COLUMNS).where(Event.local_day == sa.cast(days[0], sa.Date) + series.c.n, scoped)
                 .order_by(Event.starts_at, Event.id).limit(per_day).lateral("heads"))
        parts = [sa.select(*heads.c).select_from(series).join(heads, sa.true()), spanning]
        return sa.union_all(*(sa.select(*p.subquery().c) for p in parts))
    parts = [sa.select(*GridEvent.COLUMNS).where(Event.local_day == day, scoped)
             .order_by(Event.starts_at, Event.id).limit(per_day) for day in days]
    parts.append(spanning)
    return sa.union_all(*(sa.select(*p.subquery().c) for p in parts))


@functools.lru_cache(maxsize=64)
def _region_statement(scope: queries.Scope, zone_items: tuple, days: tuple[date, ...]):
    """A region's grid: its six weeks (one range per region and visibility) and its events over several
    days begun before the grid (31 days at most) and still under way at its start."""
    pairs = branch_pairs(scope, dict(zone_items))
    after = days[-1] + timedelta(days=1)
    # each range in the index's order: what makes the planner take that index on a small table too
    parts = [sa.select(*GridEvent.COLUMNS).where(branch_condition(key, visibility, zone, days[0], after, scope.kinds))
             .order_by(Event.starts_at, Event.id) for key, visibility, zone in pairs]
    parts.append(sa.select(*GridEvent.COLUMNS).where(spanning_condition(scope, days[0] - ONGOING_LISTED, days[0], days[0])))
    return sa.union_all(*(sa.select(*p.subquery().c) for p in parts))


def _in_order(rows) -> list:
    """Rows in the list's order: local day, then time, then id."""
    return sorted(rows, key=_LIST_ORDER)


def _dated(row, first: date, following: date) -> bool:
    """Dated in the month: begun in it, or before it (31 days at most) and still under way in it."""
    return first - ONGOING_LISTED <= row.local_day < following and row.last_day >= first


def _keep(rows, days: list[date], first: date, following: date, per_day: int):
    """Every row of a region's grid (list order) → the first ``per_day`` of each day, the days'
    hidden counts with where their first hidden event stands among the dated ones, the dated count."""
    index = {day: i for i, day in enumerate(days)}
    kept, seen, first_hidden, dated = [], {}, {}, 0
    for row in rows:
        day = index.get(row.local_day, 0)  # begun before the grid: its first day
        count = seen[day] = seen.get(day, 0) + 1
        if count <= per_day:
            kept.append(row)
        elif count == per_day + 1:
            first_hidden[day] = dated if first <= days[day] < following else 0
        dated += _dated(row, first, following)
    return kept, {day: (seen[day] - per_day, at) for day, at in first_hidden.items()}, dated


def _counted(rows, counts: dict[date, int], days: list[date], first: date, following: date, per_day: int):
    """The national grid's shown rows (each day's first, and those under way at its start) and the
    days' counts from the tallies → what ``_keep`` gives from every row, without reading them."""
    rows = list({row.id: row for row in rows}.values())  # an event over several days may be a day's first too
    ongoing = [row for row in rows if row.local_day < days[0]]
    spanning_dated = sum(1 for row in rows if row.local_day < first and _dated(row, first, following))
    by_day: dict[int, list] = {}
    index = {day: i for i, day in enumerate(days)}
    for row in rows:
        if row.local_day >= days[0]:
            by_day.setdefault(index[row.local_day], []).append(row)
    kept, hidden = [], {}
    dated_before = spanning_dated  # the dated events listed before the current day
    for i, day in enumerate(days):
        bucket = (ongoing + by_day.get(0, [])) if i == 0 else by_day.get(i, [])
        total = counts.get(day, 0) + (len(ongoing) if i == 0 else 0)
        shown = _in_order(bucket)[:per_day]
        kept += shown
        if total > len(shown):
            # a day of the month: its first hidden event comes after the dated ones of the days before
            # (those under way at the month's start are in the first day's own count when it is the 1st)
            before = 0 if (i == 0 and day == first) else dated_before
            hidden[i] = (total - len(shown), before + per_day if first <= day < following else 0)
        if first <= day < following:
            dated_before += counts.get(day, 0)
    dated = spanning_dated + sum(n for day, n in counts.items() if first <= day < following)
    return kept, hidden, dated


def month_grid(scope: queries.Scope, zones: dict[str, tuple[int | None, ...]], days: list[date], first: date,
               following: date, *, per_day: int, kept: bool = False, version=kept_reads.UNREAD) -> GridRead:
    """The grid's events: the first ``per_day`` of each local start day, in time order, and the others counted.

    Nationally the days' counts come from the tallies and only the shown events are read (two
    statements); a region's grid reads its own six weeks and counts them (one statement). Only
    the shown events become objects. The month's dated events counted before a day's first
    hidden one give its place in the list. ``kept``, ``version``: see ``kept_reads.read``.
    """
    conn = db.session.connection()
    zone_items = tuple(sorted(zones.items()))
    load = functools.partial(_grid_rows, conn, scope, zone_items, tuple(days), first, following, per_day)
    key = ("grid", scope, zone_items, tuple(days), first, following, per_day)
    shown, hidden, dated = kept_reads.read(conn, key, load, version) if kept else load()
    # in the list's order already: day after day, each in time order
    return GridRead(as_shown(shown, GridEvent), hidden, dated)


def _grid_rows(conn: sa.Connection, scope: queries.Scope, zone_items: tuple, days: tuple[date, ...], first: date,
               following: date, per_day: int) -> tuple[list, dict, int]:
    """The grid's shown rows, its days' hidden counts and the month's dated count (``month_grid``)."""
    if queries.region_branches(scope) is None:
        counts = dict(conn.execute(tallies.counted_days(scope, days[0], days[-1])).all())
        rows = conn.execute(_national_statement(scope, days, first, per_day, conn.dialect.name)).all()
        return _counted(rows, counts, list(days), first, following, per_day)
    rows = _in_order(conn.execute(_region_statement(scope, zone_items, days)).all())
    return _keep(rows, list(days), first, following, per_day)
