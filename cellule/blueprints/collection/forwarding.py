"""Forwarding a region's validated answers to the national council as a new snapshot."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import defer
from sqlalchemy.orm.attributes import set_committed_value

from ...extensions import db
from .. import feature_modules
from ..directory.models import Region
from .indicators import INDICATORS
from .lifecycle import ResponseStatus
from .models import AuditEntry, Campaign, Response
from .services import WorkflowError, full_definition
from .snapshots import Snapshot, SnapshotFigures, content_hash, figures_row


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


def forward_region(campaign: Campaign, region: Region, user) -> Snapshot:
    """Freeze the region's validated answers into snapshot version n+1.

    Responses forwarded earlier stay in the picture; a response reopened for a
    correction is carried over from the previous snapshot until it is validated
    again, so the council never loses a PTCE's data in between.
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
    content = {
        "campaign": {"id": campaign.id, "year": campaign.year, "title": campaign.title},
        "region": {"code": region.code, "slug": region.slug, "name": region.name},
        "questionnaire": {"code": campaign.questionnaire.code, "version": campaign.questionnaire.version},
        "figures": region_figures(region, campaign.year),
        "responses": sorted(entries.values(), key=lambda e: e["ptce"]["slug"]),
    }
    snapshot = Snapshot(campaign=campaign, region=region, version=(previous.version + 1) if previous else 1,
                        questionnaire=campaign.questionnaire, content=content,
                        content_hash=content_hash(content), forwarded_by_id=user.id)
    db.session.add(snapshot)
    for r in fresh:
        before = r.forward()
        db.session.add(AuditEntry(response=r, user_id=user.id, action="forward", from_status=before.value,
                                  to_status=r.status.value, note=f"snapshot v{snapshot.version}"))
    db.session.flush()
    return snapshot


def latest_snapshots(campaign: Campaign) -> list[Snapshot]:
    """The newest snapshot of every region for a campaign (what the council works from)."""
    newest = (sa.select(Snapshot.region_id, sa.func.max(Snapshot.version).label("v"))
              .where(Snapshot.campaign_id == campaign.id).group_by(Snapshot.region_id).subquery())
    return list(db.session.scalars(
        sa.select(Snapshot).join(newest, sa.and_(Snapshot.region_id == newest.c.region_id,
                                                 Snapshot.version == newest.c.v))
        .where(Snapshot.campaign_id == campaign.id).order_by(Snapshot.region_id)))


def latest_summaries(campaign: Campaign) -> list[Snapshot]:
    """``latest_snapshots`` without their content: what the dashboard shows and aggregates
    (``Snapshot.values``, ``ptce_count``) comes from the stored figures.

    A snapshot whose figures row is missing or lacks an indicator (rows written by raw SQL,
    an indicator added since) gets them from its content, all such snapshots in one query.
    """
    newest = (sa.select(Snapshot.region_id, sa.func.max(Snapshot.version).label("v"))
              .where(Snapshot.campaign_id == campaign.id).group_by(Snapshot.region_id).subquery())
    snaps = list(db.session.scalars(
        sa.select(Snapshot).options(defer(Snapshot.content))
        .join(newest, sa.and_(Snapshot.region_id == newest.c.region_id, Snapshot.version == newest.c.v))
        .where(Snapshot.campaign_id == campaign.id).order_by(Snapshot.region_id)))
    needed = {var for var, _stat, _label in INDICATORS}
    stale = {s.id: s for s in snaps if s.summary is None or not needed <= set(s.summary.figures)}
    if stale:
        for snapshot_id, content in db.session.execute(
                sa.select(Snapshot.id, Snapshot.content).where(Snapshot.id.in_(stale))):
            set_committed_value(stale[snapshot_id], "summary", SnapshotFigures(**figures_row(snapshot_id, content)))
    return snaps
