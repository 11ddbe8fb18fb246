"""Named permission rules of peer transfer (usable in views with ensure() and in templates with can())."""
from __future__ import annotations

from ...permissions import rule
from .models import CycleStatus, Side


def _coordinates_any(user, region_ids) -> bool:
    return user.is_council_admin or any(user.coordinates(rid) for rid in region_ids)


def declares_in_region(user, region_id: int) -> bool:
    """Whether the person declares for every PTCE of the region (its coordinators, the council's admins)."""
    return _coordinates_any(user, [region_id])


@rule("transfers_declare")
def declare(user, ptce) -> bool:
    """Needs and offers of a PTCE are declared by its members and its region's coordinators."""
    return user.member_of(ptce) or declares_in_region(user, ptce.region_id)


@rule("transfers_see_declaration")
def see_declaration(user, item) -> bool:
    """A need or offer is seen by those who may declare it and by the national council."""
    return user.is_council or declare(user, item.ptce)


@rule("transfers_manage_cycle")
def manage_cycle(user, cycle) -> bool:
    """Coordinators of any region involved in the cycle (and national admins) steer it."""
    return _coordinates_any(user, cycle.region_ids)


@rule("transfers_view_private")
def view_private(user, cycle) -> bool:
    """Minutes, actions and assessments: participants, involved coordinators, the council."""
    return user.is_council or manage_cycle(user, cycle) or bool(cycle.sides_of(user))


@rule("transfers_take_part")
def take_part(user, cycle) -> bool:
    """Plan sessions, write minutes and actions: participants and involved coordinators."""
    return manage_cycle(user, cycle) or bool(cycle.sides_of(user))


@rule("transfers_accept")
def accept(user, cycle) -> bool:
    """A referent of a side that has not accepted yet."""
    if cycle.status is not CycleStatus.PROPOSED:
        return False
    pending = {Side.MENTOR: cycle.mentor_accepted_at is None, Side.MENTEE: cycle.mentee_accepted_at is None}
    return any(pending[side] for side in cycle.referent_sides(user))


@rule("transfers_abandon")
def abandon(user, cycle) -> bool:
    """Involved coordinators, or a referent of either side, may call a cycle off."""
    return manage_cycle(user, cycle) or bool(cycle.referent_sides(user))


@rule("transfers_assess")
def assess(user, cycle) -> bool:
    """Members of a side that has not assessed the closed cycle yet."""
    if cycle.status is not CycleStatus.CLOSED:
        return False
    done = {a.side for a in cycle.assessments}
    return any(side not in done for side in cycle.sides_of(user))
