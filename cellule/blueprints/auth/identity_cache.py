"""Where signed-in identities are kept between requests (see ``identity.py``).

Each entry is stored with the change counters read before its loading began:
the person's own and the everyone counter. ``forget`` bumps them; an entry whose
counters are no longer current is a miss, so an entry written late by a worker
that read the old row cannot come back to life.

* ``RedisIdentityCache`` (``IDENTITY_CACHE_URL = "redis://…"``, or the rate
  limits' Redis when that is where they live): one ``MGET`` per request, shared
  by every worker on every host.
* ``LocalIdentityCache`` (SQLite and development): a dict per worker. Workers on
  one host learn of a change from a small file in the instance folder, replaced
  (a new inode) at each change and checked with one ``stat`` per request.
* ``IDENTITY_CACHE_URL = "off"``: every request loads the person from the database.
"""
from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading

import redis

log = logging.getLogger(__name__)
ALL = "*"
ENTRY_SECONDS = 3600  # an idle person's entry expires; their next request loads them again


def cache_url(app) -> str:
    """``IDENTITY_CACHE_URL``, or when unset the rate limits' Redis if they use one, else "local"."""
    url = app.config.get("IDENTITY_CACHE_URL")
    if url is None:
        limits = app.config.get("RATELIMIT_STORAGE_URI") or ""
        url = limits if limits.startswith(("redis://", "rediss://")) else "local"
    return url


def redis_url(app) -> str | None:
    """The Redis shared by every worker and host, as configured above; None without one.

    Also where the feed versions are kept (``calendar/version_cache.py``): one setting for both.
    """
    url = cache_url(app)
    return None if url in ("off", "local") else url


def make_cache(app):
    """The cache the configuration asks for."""
    url = cache_url(app)
    if url == "off":
        return NoIdentityCache()
    if url == "local":  # one change file per database: two databases' workers never disturb each other
        database = hashlib.sha256(str(app.config["SQLALCHEMY_DATABASE_URI"]).encode()).hexdigest()[:16]
        return LocalIdentityCache(os.path.join(app.instance_path, f"identity-changes-{database}"))
    return RedisIdentityCache(url, prefix=f"cellule:{app.config.get('IDENTITY_CACHE_PREFIX', '')}identity:")


class NoIdentityCache:
    """Nothing kept: the behaviour before the cache."""

    def get(self, uid: int) -> bytes | None:
        return None

    def stamp(self, uid: int):
        return None

    def put(self, uid: int, stamp, payload: bytes) -> None:
        pass

    def forget(self, uids) -> None:
        pass

    def close(self) -> None:
        pass


def _entry(stamp: tuple, payload: bytes) -> bytes:
    return b"%d:%d:" % stamp + payload


def _payload_if_current(entry: bytes | None, stamp: tuple) -> bytes | None:
    if entry is None:
        return None
    person, everyone, payload = entry.split(b":", 2)
    return payload if (int(person), int(everyone)) == stamp else None


class RedisIdentityCache:
    """Entries and change counters in Redis; an unreachable Redis is a miss, never an error."""

    def __init__(self, url: str, prefix: str):
        self.client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        self.prefix = prefix

    def _keys(self, uid) -> tuple[str, str, str]:
        return f"{self.prefix}{uid}", f"{self.prefix}changes:{uid}", f"{self.prefix}changes:{ALL}"

    def _read(self, uid: int):
        try:
            entry, person, everyone = self.client.mget(self._keys(uid))
        except redis.RedisError as exc:
            log.warning("identity cache unavailable: %s", exc)
            return None, None
        return entry, (int(person or 0), int(everyone or 0))

    def get(self, uid: int) -> bytes | None:
        entry, stamp = self._read(uid)
        return _payload_if_current(entry, stamp) if stamp else None

    def stamp(self, uid: int):
        return self._read(uid)[1]

    def put(self, uid: int, stamp, payload: bytes) -> None:
        try:
            self.client.set(self._keys(uid)[0], _entry(stamp, payload), ex=ENTRY_SECONDS)
        except redis.RedisError as exc:
            log.warning("identity cache unavailable: %s", exc)

    def forget(self, uids) -> None:
        """Bump the counters of these people (or everyone's); raises if Redis cannot be told."""
        pipe = self.client.pipeline(transaction=False)
        for uid in uids:
            key = self._keys(uid)[1] if uid != ALL else f"{self.prefix}changes:{ALL}"
            pipe.incr(key)  # no expiry: a counter that vanished and restarted could match an old entry
        pipe.execute()

    def close(self) -> None:
        self.client.close()


class LocalIdentityCache(NoIdentityCache):
    """A dict per worker; a replaced file tells the other workers of this host to empty theirs."""

    def __init__(self, signal_path: str):
        self.signal_path = signal_path
        self.entries: dict[int, bytes] = {}
        self.changes: dict = {}  # this worker's counters, person and ALL
        self.seen = self._signal()
        self.lock = threading.RLock()

    def _signal(self):
        try:
            found = os.stat(self.signal_path)
        except FileNotFoundError:
            return None
        return found.st_ino, found.st_mtime_ns, found.st_size

    def _stamp_now(self, uid: int) -> tuple:
        signal = self._signal()
        if signal != self.seen:  # another worker (or this one) announced a change: forget all
            with self.lock:
                self.seen = signal
                self.entries.clear()
                self.changes[ALL] = self.changes.get(ALL, 0) + 1
        return self.changes.get(uid, 0), self.changes.get(ALL, 0)

    def get(self, uid: int) -> bytes | None:
        stamp = self._stamp_now(uid)
        return _payload_if_current(self.entries.get(uid), stamp)

    def stamp(self, uid: int):
        return self._stamp_now(uid)

    def put(self, uid: int, stamp, payload: bytes) -> None:
        with self.lock:
            if self._stamp_now(uid) == stamp:
                self.entries[uid] = _entry(stamp, payload)

    def forget(self, uids) -> None:
        """Forget locally, then replace the signal file; raises if it cannot be written."""
        with self.lock:
            for uid in uids:
                self.changes[uid] = self.changes.get(uid, 0) + 1
                self.entries.pop(uid, None)
            if ALL in uids:
                self.entries.clear()
        folder = os.path.dirname(self.signal_path)
        os.makedirs(folder, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".identity-")
        os.close(handle)
        os.replace(temporary, self.signal_path)  # a new inode: every worker's next stat differs
