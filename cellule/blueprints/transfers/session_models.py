"""Sessions of a cycle (with minutes and follow-up actions) and the closing assessments."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from ...database import UTCDateTime, str_enum, utcnow
from ...enums import LabelledEnum
from ...extensions import db
from ..auth.models import User
from .models import Side, TransferCycle


class SessionMode(LabelledEnum):
    ON_SITE = "on_site", _l("Sur place")
    ONLINE = "online", _l("En ligne")


session_attendee = sa.Table(
    "transfer_session_attendee", db.metadata,
    sa.Column("session_id", sa.ForeignKey("transfer_session.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class TransferSession(db.Model):
    """One meeting of a cycle; its calendar event and invitations share the UID transfer_session-<id>."""

    __tablename__ = "transfer_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(sa.ForeignKey("transfer_cycle.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    mode: Mapped[SessionMode] = mapped_column(str_enum(SessionMode), default=SessionMode.ON_SITE)
    address: Mapped[str | None] = mapped_column(sa.String(300))
    online_url: Mapped[str | None] = mapped_column(sa.String(500))
    minutes: Mapped[str] = mapped_column(sa.Text, default="")
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    # The cycle's side (TransferCycle.sessions) is a backref: this module may be imported after the
    # mappers were first configured, and a backref is added when the new mappers are configured.
    cycle: Mapped[TransferCycle] = relationship(backref=backref(
        "sessions", cascade="all, delete-orphan", order_by="TransferSession.starts_at"))
    attendees: Mapped[list[User]] = relationship(secondary=session_attendee, lazy="selectin",
                                                 order_by=User.name)
    actions: Mapped[list[FollowUpAction]] = relationship(
        back_populates="session", cascade="all, delete-orphan", lazy="selectin",
        order_by="FollowUpAction.due_on, FollowUpAction.id")

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def hours(self) -> float:
        return round((self.ends_at - self.starts_at).total_seconds() / 3600, 2)


class ActionStatus(LabelledEnum):
    TODO = "todo", _l("À faire")
    DONE = "done", _l("Fait")


class FollowUpAction(db.Model):
    """Something a person promised to do after a session."""

    __tablename__ = "transfer_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("transfer_session.id", ondelete="CASCADE"),
                                            index=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    due_on: Mapped[date]
    status: Mapped[ActionStatus] = mapped_column(str_enum(ActionStatus), default=ActionStatus.TODO)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    session: Mapped[TransferSession] = relationship(back_populates="actions")
    owner: Mapped[User | None] = relationship(lazy="joined")


class CycleAssessment(db.Model):
    """One side's assessment of a closed cycle."""

    __tablename__ = "transfer_assessment"
    __table_args__ = (
        sa.UniqueConstraint("cycle_id", "side", name="uq_transfer_assessment_side"),
        sa.CheckConstraint("goals_met BETWEEN 0 AND 5", name="goals_met_range"),
        sa.CheckConstraint("hours >= 0", name="hours_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(sa.ForeignKey("transfer_cycle.id", ondelete="CASCADE"), index=True)
    side: Mapped[Side] = mapped_column(str_enum(Side))
    goals_met: Mapped[int]
    transferred: Mapped[str] = mapped_column(sa.Text, default="")
    hours: Mapped[float] = mapped_column(sa.Float, default=0)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cycle: Mapped[TransferCycle] = relationship(backref=backref(
        "assessments", cascade="all, delete-orphan", order_by="CycleAssessment.side"))
    author: Mapped[User | None] = relationship()


