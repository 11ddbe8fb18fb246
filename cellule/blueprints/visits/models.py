"""Visits, registrations and feedback, with their guarded lifecycles and permission rules."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...database import UTCDateTime, str_enum, utcnow
from ...extensions import db
from ...lifecycle import IllegalTransition, Lifecycle
from ...permissions import rule
from ..auth.models import Role, User
from ..directory.models import Ptce, Region


class VisitStatus(Lifecycle):
    DRAFT = "draft", _l("Brouillon")
    PUBLISHED = "published", _l("Publiée")
    CANCELLED = "cancelled", _l("Annulée")
    HELD = "held", _l("Tenue")


VisitStatus.allow(
    publish=({VisitStatus.DRAFT}, VisitStatus.PUBLISHED),
    cancel=({VisitStatus.PUBLISHED}, VisitStatus.CANCELLED),
    hold=({VisitStatus.PUBLISHED}, VisitStatus.HELD),
)


class RegistrationStatus(Lifecycle):
    CONFIRMED = "confirmed", _l("Inscription confirmée")
    WAITLISTED = "waitlisted", _l("Liste d'attente")
    # a freed seat is held for this person until offer_expires_at
    OFFERED = "offered", _l("Place proposée")
    CANCELLED = "cancelled", _l("Annulée")
    DECLINED = "declined", _l("Place refusée")
    EXPIRED = "expired", _l("Proposition expirée")


_ENDED = {RegistrationStatus.CANCELLED, RegistrationStatus.DECLINED, RegistrationStatus.EXPIRED}
# Ended registrations may be reopened when the person registers again.
RegistrationStatus.allow(
    confirm=({RegistrationStatus.OFFERED, *_ENDED}, RegistrationStatus.CONFIRMED),
    waitlist=(_ENDED, RegistrationStatus.WAITLISTED),
    offer=({RegistrationStatus.WAITLISTED}, RegistrationStatus.OFFERED),
    cancel=({RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED, RegistrationStatus.OFFERED},
            RegistrationStatus.CANCELLED),
    decline=({RegistrationStatus.OFFERED}, RegistrationStatus.DECLINED),
    expire=({RegistrationStatus.OFFERED}, RegistrationStatus.EXPIRED),
)
ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED, RegistrationStatus.OFFERED)
SEAT_HOLDING = (RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED)


class Visit(db.Model):
    """A learning visit hosted by a PTCE of the region.

    ``sequence`` is the iCalendar SEQUENCE of the invitations: it grows on each
    change of time or place and on cancellation, so calendar clients update.
    """

    __tablename__ = "visit"
    # A region's visits list and its home's next visits (queries.region_list): one ordered range.
    __table_args__ = (sa.Index("ix_visit_region_starts", "region_id", "starts_at"),
                      # The inter-regional list (queries.national_visits): published ones, soonest first.
                      sa.Index("ix_visit_status_starts", "status", "starts_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic concurrency (see cellule/concurrency.py): every UPDATE checks and bumps it.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    region_id: Mapped[int] = mapped_column(sa.ForeignKey("region.id"), index=True)
    host_ptce_id: Mapped[int] = mapped_column(sa.ForeignKey("ptce.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    sectors: Mapped[list[str]] = mapped_column(sa.JSON, default=list)  # directory.reference.SECTORS
    topics: Mapped[list[str]] = mapped_column(sa.JSON, default=list)   # directory.reference.SUPPORT_TOPICS
    programme: Mapped[str] = mapped_column(sa.Text, default="")        # Markdown
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    address: Mapped[str | None] = mapped_column(sa.String(300))
    online_url: Mapped[str | None] = mapped_column(sa.String(500))
    capacity: Mapped[int]
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    open_to_members: Mapped[bool] = mapped_column(default=True)
    open_to_partners: Mapped[bool] = mapped_column(default=True)
    open_to_other_regions: Mapped[bool] = mapped_column(default=False)
    per_ptce_cap: Mapped[int | None]
    reserved_emerging_seats: Mapped[int] = mapped_column(default=0)
    reserved_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[VisitStatus] = mapped_column(str_enum(VisitStatus), default=VisitStatus.DRAFT, index=True)
    sequence: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    region: Mapped[Region] = relationship(lazy="joined", innerjoin=True)
    host: Mapped[Ptce] = relationship(lazy="joined", innerjoin=True)

    # -- lifecycle ---------------------------------------------------------
    def publish(self) -> None:
        self.status = self.status.move("publish")

    def cancel(self) -> None:
        self.status = self.status.move("cancel")
        self.sequence += 1

    def mark_held(self, now: datetime) -> None:
        if now < self.starts_at:
            raise IllegalTransition(f"visit {self.id} has not started yet")
        self.status = self.status.move("hold")

    # -- questions -----------------------------------------------------------
    @property
    def is_public(self) -> bool:
        return self.status is not VisitStatus.DRAFT

    def registration_open(self, now: datetime) -> bool:
        """Whether people may register (or be offered a seat) at ``now``."""
        if self.status is not VisitStatus.PUBLISHED or now >= self.starts_at:
            return False
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        return not (self.registration_closes_at and now >= self.registration_closes_at)

    def reserved_active(self, now: datetime) -> bool:
        """Whether seats are still held back for emerging PTCE."""
        return bool(self.reserved_emerging_seats) and (self.reserved_until is None or now < self.reserved_until)

    @property
    def uid(self) -> str:
        return f"visit-{self.id}@cellule"

    def __repr__(self) -> str:
        return f"<Visit {self.id} {self.status.value}>"


class Registration(db.Model):
    """One person's place, or place in line, for one visit (one row per person and visit)."""

    __tablename__ = "visit_registration"
    __table_args__ = (sa.UniqueConstraint("visit_id", "user_id", name="uq_visit_registration_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(sa.ForeignKey("visit.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    ptce_id: Mapped[int | None] = mapped_column(sa.ForeignKey("ptce.id", ondelete="SET NULL"))  # None: partner
    emerging: Mapped[bool] = mapped_column(default=False)  # the PTCE's stage when registering
    status: Mapped[RegistrationStatus] = mapped_column(str_enum(RegistrationStatus), index=True)
    waitlist_position: Mapped[int | None]
    offer_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attended: Mapped[bool] = mapped_column(default=False)
    show_name: Mapped[bool] = mapped_column(default=False)  # consent to appear to other registrants
    registered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Invitations this person was sent: with the visit's sequence, makes each new .ics outrank the last.
    ics_sequence: Mapped[int] = mapped_column(default=0, server_default="0")
    feedback_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # asked once, after the visit
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    visit: Mapped[Visit] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined", innerjoin=True)
    ptce: Mapped[Ptce | None] = relationship(lazy="joined")
    # Loaded on demand (the feedback form): lists of registrations never show it.
    feedback: Mapped[Feedback | None] = relationship(back_populates="registration",
                                                     cascade="all, delete-orphan")

    def move(self, action: str) -> None:
        """Take one of RegistrationStatus's moves ("confirm", "cancel" …); raises IllegalTransition."""
        self.status = target = self.status.move(action)
        if target not in (RegistrationStatus.WAITLISTED, RegistrationStatus.OFFERED):
            self.waitlist_position = None  # only people in line hold a position
        if target is not RegistrationStatus.OFFERED:
            self.offer_expires_at = None

    @property
    def active(self) -> bool:
        return self.status in ACTIVE


class Feedback(db.Model):
    """What a person marked present thought of the visit."""

    __tablename__ = "visit_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("visit_registration.id", ondelete="CASCADE"), unique=True)
    rating: Mapped[int]
    learned: Mapped[str] = mapped_column(sa.Text, default="")
    will_reuse: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    registration: Mapped[Registration] = relationship(back_populates="feedback")


# -- rules ---------------------------------------------------------------------
@rule("manage_visit")
def _manage_visit(user, visit) -> bool:
    """The region's coordinators, national admins, and the host PTCE's referents."""
    return (user.is_council_admin or user.coordinates(visit.region_id)
            or user.referent_of(visit.host_ptce_id))


@rule("create_visit")
def _create_visit(user, region) -> bool:
    """Coordinators of the region, and referents of one of its PTCE (for their own visits)."""
    return (user.is_council_admin or user.coordinates(region.id)
            or any(m.referent and m.region_id == region.id for m in user.roles(Role.PTCE_MEMBER)))


@rule("view_visit")
def _view_visit(user, visit) -> bool:
    """Published visits are public; drafts only for those who manage them."""
    return visit.is_public or _manage_visit(user, visit)
