"""Feed versions: what every feed's ETag derives from, replaced by the services that change a feed.

A feed's bytes depend on its events, on who it is for and on the day (events
leave the window day by day). Instead of aggregating the events on each
request, each change replaces a random version in ``calendar_feed_version``
in its own transaction (``bump``): any event bumps ``all`` and its region's
scope (``national`` for events without one); what a person takes part in
bumps ``person``. A feed's state (``national``, ``regional``, ``personal``)
is then one small query, run alike by the Flask views and by the WSGI layer
in front of them (``conditional.py``), which need no Flask context to use it.
"""
from __future__ import annotations

import functools
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timezone

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ...database import utcnow
from ..auth.models import Membership, User
from ..directory.models import Region
from .models import FeedToken, FeedVersion

# Bump when the rendering changes: stored copies (their key) and every ETag renew.
FORMAT_VERSION = "4"
ALL = ("all", 0)
NATIONAL = ("national", 0)

_table = FeedVersion.__table__


def region_scope(region_id: int | None) -> tuple[str, int]:
    """The scope of a region's events; national events (no region) have their own."""
    return ("region", region_id) if region_id is not None else NATIONAL


def person_scope(user_id: int) -> tuple[str, int]:
    """The scope of what one person takes part in (registrations, session attendance)."""
    return ("person", user_id)


def bump(connection: sa.Connection, scopes: Iterable[tuple[str, int]]) -> None:
    """Replace the versions of ``scopes`` (created on first use) in the caller's transaction.

    In a fixed order, so that two transactions bumping the same rows wait for
    each other instead of deadlocking on PostgreSQL.
    """
    rows = [{"scope": scope, "ref": ref, "version": secrets.token_hex(8), "changed_at": utcnow()}
            for scope, ref in sorted(set(scopes))]
    if not rows:
        return
    insert = (postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert)(_table)
    connection.execute(insert.on_conflict_do_update(
        index_elements=[_table.c.scope, _table.c.ref],
        set_={"version": insert.excluded.version, "changed_at": insert.excluded.changed_at}), rows)


def _row(scope: str, ref) -> tuple:
    """(version, changed_at) of one scope, as scalar subqueries (NULL before its first bump)."""
    where = (_table.c.scope == scope, _table.c.ref == ref)
    return (sa.select(_table.c.version).where(*where).scalar_subquery(),
            sa.select(_table.c.changed_at).where(*where).scalar_subquery())


_NATIONAL_FEED = sa.select(*_row(*ALL))
_ALL_VERSION = sa.select(_table.c.version).where(_table.c.scope == ALL[0], _table.c.ref == ALL[1])
_REGION_FEED = sa.select(Region.id, Region.name, Region.timezone, *_row("region", Region.id),
                         *_row(*NATIONAL)).where(Region.slug == sa.bindparam("slug"))
# Memberships are only added and removed: their count and highest id change with either.
_MEMBERSHIPS = (sa.select(sa.func.count(Membership.id)).where(Membership.user_id == User.id).scalar_subquery(),
                sa.select(sa.func.max(Membership.id)).where(Membership.user_id == User.id).scalar_subquery())
_PERSONAL_FEED = (sa.select(User.id, User.active, FeedToken.nonce, User.name, *_row(*ALL),
                            *_row("person", User.id), *_MEMBERSHIPS)
                  .select_from(FeedToken).join(User, User.id == FeedToken.user_id))


def all_version(connection: sa.Connection) -> str | None:
    """The ``all`` scope's version: replaced by every change to any event (None before the first)."""
    return connection.execute(_ALL_VERSION).scalar()


@dataclass(frozen=True)
class FeedState:
    """What a feed's bytes depend on, besides the locale, the site's address and the day."""

    key: tuple
    changed: tuple[datetime | None, ...]


def national(connection: sa.Connection) -> FeedState:
    """The public national feed: any event may be in it."""
    version, changed = connection.execute(_NATIONAL_FEED).one()
    return FeedState(("national-feed", version), (changed,))


def regional(connection: sa.Connection, slug: str) -> FeedState | None:
    """A region's public feed (its events and the national ones); None for an unknown region."""
    row = connection.execute(_REGION_FEED, {"slug": slug}).first()
    if row is None:
        return None
    region_id, name, zone, version, changed, national_version, national_changed = row
    return FeedState(("region-feed", region_id, name, zone, version, national_version), (changed, national_changed))


@dataclass(frozen=True)
class PersonalState:
    """A personal feed's state, and what its token check needs (the layer checks it without Flask)."""

    user_id: int
    active: bool
    nonce: str
    feed: FeedState


def personal(connection: sa.Connection, *, token_hash: str | None = None,
             user_id: int | None = None) -> PersonalState | None:
    """A person's feed state, found by the hash of the token in its URL or by the person."""
    where = FeedToken.token_hash == token_hash if token_hash is not None else User.id == user_id
    row = connection.execute(_PERSONAL_FEED.where(where)).first()
    if row is None:
        return None
    uid, active, nonce, name, version, changed, mine, mine_changed, roles, last_role = row
    return PersonalState(uid, active, nonce, FeedState(
        ("personal-feed", uid, name, version, mine, roles, last_role), (changed, mine_changed)))


def validators(state: FeedState, *, kinds: Iterable[str], locale: str, site: str,
               now: datetime | None = None) -> tuple[str, datetime]:
    """(ETag, Last-Modified) of a feed: the same in the views and in the WSGI layer.

    The day is part of both: events leave a feed's window without any write,
    so a feed is renewed once a day at most (its window is counted from the
    day's start, see ``day_start``).
    """
    return _validators(state, tuple(sorted(set(kinds))), locale, site, day_start(now))


@functools.lru_cache(maxsize=1024)
def _validators(state: FeedState, kinds: tuple[str, ...], locale: str, site: str,
                start: datetime) -> tuple[str, datetime]:
    """Kept by value: a feed is polled again and again with the same state, on the same day."""
    text = "\x1f".join([FORMAT_VERSION, *map(str, state.key), ",".join(kinds), locale, site,
                        start.date().isoformat()])
    etag = hashlib.sha256(text.encode()).hexdigest()[:32]
    return etag, max([start, *(c for c in state.changed if c is not None)]).replace(microsecond=0)


def day_start(now: datetime | None = None) -> datetime:
    """Midnight UTC of today: the instant a feed's window is counted from all day long."""
    return datetime.combine((now or utcnow()).astimezone(timezone.utc).date(), time.min, tzinfo=timezone.utc)
