"""A sheet's tags, support topics and sectors: one row per value, so libraries filter by index."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ...extensions import db


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
