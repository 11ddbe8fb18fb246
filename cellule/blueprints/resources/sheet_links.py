"""A sheet's tags, support topics and sectors: one row per value, so libraries filter by index;
the libraries' tallies of sheets and tags (kept by ``tallies``) and the changes waiting for review
(kept by ``pending``)."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ...database import UTCDateTime, str_enum
from ...extensions import db
from .reference import Category, Scope, SheetStatus

# A tally's region_id for sheets of no region (written by the national council): keys are never NULL.
NO_REGION = 0


class SheetTag(db.Model):
    """A free tag of a sheet, as written (single spaces); tags match whatever their case."""

    __tablename__ = "resource_sheet_tag"
    sheet_id: Mapped[int] = mapped_column(
        sa.ForeignKey("resource_sheet.id", ondelete="CASCADE"), primary_key=True)
    tag: Mapped[str] = mapped_column(sa.String(60), primary_key=True, index=True)


class SheetTopic(db.Model):
    """A support topic of a sheet (codes from directory.reference.SUPPORT_TOPICS)."""

    __tablename__ = "resource_sheet_topic"
    sheet_id: Mapped[int] = mapped_column(
        sa.ForeignKey("resource_sheet.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), primary_key=True, index=True)


class SheetSector(db.Model):
    """A sector a sheet speaks to (codes from directory.reference.SECTORS)."""

    __tablename__ = "resource_sheet_sector"
    sheet_id: Mapped[int] = mapped_column(
        sa.ForeignKey("resource_sheet.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), primary_key=True, index=True)


class SheetTally(db.Model):
    """The number of sheets of one scope, region (0: none), status and category."""

    __tablename__ = "resource_sheet_tally"
    scope: Mapped[Scope] = mapped_column(str_enum(Scope), primary_key=True)
    region_id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[SheetStatus] = mapped_column(str_enum(SheetStatus), primary_key=True)
    category: Mapped[Category] = mapped_column(str_enum(Category, 30), primary_key=True)
    sheets: Mapped[int] = mapped_column(default=0)


class TagTally(db.Model):
    """The number of published sheets of one scope and region (0: none) carrying a tag (as written)."""

    __tablename__ = "resource_tag_tally"
    scope: Mapped[Scope] = mapped_column(str_enum(Scope), primary_key=True)
    region_id: Mapped[int] = mapped_column(primary_key=True)
    tag: Mapped[str] = mapped_column(sa.String(60), primary_key=True)
    sheets: Mapped[int] = mapped_column(default=0)


class PendingChange(db.Model):
    """A proposed change waiting for an editor, filed under its sheet's library (``pending.py``).

    ``region_id``: the region of a regional sheet; None for the national library (which a regional sheet
    joins when the council accepts it). The follow-up pages read a library's waiting changes as a range
    of ``ix_resource_pending_change_library``, in the order they were proposed, whatever the number of
    sheets without any.
    """

    __tablename__ = "resource_pending_change"
    __table_args__ = (sa.Index("ix_resource_pending_change_library", "region_id", "created_at", "revision_id"),)

    revision_id: Mapped[int] = mapped_column(sa.ForeignKey("resource_revision.id", ondelete="CASCADE"),
                                             primary_key=True)
    region_id: Mapped[int | None] = mapped_column(sa.ForeignKey("region.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
