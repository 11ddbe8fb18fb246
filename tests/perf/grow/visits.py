"""Growers of the visit pages: a region's visits, one visit's registrations, a person's registrations."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from bench.data import rows as build
from cellule.blueprints.auth.models import Role
from cellule.blueprints.visits.models import Feedback, Registration, RegistrationStatus, Visit, VisitStatus
from cellule.database import utcnow
from cellule.extensions import db

from ..rows import World, add_people, insert, serial

_STATUSES = (VisitStatus.PUBLISHED, VisitStatus.PUBLISHED, VisitStatus.DRAFT, VisitStatus.CANCELLED)


def add_visits(world: World, n: int, *, upcoming_only: bool = False, status: VisitStatus | None = None,
               capacity: int = 20) -> list[int]:
    """``n`` visits hosted by the world's PTCE, upcoming and past, of every status, half open to other regions."""
    now = utcnow()
    rows = []
    for i in range(n):
        k = next(serial)
        past = not upcoming_only and i % 3 == 2
        start = now + (timedelta(days=-(5 + i % 300)) if past else timedelta(days=3 + i % 300, hours=i % 8))
        rows.append(build.visit(world.region_id, world.ptce_id, f"Visite {k:05d}", start, start + timedelta(hours=3),
                                capacity, now, sectors=["employment"], programme="Accueil, **visite**, échanges.",
                                address="Lille", status=status or (VisitStatus.HELD if past else _STATUSES[i % 4]),
                                open_to_other_regions=i % 2 == 0))
    return insert(Visit, rows, "title")


def register(visit_ids: list[int], user_ids: list[int], ptce_id=None, *, capacity: int | None = None,
             show_name: bool = True) -> list[int]:
    """Register each person to each visit: confirmed up to ``capacity``, then waitlisted in order."""
    now = utcnow()
    rows = []
    for visit_id in visit_ids:
        for i, user_id in enumerate(user_ids):
            confirmed = capacity is None or i < capacity
            rows.append(_registration(visit_id, user_id, ptce_id, i, confirmed, now, show_name and i % 2 == 1))
    insert(Registration, rows)
    return rows


def _registration(visit_id: int, user_id: int, ptce_id, i: int, confirmed: bool, now, show_name: bool) -> dict:
    """The ``i``-th person's registration: confirmed, or in line at place ``i``; one in four from an emerging PTCE."""
    return build.registration(visit_id, user_id, ptce_id,
                              RegistrationStatus.CONFIRMED if confirmed else RegistrationStatus.WAITLISTED, now,
                              emerging=i % 4 == 0, waitlist_position=None if confirmed else i,
                              attended=confirmed and i % 2 == 0, show_name=show_name)


def grow_region_visits(world: World, n: int) -> None:
    """A region's visits, each with two registrations, one of them the signed-in person's ("mine")."""
    ids = add_visits(world, n)
    people = world.once("registrants", lambda: add_people(1, Role.PTCE_MEMBER, world.region_id, world.ptce_id))
    register(ids, people + ([world.user_id] if world.user_id else []), world.ptce_id)


def grow_national_visits(world: World, n: int) -> None:
    register(add_visits(world, n, upcoming_only=True, status=VisitStatus.PUBLISHED),
             world.once("registrants", lambda: add_people(1, Role.PTCE_MEMBER, world.region_id, world.ptce_id)),
             world.ptce_id)


def the_visit(world: World) -> int:
    """One upcoming published visit of the world's PTCE (30 seats), made on first use."""
    return world.once("visit", lambda: add_visits(world, 1, upcoming_only=True,
                                                 status=VisitStatus.PUBLISHED, capacity=30)[0])


def grow_registrations(world: World, n: int) -> None:
    """``n`` people registered to one visit (30 confirmed, the rest in line); present ones gave feedback."""
    visit_id = the_visit(world)
    before = world.extra.get("registered", 0)
    people = add_people(n, Role.PTCE_MEMBER, world.region_id, world.ptce_id)
    now = utcnow()
    rows = []
    for i, user_id in enumerate(people, start=before):
        confirmed = i < 30
        rows.append(_registration(visit_id, user_id, world.ptce_id, i, confirmed, now, i % 2 == 1))
    insert(Registration, rows)
    world.extra["registered"] = before + n
    present = db.session.scalars(sa.select(Registration.id).where(
        Registration.visit_id == visit_id, Registration.attended, Registration.user_id.in_(people)))
    insert(Feedback, [dict(registration_id=r, rating=1 + r % 5, learned="La gouvernance partagée.",
                           will_reuse="Le comité de pilotage.", created_at=now) for r in present])


def visit_url(world: World, suffix: str = "") -> str:
    return f"/{world.region_slug}/visites/{the_visit(world)}{suffix}"
