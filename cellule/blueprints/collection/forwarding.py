"""Forwarding a region's validated answers to the national council as a new snapshot."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from ...extensions import db
from .. import feature_modules
from ..directory.models import Region
from . import lines
from .lifecycle import ResponseStatus
from .models import AuditEntry, Campaign, Response
from .services import WorkflowError, full_definition
from .snapshots import Snapshot, content_hash, store
# Re-exported: the council's queries of the newest snapshots live beside the model now.
from .snapshots import latest_snapshots, latest_summaries  # noqa: F401


def latest_snapshot(campaign: Campaign, region: Region) -> Snapshot | None:
    return db.session.scalar(sa.select(Snapshot).where(
        Snapshot.campaign_id == campaign.id, Snapshot.region_id == region.id)
        .order_by(Snapshot.version.desc()).limit(1))


def snapshots_of(campaign: Campaign, region: Region) -> list[Snapshot]:
    return list(db.session.scalars(sa.select(Snapshot).where(
        Snapshot.campaign_id == campaign.id, Snapshot.region_id == region.id)
        .order_by(Snapshot.version.desc())))


def region_figures(region: Region, year: int) -> dict:
    """Visit and peer-transfer figures of the year, from the features that provide them."""
    figures: dict = {}
    for module in feature_modules("figures"):
        figures.update(module.region_figures(region, date(year, 1, 1), date(year, 12, 31)))
    return figures


def forwardable(response: Response) -> dict:
    """The answers the council receives: national questions, and regional ones marked ``forward``."""
    national = {q.var for q in response.questionnaire.parsed.questions()}
    keep = national | {q.var for q in full_definition(response).questions() if q.forward is True}
    return {k: v for k, v in (response.answers or {}).items() if k in keep}


def _entry(response: Response) -> dict:
    return {"ptce": {"id": response.ptce.id, "slug": response.ptce.slug, "name": response.ptce.name},
            "questionnaire_version": response.questionnaire.version,
            "validated_at": response.validated_at.isoformat() if response.validated_at else None,
            "answers": forwardable(response)}


def snapshot_content(campaign: Campaign, region: Region, entries: list[dict]) -> dict:
    """What a snapshot freezes: the campaign, the region, the year's figures and one entry per PTCE, by slug."""
    return {
        "campaign": {"id": campaign.id, "year": campaign.year, "title": campaign.title},
        "region": {"code": region.code, "slug": region.slug, "name": region.name},
        "questionnaire": {"code": campaign.questionnaire.code, "version": campaign.questionnaire.version},
        "figures": region_figures(region, campaign.year),
        "responses": sorted(entries, key=lambda e: e["ptce"]["slug"]),
    }


def forward_region(campaign: Campaign, region: Region, user) -> Snapshot:
    """Freeze the region's validated answers into snapshot version n+1.

    Responses forwarded earlier stay in the picture; a response reopened for a
    correction is carried over from the previous snapshot until it is validated
    again, so the council never loses a PTCE's data in between. What pages and
    exports read from the snapshot (its figures, its CSV lines) is stored with it.
    """
    responses = list(db.session.scalars(sa.select(Response).where(
        Response.campaign_id == campaign.id, Response.region_id == region.id,
        Response.status.in_([ResponseStatus.VALIDATED, ResponseStatus.FORWARDED]))))
    fresh = [r for r in responses if r.status is ResponseStatus.VALIDATED]
    if not fresh:
        raise WorkflowError("nothing validated to forward")
    previous = latest_snapshot(campaign, region)
    entries = {r.ptce_id: _entry(r) for r in responses}
    for old in (previous.content["responses"] if previous else []):
        entries.setdefault(old["ptce"]["id"], old)
    content = snapshot_content(campaign, region, list(entries.values()))
    snapshot = Snapshot(campaign=campaign, region=region, version=(previous.version + 1) if previous else 1,
                        questionnaire=campaign.questionnaire, content=content,
                        content_hash=content_hash(content), forwarded_by_id=user.id)
    store(snapshot)
    lines.store(snapshot)
    for r in fresh:
        before = r.forward()
        db.session.add(AuditEntry(response=r, user_id=user.id, action="forward", from_status=before.value,
                                  to_status=r.status.value, note=f"snapshot v{snapshot.version}"))
    db.session.flush()
    return snapshot
