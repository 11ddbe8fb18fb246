"""Which events a page or a feed shows: scope, visibility, type filters and time windows.

Pages and feeds share these selections so that a members-only event can never
reach a public feed through one path and not another. The agenda's month grid
and month list read through them too (``month_queries.py``).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa

from ...database import utcnow
from ...extensions import db
from .models import Event, EventKind, Visibility

# A cancelled event stays in feeds this long so clients can learn it was called off.
CANCELLED_KEPT = timedelta(days=30)
# Feeds carry recent history too, so a freshly subscribed calendar is not empty of last month.
FEED_PAST = timedelta(days=180)


@dataclass(frozen=True)
class Scope:
    """What a page or a feed covers.

    ``region_ids``: the regions whose events are included (empty: none);
    ``all_regions``: every region (the national agenda); ``national``: events
    without a region; ``members_of``: regions whose members-only events are
    included; ``all_members``: every members-only event (the council);
    ``sources``: extra events of visits or sessions (personal feed), whatever
    their region or visibility; ``kinds``: type filter (empty: all).
    """

    region_ids: tuple[int, ...] = ()
    all_regions: bool = False
    national: bool = True
    members_of: tuple[int, ...] = ()
    members_national: bool = False
    all_members: bool = False
    sources: tuple[tuple[str, int], ...] = ()
    kinds: tuple[EventKind, ...] = field(default_factory=tuple)

    def key(self) -> str:
        """A stable text form of the scope, part of the feed's validator."""
        return "|".join([
            ",".join(map(str, self.region_ids)), str(self.all_regions), str(self.national),
            ",".join(map(str, self.members_of)), str(self.members_national), str(self.all_members),
            ",".join(f"{t}:{i}" for t, i in sorted(self.sources)),
            ",".join(sorted(k.value for k in self.kinds)),
        ])


def viewer_scope(user, *, region=None, kinds=(), region_filter=None) -> Scope:
    """The scope of an agenda page as ``user`` sees it (anonymous: public events only).

    A region's agenda shows its events and the national ones; the national
    agenda shows every region (or ``region_filter``) and the national events.
    """
    members_of: tuple[int, ...] = ()
    members_national = all_members = False
    if getattr(user, "is_authenticated", False):
        all_members = user.is_council
        members_of = tuple(user.region_ids)
        members_national = bool(user.memberships)
    if region is not None:
        return Scope(region_ids=(region.id,), members_of=members_of, members_national=members_national,
                     all_members=all_members, kinds=tuple(kinds))
    if region_filter is not None:
        return Scope(region_ids=(region_filter.id,), national=False, members_of=members_of,
                     members_national=members_national, all_members=all_members, kinds=tuple(kinds))
    return Scope(all_regions=True, members_of=members_of, members_national=members_national,
                 all_members=all_members, kinds=tuple(kinds))


def public_scope(*, region=None, kinds=()) -> Scope:
    """A public feed: public events only, of one region (plus national ones) or of all."""
    if region is not None:
        return Scope(region_ids=(region.id,), kinds=tuple(kinds))
    return Scope(all_regions=True, kinds=tuple(kinds))


def personal_scope(user, sources: list[tuple[str, int]]) -> Scope:
    """A person's feed: what they take part in, their regions' events (members-only too), national ones."""
    return Scope(region_ids=tuple(user.region_ids), members_of=tuple(user.region_ids),
                 members_national=bool(user.memberships) or user.is_council,
                 sources=tuple(sorted(set(sources))))


