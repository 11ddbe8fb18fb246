"""iCalendar feeds: events → ``ical.IcsEvent``, conditional GET, and a small cache of rendered feeds.

A feed request first computes a validator from the data in one cheap SQL
query (count and latest ``updated_at`` of the events in scope, plus the scope
itself). A client that already has that version gets 304 without any event
being loaded; otherwise the rendered bytes are looked up in an in-process
cache keyed by the validator, and only a miss renders the feed.
"""
from __future__ import annotations

import dataclasses
import hashlib
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import Response, current_app, has_app_context, has_request_context, request, url_for
from flask_babel import force_locale, get_locale
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from werkzeug.http import is_resource_modified

from ... import ical
from ...database import utcnow
from ...extensions import db
from ..directory.models import Region
from . import queries
from .cache import FeedCache
from .models import Event, EventKind

FORMAT_VERSION = "3"  # bump when the rendering changes, so cached and stored copies and ETags renew
CACHE_SIZE = 128  # rendered feeds
VEVENT_CACHE_SIZE = 20_000  # serialised events, a few hundred bytes each


cache = FeedCache(size=CACHE_SIZE)
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


_labels: dict[tuple[str, EventKind], str] = {}


def _kind_label(kind: EventKind) -> str:
    """The kind's label in the current locale, translated once per process (feeds ask it per event)."""
    key = (str(get_locale()), kind)
    label = _labels.get(key)
    if label is None:
        label = _labels[key] = str(kind.label)
    return label


def to_ics(event: Event) -> ical.IcsEvent:
    """What calendar clients need to know about one event."""
    if event.all_day:
        first, last = local_days(event)
        start, end = first, last + timedelta(days=1)
    else:
        start, end = event.starts_at, event.ends_at
    categories = (_kind_label(event.kind),) + ((event.region.name,) if event.region else ())
    return ical.IcsEvent(
        uid=event.uid, summary=event.title, start=start, end=end, tzid=event.timezone,
        sequence=event.sequence, cancelled=event.cancelled, location=event.location,
        online_url=event.online_url, url=event_url(event), description=event.description or "",
        last_modified=event.updated_at, categories=categories)


def _normalised(item: ical.IcsEvent) -> ical.IcsEvent:
    """The item with its instants in UTC, as they come back from the database.

    Start and end are written in the event's own zone whatever their offset,
    but LAST-MODIFIED/DTSTAMP keep it: an event being written may hold an
    instant in another zone, and the stored copy must be the bytes a feed
    would render once the row is read back.
    """
    def utc(value):
        return value.astimezone(timezone.utc) if isinstance(value, datetime) else value

    if all(not isinstance(v, datetime) or v.tzinfo is timezone.utc for v in (item.start, item.end, item.last_modified)):
        return item  # read from the database: already so
    return dataclasses.replace(item, start=utc(item.start), end=utc(item.end), last_modified=utc(item.last_modified))


_ITEM_FIELDS = tuple(f.name for f in dataclasses.fields(ical.IcsEvent))


def ics_key(item: ical.IcsEvent, base_url: str, locale: str) -> str:
    """A hash of everything a VEVENT's bytes depend on: format, event fields, site URL, locale.

    ``item`` is normalised (instants in UTC, so ISO forms are unambiguous);
    other values by repr, which quotes strings.
    """
    parts = [FORMAT_VERSION, base_url, locale]
    for name in _ITEM_FIELDS:
        value = getattr(item, name)
        parts.append(value.isoformat() if isinstance(value, date) else repr(value))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _serialise(item: ical.IcsEvent) -> bytes:
    # DTSTAMP = last revision (no METHOD in feeds), so the bytes only depend on the item.
    return ical.vevent(item, item.last_modified).to_ical()


def _site() -> tuple[str, str]:
    """The site's base URL and the current locale: the rest of a VEVENT's key."""
    return url_for("core.home", _external=True), str(get_locale())


def _vevent_bytes(event: Event, base_url: str, locale: str) -> bytes:
    """One serialised VEVENT: the row's stored copy when its key still matches, else cached or rendered.

    The key is recomputed from the event as read, so a copy stored before any
    change (Core update, new site URL or format) is never served.
    """
    item = _normalised(to_ics(event))
    key = ics_key(item, base_url, locale)
    loaded = sa.inspect(event).dict  # never lazy-load the deferred copy: one query per event
    if loaded.get("ics_key") == key and loaded.get("ics") is not None:
        return loaded["ics"].encode("utf-8")
    body = vevent_cache.get(key)
    if body is None:
        body = _serialise(item)
        vevent_cache.put(key, body)
    return body


