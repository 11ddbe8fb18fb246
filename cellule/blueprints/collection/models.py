"""Data collection: versioned questionnaires, campaigns, responses, review and audit.

Forwarded snapshots live in ``snapshots.py``.
"""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...database import UTCDateTime, str_enum, utcnow
from ...extensions import db
from ..auth.models import User
from ..directory.models import Ptce
from .definition import Definition, parse_definition
from .lifecycle import CampaignStatus, ResponseStatus


class Questionnaire(db.Model):
    """One version of a questionnaire definition. Published versions are never edited."""

    __tablename__ = "collection_questionnaire"
    __table_args__ = (sa.UniqueConstraint("code", "version", name="uq_collection_questionnaire_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40))
    version: Mapped[int] = mapped_column(default=1)
    title: Mapped[str] = mapped_column(sa.String(200))
    definition: Mapped[dict] = mapped_column(sa.JSON)
    published: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def parsed(self) -> Definition:
        """The checked definition (cached per instance: definitions are read often)."""
        cache = self.__dict__.get("_parsed")
        if cache is None or cache[0] is not self.definition:
            cache = (self.definition, parse_definition(self.definition))
            self.__dict__["_parsed"] = cache
        return cache[1]


class Campaign(db.Model):
    """A yearly data collection, answered under one questionnaire version."""

    __tablename__ = "collection_campaign"
    # One campaign a year: a second one would give referents two questionnaires for the same figures.
    __table_args__ = (sa.Index("uq_collection_campaign_year", "year", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(200))
    opens_on: Mapped[date]
    closes_on: Mapped[date]
    questionnaire_id: Mapped[int] = mapped_column(sa.ForeignKey("collection_questionnaire.id"))
    status: Mapped[CampaignStatus] = mapped_column(str_enum(CampaignStatus), default=CampaignStatus.DRAFT)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, index=True)

    questionnaire: Mapped[Questionnaire] = relationship(lazy="joined", innerjoin=True)

    def open(self) -> None:
        self.status = self.status.move("open")

    def close(self) -> None:
        self.status = self.status.move("close")

    @property
    def is_open(self) -> bool:
        return self.status is CampaignStatus.OPEN


class RegionExtension(db.Model):
    """A region's extra questions for a campaign (a definition of its own sections)."""

    __tablename__ = "collection_region_extension"
    __table_args__ = (sa.UniqueConstraint("campaign_id", "region_id", name="uq_collection_region_extension"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(sa.ForeignKey("collection_campaign.id", ondelete="CASCADE"))
    region_id: Mapped[int] = mapped_column(sa.ForeignKey("region.id"))
    definition: Mapped[dict] = mapped_column(sa.JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    campaign: Mapped[Campaign] = relationship()

    @property
    def parsed(self) -> Definition:
        return parse_definition(self.definition)


class Response(db.Model):
    """One PTCE's answers to one campaign, with its review state."""

    __tablename__ = "collection_response"
    __table_args__ = (sa.UniqueConstraint("campaign_id", "ptce_id", name="uq_collection_response_ptce"),
                      # Progress counts by region and status (progress.py) read this index alone.
                      sa.Index("ix_collection_response_campaign_region_status", "campaign_id", "region_id", "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic concurrency (see cellule/concurrency.py): every UPDATE checks and bumps it.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    campaign_id: Mapped[int] = mapped_column(sa.ForeignKey("collection_campaign.id", ondelete="CASCADE"), index=True)
    ptce_id: Mapped[int] = mapped_column(sa.ForeignKey("ptce.id", ondelete="CASCADE"), index=True)
    region_id: Mapped[int] = mapped_column(sa.ForeignKey("region.id"), index=True)
    # The version the answers were given under; later versions never rewrite them.
    questionnaire_id: Mapped[int] = mapped_column(sa.ForeignKey("collection_questionnaire.id"))
    status: Mapped[ResponseStatus] = mapped_column(str_enum(ResponseStatus), default=ResponseStatus.NOT_STARTED)
    answers: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # warning code → the PTCE's justification; warning code → reviewer who acknowledged it
    justifications: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    acknowledged: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    validated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    campaign: Mapped[Campaign] = relationship(lazy="joined", innerjoin=True)
    ptce: Mapped[Ptce] = relationship(lazy="joined", innerjoin=True)
    questionnaire: Mapped[Questionnaire] = relationship(lazy="joined", innerjoin=True)
    comments: Mapped[list[ReviewComment]] = relationship(
        back_populates="response", cascade="all, delete-orphan", order_by="ReviewComment.id")

    def _go(self, action: str) -> ResponseStatus:
        before = self.status or ResponseStatus.NOT_STARTED
        self.status = before.move(action)
        return before

    def start(self):
        return self._go("start")

    def submit(self):
        return self._go("submit")

    def withdraw(self):
        return self._go("withdraw")

    def send_back(self):
        return self._go("send_back")

    def validate(self):
        return self._go("validate")

    def forward(self):
        return self._go("forward")

    def reopen(self):
        return self._go("reopen")

    @property
    def open_comments(self) -> dict[str, list[ReviewComment]]:
        """Unresolved reviewer comments, by variable."""
        out: dict[str, list[ReviewComment]] = {}
        for c in self.comments:
            if c.resolved_at is None:
                out.setdefault(c.variable, []).append(c)
        return out


class ReviewComment(db.Model):
    """A reviewer's remark on one question; resolved when the PTCE resubmits."""

    __tablename__ = "collection_review_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(sa.ForeignKey("collection_response.id", ondelete="CASCADE"), index=True)
    variable: Mapped[str] = mapped_column(sa.String(80))
    body: Mapped[str] = mapped_column(sa.Text)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    response: Mapped[Response] = relationship(back_populates="comments")
    author: Mapped[User | None] = relationship(lazy="joined")


class AuditEntry(db.Model):
    """Who did what to a response, when; edits carry field-level before/after values."""

    __tablename__ = "collection_audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(sa.ForeignKey("collection_response.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    action: Mapped[str] = mapped_column(sa.String(20))
    from_status: Mapped[str | None] = mapped_column(sa.String(20))
    to_status: Mapped[str | None] = mapped_column(sa.String(20))
    # {variable: {"before": …, "after": …}}
    changes: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    note: Mapped[str] = mapped_column(sa.Text, default="")

    response: Mapped[Response] = relationship()
    user: Mapped[User | None] = relationship(lazy="joined")

