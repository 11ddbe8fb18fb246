"""Personal calendar feed: the visits a person holds a confirmed seat for.

The feed follows the seat, like the invitations: a place in line or an offer is
not in anyone's calendar until confirmed, and a registration that ends drops out.
A cancelled visit stays (shown CANCELLED) for those who had a seat, so clients remove it.
"""
from __future__ import annotations

import sqlalchemy as sa

from ...extensions import db
from .models import RegistrationStatus, Registration


def personal_sources(user) -> list[tuple[str, int]]:
    ids = db.session.scalars(sa.select(Registration.visit_id).where(
        Registration.user_id == user.id, Registration.status == RegistrationStatus.CONFIRMED).order_by(Registration.visit_id))
    return [("visit", visit_id) for visit_id in ids]
