"""The agenda's month grid: the first events of each local day, and how many others each day holds.

The grid shows at most ``per_day`` events starting on a local day and counts the others
(« et N autres »). Its cost follows what it shows, not what the month holds: one narrow
statement reads the grid's events as (id, local start day, dated in the month) in time
order from ``ix_calendar_event_grid`` alone (no table row), Python counts each day's events and
keeps the first ``per_day`` ids, and a second statement reads those events only, as
``GridEvent``s (the columns the grid shows, through Core: no ORM object per event).
Scopes, visibility and the local-day expressions are ``queries``'.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from ...extensions import db
from ..directory.models import Region
from .models import Event
from .queries import Scope, _in_month, _local_day, _where


class GridEvent:
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

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def timezone(self) -> str:
        return self.region.timezone if self.region else "Europe/Paris"


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
def _grid_statement(scope: Scope, zone_items: tuple, days: tuple[date, ...], first: date, following: date):
    """The grid's (id, day, dated) rows in time order, built once per scope and month (its values are fixed).

    Every column it reads is in ``ix_calendar_event_grid`` (``starts_at, id`` first, so the index
    gives the order too): both databases answer it from the index without a sort or a table row.
    The scope's condition is wrapped in ``coalesce`` so that no other index serves it (as
    ``queries._month_condition`` does for the regions): without statistics SQLite would
    otherwise read a per-region or per-visibility index and sort every match.
    """
    zones = dict(zone_items)
    scoped = sa.func.coalesce(_where(scope), sa.false())
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


def month_grid(scope: Scope, zones: dict[str, tuple[int | None, ...]], days: list[date], first: date,
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
