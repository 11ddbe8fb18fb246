"""Growers of the transfer pages: needs and offers, cycles, a cycle's sessions, a session's actions."""
from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from cellule.blueprints.auth.models import Role
from cellule.blueprints.directory.models import Region
from cellule.blueprints.directory.reference import Stage
from cellule.blueprints.transfers import involvement
from cellule.blueprints.transfers.models import (CycleStatus, NeedStatus, TransferCycle, TransferNeed,
                                                 TransferOffer, cycle_mentee)
from cellule.blueprints.transfers.session_models import (ActionStatus, FollowUpAction, TransferSession,
                                                         session_attendee)
from cellule.database import utcnow
from cellule.extensions import db

from ..rows import World, add_people, add_ptce, insert, serial

_TOPICS = ("governance", "funding", "hr", "partnerships")


def _pool(world: World, key: str, region_slug: str | None = None) -> list[int]:
    """Ten consolidated PTCE (mentors) of the world's region or of ``region_slug``, made once."""
    def make():
        region_id = (db.session.scalar(sa.select(Region.id).where(Region.slug == region_slug))
                     if region_slug else None)
        return add_ptce(world, 10, region_id=region_id, stage=Stage.CONSOLIDATED)
    return world.once(key, make)


def add_offers(ptce_ids: list[int], n: int, topic: str | None = None) -> None:
    now = utcnow()
    insert(TransferOffer, [dict(ptce_id=ptce_ids[i % len(ptce_ids)], topic=topic or _TOPICS[i % 4],
                                sector="employment" if i % 2 else None, description=f"Offre {next(serial)}",
                                capacity_per_year=1 + i % 3, active=i % 5 != 4, created_at=now, updated_at=now)
                           for i in range(n)])


def add_cycles(world: World, mentors: list[int], n: int, status: CycleStatus | None = None) -> list[int]:
    """``n`` cycles led by the world's region, mentors from ``mentors``, the world's PTCE as mentee."""
    now = utcnow()
    statuses = list(CycleStatus)
    rows = [dict(region_id=world.region_id, mentor_id=mentors[i % len(mentors)], title=f"Cycle {next(serial):05d}",
                 topics=["governance"], goals="Partager la gouvernance.", planned_sessions=3,
                 status=status or statuses[i % len(statuses)], created_at=now) for i in range(n)]
    ids = insert(TransferCycle, rows, "title")
    insert(cycle_mentee, [dict(cycle_id=c, ptce_id=world.ptce_id) for c in ids])
    involvement.write(db.session.connection(), ids)  # as the transfers' session hook keeps them
    db.session.commit()
    return ids


def grow_overview(world: World, n: int) -> None:
    """The region's needs (of the world's PTCE), offers and cycles, ``n`` of each."""
    now = utcnow()
    statuses = list(NeedStatus)
    insert(TransferNeed, [dict(ptce_id=world.ptce_id, topic=_TOPICS[i % 4], description=f"Besoin {next(serial)}",
                               status=statuses[i % len(statuses)], created_at=now, updated_at=now)
                          for i in range(n)])
    mentors = _pool(world, "mentors")
    add_offers(mentors + [world.ptce_id], n)
    add_cycles(world, mentors, n)


def grow_other_offers(world: World, n: int) -> None:
    add_offers(_pool(world, "bretagne", "bretagne") + _pool(world, "normandie", "normandie"), n)


def the_need(world: World) -> int:
    """An open governance need of the world's PTCE, made once."""
    now = utcnow()
    return world.once("need", lambda: insert(TransferNeed, [dict(
        ptce_id=world.ptce_id, topic="governance", sector="employment", description=f"Besoin {next(serial)}",
        status=NeedStatus.OPEN, created_at=now, updated_at=now)], "description")[0])


def grow_need_ranking(world: World, n: int) -> None:
    """Offers on the need's topic, from the region and from others, ranked on the need's page."""
    the_need(world)
    add_offers(_pool(world, "mentors") + _pool(world, "bretagne", "bretagne"), n, topic="governance")


def the_cycle(world: World) -> int:
    """An active cycle: the world's PTCE mentors a PTCE of the region."""
    return world.once("cycle", lambda: add_cycles(world, [world.ptce_id], 1, CycleStatus.ACTIVE)[0])


def add_sessions(cycle_id: int, n: int) -> list[int]:
    start, now = utcnow() + timedelta(days=2), utcnow()
    rows = [dict(cycle_id=cycle_id, title=f"Séance {next(serial):05d}", starts_at=start + timedelta(days=i),
                 ends_at=start + timedelta(days=i, hours=2), address="Lille", minutes="Compte rendu.",
                 cancelled_at=now if i % 7 == 6 else None, created_at=now, updated_at=now) for i in range(n)]
    return insert(TransferSession, rows, "title")


def add_actions(session_ids: list[int], owners: list[int], n: int) -> None:
    insert(FollowUpAction, [dict(session_id=session_ids[i % len(session_ids)], title=f"Action {next(serial)}",
                                 owner_id=owners[i % len(owners)] if i % 3 else None, due_on=date.today(),
                                 status=ActionStatus.DONE if i % 2 else ActionStatus.TODO) for i in range(n)])


def grow_cycle_sessions(world: World, n: int) -> None:
    """``n`` sessions of the cycle, each attended by the signed-in person, each with one action."""
    sessions = add_sessions(the_cycle(world), n)
    insert(session_attendee, [dict(session_id=s, user_id=world.user_id) for s in sessions])
    add_actions(sessions, [world.user_id], n)


def the_session(world: World) -> int:
    return world.once("session", lambda: add_sessions(the_cycle(world), 1)[0])


def grow_session(world: World, n: int) -> None:
    """One session with ``n`` attendees and ``n`` follow-up actions owned by them."""
    session = the_session(world)
    people = add_people(n, Role.PTCE_MEMBER, world.region_id, world.ptce_id)
    insert(session_attendee, [dict(session_id=session, user_id=u) for u in people])
    add_actions([session], people, n)
