"""A forwarded snapshot's long-CSV lines, produced once and streamed from storage afterwards.

A snapshot never changes, so neither do its lines of the long CSV (one per
answered variable) in either dialect. The forwarding service stores them with
the snapshot (``store``); a snapshot written without them (bench data, rows
older than migration 0820) gets them on its first export (``fill``, which the
view commits). An export then sends the header and one stored text per region,
as read from the database, instead of formatting every line again in Python.
The bytes are exactly those of ``exports.long_rows`` (tested).
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from ...extensions import db
from ...spreadsheet import FRENCH_EXCEL, STANDARD, Dialect, csv_lines
from . import exports
from .models import Campaign
from .snapshots import Snapshot

DIALECTS = (STANDARD, FRENCH_EXCEL)


class SnapshotLines(db.Model):
    """The long-CSV lines of one snapshot in one dialect (no header, no BOM): written once."""

    __tablename__ = "collection_snapshot_lines"

    snapshot_id: Mapped[int] = mapped_column(sa.ForeignKey("collection_snapshot.id"), primary_key=True)
    dialect: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    body: Mapped[str] = mapped_column(sa.Text)


def text(campaign: Campaign, snapshot: Snapshot, dialect: Dialect) -> str:
    """The snapshot's lines as the long CSV writes them (the BOM belongs to the file's header)."""
    bare = dataclasses.replace(dialect, bom=False)
    return "".join(csv_lines(exports.long_records(campaign, [snapshot]), bare, flush_every=1000))


def store(snapshot: Snapshot) -> None:
    """Write a new snapshot's lines in every dialect (the forwarding service calls it); flushes."""
    for dialect in DIALECTS:
        db.session.add(SnapshotLines(snapshot_id=snapshot.id, dialect=dialect.name,
                                     body=text(snapshot.campaign, snapshot, dialect)))
    db.session.flush()


def latest_ids(campaign: Campaign):
    """The ids of each region's newest snapshot, ordered as the export lists them (by region)."""
    newest = (sa.select(Snapshot.region_id, sa.func.max(Snapshot.version).label("v"))
              .where(Snapshot.campaign_id == campaign.id).group_by(Snapshot.region_id).subquery())
    return (sa.select(Snapshot.id, Snapshot.region_id)
            .join(newest, sa.and_(Snapshot.region_id == newest.c.region_id, Snapshot.version == newest.c.v))
            .where(Snapshot.campaign_id == campaign.id))


def _insert_once(rows: list[dict]) -> None:
    """Insert lines, leaving alone those another request stored meanwhile (same bytes)."""
    table = SnapshotLines.__table__
    insert = postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    db.session.execute(insert(table).values(rows).on_conflict_do_nothing())


def fill(campaign: Campaign, dialect: Dialect) -> int:
    """Store the lines of the campaign's latest snapshots that lack them; how many were written.

    One snapshot in memory at a time; flushes (the caller commits).
    """
    latest = latest_ids(campaign).subquery()
    missing = list(db.session.scalars(
        sa.select(latest.c.id).outerjoin(SnapshotLines, sa.and_(SnapshotLines.snapshot_id == latest.c.id,
                                                                 SnapshotLines.dialect == dialect.name))
        .where(SnapshotLines.snapshot_id.is_(None)).order_by(latest.c.id)))
    for snapshot_id in missing:
        snapshot = db.session.get(Snapshot, snapshot_id)
        _insert_once([{"snapshot_id": snapshot_id, "dialect": dialect.name,
                       "body": text(campaign, snapshot, dialect)}])
        db.session.expunge(snapshot)
    return len(missing)


def stream(campaign: Campaign, dialect: Dialect) -> Iterator[str]:
    """The long CSV: its header, then each region's stored lines (in region order).

    The query is built now: the view commits before the body is sent, which expires
    ``campaign``; the chunks are then read through the request's session.
    """
    header = "".join(csv_lines((), dialect, [c.code for c in exports.LONG]))
    latest = latest_ids(campaign).subquery()
    query = (sa.select(SnapshotLines.body).join(latest, latest.c.id == SnapshotLines.snapshot_id)
             .where(SnapshotLines.dialect == dialect.name).order_by(latest.c.region_id)
             .execution_options(yield_per=1))

    def chunks() -> Iterator[str]:
        yield header
        for (body,) in db.session.execute(query):
            yield body

    return chunks()
