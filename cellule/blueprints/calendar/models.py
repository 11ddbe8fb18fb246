"""Calendar events. Visits and transfer sessions keep their own event in step via services.sync_source."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...database import UTCDateTime, str_enum, utcnow
from ...extensions import db
from ..directory.models import Region


class EventKind(enum.Enum):
    VISIT = "visit"
    TRANSFER_SESSION = "transfer_session"
    REGIONAL_MEETING = "regional_meeting"
    WEBINAR = "webinar"
    TRAINING = "training"
    NATIONAL_DAY = "national_day"
    OTHER = "other"

    @property
    def label(self):
        return KIND_LABELS[self]


KIND_LABELS = {
    EventKind.VISIT: _l("Visite apprenante"),
    EventKind.TRANSFER_SESSION: _l("Séance de transfert entre pairs"),
    EventKind.REGIONAL_MEETING: _l("Réunion régionale"),
    EventKind.WEBINAR: _l("Webinaire"),
    EventKind.TRAINING: _l("Journée de formation"),
    EventKind.NATIONAL_DAY: _l("Journée nationale des PTCE"),
    EventKind.OTHER: _l("Autre"),
}


class Visibility(enum.Enum):
    PUBLIC = "public"
    MEMBERS = "members"  # people with a role in the region (and the council)


class Event(db.Model):
    """One dated thing shown in calendars and feeds.

    ``source_type``/``source_id`` link an event to the visit or transfer session
    it mirrors; such events are written only by ``services.sync_source``.
    ``sequence`` grows on every change that matters to a calendar client.
    """

    __tablename__ = "calendar_event"
    __table_args__ = (sa.UniqueConstraint("source_type", "source_id", name="uq_calendar_event_source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(sa.String(120), unique=True)
    kind: Mapped[EventKind] = mapped_column(str_enum(EventKind, 30))
    region_id: Mapped[int | None] = mapped_column(sa.ForeignKey("region.id"), index=True)  # None: national
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    all_day: Mapped[bool] = mapped_column(default=False)
    location: Mapped[str | None] = mapped_column(sa.String(300))
    online_url: Mapped[str | None] = mapped_column(sa.String(500))
    visibility: Mapped[Visibility] = mapped_column(str_enum(Visibility), default=Visibility.PUBLIC)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sequence: Mapped[int] = mapped_column(default=0)
    source_type: Mapped[str | None] = mapped_column(sa.String(40))
    source_id: Mapped[int | None]
    url_path: Mapped[str | None] = mapped_column(sa.String(300))  # page of the source, if any
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    region: Mapped[Region | None] = relationship(lazy="joined")

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def timezone(self) -> str:
        return self.region.timezone if self.region else "Europe/Paris"
