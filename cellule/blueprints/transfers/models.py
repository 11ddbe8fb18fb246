"""Needs, offers and mentoring cycles of the peer know-how transfer, with the cycle lifecycle.

Sessions, minutes, follow-up actions and assessments live in ``session_models``;
named permission rules in ``rules``. Both import this module; the package's
``__init__`` imports them, so importing any module of the feature registers everything.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from ...database import UTCDateTime, str_enum, utcnow
from ...enums import LabelledEnum
from ...extensions import db
from ...lifecycle import IllegalTransition, Lifecycle
from ..directory.models import Ptce, Region
from .topics import topic_key, topic_label


class NeedStatus(LabelledEnum):
    OPEN = "open", _l("Ouvert")
    MATCHED = "matched", _l("Mentor trouvé")
    CLOSED = "closed", _l("Clos")


class _PtceTopic:
    """What needs and offers share: a PTCE, a topic (and sector), a description, who and when."""

    id: Mapped[int] = mapped_column(primary_key=True)
    ptce_id: Mapped[int] = mapped_column(sa.ForeignKey("ptce.id", ondelete="CASCADE"), index=True)
    topic: Mapped[str] = mapped_column(sa.String(30))
    sector: Mapped[str | None] = mapped_column(sa.String(40))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @declared_attr
    def ptce(cls) -> Mapped[Ptce]:
        return relationship(Ptce, lazy="joined", innerjoin=True)

    @property
    def region_id(self) -> int:
        return self.ptce.region_id

    @classmethod
    def of_region(cls, region_id: int):
        """SQL: the PTCE is the region's (see loading.region_clause)."""
        return cls.ptce.has(Ptce.region_id == region_id)

    @property
    def key(self) -> str:
        return topic_key(self.topic, self.sector)

    @property
    def label(self) -> str:
        return topic_label(self.key)


class TransferNeed(_PtceTopic, db.Model):
    """What a PTCE wants to learn from a peer."""

    __tablename__ = "transfer_need"

    status: Mapped[NeedStatus] = mapped_column(str_enum(NeedStatus), default=NeedStatus.OPEN, index=True)


class TransferOffer(_PtceTopic, db.Model):
    """What a PTCE can pass on to peers, and how many cycles a year it can take."""

    __tablename__ = "transfer_offer"
    __table_args__ = (
        # The other regions' offers (queries.other_offers): a PTCE's active offers in id order.
        sa.Index("ix_transfer_offer_ptce_active", "ptce_id", "active", "id"),
    )

    capacity_per_year: Mapped[int] = mapped_column(default=1)
    active: Mapped[bool] = mapped_column(default=True)


class CycleStatus(Lifecycle):
    PROPOSED = "proposed", _l("Proposé")
    ACCEPTED = "accepted", _l("Accepté")
    ACTIVE = "active", _l("En cours")
    CLOSED = "closed", _l("Clôturé")
    ABANDONED = "abandoned", _l("Abandonné")


# Acceptance needs both sides: the cycle stays proposed until the second one says yes.
CycleStatus.allow(
    accept=({CycleStatus.PROPOSED}, CycleStatus.ACCEPTED),
    start=({CycleStatus.ACCEPTED}, CycleStatus.ACTIVE),
    close=({CycleStatus.ACTIVE}, CycleStatus.CLOSED),
    abandon=({CycleStatus.PROPOSED, CycleStatus.ACCEPTED, CycleStatus.ACTIVE}, CycleStatus.ABANDONED),
)

# Cycles that take a slot of the mentor's declared capacity.
LIVE_STATUSES = (CycleStatus.PROPOSED, CycleStatus.ACCEPTED, CycleStatus.ACTIVE)


class Side(LabelledEnum):
    MENTOR = "mentor", _l("PTCE mentor")
    MENTEE = "mentee", _l("PTCE accompagné(s)")


