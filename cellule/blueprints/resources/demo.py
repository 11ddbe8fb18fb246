"""Demo resource sheets: a dozen French sheets, national and regional, with a draft,
an overdue review, a pending national proposal and a proposed change. Idempotent."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from ... import localtime
from ...extensions import db
from ..auth import services as people
from ..directory.models import Ptce, Region
from . import services
from .demo_sheets import SHEETS
from .models import Sheet
from .reference import Category, Scope


def load() -> None:
    """Create the demo sheets that are missing (looked up by title)."""
    existing = set(db.session.scalars(sa.select(Sheet.title)))
    regions = {r.slug: r for r in db.session.scalars(sa.select(Region))}
    ptces = {p.slug: p for p in db.session.scalars(sa.select(Ptce))}
    admin = people.find_user("admin@example.org")
    for spec in SHEETS:
        author = people.find_user(spec["author"])
        if spec["title"] in existing or author is None or admin is None:
            continue
        region = regions.get(spec["region"]) if spec["region"] else None
        content = services.Content(
            title=spec["title"], category=Category(spec["category"]), summary=spec["summary"],
            body=spec["body"], tags=spec["tags"], topics=spec["topics"], sectors=spec["sectors"],
            review_by=localtime.today(region) + timedelta(days=spec["review_days"]))
        sheet = services.create_sheet(content, author, region=region, ptce=ptces.get(spec["ptce"]),
                                      scope=Scope.NATIONAL if region is None else Scope.REGIONAL)
        if spec["status"] == "published":
            services.publish(sheet)
        if spec["national"] and region is not None:
            coordinator = people.find_user(f"coordination.{region.slug}@example.org") or admin
            proposal = services.propose_national(sheet, coordinator, "Utile à toutes les régions.")
            services.decide_national(proposal, admin, True, "Fiche claire et transposable : bienvenue.")
        _extras(sheet, regions)


def _extras(sheet: Sheet, regions) -> None:
    """A pending national proposal and a proposed change, so the follow-up pages have work."""
    if sheet.title == "Rédiger une charte de gouvernance partagée":
        coordinator = people.find_user("coordination.bretagne@example.org")
        if coordinator:
            services.propose_national(sheet, coordinator,
                                      "Charte testée par trois pôles bretons, facile à adapter.")
    if sheet.title == "Animer la coopération entre membres":
        member = people.find_user("membre2.beauvaisis@example.org")
        if member:
            content = services.Content.of(sheet)
            content.body += "\n- une visite apprenante par an chez un pôle voisin."
            services.propose_change(sheet, content, member, "Ajout des visites apprenantes")
