"""Forwarded snapshots: what a region sent the national council, frozen.

A snapshot row is written once. The ORM refuses to flush any change to, or
deletion of, an existing snapshot; on PostgreSQL a trigger (migration
0501_collection) refuses UPDATE as well, so even raw SQL cannot rewrite one.
A correction is a new row with the next version number.

Because a snapshot never changes, what pages read from it — each indicator's
values, one number per PTCE that answered, the PTCE count and the region's
figures — is extracted once, when the forwarding service inserts the row
(``store``), into ``collection_snapshot_figures`` (migrations 0771 and 0820
filled it for older rows). Pages then read a few numbers instead of decoding
every snapshot's whole content on each request. Its long-CSV lines are stored
the same way (``collection.lines``).
"""
from __future__ import annotations

import functools
import hashlib
import json
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, joinedload, lazyload, load_only, mapped_column, object_session, relationship
from sqlalchemy.orm.attributes import set_committed_value

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

    @property
    def region_figures(self) -> dict:
        """The region's figures of the year (stored, or read from the content)."""
        if self.summary is not None and self.summary.region_figures is not None:
            return self.summary.region_figures
        return self.content.get("figures", {})

    def verify(self) -> bool:
        """Whether the content still matches its hash."""
        return content_hash(self.content) == self.content_hash


class SnapshotFigures(db.Model):
    """What the aggregates read from a snapshot, extracted once: written with it, never changed."""

    __tablename__ = "collection_snapshot_figures"

    snapshot_id: Mapped[int] = mapped_column(sa.ForeignKey("collection_snapshot.id"), primary_key=True)
    ptce_count: Mapped[int]
    figures: Mapped[dict] = mapped_column(sa.JSON)  # variable → its numbers, in the content's order
    # The content's « figures » (the region's visits and transfers of the year), for the API's list.
    region_figures: Mapped[dict | None] = mapped_column(sa.JSON)
    # The snapshot's hash and forwarding time, for the lists (``listed``): SQLite stores them after the
    # content in the snapshot's row and reaches them through its overflow pages (130 kB a snapshot at
    # ×10 data), so lists read them here. None in rows written before migration 0940 filled them.
    content_hash: Mapped[str | None] = mapped_column(sa.String(64))
    forwarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


def numbers(content: dict, var: str) -> list:
    return [e["answers"][var] for e in content.get("responses", [])
            if isinstance(e["answers"].get(var), (int, float))]


def figures_row(snapshot_id: int, content: dict, content_hash: str | None = None,
                forwarded_at: datetime | None = None) -> dict:
    """The ``collection_snapshot_figures`` row of a snapshot's content (and hash and forwarding time)."""
    return {"snapshot_id": snapshot_id, "ptce_count": len(content.get("responses", [])),
            "figures": {var: numbers(content, var) for var, _stat, _label in INDICATORS},
            "region_figures": content.get("figures", {}), "content_hash": content_hash,
            "forwarded_at": forwarded_at}


def store(snapshot: Snapshot) -> None:
    """Insert a new snapshot with what pages read from it (its figures row); flushes.

    Called by the forwarding service, the only writer of snapshots, instead of a
    mapper hook: the figures are written because forwarding asks for them.
    """
    db.session.add(snapshot)
    db.session.flush()
    db.session.add(SnapshotFigures(**figures_row(snapshot.id, snapshot.content, snapshot.content_hash,
                                                 snapshot.forwarded_at)))
    db.session.flush()


