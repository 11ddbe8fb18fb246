"""Each event's local days, and the agenda's day tallies, kept on write (issue 20: flat in data).

An event belongs to the days of its own time zone (``feeds.local_days``): its region's, or
mainland France's for a national event. Two columns keep them, ``local_day`` (the first) and
``last_day`` (the last), so that the agenda reads a local day by equality on an index instead of
working out every zone's midnights over every event of the month.

The national month grid tells how many events each day holds without reading them:
``calendar_day_tally`` counts events per (place, visibility, kind, local start day), with two
summary keys so that a page sums a handful of rows a day, whatever the regions and kinds:
place ``ALL_REGIONS`` sums every region's events, kind ``ANY_KIND`` every kind's. Cancelled
events count (the grid shows them, marked).

Both are kept by mapper hooks on ``Event``: every insert, update and delete through the ORM, in
the flush's transaction. Bulk loaders (benchmark data, test growers) write ``stamped`` rows and
call ``rebuild`` once they have inserted.
"""
from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from datetime import date

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ...localtime import NATION
from ..directory.models import Region
from .feeds import days_between
from .models import DayTally, Event, Visibility

NATIONAL = 0
ALL_REGIONS = -1
ANY_KIND = "*"

TallyKey = tuple[int, str, str, date]


def _value(member) -> str:
    return getattr(member, "value", member)


def tally_keys(region_id: int | None, visibility, kind, day: date) -> list[TallyKey]:
    """The tally rows one event counts in: its place and, for a region's event, every region's;
    each for its kind and for any kind."""
    places = (NATIONAL,) if region_id is None else (region_id, ALL_REGIONS)
    return [(place, _value(visibility), k, day) for place in places for k in (_value(kind), ANY_KIND)]


# -- the zones of the regions (reference data: a region's zone never changes) --------------------
_zones: dict[int, str] = {}


def zone_of(connection: sa.Connection, region_id: int | None) -> str:
    """The zone of a region's events (mainland France for national ones), read once per process."""
    if region_id is None:
        return NATION
    zone = _zones.get(region_id)
    if zone is None:
        zone = _zones[region_id] = connection.scalar(sa.select(Region.timezone).where(Region.id == region_id))
    return zone


def stamped(connection: sa.Connection, rows: Iterable[dict]) -> list[dict]:
    """Event rows for a bulk insert, with their ``local_day`` and ``last_day``."""
    done = []
    for row in rows:
        row["local_day"], row["last_day"] = days_between(row["starts_at"], row["ends_at"],
                                                         zone_of(connection, row["region_id"]))
        done.append(row)
    return done


# -- the mapper hooks -----------------------------------------------------------------------------
def _stamp(connection: sa.Connection, event: Event) -> None:
    region_id = event.region_id if event.region_id is not None or event.region is None else event.region.id
    event.local_day, event.last_day = days_between(event.starts_at, event.ends_at, zone_of(connection, region_id))


def _old(event: Event, name: str):
    """An attribute's value before this flush's change."""
    history = sa.inspect(event).attrs[name].history
    if history.deleted:
        return history.deleted[0]
    return history.unchanged[0] if history.unchanged else getattr(event, name)


# What moves an event's days or tally rows.
_MOVES = ("region_id", "visibility", "kind", "starts_at", "ends_at")


def _key(event: Event) -> tuple:
    return (event.region_id, event.visibility, event.kind, event.local_day)


@sa.event.listens_for(Event, "before_insert")
def _before_insert(mapper, connection, event: Event) -> None:
    _stamp(connection, event)


@sa.event.listens_for(Event, "after_insert")
def _after_insert(mapper, connection, event: Event) -> None:
    _add(connection, Counter(tally_keys(*_key(event))))


@sa.event.listens_for(Event, "before_update")
def _before_update(mapper, connection, event: Event) -> None:
    state = sa.inspect(event)
    if not any(state.attrs[name].history.has_changes() for name in _MOVES):
        return
    # the columns' active history holds the replaced values (and loaded the others with them)
    before = tuple(_old(event, name) for name in ("region_id", "visibility", "kind", "local_day"))
    _stamp(connection, event)
    after = _key(event)
    if before != after:
        deltas = Counter(tally_keys(*after))
        deltas.subtract(tally_keys(*before))
        _add(connection, deltas)


@sa.event.listens_for(Event, "after_delete")
def _after_delete(mapper, connection, event: Event) -> None:
    deltas = Counter()
    deltas.subtract(tally_keys(*_key(event)))
    _add(connection, deltas)


def _add(connection: sa.Connection, deltas: Counter) -> None:
    rows = [dict(place=place, visibility=visibility, kind=kind, day=day, events=n)
            for (place, visibility, kind, day), n in deltas.items() if n]
    if not rows:
        return
    insert = (postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert)(DayTally)
    connection.execute(insert.on_conflict_do_update(
        index_elements=["place", "visibility", "kind", "day"],
        set_={"events": DayTally.events + insert.excluded.events}), rows)


# -- counting again -------------------------------------------------------------------------------
def rebuild(connection: sa.Connection) -> None:
    """Count every event again (bulk loaders, after inserting events without the ORM)."""
    connection.execute(sa.delete(DayTally))
    for statement in fill_statements():
        connection.execute(statement)


def fill_statements() -> list:
    """INSERT … SELECT statements counting every event by its keys (also what the migration runs)."""
    columns = ["place", "visibility", "kind", "day", "events"]
    statements = []
    any_kind = sa.literal_column(f"'{ANY_KIND}'")
    for every_region in (False, True):
        place = sa.literal_column(str(ALL_REGIONS)) if every_region else sa.func.coalesce(Event.region_id, NATIONAL)
        for by_kind in (True, False):
            found = sa.select(place, Event.visibility, Event.kind if by_kind else any_kind, Event.local_day,
                              sa.func.count())
            if every_region:
                found = found.where(Event.region_id.is_not(None))
            # constants are not grouped by (PostgreSQL would read a bare number as a column position)
            grouped = [*([] if every_region else [place]), Event.visibility, *([Event.kind] if by_kind else []),
                       Event.local_day]
            statements.append(sa.insert(DayTally).from_select(columns, found.group_by(*grouped)))
    return statements


@functools.lru_cache(maxsize=64)
def counted_days(scope, first: date, last: date):
    """SQL: (day, events) of the scope's events starting on each local day in [first, last], from the
    tallies (national scopes: every region, the national events, as ``queries.visibility_condition``).
    Built once per scope and grid (its values are fixed)."""
    keys = tally_places(scope)
    kinds = [k.value for k in scope.kinds] or [ANY_KIND]
    where = sa.or_(sa.false(), *(sa.and_(DayTally.place == place, DayTally.visibility == visibility)
                                 for place, visibility in keys))
    return (sa.select(DayTally.day, sa.func.sum(DayTally.events))
            .where(where, DayTally.kind.in_(kinds), DayTally.day >= first, DayTally.day <= last)
            .group_by(DayTally.day))


def tally_places(scope) -> list[tuple[int, str]]:
    """The (place, visibility) tally keys a national scope (``all_regions``) is made of."""
    public, members = Visibility.PUBLIC.value, Visibility.MEMBERS.value
    keys = []
    if scope.all_regions:
        keys.append((ALL_REGIONS, public))
        if scope.all_members:
            keys.append((ALL_REGIONS, members))
        else:
            keys += [(region_id, members) for region_id in scope.members_of]
    if scope.national:
        keys.append((NATIONAL, public))
        if scope.all_members or scope.members_national:
            keys.append((NATIONAL, members))
    return keys
