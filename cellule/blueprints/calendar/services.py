"""Calendar changes. Functions flush, never commit.

Each one ends with ``feeds.refresh`` (or ``feeds.changed`` for a deletion):
the event's stored VEVENT is rewritten and the versions of the feeds showing
it are bumped in the same transaction. Anything that writes events another
way must make that call too (or run ``flask calendar refresh-ics``).
"""
from __future__ import annotations

import secrets
from datetime import datetime

import sqlalchemy as sa

from ...database import utcnow
from ...extensions import db
from . import feeds
from .models import MANUAL_KINDS, Event, EventKind, EventStateError, Visibility

# Changing one of these makes calendar clients update their copy (SEQUENCE + 1).
_SIGNIFICANT = ("title", "starts_at", "ends_at", "all_day", "location", "online_url", "description")


def sync_source(source_type: str, source_id: int, *, kind: EventKind, region_id: int | None, title: str,
                starts_at: datetime, ends_at: datetime, description: str = "", location: str | None = None,
                online_url: str | None = None, visibility: Visibility = Visibility.PUBLIC,
                url_path: str | None = None, cancelled: bool = False, all_day: bool = False) -> Event:
    """Create or update the event mirroring a visit, a transfer session, etc.

    The UID never changes for a given source, so calendar clients update the
    same entry; SEQUENCE grows on every significant change and on cancellation.
    """
    event = db.session.scalar(sa.select(Event).where(Event.source_type == source_type,
                                                     Event.source_id == source_id))
    values = dict(kind=kind, region_id=region_id, title=title, starts_at=starts_at, ends_at=ends_at,
                  description=description, location=location, online_url=online_url,
                  visibility=visibility, url_path=url_path, all_day=all_day)
    before = event.region_id if event is not None else region_id
    if event is None:
        event = Event(uid=f"{source_type}-{source_id}@cellule", source_type=source_type,
                      source_id=source_id, sequence=0, **values)
        db.session.add(event)
    else:
        changed = any(getattr(event, key) != values[key] for key in _SIGNIFICANT)
        for key, value in values.items():
            setattr(event, key, value)
        if changed:
            event.sequence += 1
    if cancelled and event.cancelled_at is None:
        event.cancelled_at = utcnow()
        event.sequence += 1 if event.id else 0
    elif not cancelled and event.cancelled_at is not None:
        event.cancelled_at = None
        event.sequence += 1
    event.updated_at = utcnow()
    db.session.flush()
    feeds.refresh([event], regions_before=[before])
    return event


def remove_source(source_type: str, source_id: int) -> None:
    """Drop the event of a source that should no longer be in any calendar (e.g. a deleted draft)."""
    mirror = sa.and_(Event.source_type == source_type, Event.source_id == source_id)
    events = list(db.session.scalars(sa.select(Event).where(mirror)))
    for event in events:
        db.session.delete(event)  # through the ORM: the day tallies' hooks see it go
    db.session.flush()
    if events:
        feeds.changed(region_ids=[event.region_id for event in events])


def people_changed(user_ids) -> None:
    """What these people take part in changed (a seat confirmed or given up, a session's attendees):
    their personal feeds are renewed. Callers: visits.seats, transfers.session_services."""
    feeds.changed(people=user_ids)


def source_event(source_type: str, source_id: int) -> Event | None:
    """The event mirroring one source, if any."""
    return db.session.scalar(sa.select(Event).where(Event.source_type == source_type,
                                                    Event.source_id == source_id))


# -- events entered by hand --------------------------------------------------
def create_event(*, region_id: int | None, kind: EventKind, title: str, starts_at: datetime,
                 ends_at: datetime, all_day: bool = False, description: str = "",
                 location: str | None = None, online_url: str | None = None,
                 visibility: Visibility = Visibility.PUBLIC) -> Event:
    """A regional event (coordinators) or a national one (``region_id`` None, council admins)."""
    if kind not in MANUAL_KINDS:
        raise ValueError(f"{kind} events come from their own feature")
    if ends_at <= starts_at:
        raise ValueError("an event must end after it starts")
    event = Event(uid=f"event-{secrets.token_hex(8)}@cellule", kind=kind, region_id=region_id,
                  title=title, starts_at=starts_at, ends_at=ends_at, all_day=all_day,
                  description=description, location=location or None, online_url=online_url or None,
                  visibility=visibility)
    db.session.add(event)
    db.session.flush()
    feeds.refresh([event])
    return event


def update_event(event: Event, **values) -> Event:
    """Change a hand-entered event; SEQUENCE grows when calendar clients must update their copy.

    Changing the visibility also bumps it: subscribers of a public feed must
    see the event go (they simply stop receiving it) and members must get it.
    """
    if not event.editable:
        raise EventStateError("events of a visit or session are changed on their source")
    if event.cancelled:
        raise EventStateError("a cancelled event can no longer be changed")
    if values.get("kind", event.kind) not in MANUAL_KINDS:
        raise ValueError("kind not editable here")
    if values.get("ends_at", event.ends_at) <= values.get("starts_at", event.starts_at):
        raise ValueError("an event must end after it starts")
    for key in ("location", "online_url"):
        if key in values:
            values[key] = values[key] or None
    significant = _SIGNIFICANT + ("visibility", "kind")
    changed = any(key in significant and getattr(event, key) != value for key, value in values.items())
    for key, value in values.items():
        setattr(event, key, value)
    if changed:
        event.sequence += 1
    event.updated_at = utcnow()
    db.session.flush()
    feeds.refresh([event])
    return event


def cancel_event(event: Event) -> Event:
    """Call off a hand-entered event; it stays in feeds as STATUS:CANCELLED for 30 days."""
    if not event.editable:
        raise EventStateError("events of a visit or session are cancelled on their source")
    event.cancel()
    db.session.flush()
    feeds.refresh([event])
    return event
