"""JSON shapes of the council API (openapi.py describes the same shapes)."""
from __future__ import annotations

from ..collection.models import Campaign
from ..collection.snapshots import Snapshot
from ..directory.models import Ptce, PtceTombstone, Region


def iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def region(r: Region) -> dict:
    return {"code": r.code, "slug": r.slug, "name": r.name, "timezone": r.timezone, "overseas": r.overseas}


def ptce(p: Ptce) -> dict:
    return {"id": p.id, "slug": p.slug, "name": p.name, "region": p.region.code,
            "department": p.department_code, "stage": p.stage.value, "creation_year": p.creation_year,
            "charter_signatory": p.charter_signatory, "sectors": p.sectors,
            "activity_types": p.activity_types, "updated_at": iso(p.updated_at), "deleted_at": None}


def ptce_tombstone(t: PtceTombstone) -> dict:
    """A deleted PTCE, as listed with ``updated_since``: its id, slug and region, and when."""
    return {"id": t.id, "slug": t.slug, "region": t.region.code, "updated_at": iso(t.deleted_at),
            "deleted_at": iso(t.deleted_at)}


def ptce_item(row) -> dict:
    return ptce_tombstone(row) if isinstance(row, PtceTombstone) else ptce(row)


def campaign(c: Campaign) -> dict:
    return {"id": c.id, "year": c.year, "title": c.title, "opens_on": c.opens_on.isoformat(),
            "closes_on": c.closes_on.isoformat(), "status": c.status.value,
            "questionnaire": {"code": c.questionnaire.code, "version": c.questionnaire.version},
            "updated_at": iso(c.updated_at)}


def snapshot(s: Snapshot) -> dict:
    return {"id": s.id, "campaign_id": s.campaign_id, "region": s.region.code, "version": s.version,
            "questionnaire": {"code": s.questionnaire.code, "version": s.questionnaire.version},
            "content_hash": s.content_hash, "forwarded_at": iso(s.forwarded_at),
            "ptce_count": s.ptce_count, "figures": s.region_figures}


def answer(entry: dict) -> dict:
    return {"ptce_id": entry["ptce"]["id"], "ptce": entry["ptce"]["slug"], "ptce_name": entry["ptce"]["name"],
            "questionnaire_version": entry["questionnaire_version"], "answers": entry["answers"]}
