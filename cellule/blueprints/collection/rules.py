"""Named permission rules of data collection (usable in views and templates)."""
from __future__ import annotations

from ...permissions import RULES, rule


@rule("view_response")
def _view_response(user, response) -> bool:
    """A PTCE's answers: its own members, and its region's coordinators (not other PTCE)."""
    return RULES["manage_region"](user, response) or user.member_of(response.ptce)


@rule("fill_response")
def _fill_response(user, response) -> bool:
    """Only the PTCE's referents answer; coordinators review, they do not answer for it."""
    return user.referent_of(response.ptce)


@rule("review_response")
def _review_response(user, response) -> bool:
    return RULES["manage_region"](user, response)
