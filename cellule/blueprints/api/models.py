"""Read-only bearer tokens of the council API. Only a SHA-256 hash of each token is stored."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ... import signing
from ...database import UTCDateTime, utcnow
from ...extensions import db
from ..auth.models import User


def token_hash(token: str) -> str:
    """What is kept of a token: hashed at rest like every other secret (``signing.at_rest``)."""
    return signing.at_rest(token)


class ApiToken(db.Model):
    """A named token for one of the council's tools; revoked tokens stay for the record."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    prefix: Mapped[str] = mapped_column(sa.String(12))  # shown in lists to tell tokens apart
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    created_by: Mapped[User | None] = relationship(lazy="joined")

    @property
    def active(self) -> bool:
        return self.revoked_at is None
