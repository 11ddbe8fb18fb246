"""iCalendar feeds: events → ``ical.IcsEvent``, conditional GET, and a small cache of rendered feeds.

A feed request first computes a validator from the data in one cheap SQL
query (count and latest ``updated_at`` of the events in scope, plus the scope
itself). A client that already has that version gets 304 without any event
being loaded; otherwise the rendered bytes are looked up in an in-process
cache keyed by the validator, and only a miss renders the feed.
"""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from datetime import date, datetime, timedelta
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import icalendar
from flask import Response, request, url_for
from flask_babel import get_locale
from werkzeug.http import is_resource_modified

from ... import ical
from ...database import utcnow
from . import queries
from .models import Event

FORMAT_VERSION = "2"  # bump when the rendering changes, so cached copies and ETags renew
CACHE_SIZE = 128  # rendered feeds
VEVENT_CACHE_SIZE = 20_000  # serialised events, a few hundred bytes each


class FeedCache:
    """A bounded, thread-safe LRU of rendered feeds keyed by their validator."""

    def __init__(self, size: int = CACHE_SIZE):
        self.size = size
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            body = self._items.get(key)
            if body is not None:
                self._items.move_to_end(key)
            return body

    def put(self, key: str, body: bytes) -> None:
        with self._lock:
            self._items[key] = body
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


cache = FeedCache()
vevent_cache = FeedCache(size=VEVENT_CACHE_SIZE)
CALENDAR_END = b"END:VCALENDAR\r\n"


def local_days(event: Event) -> tuple[date, date]:
    """First and last (inclusive) local day of an event, in its own time zone.

    All-day events are stored from local midnight to the next local midnight;
    an end exactly at midnight belongs to the day before.
    """
    tz = ZoneInfo(event.timezone)
    start = event.starts_at.astimezone(tz)
    end = event.ends_at.astimezone(tz)
    last = end.date()
    if end.time() == datetime.min.time() and last > start.date():
        last -= timedelta(days=1)
    return start.date(), max(last, start.date())


def absolute(path: str) -> str:
    """An absolute URL on this site for a path (sources give only their path)."""
    return urljoin(url_for("core.home", _external=True), path)


def event_page(event: Event, external: bool = False) -> str:
    """The event's page in the agenda."""
    if event.region is None:
        return url_for("calendar.national_event", event_id=event.id, _external=external)
    return url_for("calendar.event", region_slug=event.region.slug, event_id=event.id, _external=external)


def href(event: Event) -> str:
    """Where a page links an event to: its source's page (visit, session) or its agenda page."""
    return event.url_path or event_page(event)


def event_url(event: Event) -> str:
    """Where a calendar client links to: the source's page for visits and sessions, else the agenda's."""
    return absolute(event.url_path) if event.url_path else event_page(event, external=True)


def to_ics(event: Event) -> ical.IcsEvent:
    """What calendar clients need to know about one event."""
    if event.all_day:
        first, last = local_days(event)
        start, end = first, last + timedelta(days=1)
    else:
        start, end = event.starts_at, event.ends_at
    categories = (str(event.kind.label),) + ((event.region.name,) if event.region else ())
    return ical.IcsEvent(
        uid=event.uid, summary=event.title, start=start, end=end, tzid=event.timezone,
        sequence=event.sequence, cancelled=event.cancelled, location=event.location,
        online_url=event.online_url, url=event_url(event), description=event.description or "",
        last_modified=event.updated_at, categories=categories)


def _vevent_bytes(event: Event) -> bytes:
    """One serialised VEVENT, cached while the event is unchanged (same id, revision and site)."""
    key = "\x1f".join([FORMAT_VERSION, str(event.id), event.uid, str(event.sequence), event.updated_at.isoformat(),
                        str(event.cancelled), url_for("core.home", _external=True), str(get_locale())])
    body = vevent_cache.get(key)
    if body is None:
        # DTSTAMP = last revision (no METHOD in feeds), so the bytes only depend on the key.
        item = to_ics(event)
        body = ical.vevent(item, item.last_modified).to_ical()
        vevent_cache.put(key, body)
    return body


def render(events: list[Event], name: str) -> bytes:
    """The VCALENDAR of a feed: one VTIMEZONE per zone of timed events, then the events.

    Each VEVENT comes from a per-event cache, so after one change in a large
    feed only that event is serialised again.
    """
    zones = sorted({e.timezone for e in events if not e.all_day})
    days = [d.date() for e in events for d in (e.starts_at, e.ends_at)]
    first, last = ((min(days) - timedelta(days=367), max(days) + timedelta(days=367)) if days
                   else (date(1970, 1, 1), date(2038, 1, 1)))
    timezones = [icalendar.Timezone.from_tzid(zone, first_date=first, last_date=last) for zone in zones]
    shell = ical.to_bytes(ical.calendar([], name=name, refresh=timedelta(hours=1), extra=timezones))
    if not shell.endswith(CALENDAR_END):
        raise RuntimeError("unexpected VCALENDAR serialisation")
    return shell[:-len(CALENDAR_END)] + b"".join(_vevent_bytes(e) for e in events) + CALENDAR_END


def feed_response(scope: queries.Scope, name: str, filename: str, *, private: bool = False) -> Response:
    """The feed of ``scope``: 304 when the client's copy is current, else cached or fresh bytes."""
    now = utcnow()
    count, latest = queries.feed_state(scope, now)
    validator = "\x1f".join([FORMAT_VERSION, scope.key(), str(count), latest.isoformat() if latest else "-",
                             name, str(get_locale()), url_for("core.home", _external=True)])
    etag = hashlib.sha256(validator.encode()).hexdigest()[:32]
    last_modified = latest.replace(microsecond=0) if latest else None
    headers = {
        "Cache-Control": "private, max-age=300" if private else "public, max-age=300",
        "Content-Disposition": f'inline; filename="{filename}"',
    }
    if private:
        headers["Referrer-Policy"] = "no-referrer"
        headers["X-Robots-Tag"] = "noindex"
    if not is_resource_modified(request.environ, etag=etag, last_modified=last_modified):
        response = Response(status=304, headers=headers)
    else:
        body = cache.get(etag)
        if body is None:
            body = render(queries.feed_events(scope, now), name)
            cache.put(etag, body)
        response = Response(body, mimetype="text/calendar", headers=headers)
        response.charset = "utf-8"
    response.set_etag(etag)
    if last_modified:
        response.last_modified = last_modified
    return response


def single(event: Event) -> Response:
    """One event as a downloadable .ics file."""
    body = ical.to_bytes(ical.calendar([to_ics(event)], refresh=None))
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="evenement-{event.id}.ics"'})
