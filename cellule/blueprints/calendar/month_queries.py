"""The agenda's month: its grid (a few events per local day, the rest counted) and its paged list.

An event belongs to the days of its own time zone; it keeps its first and last local day
(``local_day``, ``last_day``, written on every change by ``days.py``), so both reads select days
by equality or range on a date, the same on SQLite and PostgreSQL, daylight saving time included.
The list runs in day order: the events begun before the month and still under way in it first
(those begun at most 31 days before), then each day's events in time order.

Neither read grows with the network (issue 20):

- the national grid counts each day's events from ``calendar_day_tally`` (a few rows per day),
  reads each day's first ``per_day`` events by equality on ``ix_calendar_event_day`` (a UNION ALL
  of one short range per day), and the events begun before the grid and still under way in it
  through ``ix_calendar_event_spanning`` (events over several days only);
- a region's grid reads its own six weeks, one range per (region, visibility) of
  ``ix_calendar_event_region_visibility_starts``: what the page shows, whatever the other regions hold;
- a page of the list reads the month's events in day order up to the page's end, and the few
  under way when it begins.

Scopes and visibility are ``queries``'.

The agenda pages keep what they read (``kept=True``): a month's grid and each page of its list are
read once per version of the events (``versions.all_version``, replaced in the transaction of every
change to any event, see ``feeds.changed``). A page reads that version first, one row by its
primary key, and an unchanged version serves the rows read under it before. Each worker checks the
database's version on every request, so a change through one worker shows through every other on
the next request. The rows are kept per database engine, at most ``KEPT_MAX`` reads (a read is at
most ``per_day`` events a day of the grid, or a page of the list); the store is emptied when full.
What each page makes of the rows (the events' regions, their HTML) is done per request.
"""
from __future__ import annotations

import functools
import operator
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from ...extensions import db
from ...localtime import NATION, start_of_day
from ..directory.models import Region
from . import days as tallies
from . import queries, versions
from .models import Event, Shown

# An event begun before the month (or the grid) is listed only if it began at most this long
# before: with this bound its read is one short range of the index of events over several days.
ONGOING_LISTED = timedelta(days=31)

_SPANNING = sa.text("last_day > local_day")  # ix_calendar_event_spanning's condition, as written there
KEPT_MAX = 128
_KEPT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # engine → {(version, *read): rows}


def _kept(connection: sa.Connection, key: tuple, load: Callable[[], object]):
    """``load()``'s rows, read again only when the events' version changed (see the module's docstring).

    The version is read before the rows: a change committed between the two reads gives rows
    newer than their version, which later requests (reading the new version) never ask for. Read
    after them, it could file rows older than the version they are kept under.
    """
    version = versions.all_version(connection)
    if version is None:  # no event was ever written through the services: nothing to key on
        return load()
    store = _KEPT.setdefault(connection.engine, {})
    try:
        return store[(version, *key)]
    except KeyError:
        pass
    rows = load()
    if len(store) >= KEPT_MAX:
        store.clear()
    store[(version, *key)] = rows
    return rows


def _zone_of(zones: dict[str, tuple[int | None, ...]]) -> dict[int | None, str]:
    return {key: tz for tz, keys in zones.items() for key in keys}


def _pairs(scope: queries.Scope, zones) -> list | None:
    """A region scope's ranges: (region or None, visibility, zone) of each branch; None for national scopes."""
    pairs = queries.region_branches(scope)
    if pairs is None:
        return None
    zone_of = _zone_of(zones)
    return [(key, visibility, zone_of.get(key, NATION)) for key, visibility in pairs]


def _branch(key: int | None, visibility, zone: str, first: date, following: date, kinds):
    """SQL: a region's (or the national) events of one visibility starting on a local day in
    [first, following), as a range of ``ix_calendar_event_region_visibility_starts``."""
    condition = sa.and_(Event.region_id == key if key is not None else Event.region_id.is_(None),
                        Event.visibility == visibility,
                        Event.starts_at >= start_of_day(first, zone),
                        Event.starts_at < start_of_day(following, zone))
    return sa.and_(condition, Event.kind.in_(kinds)) if kinds else condition


def _spanning(scope: queries.Scope, low: date, before: date, reaching: date):
    """SQL: the scope's events over several days begun on a local day in [low, before) and lasting
    until ``reaching`` at least (``ix_calendar_event_spanning``)."""
    return sa.and_(_SPANNING, Event.local_day >= low, Event.local_day < before, Event.last_day >= reaching,
                   sa.func.coalesce(queries.scope_condition(scope), sa.false()))


def month_page(scope: queries.Scope, zones: dict[str, tuple[int | None, ...]], first: date, following: date, *,
               limit: int, offset: int = 0, kept: bool = False) -> list[ListEvent]:
    """A page of the month's events of the scope, in day order: ``limit`` rows from ``offset``,
    read through Core (``ListEvent``: what the list shows); ``kept``: as the module's docstring says.

    The events under way when the month begins come first (one range of the index of events
    over several days, read first), then the month's days: nationally one range of ``ix_calendar_event_day``
    in its order, read up to the page's end; for a region one range per (region, visibility),
    each cut at the page's end. Either way the cost is the page's, not the month's.
    """
    conn = db.session.connection()
    zone_items = tuple(sorted(zones.items()))
    load = functools.partial(_page_rows, conn, scope, zone_items, first, following, limit, offset)
    rows = _kept(conn, ("list", scope, zone_items, first, following, limit, offset), load) if kept else load()
    return _shown(rows, ListEvent)


