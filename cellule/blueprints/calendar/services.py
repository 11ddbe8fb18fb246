"""Calendar changes. Functions flush, never commit."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from ...database import utcnow
from ...extensions import db
from .models import Event, EventKind, Visibility

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
    return event


def remove_source(source_type: str, source_id: int) -> None:
    """Drop the event of a source that should no longer be in any calendar (e.g. a deleted draft)."""
    db.session.execute(sa.delete(Event).where(Event.source_type == source_type,
                                              Event.source_id == source_id))


def source_event(source_type: str, source_id: int) -> Event | None:
    return db.session.scalar(sa.select(Event).where(Event.source_type == source_type,
                                                    Event.source_id == source_id))
