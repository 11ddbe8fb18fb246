"""Growers of the council API's list endpoints (JSON, paginated): the bearer token comes with the world."""
from __future__ import annotations

import sqlalchemy as sa

from cellule.blueprints.api import services as api
from cellule.blueprints.api.models import ApiToken
from cellule.extensions import db

from ..rows import World, add_ptce
from .collection import add_campaigns, add_snapshots, the_campaign


def _token(world: World) -> None:
    def make():
        _row, secret = api.create_token("perf")
        db.session.commit()
        return secret
    world.headers["Authorization"] = f"Bearer {world.once('api_token', make)}"
    # A token records its use at most once a minute: forget the last use, so both counted
    # requests write it (the same statements for 10 rows and for 1,000).
    db.session.execute(sa.update(ApiToken).values(last_used_at=None))
    db.session.commit()


def grow_ptce(world: World, n: int) -> None:
    _token(world)
    add_ptce(world, n)


def grow_campaigns(world: World, n: int) -> None:
    _token(world)
    add_campaigns(world, n)


def grow_snapshots(world: World, n: int) -> None:
    """``n`` forwarded versions of the world's region for one campaign."""
    _token(world)
    add_snapshots(world, the_campaign(world), [world.region_id] * n, entries=1)


def grow_snapshot_answers(world: World, n: int) -> None:
    """A new latest snapshot of the region, holding ``n`` more PTCE answers than the last."""
    _token(world)
    total = world.extra.get("answers", 0) + n
    world.extra["answers"] = total
    add_snapshots(world, the_campaign(world), [world.region_id], entries=total)


def latest_snapshot_url(world: World, suffix: str = "") -> str:
    import sqlalchemy as sa

    from cellule.blueprints.collection.snapshots import Snapshot
    from cellule.extensions import db

    latest = db.session.scalar(sa.select(sa.func.max(Snapshot.id)))
    return f"/api/v1/snapshots/{latest}{suffix}"