cycle_mentee = sa.Table(
    "transfer_cycle_mentee", db.metadata,
    sa.Column("cycle_id", sa.ForeignKey("transfer_cycle.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("ptce_id", sa.ForeignKey("ptce.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class CycleRegion(db.Model):
    """A region a cycle involves, with the cycle's place in the overview's order (``involvement``
    keeps these rows on every write; the overview reads a region's page of cycles as one index range)."""

    __tablename__ = "transfer_cycle_region"

    cycle_id: Mapped[int] = mapped_column(sa.ForeignKey("transfer_cycle.id", ondelete="CASCADE"),
                                          primary_key=True)
    region_id: Mapped[int] = mapped_column(sa.ForeignKey("region.id", ondelete="CASCADE"), primary_key=True)
    rank: Mapped[int] = mapped_column(sa.SmallInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


# A region's cycles in the overview's order: live ones first (rank), newest first, then by id.
sa.Index("ix_transfer_cycle_region_order", CycleRegion.region_id, CycleRegion.rank, CycleRegion.created_at.desc(),
         CycleRegion.cycle_id)


class TransferCycle(db.Model):
    """A mentoring cycle: one mentor PTCE passes know-how to one or more mentee PTCE.

    ``region_id`` is the lead region (the one whose coordinators proposed it); its
    time zone is used for sessions. Every region of a participant is involved and
    sees the cycle.
    """

    __tablename__ = "transfer_cycle"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(sa.ForeignKey("region.id"), index=True)
    need_id: Mapped[int | None] = mapped_column(sa.ForeignKey("transfer_need.id", ondelete="SET NULL"))
    mentor_id: Mapped[int] = mapped_column(sa.ForeignKey("ptce.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    topics: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    goals: Mapped[str] = mapped_column(sa.Text, default="")
    planned_sessions: Mapped[int] = mapped_column(default=3)
    status: Mapped[CycleStatus] = mapped_column(str_enum(CycleStatus), default=CycleStatus.PROPOSED,
                                                index=True)
    proposed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    mentor_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mentor_accepted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    mentee_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mentee_accepted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    abandoned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    abandon_reason: Mapped[str | None] = mapped_column(sa.Text)

    region: Mapped[Region] = relationship(lazy="joined", innerjoin=True)
    mentor: Mapped[Ptce] = relationship(lazy="joined", innerjoin=True, foreign_keys=[mentor_id])
    mentees: Mapped[list[Ptce]] = relationship(secondary=cycle_mentee, lazy="selectin",
                                               order_by=Ptce.name)
    need: Mapped[TransferNeed | None] = relationship()

    # -- who takes part ----------------------------------------------------
    @classmethod
    def of_region(cls, region_id: int):
        """SQL: the cycle involves the region (lead region, mentor or a mentee), as ``CycleRegion`` keeps it."""
        return cls.id.in_(sa.select(CycleRegion.cycle_id).where(CycleRegion.region_id == region_id))

    @property
    def region_ids(self) -> set[int]:
        """Every region involved: the lead region and those of all participants."""
        return {self.region_id, self.mentor.region_id, *(p.region_id for p in self.mentees)}

    @property
    def cross_region(self) -> bool:
        return len(self.region_ids) > 1

    @property
    def participant_ids(self) -> set[int]:
        return {self.mentor_id, *(p.id for p in self.mentees)}

    def side_of(self, ptce_id: int) -> Side | None:
        if ptce_id == self.mentor_id:
            return Side.MENTOR
        if any(p.id == ptce_id for p in self.mentees):
            return Side.MENTEE
        return None

    def sides_of(self, user) -> list[Side]:
        """The sides a person belongs to through their PTCE memberships."""
        return [side for side in Side if any(self.side_of(pid) is side for pid in user.ptce_ids)]

    def referent_sides(self, user) -> list[Side]:
        """The sides a person may accept for: they are a referent of that side's PTCE."""
        sides = []
        if user.referent_of(self.mentor_id):
            sides.append(Side.MENTOR)
        if any(user.referent_of(p) for p in self.mentees):
            sides.append(Side.MENTEE)
        return sides

    @property
    def topic_labels(self) -> list[str]:
        return [topic_label(k) for k in self.topics]

    # -- lifecycle -----------------------------------------------------------
    def _next(self, action: str) -> CycleStatus:
        """The state ``action`` leads to; the refusal is French, for the views show it."""
        return self.status.move(action, _l("Ce cycle est « %(status)s » : cette étape n'est pas possible.",
                                           status=self.status.label))

    def accept(self, side: Side, user, now: datetime | None = None) -> bool:
        """One side accepts the proposal; returns True when both have and the cycle is accepted."""
        accepted = self._next("accept")
        now = now or utcnow()
        if side is Side.MENTOR:
            if self.mentor_accepted_at:
                raise IllegalTransition(_l("Le PTCE mentor a déjà accepté ce cycle."))
            self.mentor_accepted_at, self.mentor_accepted_by_id = now, user.id
        else:
            if self.mentee_accepted_at:
                raise IllegalTransition(_l("Les PTCE accompagnés ont déjà accepté ce cycle."))
            self.mentee_accepted_at, self.mentee_accepted_by_id = now, user.id
        if self.mentor_accepted_at and self.mentee_accepted_at:
            self.status = accepted
            return True
        return False

    def start(self, now: datetime | None = None) -> None:
        self.status, self.started_at = self._next("start"), now or utcnow()

    def close(self, now: datetime | None = None) -> None:
        self.status, self.closed_at = self._next("close"), now or utcnow()

    def abandon(self, reason: str, now: datetime | None = None) -> None:
        abandoned = self._next("abandon")
        if not (reason or "").strip():
            raise IllegalTransition(_l("Indiquez la raison de l'abandon."))
        self.status, self.abandoned_at = abandoned, now or utcnow()
        self.abandon_reason = reason.strip()

    @property
    def plans_sessions(self) -> bool:
        """Sessions are planned once both sides said yes, and until the cycle ends."""
        return self.status in (CycleStatus.ACCEPTED, CycleStatus.ACTIVE)
