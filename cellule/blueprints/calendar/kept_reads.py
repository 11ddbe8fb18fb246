"""The agenda's month reads kept per process, under the version of the events they came from.

A month's grid and each page of its list (``month_queries``, ``grid_queries``, with ``kept=True``) are
read once per version of the events (``versions.all_version``, replaced in the transaction of every
change to any event, see ``feeds.changed``). A page reads that version first, one row by its primary
key, and an unchanged version serves the rows read under it before. Each worker checks the database's
version on every request, so a change through one worker shows through every other on the next
request. The rows are kept per database engine, at most ``KEPT_MAX`` reads (a read is at most
``per_day`` events a day of the grid, or a page of the list); the store is emptied when full. The
list's items are written per request (from kept fragments); the grid's weeks are kept whole under the
same version (``grid.written_weeks``).
"""
from __future__ import annotations

import weakref
from collections.abc import Callable

import sqlalchemy as sa

from . import versions

KEPT_MAX = 128
_KEPT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # engine → {(version, *read): rows}


UNREAD = object()  # no version given: read it


def read(connection: sa.Connection, key: tuple, load: Callable[[], object], version=UNREAD):
    """``load()``'s rows, read again only when the events' version changed (see the module's docstring).

    The version is read before the rows: a change committed between the two reads gives rows
    newer than their version, which later requests (reading the new version) never ask for. Read
    after them, it could file rows older than the version they are kept under. ``version``: the
    events' version when the caller has just read it (``grid.written_weeks``), not read again.
    """
    if version is UNREAD:
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
