"""How far a campaign has gone: each PTCE's response, counts by status per region and nationally.

Every function answers in a fixed number of queries, whatever the number of PTCE,
campaigns or regions.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import NamedTuple

import sqlalchemy as sa
from flask_babel import gettext as _

from ... import l10n
from ...extensions import db
from ..directory.models import Ptce, Region
from .lifecycle import ResponseStatus
from .models import Campaign, Response


@dataclass
class RegionProgress:
    """A region's PTCE and their response (or None when not started) for a campaign."""

    rows: list[tuple[Ptce, Response | None]]
    counts: dict[ResponseStatus, int] = field(default_factory=dict)


def region_progress(campaign: Campaign, region: Region) -> RegionProgress:
    """Every PTCE of the region with its response, in two queries."""
    ptces = list(db.session.scalars(sa.select(Ptce).where(Ptce.region_id == region.id).order_by(Ptce.name)))
    responses = {r.ptce_id: r for r in db.session.scalars(sa.select(Response).where(
        Response.campaign_id == campaign.id, Response.region_id == region.id))}
    rows = [(p, responses.get(p.id)) for p in ptces]
    counts = {s: 0 for s in ResponseStatus}
    for _ptce, r in rows:
        counts[r.status if r else ResponseStatus.NOT_STARTED] += 1
    return RegionProgress(rows, counts)


def region_counts(campaigns: list[Campaign], region: Region) -> dict[int, dict[ResponseStatus, int]]:
    """Response counts by status of each campaign for a region, in two queries whatever the number of
    campaigns (PTCE without a response count as not started)."""
    if not campaigns:
        return {}
    total = db.session.scalar(sa.select(sa.func.count(Ptce.id)).where(Ptce.region_id == region.id)) or 0
    rows = db.session.execute(
        sa.select(Response.campaign_id, Response.status, sa.func.count())
        .where(Response.campaign_id.in_([c.id for c in campaigns]), Response.region_id == region.id)
        .group_by(Response.campaign_id, Response.status)).all()
    result = {c.id: {s: 0 for s in ResponseStatus} for c in campaigns}
    for campaign_id, status, n in rows:
        result[campaign_id][status] = n
    for counts in result.values():
        counts[ResponseStatus.NOT_STARTED] += total - sum(counts.values())
    return result


def responses_of(campaigns: list[Campaign], ptces: list[Ptce]) -> dict[tuple[int, int], Response]:
    """The responses of these PTCE to these campaigns, by (campaign id, PTCE id), in one query."""
    if not campaigns or not ptces:
        return {}
    return {(r.campaign_id, r.ptce_id): r for r in db.session.scalars(sa.select(Response).where(
        Response.campaign_id.in_([c.id for c in campaigns]), Response.ptce_id.in_([p.id for p in ptces])))}


@functools.cache
def _national_statement() -> sa.Select:
    """``national_progress``' statement, built once (the campaign is a bound parameter): every region
    with its responses' counts by status and its PTCE count (the rows whose status is NULL), in one
    round trip, regions in name order."""
    counts = sa.union_all(
        sa.select(Response.region_id, Response.status, sa.func.count().label("n"))
        .where(Response.campaign_id == sa.bindparam("campaign_id")).group_by(Response.region_id, Response.status),
        sa.select(Ptce.region_id, sa.null(), sa.func.count()).group_by(Ptce.region_id)).subquery()
    return (sa.select(Region.id, Region.code, Region.name, counts.c.status, counts.c.n)
            .outerjoin(counts, counts.c.region_id == Region.id).order_by(Region.name, Region.id))


class RegionLine(NamedTuple):
    """What the council's progress table and map show of a region."""

    id: int
    code: str
    name: str


def national_progress(campaign: Campaign) -> list[tuple[RegionLine, dict[ResponseStatus, int]]]:
    """Counts by status for every region (PTCE without a response count as not started), in name order."""
    out: dict[int, tuple[RegionLine, dict[ResponseStatus, int]]] = {}
    totals: dict[int, int] = {}
    for region_id, code, name, status, n in db.session.execute(_national_statement(),
                                                                {"campaign_id": campaign.id}):
        if region_id not in out:
            out[region_id] = (RegionLine(region_id, code, name), dict.fromkeys(ResponseStatus, 0))
        if status is not None:
            out[region_id][1][status] = n
        elif n is not None:
            totals[region_id] = n
    for region_id, (_region, counts) in out.items():
        counts[ResponseStatus.NOT_STARTED] += totals.get(region_id, 0) - sum(counts.values())
    return list(out.values())


# A PTCE has answered once its response has been submitted, whatever happened next.
ANSWERED = (ResponseStatus.SUBMITTED, ResponseStatus.RETURNED, ResponseStatus.VALIDATED, ResponseStatus.FORWARDED)


def answer_rates(progress: list[tuple[RegionLine, dict[ResponseStatus, int]]]) -> list[dict]:
    """Per region, from ``national_progress``: INSEE code, name, PTCE count, PTCE that answered,
    and the rate as a French (or English) percentage, for the council's map and table."""
    rows = []
    for region, counts in progress:
        total, answered = sum(counts.values()), sum(counts[s] for s in ANSWERED)
        rate = l10n.percent(answered / total) if total else None
        rows.append({"code": region.code, "name": region.name, "ptce": total, "answered": answered,
                     "rate": rate,
                     "text": _("%(n)s PTCE, taux de réponse %(rate)s", n=total, rate=rate) if total
                     else _("aucun PTCE")})
    return rows
