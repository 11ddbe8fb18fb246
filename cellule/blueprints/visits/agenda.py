"""Personal calendar feed: the visits a person holds a seat, an offer or a place in line for."""
from __future__ import annotations

import sqlalchemy as sa

from ...extensions import db
from .models import ACTIVE, Registration


def personal_sources(user) -> list[tuple[str, int]]:
    ids = db.session.scalars(sa.select(Registration.visit_id).where(
        Registration.user_id == user.id, Registration.status.in_(ACTIVE)).order_by(Registration.visit_id))
    return [("visit", visit_id) for visit_id in ids]