def canonical(content: dict) -> bytes:
    """The bytes the hash is computed over: sorted keys, no whitespace, UTF-8."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def content_hash(content: dict) -> str:
    return hashlib.sha256(canonical(content)).hexdigest()


# The guard is on the Snapshot mapper alone (not a hook run by every session's flush):
# whatever code path changes or deletes a loaded snapshot, its flush is refused.
@sa.event.listens_for(Snapshot, "before_update")
def _refuse_update(mapper, connection, target: Snapshot) -> None:
    """Refuse to flush any modification of an existing snapshot."""
    if object_session(target).is_modified(target, include_collections=False):
        raise ImmutableSnapshot(f"snapshot {target.id} is immutable")


@sa.event.listens_for(Snapshot, "before_delete")
def _refuse_delete(mapper, connection, target: Snapshot) -> None:
    """Refuse to flush the deletion of a snapshot."""
    raise ImmutableSnapshot(f"snapshot {target.id} cannot be deleted")


def latest_snapshots(campaign: Campaign) -> list[Snapshot]:
    """The newest snapshot of every region for a campaign (what the council works from)."""
    newest = (sa.select(Snapshot.region_id, sa.func.max(Snapshot.version).label("v"))
              .where(Snapshot.campaign_id == campaign.id).group_by(Snapshot.region_id).subquery())
    return list(db.session.scalars(
        sa.select(Snapshot).join(newest, sa.and_(Snapshot.region_id == newest.c.region_id,
                                                 Snapshot.version == newest.c.v))
        .where(Snapshot.campaign_id == campaign.id).order_by(Snapshot.region_id)))


def latest_summaries(campaign: Campaign) -> list[Snapshot]:
    """``latest_snapshots`` as the dashboard lists them: region, version, date, hash and PTCE
    count, without their content or figures (``figures_of`` reads those, and only when the
    aggregates of these snapshots are not already known).

    A snapshot whose figures row is missing (rows written by raw SQL) gets its count from its
    content, all such snapshots in one query.
    """
    snaps = list(db.session.scalars(_latest_summaries(), {"campaign_id": campaign.id}))
    return with_summaries(snaps, lambda s: False)


@functools.cache
def _latest_summaries() -> sa.Select:
    """``latest_summaries``' statement, built once (the campaign is a bound parameter)."""
    campaign_id = sa.bindparam("campaign_id")
    newest = (sa.select(Snapshot.region_id, sa.func.max(Snapshot.version).label("v"))
              .where(Snapshot.campaign_id == campaign_id).group_by(Snapshot.region_id).subquery())
    return (sa.select(Snapshot)
            .options(load_only(*_LEADING), lazyload(Snapshot.campaign), lazyload(Snapshot.forwarded_by),
                     lazyload(Snapshot.questionnaire),
                     joinedload(Snapshot.summary).load_only(SnapshotFigures.ptce_count, *_COPIED))
            .join(newest, sa.and_(Snapshot.region_id == newest.c.region_id, Snapshot.version == newest.c.v))
            .where(Snapshot.campaign_id == campaign_id).order_by(Snapshot.region_id))


def figures_of(snaps: list[Snapshot]) -> list[dict[str, list]]:
    """Each snapshot's numbers by indicator, in the order of ``snaps``: its stored figures, or,
    for an indicator they lack (a row written by raw SQL, an indicator added since), what its
    content holds; one query, two when some content must be read."""
    ids = [s.id for s in snaps]
    stored = dict(db.session.execute(sa.select(SnapshotFigures.snapshot_id, SnapshotFigures.figures)
                                     .where(SnapshotFigures.snapshot_id.in_(ids))).all())
    needed = [var for var, _stat, _label in INDICATORS]
    lacking = [i for i in ids if not set(needed) <= set(stored.get(i) or {})]
    if lacking:
        for snapshot_id, content in db.session.execute(
                sa.select(Snapshot.id, Snapshot.content).where(Snapshot.id.in_(lacking))):
            stored[snapshot_id] = {var: numbers(content, var) for var in needed} | (stored.get(snapshot_id) or {})
    return [stored[i] for i in ids]


# A list of snapshots reads their columns stored before the content, and their hash and forwarding
# time from the summary row (``SnapshotFigures``): nothing of the row past the content (SQLite).
_LEADING = (Snapshot.id, Snapshot.campaign_id, Snapshot.region_id, Snapshot.version, Snapshot.questionnaire_id)
_COPIED = (SnapshotFigures.content_hash, SnapshotFigures.forwarded_at)


def listed():
    """Loader options of a list of snapshots that shows their summary: no content, no
    questionnaire definition, no per-PTCE figures, campaign and sender not joined (the
    JSON columns cost more to decode than everything else the list does); hash and forwarding
    time from the summary (``with_summaries`` puts them on the snapshots)."""
    return (load_only(*_LEADING), lazyload(Snapshot.campaign), lazyload(Snapshot.forwarded_by),
            joinedload(Snapshot.questionnaire).load_only(Questionnaire.code, Questionnaire.version),
            joinedload(Snapshot.summary).load_only(SnapshotFigures.ptce_count, SnapshotFigures.region_figures,
                                                   *_COPIED))


def with_summaries(snaps: list[Snapshot], stale=lambda s: s.summary.region_figures is None) -> list[Snapshot]:
    """Give the snapshots of a list (``listed``) their hash and forwarding time from their summary, and
    those whose summary is missing, ``stale`` or without them one computed from their row, all of them
    in one query, without writing it (a GET stays read-only)."""
    missing = {s.id: s for s in snaps if s.summary is None or s.summary.content_hash is None or stale(s)}
    if missing:
        for snapshot_id, content, digest, at in db.session.execute(
                sa.select(Snapshot.id, Snapshot.content, Snapshot.content_hash, Snapshot.forwarded_at)
                .where(Snapshot.id.in_(missing))):
            set_committed_value(missing[snapshot_id], "summary",
                                SnapshotFigures(**figures_row(snapshot_id, content, digest, at)))
    for snapshot in snaps:
        set_committed_value(snapshot, "content_hash", snapshot.summary.content_hash)
        set_committed_value(snapshot, "forwarded_at", snapshot.summary.forwarded_at)
    return snaps
