"""One row per security-relevant event."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...database import UTCDateTime, utcnow
from ...extensions import db


class AuditEvent(db.Model):
    """Something that happened: a sign-in, a refused access, a role given …

    ``details`` holds ids and codes only, never names or email addresses, so
    that erasing a person leaves no copy of them here; the person is linked
    through ``actor_id`` (anonymised with the account).
    """

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(sa.String(60), index=True)
    target_type: Mapped[str | None] = mapped_column(sa.String(40))
    target_id: Mapped[int | None]
    region_id: Mapped[int | None] = mapped_column(sa.ForeignKey("region.id", ondelete="SET NULL"), index=True)
    details: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    ip: Mapped[str | None] = mapped_column(sa.String(45))

    actor = relationship("User", lazy="raise")
    region = relationship("Region", lazy="raise")
