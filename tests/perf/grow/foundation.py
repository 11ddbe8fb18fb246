"""Growers of the foundation's list pages: directory, teams, members, profile."""
from __future__ import annotations

from cellule.blueprints.auth.models import Membership, PartnerKind, Role
from cellule.database import utcnow

from ..rows import World, add_invitations, add_people, add_ptce, insert


def grow_directory(world: World, n: int) -> None:
    add_ptce(world, n)


def grow_region_team(world: World, n: int) -> None:
    half = max(1, n // 2)
    add_people(half, Role.COORDINATOR, region_id=world.region_id)
    add_people(n - half, Role.PARTNER, region_id=world.region_id, partner_kind=PartnerKind.TECHNICIAN)
    add_invitations(min(n, 50), Role.PARTNER, region_id=world.region_id)


def grow_ptce_members(world: World, n: int) -> None:
    add_people(n, Role.PTCE_MEMBER, region_id=world.region_id, ptce_id=world.ptce_id)
    add_invitations(min(n, 50), Role.PTCE_MEMBER, region_id=world.region_id, ptce_id=world.ptce_id)


def grow_council(world: World, n: int) -> None:
    add_people(n, Role.COUNCIL_OBSERVER)
    add_invitations(min(n, 50), Role.COUNCIL_OBSERVER)


def grow_profile(world: World, n: int) -> None:
    """The signed-in person gains ``n`` PTCE memberships (each PTCE with its region)."""
    now = utcnow()
    ids = add_ptce(world, n)
    insert(Membership, [dict(user_id=world.user_id, role=Role.PTCE_MEMBER, region_id=world.region_id, ptce_id=i,
                             referent=False, created_at=now) for i in ids])
