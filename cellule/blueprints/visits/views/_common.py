"""Helpers shared by the visits pages."""
from __future__ import annotations

from flask import g

from ....loading import in_region_or_404
from ....permissions import ensure
from ..models import Visit


def load_visit(visit_id: int, rule: str = "view_visit"):
    """The region's visit, or 404; then the object check (404 foreign, 403 forbidden)."""
    visit = in_region_or_404(g.region, Visit, Visit.id == visit_id)
    if rule == "view_visit" and visit.is_public:
        return visit
    ensure(rule if rule != "view_visit" else "manage_visit", visit)
    return visit
