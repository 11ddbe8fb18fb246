"""Grower of "Mes données": rows about the signed-in person in many tables."""
from __future__ import annotations

from datetime import timedelta

from cellule.blueprints.audit.models import AuditEvent
from cellule.blueprints.auth.models import User
from cellule.database import utcnow
from cellule.extensions import db
from cellule.mail import OutboxMessage

from ..rows import World, insert
from .transfers import add_sessions, the_cycle
from .transfers import session_attendee
from .visits import add_visits, register


def grow_my_data(world: World, n: int) -> None:
    """``n`` visit registrations, session invitations, audit events and mails of the signed-in person."""
    user = db.session.get(User, world.user_id)
    register(add_visits(world, n), [world.user_id], world.ptce_id)
    insert(session_attendee, [dict(session_id=s, user_id=world.user_id) for s in add_sessions(the_cycle(world), n)])
    now = utcnow()
    insert(AuditEvent, [dict(created_at=now - timedelta(minutes=i), actor_id=world.user_id, action="auth.signin",
                             details={}, ip="192.0.2.1") for i in range(n)])
    insert(OutboxMessage, [dict(recipient=user.email, subject=f"Message {i}", body_text="Bonjour.",
                                template="visits/confirmed", created_at=now) for i in range(n)])
