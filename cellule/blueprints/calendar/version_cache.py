"""Public feed states kept in Redis, so that the WSGI layer answers a poll without the database.

``calendar_feed_version`` stays the source of truth, replaced in the writer's
transaction (``versions.bump``). When the deployment has a shared Redis (the
one ``IDENTITY_CACHE_URL`` or the rate limits name, ``identity_cache.redis_url``),
the layer (``conditional.py``) asks this cache for the state of the national
feed and of a region's feed (``versions.FeedState``: what the ETag is computed
from); without Redis it is not created and the layer reads the database as
before. Personal feeds are not cached: their state also depends on the person,
their token and their roles, and they keep the database path.

Keys (prefix ``cellule:<IDENTITY_CACHE_PREFIX>feeds:<format>:``):

* ``generation`` — a random value, replaced (``SET``, no expiry) after every
  commit that changed a public feed: one that bumped a region's, the national
  or the ``all`` scope (``feeds.changed`` notes it in the session), or that
  wrote a ``region`` row (its name, zone and slug are in the regional state;
  bulk statements on ``region`` or on the versions table count too).
* ``state:national``, ``state:region:<slug>`` — a state and the generation read
  *before* the database read it came from, with a 5-minute expiry.

A poll is one ``MGET`` of the state and the generation: the state counts only
if its generation is the current one. On a miss the layer reads the
generation first (creating it with ``SET NX`` when absent), then the database
(a fresh connection, so a statement that starts after that read), then stores
what it read under that generation.

Why a stored state is never older than the generation it carries: a writer
replaces the generation only after its commit. If that replacement came
before the reader read the generation, the commit came before too, and the
reader's database read (which starts later) sees it. If it comes after, the
generation differs from the one the reader stored, and the state is a miss
from that moment on, whatever the order in which the two writes reach Redis.
A reader that stored late can at worst overwrite a newer state with an older
generation's: a miss, never a wrong 304. The one window left is a writer that
commits and dies (or cannot reach Redis) before replacing the generation:
the states of that moment stay current until they expire (``STATE_SECONDS``),
and a change written outside the application (SQL by hand) likewise. A
generation is random rather than a counter, so one that vanished (a Redis
restart, an eviction) and was created again never matches an old state.

An unreachable Redis is a miss: the layer reads the database, and leaves
Redis alone for ``BACKOFF_SECONDS`` so that polls do not each wait for it.
"""
from __future__ import annotations

import functools
import json
import logging
import os
import secrets
import threading
import time
import weakref
from collections.abc import Callable
from datetime import datetime

import redis
import sqlalchemy as sa
from flask import current_app, has_app_context

from ...extensions import db
from ..auth.identity_cache import redis_url
from ..directory.models import Region
from . import versions
from .models import FeedVersion

log = logging.getLogger(__name__)
EXTENSION = "cellule_feed_versions"
STATE_SECONDS = 300
BACKOFF_SECONDS = 5
_COMMANDS_MAX = 256  # packed MGET commands kept per thread: the national feed's and one per region
_NOTE = "cellule_public_feeds_changed"
_TABLES = {Region.__tablename__, FeedVersion.__tablename__}