def scope_condition(scope: Scope):
    """The SQL condition selecting the scope's events (visibility included)."""
    place = []
    if scope.all_regions:
        place.append(Event.region_id.is_not(None))
    elif scope.region_ids:
        place.append(Event.region_id.in_(scope.region_ids))
    if scope.national:
        place.append(Event.region_id.is_(None))
    if not place:
        place.append(sa.false())
    condition = sa.and_(sa.or_(*place), visibility_condition(scope))
    if scope.kinds:
        condition = sa.and_(condition, Event.kind.in_(scope.kinds))
    if scope.sources:
        by_type: dict[str, list[int]] = {}
        for source_type, source_id in scope.sources:
            by_type.setdefault(source_type, []).append(source_id)
        mine = [sa.and_(Event.source_type == t, Event.source_id.in_(ids)) for t, ids in by_type.items()]
        condition = sa.or_(condition, *mine)
    return condition


def visibility_condition(scope: Scope):
    """The visibility part of a scope: public events, members-only ones of the viewer's regions."""
    if scope.all_members:
        return sa.true()
    members = []
    if scope.members_of:
        members.append(Event.region_id.in_(scope.members_of))
    if scope.members_national:
        members.append(Event.region_id.is_(None))
    return sa.or_(Event.visibility == Visibility.PUBLIC, *members)


def _not_stale(now: datetime):
    """Cancelled events leave 30 days after their cancellation."""
    return sa.or_(Event.cancelled_at.is_(None), Event.cancelled_at >= now - CANCELLED_KEPT)


# The region home's « next events » shows events under way only if they began this recently:
# with this bound the query reads a few index entries, whatever the number of events.
ONGOING_SHOWN = timedelta(days=31)


def region_branches(scope: Scope) -> list[tuple[int | None, Visibility]] | None:
    """The (region, visibility) pairs a region page's scope is made of, or None for wider scopes."""
    if scope.all_regions or scope.sources or not scope.region_ids:
        return None
    keys: list[int | None] = [*scope.region_ids, *([None] if scope.national else [])]
    pairs = []
    for key in keys:
        members = scope.all_members or (key in scope.members_of if key is not None else scope.members_national)
        pairs += [(key, Visibility.PUBLIC)] + ([(key, Visibility.MEMBERS)] if members else [])
    return pairs


def upcoming(scope: Scope, *, limit: int, now: datetime | None = None) -> list[Event]:
    """The next events not called off, soonest first (under way: begun in the last 31 days).

    A region page's scope is read as one bounded index range per (region, visibility) on
    ``ix_calendar_event_region_visibility_starts`` (UNION ALL of ``limit`` rows each), so the
    cost does not grow with the number of events; other scopes use one query.
    """
    now = now or utcnow()
    return list(db.session.scalars(_upcoming_statement(scope, limit), {"now": now, "since": now - ONGOING_SHOWN}))


@functools.lru_cache(maxsize=256)
def _upcoming_statement(scope: Scope, limit: int):
    """``upcoming``'s statement, built once per scope and length: the moment is its ``now`` and
    ``since`` parameters."""
    live = sa.and_(Event.starts_at >= sa.bindparam("since", type_=Event.starts_at.type),
                   Event.ends_at > sa.bindparam("now", type_=Event.ends_at.type), Event.cancelled_at.is_(None))
    pairs = region_branches(scope)
    if pairs is None:
        return sa.select(Event).where(scope_condition(scope), live).order_by(Event.starts_at, Event.id).limit(limit)
    parts = [sa.select(Event.id, Event.starts_at).where(Event.region_id == key if key is not None else Event.region_id.is_(None),
                                                         Event.visibility == visibility, live)
             .order_by(Event.starts_at, Event.id).limit(limit)
             for key, visibility in pairs]
    if scope.kinds:
        parts = [p.where(Event.kind.in_(scope.kinds)) for p in parts]
    found = sa.union_all(*(sa.select(*p.subquery().c) for p in parts)).subquery()
    return sa.select(Event).join(found, found.c.id == Event.id).order_by(found.c.starts_at, found.c.id).limit(limit)


def feed_condition(scope: Scope, now: datetime):
    """The SQL condition of a feed's window: the scope's events from six months back, cancelled ones for 30 days."""
    return sa.and_(scope_condition(scope), Event.ends_at >= now - FEED_PAST, _not_stale(now))
