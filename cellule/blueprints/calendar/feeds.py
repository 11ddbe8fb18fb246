"""iCalendar feeds, event by event: events → ``ical.IcsEvent`` and each event's stored VEVENT.

Every VEVENT is serialised once, when the calendar services write its event
(``refresh``, the explicit call each change makes after its flush), and kept in
the event's row with the key of the site, locale and format it was made for.
A feed (``bodies.py``) reads only those copies, through Core, and assembles them;
a row whose key does not match (another locale, a site address or a format
changed since, a row written outside the services) is serialised on the fly,
never written back by a GET. That stored copy is the only cache of feeds that a
change must update: it is shared by every worker and host, and a change rewrites
exactly the events it touched.

``refresh`` and ``changed`` also bump the scope versions (``versions.py``) in the
same transaction: the feeds' ETags come from them.
"""
from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import Response, current_app, has_app_context, has_request_context, url_for
from sqlalchemy.orm.attributes import set_committed_value

from ...i18n import current_locale
from ...i18n import force_locale
from ... import ical
from ...extensions import db
from ..directory.models import Region
from . import version_cache, versions
from .models import Event, EventKind

NATIONAL_ZONE = "Europe/Paris"  # the zone of events without a region (Event.timezone)
NATIONAL_FILE = "agenda-ptce.ics"
PERSONAL_FILE = "mon-agenda-ptce.ics"


def region_file(slug: str) -> str:
    """The file name a region's feed is offered as."""
    return f"agenda-{slug}.ics"


def local_days(event: Event) -> tuple[date, date]:
    """First and last (inclusive) local day of an event, in its own time zone.

    All-day events are stored from local midnight to the next local midnight;
    an end exactly at midnight belongs to the day before.
    """
    return days_between(event.starts_at, event.ends_at, event.timezone)


def days_between(starts_at: datetime, ends_at: datetime, tzid: str) -> tuple[date, date]:
    """``local_days`` of the times and zone of an event."""
    tz = ZoneInfo(tzid)
    start = starts_at.astimezone(tz)
    end = ends_at.astimezone(tz)
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
    key = (str(current_locale()), kind)
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


def site_key(site: str, locale: str) -> str:
    """The key of stored copies made for this site address, locale and format.

    The event's own fields are not in it: every change goes through ``refresh``,
    which rewrites the copy in the same transaction.
    """
    return hashlib.sha256("\x1f".join([versions.FORMAT_VERSION, site, locale]).encode()).hexdigest()


def serialise(event: Event) -> bytes:
    """The event's VEVENT as feeds carry it (one event's part of a feed body).

    DTSTAMP = last revision (no METHOD in feeds), so the bytes only depend on the event.
    """
    item = _normalised(to_ics(event))
    return ical.vevent(item, item.last_modified).to_ical()


def current_site() -> tuple[str, str]:
    """The site's base URL and the current locale: what a stored copy is made for."""
    return url_for("core.home", _external=True), str(current_locale())


def stored_copy(event: Event) -> tuple[str, str]:
    """(VEVENT, key) to store in the event's row, in the default locale (needs a URL context).

    Feeds in another locale (their category label differs) have another key
    and serialise the events themselves.
    """
    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "fr")):
        return serialise(event).decode("utf-8"), site_key(*current_site())


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


def refresh(events: Iterable[Event], *, regions_before: Iterable[int | None] = ()) -> None:
    """What every service that writes events calls after its flush: copies stored, feeds bumped.

    Stores each event's serialised VEVENT (skipped where no site address is
    known: feeds then serialise those events themselves) and bumps the
    versions of the feeds that show them — ``regions_before`` names regions an
    event was moved out of.
    """
    events = list(events)
    session = db.session
    if events and can_store():
        with session.no_autoflush:
            for event in events:
                # An event created or moved with ``region_id`` alone has no (or a stale) region loaded.
                region = session.get(Region, event.region_id) if event.region_id is not None else None
                if sa.inspect(event).dict.get("region", False) is not region:
                    set_committed_value(event, "region", region)
            _write_copies(session.connection(), events)
    changed(region_ids={e.region_id for e in events} | set(regions_before))


def changed(*, region_ids: Iterable[int | None] = (), people: Iterable[int] = ()) -> None:
    """Bump the feeds of events in ``region_ids`` (None: national) and of ``people``'s own feeds.

    For changes that leave no VEVENT to store: an event deleted, a person
    registered, confirmed or removed from a session.
    """
    regions = [versions.region_scope(r) for r in set(region_ids)]
    scopes = ([versions.ALL] if regions else []) + regions + [versions.person_scope(p) for p in set(people)]
    versions.bump(db.session.connection(), scopes)
    if regions:  # public feeds: the layer's Redis copy of their state is renewed after the commit
        version_cache.note_public_change(db.session())


def refresh_stored(batch: int = 500, report=lambda done: None) -> int:
    """Recompute every event's stored copy, ``batch`` events per transaction (needs a URL context).

    For after a deploy that changes FORMAT_VERSION, the site's URL or a region's
    name or zone, or after rows were written outside the services; returns the
    number of events written. Every feed is bumped once at the end.
    """
    done, last = 0, 0
    while True:
        events = list(db.session.scalars(sa.select(Event).where(Event.id > last).order_by(Event.id).limit(batch)))
        if not events:
            changed(region_ids=[None, *db.session.scalars(sa.select(Region.id))])
            db.session.commit()
            return done
        _write_copies(db.session.connection(), events)
        done, last = done + len(events), events[-1].id
        db.session.commit()
        for event in events:  # keeps memory flat over 20,000 events
            db.session.expunge(event)
        report(done)


def single(event: Event) -> Response:
    """One event as a downloadable .ics file."""
    body = ical.to_bytes(ical.calendar([to_ics(event)], refresh=None))
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="evenement-{event.id}.ics"'})
