"""Grower of the audit log page: events by many people, about many regions."""
from __future__ import annotations

from datetime import timedelta

from cellule.blueprints.audit.models import AuditEvent
from cellule.database import utcnow

from ..rows import World, add_people, insert


def grow_audit(world: World, n: int) -> None:
    people = world.once("actors", lambda: add_people(5, None))
    now = utcnow()
    insert(AuditEvent, [dict(created_at=now - timedelta(minutes=i), actor_id=people[i % 5] if i % 4 else None,
                             action="auth.signin" if i % 2 else "auth.signout", target_type="user_account",
                             target_id=people[(i + 1) % 5], region_id=world.region_id if i % 3 else None,
                             details={"n": i}, ip="192.0.2.1") for i in range(n)])
