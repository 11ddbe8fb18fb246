"""The region home's section: the next visits."""
from __future__ import annotations

from . import queries


def region_section(region) -> dict | None:
    visits = queries.region_list(region, upcoming=True, include_drafts=False, limit=3)
    return {"template": "visits/_home.html", "visits": visits,
            "visit_counts": queries.counts([v.id for v in visits])}
