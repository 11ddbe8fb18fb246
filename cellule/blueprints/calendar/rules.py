"""Named permission rules of the calendar (usable in templates through ``can``)."""
from __future__ import annotations

from ...permissions import rule
from ..directory.models import Region


@rule("manage_calendar")
def _manage_calendar(user, obj) -> bool:
    """Regional events: the region's coordinators and national admins; national events: admins.

    ``obj`` is an Event, a Region, or None (the national agenda).
    """
    if user.is_council_admin:
        return True
    region_id = obj.id if isinstance(obj, Region) else getattr(obj, "region_id", None)
    return region_id is not None and user.coordinates(region_id)


@rule("view_event")
def _view_event(user, event) -> bool:
    return event.visible_to(user)