def stored_copy(event: Event) -> tuple[str, str]:
    """(VEVENT, key) to store in the event's row, in the default locale (needs a URL context).

    Feeds in another locale (their category label differs) compute another key
    and fall back to rendering.
    """
    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "fr")):
        base_url, locale = _site()
        item = _normalised(to_ics(event))
        return _serialise(item).decode("utf-8"), ics_key(item, base_url, locale)


def can_store() -> bool:
    """Whether absolute URLs can be built here: in a request, or with SERVER_NAME configured."""
    return has_request_context() or (has_app_context() and bool(current_app.config.get("SERVER_NAME")))


def _write_copies(connection: sa.Connection, events: list[Event]) -> None:
    """Store the copies of ``events`` (persistent, with their region) in one executemany UPDATE."""
    table = Event.__table__
    rows = []
    for event in events:
        ics, key = stored_copy(event)
        rows.append({"row_id": event.id, "ics": ics, "ics_key": key})
        set_committed_value(event, "ics", ics)
        set_committed_value(event, "ics_key", key)
    if rows:
        connection.execute(table.update().where(table.c.id == sa.bindparam("row_id"))
                           .values(ics=sa.bindparam("ics"), ics_key=sa.bindparam("ics_key")), rows)


@sa.event.listens_for(Session, "after_flush")
def _store_written_events(session: Session, flush_context) -> None:
    """After events are inserted or changed through the ORM, store their serialised VEVENT.

    After the flush, so that ids (in agenda URLs) and column defaults are the
    values actually written. Skipped where no site URL is known (then feeds
    render those events as before).
    """
    written = [obj for obj in (*session.new, *session.dirty) if isinstance(obj, Event)
               and obj not in session.deleted and obj.id is not None
               and (obj in session.new or session.is_modified(obj, include_collections=False))]
    if not written or not can_store():
        return
    with session.no_autoflush:
        for event in written:
            # An event created with ``region_id`` alone has no region loaded yet.
            region = session.get(Region, event.region_id) if event.region_id is not None else None
            if sa.inspect(event).dict.get("region", False) is not region:
                set_committed_value(event, "region", region)
        _write_copies(session.connection(), written)


def refresh_stored(batch: int = 500, report=lambda done: None) -> int:
    """Recompute every event's stored copy, ``batch`` events per transaction (needs a URL context).

    For after a deploy that changes FORMAT_VERSION, the site's URL or a region's
    name or zone; returns the number of events written.
    """
    done, last = 0, 0
    while True:
        events = list(db.session.scalars(sa.select(Event).where(Event.id > last).order_by(Event.id).limit(batch)))
        if not events:
            return done
        _write_copies(db.session.connection(), events)
        done, last = done + len(events), events[-1].id
        db.session.commit()
        for event in events:  # keeps memory flat over 20,000 events
            db.session.expunge(event)
        report(done)


def render(events: list[Event], name: str) -> bytes:
    """The VCALENDAR of a feed: one VTIMEZONE per zone of timed events, then the events.

    Each VEVENT comes from the event's row (its stored copy, when still
    current), else from a per-event cache, so a cold feed serialises only the
    events written without a copy, and after one change in a large feed only
    that event is serialised again.
    """
    zones = sorted({e.timezone for e in events if not e.all_day})
    days = [d.date() for e in events for d in (e.starts_at, e.ends_at)]
    first, last = ((min(days) - timedelta(days=367), max(days) + timedelta(days=367)) if days
                   else (date(1970, 1, 1), date(2038, 1, 1)))
    timezones = [ical.vtimezone(zone, first, last) for zone in zones]
    shell = ical.to_bytes(ical.calendar([], name=name, refresh=timedelta(hours=1), extra=timezones))
    if not shell.endswith(CALENDAR_END):
        raise RuntimeError("unexpected VCALENDAR serialisation")
    base_url, locale = _site()
    return shell[:-len(CALENDAR_END)] + b"".join(_vevent_bytes(e, base_url, locale) for e in events) + CALENDAR_END


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
