"""Growers of the agenda pages and feeds: events of the region and national ones, a person's own."""
from __future__ import annotations

from datetime import timedelta

from bench.data import rows as build
from cellule.blueprints.auth.models import User
from cellule.blueprints.calendar import days, tokens
from cellule.blueprints.calendar.models import MANUAL_KINDS, Event, EventKind, Visibility
from cellule.database import utcnow
from cellule.extensions import db

from ..rows import World, insert, serial
from .visits import add_visits, register


def month_start():
    """The first day of next month, 00:00 UTC: every grown event falls in that month."""
    now = utcnow()
    return (now.replace(day=1, hour=0, minute=0, second=0, microsecond=0) + timedelta(days=32)).replace(day=1)


def month_arg() -> str:
    return month_start().strftime("%Y-%m")


def add_events(world: World, n: int, *, sources: list[tuple[str, int]] = ()) -> None:
    """``n`` events over next month: two thirds the region's, one third national; public and members-only,
    some cancelled. ``sources`` become events mirroring a visit or a session."""
    start, now = month_start(), utcnow()
    rows = []
    for i in range(n):
        k = next(serial)
        begins = start + timedelta(days=i % 28, hours=8 + i % 9)
        rows.append(build.event(f"perf-{k}@cellule", MANUAL_KINDS[i % len(MANUAL_KINDS)],
                                None if i % 3 == 2 else world.region_id, f"Rencontre {k:05d}",
                                begins, begins + timedelta(hours=2), now, description="Ordre du jour à venir.",
                                location="Lille", visibility=Visibility.MEMBERS if i % 2 else Visibility.PUBLIC,
                                cancelled_at=now if i % 10 == 9 else None))
    for source_type, source_id in sources:
        k = next(serial)
        begins = start + timedelta(days=k % 28, hours=14)
        rows.append(build.event(f"{source_type}-{source_id}@cellule", EventKind.VISIT, world.region_id,
                                f"Visite {k:05d}", begins, begins + timedelta(hours=3), now,
                                visibility=Visibility.MEMBERS, source_type=source_type, source_id=source_id,
                                url_path=f"/{world.region_slug}/visites/{source_id}"))
    insert(Event, days.stamped(db.session.connection(), rows))
    days.rebuild(db.session.connection())  # the agenda's day tallies, as the calendar's hooks keep them
    db.session.commit()


def grow_events(world: World, n: int) -> None:
    add_events(world, n)


def grow_personal(world: World, n: int) -> None:
    """The signed-in person's feed: region and national events, and ``n`` visits they registered for."""
    add_events(world, n)
    visits = add_visits(world, n)
    register(visits, [world.user_id], world.ptce_id)
    add_events(world, 0, sources=[("visit", v) for v in visits])
    if "token" not in world.extra:
        world.extra["token"] = tokens.regenerate(db.session.get(User, world.user_id))
        db.session.commit()


def personal_feed_url(world: World) -> str:
    return f"/agenda/perso/{world.extra['token']}.ics"
