"""The region home's transfer section: live cycles and the next sessions."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from ...database import utcnow
from ...extensions import db
from ...permissions import can
from .models import CycleStatus, TransferCycle
from .session_models import TransferSession

NEXT_SESSIONS = 5


def region_section(region) -> dict | None:
    """Counts and the next few sessions, for the region's people only (nothing is queried for others)."""
    if not can("region_member", region):
        return None
    active = db.session.scalar(sa.select(sa.func.count()).select_from(TransferCycle).where(
        TransferCycle.of_region(region.id), TransferCycle.status == CycleStatus.ACTIVE))
    proposed = db.session.scalar(sa.select(sa.func.count()).select_from(TransferCycle).where(
        TransferCycle.of_region(region.id), TransferCycle.status.in_([CycleStatus.PROPOSED, CycleStatus.ACCEPTED])))
    upcoming = list(db.session.scalars(
        sa.select(TransferSession).join(TransferSession.cycle).options(contains_eager(TransferSession.cycle))
        .where(TransferCycle.of_region(region.id), TransferSession.cancelled_at.is_(None),
               TransferSession.ends_at >= utcnow())
        .order_by(TransferSession.starts_at, TransferSession.id).limit(NEXT_SESSIONS)))
    return {"template": "transfers/_home.html", "transfers_active": active,
            "transfers_pending": proposed, "transfers_upcoming": upcoming}
