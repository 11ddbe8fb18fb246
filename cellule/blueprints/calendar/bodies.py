"""A whole feed: its body assembled from the events' stored VEVENTs, kept per worker, and its conditional GET.

A 200 reads the window's rows through Core (``id, ics, ics_key`` …) and joins
their stored copies (``feeds.py``), serialising only the rows whose key does
not fit this site, locale and format. Each worker keeps the last bodies it
assembled under their ETag (``_Bodies``), which needs no invalidation: a change
makes a new ETag.

ETags come from the scope versions (``versions.py``), which ``feeds.refresh``
bumps in the same transaction: the WSGI layer in front of Flask
(``conditional.py``) answers 304 from them, and ``feed_response`` gives the same
answer when a request reaches the view (a browser signed in, a cookie).
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import Response, current_app, request
from werkzeug.http import is_resource_modified

from ...i18n import current_locale
from ... import ical
from ...database import utcnow
from ...extensions import db
from ..directory.models import Region
from . import feeds, queries, versions
from .models import Event

CALENDAR_END = b"END:VCALENDAR\r\n"


def _rows(scope: queries.Scope, now: datetime) -> list:
    """The scope's feed window as (id, ics, ics_key, all_day, starts_at, ends_at, zone) rows, in time order.

    Through Core: building 500 ORM events would cost more than the feed.
    """
    statement = (sa.select(Event.id, Event.ics, Event.ics_key, Event.all_day, Event.starts_at, Event.ends_at,
                           Region.timezone)
                 .outerjoin(Region, Region.id == Event.region_id)
                 .where(queries.feed_condition(scope, now)))
    # Sorted here, not in SQL: an ORDER BY starts_at leads SQLite to walk the whole starts_at
    # index and fetch each row out of order (3× slower than a scan on 20,000 events).
    return sorted(db.session.execute(statement), key=lambda row: (row.starts_at, row.id))


def _serialised(ids: list[int]) -> dict[int, bytes]:
    """VEVENTs of events whose stored copy does not fit this feed, serialised now (one query)."""
    if not ids:
        return {}
    return {event.id: feeds.serialise(event) for event in db.session.scalars(sa.select(Event).where(Event.id.in_(ids)))}


def render(rows: list, name: str) -> bytes:
    """The VCALENDAR of a feed: one VTIMEZONE per zone of timed events, then the events' VEVENTs."""
    zones = sorted({row.timezone or feeds.NATIONAL_ZONE for row in rows if not row.all_day})
    days = [d.date() for row in rows for d in (row.starts_at, row.ends_at)]
    first, last = ((min(days) - timedelta(days=367), max(days) + timedelta(days=367)) if days
                   else (date(1970, 1, 1), date(2038, 1, 1)))
    timezones = [ical.vtimezone(zone, first, last) for zone in zones]
    shell = ical.to_bytes(ical.calendar([], name=name, refresh=timedelta(hours=1), extra=timezones))
    if not shell.endswith(CALENDAR_END):
        raise RuntimeError("unexpected VCALENDAR serialisation")
    key = feeds.site_key(*feeds.current_site())
    fresh = _serialised([row.id for row in rows if row.ics is None or row.ics_key != key])
    body = b"".join(fresh.get(row.id) or row.ics.encode("utf-8") for row in rows)
    return shell[:-len(CALENDAR_END)] + body + CALENDAR_END


def feed_headers(filename: str, private: bool) -> dict[str, str]:
    """The headers of a feed's answers, 200 and 304 alike (the WSGI layer sends the same)."""
    headers = {
        "Cache-Control": "private, max-age=300" if private else "public, max-age=300",
        "Content-Disposition": f'inline; filename="{filename}"',
    }
    if private:
        headers["Referrer-Policy"] = "no-referrer"
        headers["X-Robots-Tag"] = "noindex"
    return headers


KEPT = "cellule_feed_bodies"  # the worker's assembled bodies, in app.extensions


class _Bodies:
    """The last feeds this worker assembled, by ETag and calendar name.

    Not a second cache to keep in step: the ETag is derived from every scope version a change
    bumps (it is what the 304s already trust), so a body found under it is the current one,
    and a change simply makes a new key. Clients that never send ``If-None-Match`` (several
    calendar services poll that way) get the same bytes without the feed being assembled again.
    """

    def __init__(self, kept: int = 16):
        self.kept, self.bodies, self.lock = kept, OrderedDict(), threading.Lock()

    def get(self, key: tuple, make) -> bytes:
        with self.lock:
            body = self.bodies.get(key)
            if body is not None:
                self.bodies.move_to_end(key)
                return body
        body = make()
        with self.lock:
            self.bodies[key] = body
            while len(self.bodies) > self.kept:
                self.bodies.popitem(last=False)
        return body


def _body(etag: str, name: str, scope: queries.Scope, now: datetime) -> bytes:
    bodies = current_app.extensions.setdefault(KEPT, _Bodies())
    return bodies.get((etag, name), lambda: render(_rows(scope, versions.day_start(now)), name))


def feed_response(scope: queries.Scope, state: versions.FeedState, name: str, filename: str, *,
                  private: bool = False) -> Response:
    """The feed of ``scope``: 304 when the client's copy is current, else its bytes."""
    now = utcnow()
    etag, last_modified = versions.validators(state, kinds=[k.value for k in scope.kinds], locale=str(current_locale()),
                                              site=request.host_url, now=now)
    headers = feed_headers(filename, private)
    if not is_resource_modified(request.environ, etag=etag, last_modified=last_modified):
        response = Response(status=304, headers=headers)
    else:
        response = Response(_body(etag, name, scope, now), mimetype="text/calendar", headers=headers)
        response.charset = "utf-8"
    response.set_etag(etag)
    response.last_modified = last_modified
    return response

