"""Regions (reference data loaded by a migration) and PTCE records."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...database import UTCDateTime, str_enum, utcnow
from ...extensions import db
from .reference import ACTIVITY_TYPES, SECTORS, Stage
from .validation import safe_url


class Region(db.Model):
    """One of the 18 French regions, with its IANA time zone and its CRESS."""

    __tablename__ = "region"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(2), unique=True)  # INSEE COG
    name: Mapped[str] = mapped_column(sa.String(80))
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    timezone: Mapped[str] = mapped_column(sa.String(40))
    overseas: Mapped[bool] = mapped_column(default=False)
    cress_name: Mapped[str] = mapped_column(sa.String(120))
    cress_url: Mapped[str | None] = mapped_column(sa.String(200))

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def __repr__(self) -> str:
        return f"<Region {self.slug}>"


class PtceSector(db.Model):
    """A sector a PTCE works in (codes from reference.SECTORS)."""

    __tablename__ = "ptce_sector"
    ptce_id: Mapped[int] = mapped_column(sa.ForeignKey("ptce.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), primary_key=True)


class PtceActivity(db.Model):
    """An activity type of a PTCE (codes from reference.ACTIVITY_TYPES)."""

    __tablename__ = "ptce_activity"
    ptce_id: Mapped[int] = mapped_column(sa.ForeignKey("ptce.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), primary_key=True)


class Ptce(db.Model):
    """A pôle territorial de coopération économique, as listed in the directory."""

    __tablename__ = "ptce"
    __table_args__ = (
        # The directory's lists, a page at a time in name order (services.search_query): nationally,
        # and a region's (this one also serves the foreign key).
        sa.Index("ix_ptce_name", "name", "id"),
        sa.Index("ix_ptce_region_name", "region_id", "name", "id"),
        # The department filter's choices (services.departments_in), read from the index alone.
        sa.Index("ix_ptce_department", "department_code"),
        sa.Index("ix_ptce_region_department", "region_id", "department_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Optimistic concurrency (see cellule/concurrency.py): every UPDATE checks and bumps it.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}
    name: Mapped[str] = mapped_column(sa.String(160))
    slug: Mapped[str] = mapped_column(sa.String(160), unique=True)
    region_id: Mapped[int] = mapped_column(sa.ForeignKey("region.id"))
    department_code: Mapped[str] = mapped_column(sa.String(3))
    territory: Mapped[str] = mapped_column(sa.Text, default="")
    communes: Mapped[list[str]] = mapped_column(sa.JSON, default=list)  # INSEE codes
    siret: Mapped[str] = mapped_column(sa.String(14))
    rna: Mapped[str | None] = mapped_column(sa.String(10))
    stage: Mapped[Stage] = mapped_column(str_enum(Stage), default=Stage.EMERGING)
    charter_signatory: Mapped[bool] = mapped_column(default=False)
    charter_year: Mapped[int | None]
    creation_year: Mapped[int | None]
    website: Mapped[str | None] = mapped_column(sa.String(300))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    contact_name: Mapped[str | None] = mapped_column(sa.String(160))
    contact_email: Mapped[str | None] = mapped_column(sa.String(254))
    contact_phone: Mapped[str | None] = mapped_column(sa.String(30))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    region: Mapped[Region] = relationship(lazy="joined", innerjoin="unnested")  # never nested under an outer join: SQLite would materialise it
    # Loaded on demand: most pages that load PTCE (lists, roles) never show them; bulk
    # readers (exports) ask for them with selectinload.
    sector_rows: Mapped[list[PtceSector]] = relationship(
        cascade="all, delete-orphan", order_by=PtceSector.code)
    activity_rows: Mapped[list[PtceActivity]] = relationship(
        cascade="all, delete-orphan", order_by=PtceActivity.code)

    @property
    def sectors(self) -> list[str]:
        return [row.code for row in self.sector_rows]

    @sectors.setter
    def sectors(self, codes: list[str]) -> None:
        self.sector_rows = [PtceSector(code=c) for c in dict.fromkeys(codes) if c in SECTORS]

    @property
    def activity_types(self) -> list[str]:
        return [row.code for row in self.activity_rows]

    @activity_types.setter
    def activity_types(self, codes: list[str]) -> None:
        self.activity_rows = [PtceActivity(code=c) for c in dict.fromkeys(codes) if c in ACTIVITY_TYPES]

    @property
    def website_link(self) -> str | None:
        """The website if it may be shown as a link: http(s) only, whatever was stored earlier."""
        return safe_url(self.website)

    def __repr__(self) -> str:
        return f"<Ptce {self.slug}>"


class PtceTombstone(db.Model):
    """A deleted PTCE, kept so that API clients syncing with ``updated_since`` learn of it.

    ``id`` is the deleted record's id. SQLite may hand that id to a new PTCE later:
    the tombstone then goes (``create_ptce``), the new record stands for the id.
    """

    __tablename__ = "ptce_tombstone"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    slug: Mapped[str] = mapped_column(sa.String(160))
    region_id: Mapped[int] = mapped_column(sa.ForeignKey("region.id"))
    deleted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    region: Mapped[Region] = relationship(lazy="joined", innerjoin=True)
