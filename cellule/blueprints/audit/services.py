"""Record and read audit events. ``record`` flushes, never commits.

Like ``mail.queue``, ``record`` is infrastructure: inside a request it fills
in the signed-in person and the client's address by itself, so callers only
say what happened. Outside a request (CLI) both stay empty unless given.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import has_request_context, request
from flask_login import current_user

from ...extensions import db
from ..auth.models import User
from ..directory.models import Region
from .models import AuditEvent

# The actions cellule records, with their French labels for the admin page.
# Features add theirs with ``register_action`` (e.g. "api.token_issued").
ACTIONS: dict[str, str] = {}
_CURRENT = object()


def register_action(code: str, label: str) -> str:
    ACTIONS.setdefault(code, label)
    return code


def record(action: str, *, target: Any = None, target_type: str | None = None,
           target_id: int | None = None, region: Any = None, region_id: int | None = None,
           actor: Any = _CURRENT, details: dict | None = None, ip: str | None = None) -> AuditEvent:
    """Add an audit event to the session (flushed; committed with the action it records).

    ``target`` is a mapped object (its table name and id are kept) or give
    ``target_type``/``target_id``. ``region`` (or ``region_id``) scopes the
    event; by default the target's ``region_id``. Keep ``details`` to ids and
    codes: no names, no email addresses.
    """
    if actor is _CURRENT:
        actor = current_user if has_request_context() and current_user.is_authenticated else None
    if target is not None:
        target_type = target_type or target.__table__.name
        target_id = target_id if target_id is not None else target.id
        if region is None and region_id is None:
            region_id = getattr(target, "region_id", None)
    if region is not None:
        region_id = region.id
    if ip is None and has_request_context():
        ip = request.remote_addr
    event = AuditEvent(action=action, target_type=target_type, target_id=target_id,
                       region_id=region_id, actor_id=getattr(actor, "id", actor),
                       details=details or {}, ip=ip)
    db.session.add(event)
    db.session.flush()
    return event


def search(**filters) -> sa.Select:
    """The rows behind the admin page, newest first, through Core (``JOURNAL_COLUMNS``): of the actor, the
    name and email the page shows (None when nobody acted or the account is gone), of the region its name.
    ``filters`` are those of ``conditions``."""
    return (sa.select(*JOURNAL_COLUMNS)
            .outerjoin(User, User.id == AuditEvent.actor_id).outerjoin(Region, Region.id == AuditEvent.region_id)
            .where(*conditions(**filters)).order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc()))


def search_count(**filters) -> sa.Select:
    """How many events ``search`` finds, counted on the events alone (no join to read per event)."""
    return sa.select(sa.func.count()).select_from(AuditEvent).where(*conditions(**filters))


def conditions(*, action: str | None = None, person: str | None = None, region_id: int | None = None,
               start: datetime | None = None, end: datetime | None = None) -> list:
    """The journal's filters as conditions on its events."""
    found = []
    if action:
        found.append(AuditEvent.action == action)
    if person:
        pattern = f"%{person.strip().lower()}%"
        found.append(AuditEvent.actor_id.in_(
            sa.select(User.id).where(sa.or_(sa.func.lower(User.email).like(pattern),
                                            sa.func.lower(User.name).like(pattern)))))
    if region_id:
        found.append(AuditEvent.region_id == region_id)
    if start:
        found.append(AuditEvent.created_at >= start)
    if end:
        found.append(AuditEvent.created_at < end)
    return found


# What a line of the journal shows.
JOURNAL_COLUMNS = (AuditEvent.id, AuditEvent.created_at, AuditEvent.action, AuditEvent.target_type,
                   AuditEvent.target_id, AuditEvent.details, AuditEvent.ip, User.id.label("actor_id"),
                   User.name.label("actor_name"), User.email.label("actor_email"), Region.name.label("region_name"))


def purge_before(cutoff: datetime) -> int:
    """Delete events older than ``cutoff``; returns how many."""
    result = db.session.execute(sa.delete(AuditEvent).where(AuditEvent.created_at < cutoff))
    return result.rowcount or 0
