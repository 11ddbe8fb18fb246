"""Calendar events. Visits and transfer sessions keep their own event in step via services.sync_source."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...database import UTCDateTime, str_enum, utcnow
from ...enums import LabelledEnum
from ...extensions import db
from ..directory.models import Region


class EventKind(LabelledEnum):
    VISIT = "visit", _l("Visite apprenante")
    TRANSFER_SESSION = "transfer_session", _l("Séance de transfert entre pairs")
    REGIONAL_MEETING = "regional_meeting", _l("Réunion régionale")
    WEBINAR = "webinar", _l("Webinaire")
    TRAINING = "training", _l("Journée de formation")
    NATIONAL_DAY = "national_day", _l("Journée nationale des PTCE")
    OTHER = "other", _l("Autre")


class Visibility(LabelledEnum):
    PUBLIC = "public", _l("Public")
    # people with a role in the region (and the council)
    MEMBERS = "members", _l("Réservé aux membres")


class Shown:
    """What an event's page, list item or grid item derives from its columns: the ORM ``Event``
    and the month grid's light ``GridEvent`` alike."""

    __slots__ = ()

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def timezone(self) -> str:
        """The zone the event's times are written in: its region's, or mainland France's."""
        return self.region.timezone if self.region else "Europe/Paris"


class Event(Shown, db.Model):
    """One dated thing shown in calendars and feeds.

    ``source_type``/``source_id`` link an event to the visit or transfer session
    it mirrors; such events are written only by ``services.sync_source``.
    ``sequence`` grows on every change that matters to a calendar client.
    """

    __tablename__ = "calendar_event"
    __table_args__ = (
        sa.UniqueConstraint("source_type", "source_id", name="uq_calendar_event_source"),
        # A feed's window (queries.feed_condition): one range per region and visibility.
        sa.Index("ix_calendar_event_feed_state", "region_id", "visibility", "ends_at", "cancelled_at", "updated_at"),
        # The region home's next events (queries.upcoming): one ordered range per region and visibility.
        sa.Index("ix_calendar_event_region_visibility_starts", "region_id", "visibility", "starts_at"),
        # Type-filtered feeds (?type=national_day): the 500 rows they show, not every public event since.
        sa.Index("ix_calendar_event_visibility_kind_ends", "visibility", "kind", "ends_at"),
        # The national month grid and list (month_queries): a local day's events in time order, the
        # scope's columns in the index, so that a day's first few are found without a table row.
        sa.Index("ix_calendar_event_day", "local_day", "starts_at", "id", "region_id", "visibility", "kind"),
        # Events running over several local days, by first day: the few under way when a month begins.
        sa.Index("ix_calendar_event_spanning", "local_day", "last_day", "region_id", "visibility", "kind",
                 sqlite_where=sa.text("last_day > local_day"), postgresql_where=sa.text("last_day > local_day")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(sa.String(120), unique=True)
    # active_history: a change keeps the value it replaces, which the day tallies need (days.py)
    kind: Mapped[EventKind] = mapped_column(str_enum(EventKind, 30), active_history=True)
    region_id: Mapped[int | None] = mapped_column(sa.ForeignKey("region.id"), index=True,
                                                  active_history=True)  # None: national
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True, active_history=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime, active_history=True)
    # The first and last local day of the event in its own zone (feeds.local_days), written with
    # starts_at, ends_at and region_id by the mapper hooks of days.py (bulk loaders: days.stamped).
    local_day: Mapped[date] = mapped_column(sa.Date)
    last_day: Mapped[date] = mapped_column(sa.Date)
    all_day: Mapped[bool] = mapped_column(default=False)
    location: Mapped[str | None] = mapped_column(sa.String(300))
    online_url: Mapped[str | None] = mapped_column(sa.String(500))
    visibility: Mapped[Visibility] = mapped_column(str_enum(Visibility), default=Visibility.PUBLIC,
                                                   active_history=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sequence: Mapped[int] = mapped_column(default=0)
    source_type: Mapped[str | None] = mapped_column(sa.String(40))
    source_id: Mapped[int | None]
    url_path: Mapped[str | None] = mapped_column(sa.String(300))  # page of the source, if any
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # The serialised VEVENT, stored when the event is written (feeds.refresh), and the
    # hash of what it was rendered from: feeds use it only while the hash still matches.
    # Deferred: only feeds read them, through Core (bodies._rows).
    ics: Mapped[str | None] = mapped_column(sa.Text, deferred=True, deferred_group="ics")
    ics_key: Mapped[str | None] = mapped_column(sa.String(64), deferred=True, deferred_group="ics")

    region: Mapped[Region | None] = relationship(lazy="joined")

    @property
    def editable(self) -> bool:
        """Events mirroring a visit or a session are changed on their source's page only."""
        return self.source_type is None

    @property
    def national(self) -> bool:
        return self.region_id is None

    def visible_to(self, user) -> bool:
        """Public events for everyone; members-only ones for the region's people and the council.

        A national members-only event is for anyone holding a role somewhere.
        """
        if self.visibility is Visibility.PUBLIC:
            return True
        if not getattr(user, "is_authenticated", False):
            return False
        if user.is_council:
            return True
        if self.region_id is None:
            return bool(user.memberships)
        return user.has_role_in(self.region_id)

    def cancel(self, now: datetime | None = None) -> None:
        """Call the event off. Calendar clients learn it from STATUS:CANCELLED and SEQUENCE + 1."""
        if self.cancelled:
            raise EventStateError("event already cancelled")
        self.cancelled_at = now or utcnow()
        self.sequence += 1
        self.updated_at = self.cancelled_at


class EventStateError(ValueError):
    """An illegal lifecycle move (e.g. cancelling twice)."""


# Kinds a person enters by hand; visits and sessions come from their own features.
MANUAL_KINDS = (EventKind.REGIONAL_MEETING, EventKind.WEBINAR, EventKind.TRAINING,
                EventKind.NATIONAL_DAY, EventKind.OTHER)


class DayTally(db.Model):
    """How many events start on a local day, per place, visibility and kind (``days.py``).

    ``place``: a region's id, ``NATIONAL`` (0) for events without a region, ``ALL_REGIONS`` (-1) for
    the sum of every region's; ``kind``: an ``EventKind`` value, or ``ANY_KIND`` ("*") for the sum of
    all kinds. A page sums a few of these rows per day, whatever the number of events.
    """

    __tablename__ = "calendar_day_tally"

    place: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    visibility: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(30), primary_key=True)
    day: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    events: Mapped[int]


class FeedToken(db.Model):
    """The secret in a person's personal feed URL (``/agenda/perso/<token>.ics``).

    The token is ``HMAC-SHA256(SECRET_KEY, "calendar-feed:<user id>:<nonce>")`` in hex
    (``signing.mac``). We store the
    random ``nonce`` and a SHA-256 hash of the token, never the token itself:

    * a copy of the database alone does not give working feed URLs (the app's
      secret key is also needed), unlike storing the token in clear;
    * the app can still show the person their URL at any time (it recomputes
      it), which a hash-only scheme could not do — calendar users come back to
      copy their URL into a second device;
    * lookups go through the unique hash, so a request costs one indexed query;
    * regenerating draws a new nonce: the old URL no longer matches → 404.

    Rotating ``SECRET_KEY`` therefore revokes every personal feed URL, which is
    the behaviour one wants after a key compromise.
    """

    __tablename__ = "calendar_feed_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), unique=True)
    nonce: Mapped[str] = mapped_column(sa.String(64))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FeedVersion(db.Model):
    """The current version of one feed scope, replaced in the transaction of every change it shows.

    Scopes (``versions.py``): ``("all", 0)`` any event, ``("region", id)`` a
    region's events, ``("national", 0)`` events without a region, ``("person",
    user id)`` what a person takes part in. Feeds derive their ETag from these
    rows alone, so every worker and every host answers ``If-None-Match`` from
    one small query (``conditional.py``). The value is random: a database
    restored from a backup never hands an old ETag back to a client.
    """

    __tablename__ = "calendar_feed_version"

    scope: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    ref: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    version: Mapped[str] = mapped_column(sa.String(32))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