class RedisFeedStates:
    """Public feed states in Redis, valid while the generation they were read under is current."""

    def __init__(self, url: str, prefix: str):
        self.client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        self.prefix = prefix
        self.generation_key = f"{prefix}generation"
        self._resting_until = 0.0
        self._polls = threading.local()  # each thread's _KeptConnection

    def state(self, name: str, load: Callable[[], versions.FeedState | None]) -> versions.FeedState | None:
        """The state named ``name`` ("national", "region:<slug>"): from Redis, or ``load()`` and kept."""
        if time.monotonic() < self._resting_until:
            return load()
        key = f"{self.prefix}state:{name}"
        try:
            entry, generation = self._poll(key)
            if entry is not None and generation is not None:
                found, state = _decoded(entry)
                if found == generation:
                    return state
            if generation is None:  # first use (or Redis restarted): create it, then read the one that won
                pipe = self.client.pipeline(transaction=False)
                pipe.set(self.generation_key, secrets.token_hex(16), nx=True)
                pipe.get(self.generation_key)
                generation = pipe.execute()[1]
        except redis.RedisError as exc:
            self._rest(exc)
            return load()
        state = load()  # after the generation was read: see the module's docstring
        if state is not None:
            try:
                self.client.set(key, _encoded(generation, state), ex=STATE_SECONDS)
            except redis.RedisError as exc:
                self._rest(exc)
        return state

    def _poll(self, key: str) -> list:
        """``MGET key generation`` on a connection this thread keeps, the command packed once per key.

        A poll is the layer's hot path: the client's per-command work (pool, retries,
        packing) costs more than the round trip itself. On any error the connection
        is closed; a connection Redis had closed (a restart, its idle ``timeout``)
        is opened again once at once, as the client's own retry would.
        """
        kept = getattr(self._polls, "kept", None)
        if kept is None or kept.pid != os.getpid():  # this thread's first poll, or a forked process
            kept = self._polls.kept = _KeptConnection(self.client.connection_pool)
        connection = kept.connection
        packed = kept.commands.get(key)
        if packed is None:
            if len(kept.commands) >= _COMMANDS_MAX:
                kept.commands.clear()
            packed = kept.commands[key] = connection.pack_command("MGET", key, self.generation_key)
        for retry in (True, False):
            try:
                connection.send_packed_command(packed, check_health=False)
                return connection.read_response()
            except redis.ConnectionError:
                connection.disconnect()
                if not retry:
                    raise
            except BaseException:
                connection.disconnect()
                raise
        raise AssertionError("unreachable")

    def changed(self) -> None:
        """A public feed changed (called after the commit): every stored state becomes a miss."""
        self.client.set(self.generation_key, secrets.token_hex(16))

    def _rest(self, exc: Exception) -> None:
        log.warning("feed versions: Redis unavailable, reading the database: %s", exc)
        self._resting_until = time.monotonic() + BACKOFF_SECONDS

    def close(self) -> None:
        kept = getattr(self._polls, "kept", None)
        if kept is not None:
            self._polls.kept = None
            kept.release()
        self.client.close()


class _KeptConnection:
    """One thread's connection for polls, taken from the client's pool and given back when the thread
    ends (its ``threading.local`` slot, and so this object, goes) or when the cache is closed."""

    def __init__(self, pool: redis.ConnectionPool):
        self.pid = os.getpid()
        self.connection = pool.get_connection()
        self.commands: dict[str, list] = {}
        self.release = weakref.finalize(self, pool.release, self.connection)


def _encoded(generation: bytes, state: versions.FeedState) -> bytes:
    changed = [c.isoformat() if c is not None else None for c in state.changed]
    return generation + b"\n" + json.dumps([list(state.key), changed]).encode()


@functools.lru_cache(maxsize=256)
def _decoded(entry: bytes) -> tuple[bytes, versions.FeedState]:
    generation, _, body = entry.partition(b"\n")
    key, changed = json.loads(body)
    return generation, versions.FeedState(
        tuple(key), tuple(datetime.fromisoformat(c) if c is not None else None for c in changed))


def init_app(app) -> None:
    """Create the cache when the deployment has a shared Redis, and announce public feed changes."""
    url = redis_url(app)
    if url is None:  # no shared Redis: the layer reads the database, and no session hook is needed
        return
    prefix = f"cellule:{app.config.get('IDENTITY_CACHE_PREFIX', '')}feeds:{versions.FORMAT_VERSION}:"
    app.extensions[EXTENSION] = RedisFeedStates(url, prefix)
    if not sa.event.contains(db.session, "after_commit", _after_commit):
        sa.event.listen(db.session, "after_flush", _noted_flush)
        sa.event.listen(db.session, "do_orm_execute", _noted_statement)
        sa.event.listen(db.session, "after_commit", _after_commit)
        sa.event.listen(db.session, "after_rollback", _forget)


def cache(app) -> RedisFeedStates | None:
    return app.extensions.get(EXTENSION)


def note_public_change(session) -> None:
    """This transaction changes a public feed (``feeds.changed``): announce it after the commit."""
    session.info[_NOTE] = True


def _noted_flush(session, flush_context) -> None:
    dirty = (obj for obj in session.dirty if session.is_modified(obj))
    if any(isinstance(obj, Region) for obj in (*session.new, *dirty, *session.deleted)):
        note_public_change(session)


def _noted_statement(state) -> None:
    """Bulk statements on ``region`` or on the versions table change public feeds."""
    if state.is_update or state.is_delete or state.is_insert:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) in _TABLES:
            note_public_change(state.session)


def _after_commit(session) -> None:
    if not session.info.pop(_NOTE, False) or not has_app_context():
        return
    found = cache(current_app)
    if found is None:
        return
    try:
        found.changed()
    except redis.RedisError as exc:  # committed already: the stored states expire within STATE_SECONDS
        current_app.logger.warning("feed versions: the change could not be announced to Redis: %s", exc)


def _forget(session, *args) -> None:
    session.info.pop(_NOTE, None)
