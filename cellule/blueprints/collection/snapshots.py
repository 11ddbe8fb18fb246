"""Forwarded snapshots: what a region sent the national council, frozen.

A snapshot row is written once. The ORM refuses to flush any change to, or
deletion of, an existing snapshot; on PostgreSQL a trigger (migration
0501_collection) refuses UPDATE as well, so even raw SQL cannot rewrite one.
A correction is a new row with the next version number.

Because a snapshot never changes, what the council's aggregates read from it —
each indicator's values, one number per PTCE that answered — is extracted once,
when the row is inserted, into ``collection_snapshot_figures`` (migration 0771
filled it for older rows). Pages then read a few numbers instead of decoding
every snapshot's whole content on each request.
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from ...database import UTCDateTime, utcnow
from ...extensions import db
from ..auth.models import User
from ..directory.models import Region
from .indicators import INDICATORS
from .models import Campaign, Questionnaire


class ImmutableSnapshot(Exception):
    """Raised when something tries to change or delete a forwarded snapshot."""


class Snapshot(db.Model):
    """Version ``version`` of a region's forwarded answers for a campaign."""

    __tablename__ = "collection_snapshot"
    __table_args__ = (sa.UniqueConstraint("campaign_id", "region_id", "version",
                                          name="uq_collection_snapshot_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(sa.ForeignKey("collection_campaign.id"), index=True)
    region_id: Mapped[int] = mapped_column(sa.ForeignKey("region.id"), index=True)
    version: Mapped[int]
    questionnaire_id: Mapped[int] = mapped_column(sa.ForeignKey("collection_questionnaire.id"))
    content: Mapped[dict] = mapped_column(sa.JSON)
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    forwarded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    forwarded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    campaign: Mapped[Campaign] = relationship(lazy="joined", innerjoin=True)
    region: Mapped[Region] = relationship(lazy="joined", innerjoin=True)
    questionnaire: Mapped[Questionnaire] = relationship(lazy="joined", innerjoin=True)
    forwarded_by: Mapped[User | None] = relationship(lazy="joined")

    summary: Mapped["SnapshotFigures | None"] = relationship(lazy="joined", viewonly=True)

    @property
    def ptce_count(self) -> int:
        if self.summary is not None:
            return self.summary.ptce_count
        return len(self.content.get("responses", []))

    def values(self, var: str) -> list:
        """The numbers PTCE answered to ``var``, in the content's order (stored, or read from the content)."""
        if self.summary is not None and var in self.summary.figures:
            return self.summary.figures[var]
        return numbers(self.content, var)

    def verify(self) -> bool:
        """Whether the content still matches its hash."""
        return content_hash(self.content) == self.content_hash


class SnapshotFigures(db.Model):
    """What the aggregates read from a snapshot, extracted once: written with it, never changed."""

    __tablename__ = "collection_snapshot_figures"

    snapshot_id: Mapped[int] = mapped_column(sa.ForeignKey("collection_snapshot.id"), primary_key=True)
    ptce_count: Mapped[int]
    figures: Mapped[dict] = mapped_column(sa.JSON)  # variable → its numbers, in the content's order


def numbers(content: dict, var: str) -> list:
    return [e["answers"][var] for e in content.get("responses", [])
            if isinstance(e["answers"].get(var), (int, float))]


def figures_row(snapshot_id: int, content: dict) -> dict:
    """The ``collection_snapshot_figures`` row of a snapshot's content."""
    return {"snapshot_id": snapshot_id, "ptce_count": len(content.get("responses", [])),
            "figures": {var: numbers(content, var) for var, _stat, _label in INDICATORS}}


@sa.event.listens_for(Snapshot, "after_insert")
def _store_figures(mapper, connection, target: Snapshot) -> None:
    connection.execute(SnapshotFigures.__table__.insert(), [figures_row(target.id, target.content)])


def canonical(content: dict) -> bytes:
    """The bytes the hash is computed over: sorted keys, no whitespace, UTF-8."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def content_hash(content: dict) -> str:
    return hashlib.sha256(canonical(content)).hexdigest()


@sa.event.listens_for(Session, "before_flush")
def _refuse_snapshot_changes(session: Session, flush_context, instances) -> None:
    """Refuse to flush any modification or deletion of an existing snapshot."""
    for obj in session.deleted:
        if isinstance(obj, Snapshot):
            raise ImmutableSnapshot(f"snapshot {obj.id} cannot be deleted")
    for obj in session.dirty:
        if isinstance(obj, Snapshot) and session.is_modified(obj, include_collections=False):
            raise ImmutableSnapshot(f"snapshot {obj.id} is immutable")
