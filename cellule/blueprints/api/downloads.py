"""A campaign's exports through the council API: the same files as the council's pages
(long CSV in both dialects, wide XLSX, aggregates, datapackage.json), reachable with the
read-only bearer token that ``v1.require_token`` checks, and the aggregates as JSON.

The data package's relative paths resolve beside it, under the same API URL.
"""
from __future__ import annotations

from flask import abort, jsonify

from ...database import commit
from ...extensions import db
from ...permissions import access
from ..collection import dashboard, downloads, published
from ..collection.disclosure import THRESHOLD
from ..collection.lifecycle import CampaignStatus
from ..collection.models import Campaign
from . import services
from .v1 import bp


def _campaign(campaign_id: int) -> Campaign:
    """A campaign the API shows (drafts are not); anything else is 404."""
    found = db.session.get(Campaign, campaign_id) if campaign_id <= services.MAX_ID else None
    if found is None or found.status == CampaignStatus.DRAFT:
        abort(404, "no such campaign")
    return found


@bp.get("/campaigns/<int:campaign_id>/aggregates")
@access("public")
def campaign_aggregates(campaign_id: int):
    """The dashboard's aggregates with disclosure control applied (masked values are null)."""
    camp = _campaign(campaign_id)
    return jsonify({"campaign_id": camp.id, "threshold": THRESHOLD,
                    "data": published.as_json(dashboard.compute(camp))})


@bp.get("/campaigns/<int:campaign_id>/exports/<name>")
@access("public")
def campaign_export(campaign_id: int, name: str):
    """One file of the campaign's exports, by the name the council's pages give it."""
    answer = downloads.response(_campaign(campaign_id), name) or abort(404, "no such export")
    commit()  # a long CSV's first download stores its snapshots' lines
    return answer
