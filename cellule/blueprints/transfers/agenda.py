"""Personal calendar feed: the transfer sessions a person is invited to.

We use attendance, not PTCE membership: the attendees are the people who
received the invitation, so the personal feed matches what their mail client
already shows, and colleagues who do not attend are not flooded with meetings.
"""
from __future__ import annotations

import sqlalchemy as sa

from ...extensions import db
from .session_models import TransferSession, session_attendee


def personal_sources(user) -> list[tuple[str, int]]:
    """``("transfer_session", id)`` for each session (cancelled ones too, so clients drop them)."""
    ids = db.session.scalars(
        sa.select(TransferSession.id).join(session_attendee)
        .where(session_attendee.c.user_id == user.id).order_by(TransferSession.id))
    return [("transfer_session", session_id) for session_id in ids]
