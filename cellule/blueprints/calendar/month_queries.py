"""The agenda's month: what its grid and its list share (ranges, scopes, rows as objects) and its paged list.

An event belongs to the days of its own time zone; it keeps its first and last local day
(``local_day``, ``last_day``, written on every change by ``days.py``), so the month's reads select days
by equality or range on a date, the same on SQLite and PostgreSQL, daylight saving time included.
The list runs in day order: the events begun before the month and still under way in it first
(those begun at most 31 days before), then each day's events in time order.

Neither read grows with the network (issue 20): a page of the list reads the month's events in day
order up to the page's end, and the few under way when it begins; the grid's read is
``grid_queries.py``. Scopes and visibility are ``queries``'. The agenda pages keep what they read
(``kept=True``, ``kept_reads.py``).
"""
from __future__ import annotations

import functools
from datetime import date, timedelta

import sqlalchemy as sa

from ...extensions import db
from ...localtime import NATION, start_of_day
from ..directory.models import Region
from . import kept_reads, queries
from .models import Event, Shown

# An event begun before the month (or the grid) is listed only if it began at most this long
# before: with this bound its read is one short range of the index of events over several days.
ONGOING_LISTED = timedelta(days=31)

_SPANNING = sa.text("last_day > local_day")  # ix_calendar_event_spanning's condition, as written there
def _zone_of(zones: dict[str, tuple[int | None, ...]]) -> dict[int | None, str]:
    return {key: tz for tz, keys in zones.items() for key in keys}


def branch_pairs(scope: queries.Scope, zones) -> list | None:
    """A region scope's ranges: (region or None, visibility, zone) of each branch; None for national scopes."""
    pairs = queries.region_branches(scope)
    if pairs is None:
        return None
    zone_of = _zone_of(zones)
    return [(key, visibility, zone_of.get(key, NATION)) for key, visibility in pairs]


def branch_condition(key: int | None, visibility, zone: str, first: date, following: date, kinds):
    """SQL: a region's (or the national) events of one visibility starting on a local day in
    [first, following), as a range of ``ix_calendar_event_region_visibility_starts``."""
    condition = sa.and_(Event.region_id == key if key is not None else Event.region_id.is_(None),
                        Event.visibility == visibility,
                        Event.starts_at >= start_of_day(first, zone),
                        Event.starts_at < start_of_day(following, zone))
    return sa.and_(condition, Event.kind.in_(kinds)) if kinds else condition


def spanning_condition(scope: queries.Scope, low: date, before: date, reaching: date):
    """SQL: the scope's events over several days begun on a local day in [low, before) and lasting
    until ``reaching`` at least (``ix_calendar_event_spanning``)."""
    return sa.and_(_SPANNING, Event.local_day >= low, Event.local_day < before, Event.last_day >= reaching,
                   sa.func.coalesce(queries.scope_condition(scope), sa.false()))


def month_page(scope: queries.Scope, zones: dict[str, tuple[int | None, ...]], first: date, following: date, *,
               limit: int, offset: int = 0, kept: bool = False, version=kept_reads.UNREAD) -> list[ListEvent]:
    """A page of the month's events of the scope, in day order: ``limit`` rows from ``offset``,
    read through Core (``ListEvent``: what the list shows); ``kept``, ``version``: see ``kept_reads.read``.

    The events under way when the month begins come first (one range of the index of events
    over several days, read first), then the month's days: nationally one range of ``ix_calendar_event_day``
    in its order, read up to the page's end; for a region one range per (region, visibility),
    each cut at the page's end. Either way the cost is the page's, not the month's.
    """
    conn = db.session.connection()
    zone_items = tuple(sorted(zones.items()))
    load = functools.partial(_page_rows, conn, scope, zone_items, first, following, limit, offset)
    key = ("list", scope, zone_items, first, following, limit, offset)
    rows = kept_reads.read(conn, key, load, version) if kept else load()
    return as_shown(rows, ListEvent)


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
    return sa.select(Event.id).where(spanning_condition(scope, first - ONGOING_LISTED, first, first))


@functools.lru_cache(maxsize=128)
def _page_statement(scope: queries.Scope, zone_items: tuple, first: date, following: date, limit: int, offset: int):
    """``month_page``'s statement, built once per scope, month and page (its values are fixed; the events
    under way, ``_spanning_ids``', are the ``spanning`` parameter)."""
    columns = (Event.id, Event.local_day, Event.starts_at)
    parts = [sa.select(*columns).where(Event.id.in_(sa.bindparam("spanning", expanding=True)))]
    pairs = branch_pairs(scope, dict(zone_items))
    if pairs is None:
        # wrapped in coalesce: without statistics (a new SQLite database) no index on the scope's
        # columns must look better than reading the month's days in order
        scoped = sa.func.coalesce(queries.scope_condition(scope), sa.false())
        parts.append(sa.select(*columns).where(Event.local_day >= first, Event.local_day < following, scoped)
                     .order_by(Event.local_day, Event.starts_at, Event.id).limit(offset + limit))
    else:
        parts += [sa.select(*columns).where(branch_condition(key, visibility, zone, first, following, scope.kinds))
                  .order_by(Event.starts_at, Event.id).limit(offset + limit)
                  for key, visibility, zone in pairs]
    found = sa.union_all(*(sa.select(*p.subquery().c) for p in parts)).subquery()
    return (sa.select(*ListEvent.COLUMNS).join(found, found.c.id == Event.id)
            .order_by(found.c.local_day, found.c.starts_at, found.c.id).limit(limit).offset(offset))


def as_shown(rows, kind: type[Shown]) -> list:
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
