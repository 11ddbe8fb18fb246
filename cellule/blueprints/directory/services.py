"""Directory queries and changes. Functions flush, never commit."""
from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa

from ...database import utcnow
from ...extensions import db
from .models import Ptce, PtceSector, PtceTombstone, Region
from .reference import Stage
from .search import text_condition
from .validation import fold


@dataclass
class Filters:
    """What a directory list is narrowed to; empty fields mean no filter."""

    q: str = ""
    stage: str = ""
    sector: str = ""
    department: str = ""
    charter: str = ""  # "yes" / "no" / ""


def regions_with_counts() -> list[tuple[Region, int]]:
    """Every region with its number of PTCE, in one query."""
    count = sa.func.count(Ptce.id)
    rows = db.session.execute(
        sa.select(Region, count).outerjoin(Ptce, Ptce.region_id == Region.id)
        .group_by(Region.id).order_by(Region.name)
    ).all()
    return [(region, n) for region, n in rows]


def count_ptce(region: Region) -> int:
    return db.session.scalar(_COUNT_IN_REGION, {"region_id": region.id})


_COUNT_IN_REGION = sa.select(sa.func.count(Ptce.id)).where(Ptce.region_id == sa.bindparam("region_id"))


def get_region(slug: str) -> Region | None:
    return db.session.scalar(sa.select(Region).where(Region.slug == slug))


def search_query(region: Region | None, filters: Filters) -> sa.Select:
    """The filtered, ordered PTCE query for a region's directory, or the national one."""
    query = sa.select(Ptce)
    if region is not None:
        query = query.where(Ptce.region_id == region.id)
    condition = text_condition(filters.q) if filters.q else None
    if condition is not None:
        query = query.where(condition)
    if filters.stage in {s.value for s in Stage}:
        query = query.where(Ptce.stage == Stage(filters.stage))
    if filters.sector:
        query = query.where(Ptce.id.in_(sa.select(PtceSector.ptce_id).where(PtceSector.code == filters.sector)))
    if filters.department:
        query = query.where(Ptce.department_code == filters.department.upper())
    if filters.charter in ("yes", "no"):
        query = query.where(Ptce.charter_signatory.is_(filters.charter == "yes"))
    return query.order_by(Ptce.name, Ptce.id)


def departments_in(region: Region | None) -> list[str]:
    query = sa.select(Ptce.department_code).distinct().order_by(Ptce.department_code)
    if region is not None:
        query = query.where(Ptce.region_id == region.id)
    return list(db.session.scalars(query))


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:150] or "ptce"


def unique_slug(name: str, exclude_id: int | None = None) -> str:
    """A slug from the name, suffixed with -2, -3 … when already taken."""
    base = slugify(name)
    taken = set(db.session.scalars(
        sa.select(Ptce.slug).where(sa.or_(Ptce.slug == base, Ptce.slug.like(f"{base}-%")),
                                   Ptce.id != (exclude_id or 0))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


FIELDS = ("name", "department_code", "territory", "communes", "siret", "rna", "stage",
          "charter_signatory", "charter_year", "creation_year", "sectors", "activity_types",
          "website", "description", "contact_name", "contact_email", "contact_phone",
          "latitude", "longitude")


def create_ptce(region: Region, data: dict) -> Ptce:
    """Add a PTCE to a region from cleaned values."""
    ptce = Ptce(region=region, slug=unique_slug(data["name"]))
    apply(ptce, data)
    db.session.add(ptce)
    db.session.flush()
    # SQLite may reuse the id of a deleted PTCE: the live record now stands for it.
    db.session.execute(sa.delete(PtceTombstone).where(PtceTombstone.id == ptce.id))
    return ptce


def apply(ptce: Ptce, data: dict) -> None:
    """Copy cleaned values onto a PTCE (the slug stays, so links keep working)."""
    for field in FIELDS:
        if field in data:
            setattr(ptce, field, data[field])
    if ptce.id is not None:
        # Always UPDATE the row, so its version moves even when only sectors or activities change.
        ptce.updated_at = utcnow()


def name_taken(region: Region, name: str, exclude_id: int | None = None) -> bool:
    """Whether another PTCE of the region already has this name (accents and case aside)."""
    folded = fold(name)
    names = db.session.scalars(sa.select(Ptce.name).where(Ptce.region_id == region.id,
                                                          Ptce.id != (exclude_id or 0)))
    return any(fold(n) == folded for n in names)


def siret_owners(sirets, exclude_id: int | None = None) -> dict[str, str]:
    """SIRET → name of the PTCE (any region) already carrying it, for the given SIRETs."""
    wanted = list(dict.fromkeys(s for s in sirets if s))
    owners: dict[str, str] = {}
    for start in range(0, len(wanted), 500):  # bounded IN lists, whatever the file's size
        owners.update(db.session.execute(
            sa.select(Ptce.siret, Ptce.name).where(Ptce.siret.in_(wanted[start:start + 500]),
                                                   Ptce.id != (exclude_id or 0))).all())
    return owners


def region_names(region: Region) -> dict[str, str]:
    """Folded name → name of the region's PTCE, read once (the import checks many rows)."""
    return {fold(n): n for n in db.session.scalars(sa.select(Ptce.name).where(Ptce.region_id == region.id))}


def delete_ptce(ptce: Ptce) -> None:
    """Remove a PTCE, leaving a tombstone for API clients that sync."""
    db.session.add(PtceTombstone(id=ptce.id, slug=ptce.slug, region_id=ptce.region_id))
    db.session.delete(ptce)
    db.session.flush()

