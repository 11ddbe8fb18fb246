"""The region home's data collection section: open campaigns' progress, for coordinators."""
from __future__ import annotations

from ...permissions import can
from . import services
from .lifecycle import CampaignStatus


def region_section(region) -> dict | None:
    if not can("manage_region", region):
        return None
    campaigns = services.campaigns([CampaignStatus.OPEN])
    if not campaigns:
        return None
    return {"template": "collection/_home.html",
            "campaigns": [(c, services.region_progress(c, region).counts) for c in campaigns]}
