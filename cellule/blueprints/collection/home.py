"""The region home's data collection section: open campaigns' progress, for coordinators."""
from __future__ import annotations

from ...permissions import can
from . import progress, services
from .lifecycle import CampaignStatus


def region_section(region) -> dict | None:
    if not can("manage_region", region):
        return None
    campaigns = services.campaigns([CampaignStatus.OPEN])
    if not campaigns:
        return None
    counts = progress.region_counts(campaigns, region)
    return {"template": "collection/_home.html",
            "campaigns": [(c, counts[c.id]) for c in campaigns]}