def _page_rows(conn: sa.Connection, scope: queries.Scope, zone_items: tuple, first: date, following: date,
               limit: int, offset: int) -> list:
    # the few under way first, alone: read in one statement, SQLite takes the partial index even when
    # its statistics miss it (an empty index has none), which an ordered branch of the page would not
    spanning = conn.execute(_spanning_ids(scope, first)).scalars().all()
    statement = _page_statement(scope, zone_items, first, following, limit, offset)
    return conn.execute(statement, {"spanning": spanning}).all()


@functools.lru_cache(maxsize=64)
def _spanning_ids(scope: queries.Scope, first: date):
    """The scope's events begun before the month (31 days at most) and still under way in it."""
    return sa.select(Event.id).where(_spanning(scope, first - ONGOING_LISTED, first, first))


@functools.lru_cache(maxsize=128)
def _page_statement(scope: queries.Scope, zone_items: tuple, first: date, following: date, limit: int, offset: int):
    """``month_page``'s statement, built once per scope, month and page (its values are fixed; the events
    under way, ``_spanning_ids``', are the ``spanning`` parameter)."""
    columns = (Event.id, Event.local_day, Event.starts_at)
    parts = [sa.select(*columns).where(Event.id.in_(sa.bindparam("spanning", expanding=True)))]
    pairs = _pairs(scope, dict(zone_items))
    if pairs is None:
        # wrapped in coalesce: without statistics (a new SQLite database) no index on the scope's
        # columns must look better than reading the month's days in order
        scoped = sa.func.coalesce(queries.scope_condition(scope), sa.false())
        parts.append(sa.select(*columns).where(Event.local_day >= first, Event.local_day < following, scoped)
                     .order_by(Event.local_day, Event.starts_at, Event.id).limit(offset + limit))
    else:
        parts += [sa.select(*columns).where(_branch(key, visibility, zone, first, following, scope.kinds))
                  .order_by(Event.starts_at, Event.id).limit(offset + limit)
                  for key, visibility, zone in pairs]
    found = sa.union_all(*(sa.select(*p.subquery().c) for p in parts)).subquery()
    return (sa.select(*ListEvent.COLUMNS).join(found, found.c.id == Event.id)
            .order_by(found.c.local_day, found.c.starts_at, found.c.id).limit(limit).offset(offset))


def _shown(rows, kind: type[Shown]) -> list:
    """Rows of ``kind.COLUMNS`` (``region_id`` among them) → ``kind`` objects, each with its region
    from the session (the agenda page has loaded them: no statement)."""
    regions: dict[int | None, Region | None] = {None: None}
    shown = []
    for row in rows:
        if row.region_id not in regions:
            regions[row.region_id] = db.session.get(Region, row.region_id)  # in the identity map already
        shown.append(kind(row, regions[row.region_id]))
    return shown


class ListEvent(Shown):
    """What the month list shows of an event (``listing.ListWriter``), read through Core.

    ``region``: the event's region from the session, None if national.
    """

    __slots__ = ("id", "title", "starts_at", "ends_at", "all_day", "cancelled_at", "visibility", "url_path",
                 "region_id", "kind", "location", "online_url", "region")
    COLUMNS = (Event.id, Event.title, Event.starts_at, Event.ends_at, Event.all_day, Event.cancelled_at,
               Event.visibility, Event.url_path, Event.region_id, Event.kind, Event.location, Event.online_url)

    def __init__(self, row, region: Region | None):
        (self.id, self.title, self.starts_at, self.ends_at, self.all_day, self.cancelled_at, self.visibility,
         self.url_path, self.region_id, self.kind, self.location, self.online_url) = row
        self.region = region


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
    spanning = sa.select(*GridEvent.COLUMNS).where(_spanning(scope, days[0] - ONGOING_LISTED, first, days[0]))
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
    pairs = _pairs(scope, dict(zone_items))
    after = days[-1] + timedelta(days=1)
    # each range in the index's order: what makes the planner take that index on a small table too
    parts = [sa.select(*GridEvent.COLUMNS).where(_branch(key, visibility, zone, days[0], after, scope.kinds))
             .order_by(Event.starts_at, Event.id) for key, visibility, zone in pairs]
    parts.append(sa.select(*GridEvent.COLUMNS).where(_spanning(scope, days[0] - ONGOING_LISTED, days[0], days[0])))
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
               following: date, *, per_day: int, kept: bool = False) -> GridRead:
    """The grid's events: the first ``per_day`` of each local start day, in time order, and the others counted.

    Nationally the days' counts come from the tallies and only the shown events are read (two
    statements); a region's grid reads its own six weeks and counts them (one statement). Only
    the shown events become objects. The month's dated events counted before a day's first
    hidden one give its place in the list. ``kept``: as the module's docstring says.
    """
    conn = db.session.connection()
    zone_items = tuple(sorted(zones.items()))
    load = functools.partial(_grid_rows, conn, scope, zone_items, tuple(days), first, following, per_day)
    shown, hidden, dated = (_kept(conn, ("grid", scope, zone_items, tuple(days), first, following, per_day), load)
                            if kept else load())
    # in the list's order already: day after day, each in time order
    return GridRead(_shown(shown, GridEvent), hidden, dated)


def _grid_rows(conn: sa.Connection, scope: queries.Scope, zone_items: tuple, days: tuple[date, ...], first: date,
               following: date, per_day: int) -> tuple[list, dict, int]:
    """The grid's shown rows, its days' hidden counts and the month's dated count (``month_grid``)."""
    if queries.region_branches(scope) is None:
        counts = dict(conn.execute(tallies.counted_days(scope, days[0], days[-1])).all())
        rows = conn.execute(_national_statement(scope, days, first, per_day, conn.dialect.name)).all()
        return _counted(rows, counts, list(days), first, following, per_day)
    rows = _in_order(conn.execute(_region_statement(scope, zone_items, days)).all())
    return _keep(rows, list(days), first, following, per_day)
