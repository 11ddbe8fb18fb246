"""Region home section: the next events the visitor may see."""
from __future__ import annotations

from flask_login import current_user

from . import feeds, presenting, queries

HOME_EVENTS = 5


def region_section(region) -> dict:
    """The next few events of the region (and national ones), members-only ones for its people."""
    events = queries.upcoming(queries.viewer_scope(current_user, region=region), limit=HOME_EVENTS)
    return {"template": "calendar/_home.html", "events": events, "when": presenting.when, "href": feeds.href}
