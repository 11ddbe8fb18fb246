"""Helpers shared by the visits pages."""
from __future__ import annotations

from flask import abort, g

from ....permissions import ensure
from .. import services


def load_visit(visit_id: int, rule: str = "view_visit"):
    """The region's visit, or 404; then the object check (404 foreign, 403 forbidden)."""
    visit = services.get_visit(g.region, visit_id)
    if visit is None:
        abort(404)
    if rule == "view_visit" and visit.is_public:
        return visit
    ensure(rule if rule != "view_visit" else "manage_visit", visit)
    return visit
