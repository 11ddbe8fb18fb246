"""What the list-page growers share: the page's world and bulk inserts of the foundation's rows.

Every grower writes with Core ``insert`` and one executemany per table, so
1,000 rows cost a few statements and the count test stays quick on PostgreSQL.
Rows are built and written by the benchmark's own generator (``bench/data/rows.py``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from itertools import count

import sqlalchemy as sa

from bench.data import rows as build
from cellule.blueprints.auth.models import AuthToken, Membership, Role, TokenKind, User
from cellule.blueprints.directory.models import Ptce, PtceActivity, PtceSector
from cellule.blueprints.directory.reference import Stage
from cellule.database import utcnow
from cellule.extensions import db

serial = count(1)


@dataclass
class World:
    """What a page needs: the region, a PTCE there, and who is signed in."""

    region_id: int
    region_slug: str
    ptce_id: int
    ptce_slug: str
    user_id: int | None = None  # plain values: the session is emptied before each counted request
    headers: dict = field(default_factory=dict)  # sent with the counted request (API bearer token)
    extra: dict = field(default_factory=dict)    # what a grower made once and reuses (a visit, a cycle …)

    def once(self, key: str, make):
        """``make()`` on the first call, the same value afterwards (growers run twice: 10, then 990 rows)."""
        if key not in self.extra:
            self.extra[key] = make()
        return self.extra[key]


def insert(model, rows: list[dict], key: str | None = None) -> list[int]:
    """Bulk-insert rows (one executemany) and return their ids, found back by the unique ``key``."""
    if not rows:
        return []
    build.insert(db.session.connection(), model, rows)
    db.session.commit()
    if key is None:
        return []
    column = getattr(model, key)
    ids = []
    values = [r[key] for r in rows]
    for start in range(0, len(values), 500):  # stay under SQLite's bound-parameter limit
        ids.extend(db.session.scalars(sa.select(model.id).where(column.in_(values[start:start + 500]))
                                      .order_by(model.id)))
    return ids


def add_ptce(world: World, n: int, region_id: int | None = None, stage: Stage = Stage.DEVELOPING) -> list[int]:
    now = utcnow()
    rows = []
    for _ in range(n):
        k = next(serial)
        rows.append(build.ptce(700000 + k, f"Pôle {k:05d}", f"pole-{k}", region_id or world.region_id, now,
                               department_code="59", territory="Métropole lilloise", communes=["59350"],
                               stage=stage, charter_signatory=k % 2 == 0))
    ids = insert(Ptce, rows, "slug")
    db.session.execute(PtceSector.__table__.insert(), [{"ptce_id": i, "code": "employment"} for i in ids])
    db.session.execute(PtceActivity.__table__.insert(), [{"ptce_id": i, "code": "services"} for i in ids])
    db.session.commit()
    return ids


def add_people(n: int, role: Role | None, region_id=None, ptce_id=None, partner_kind=None) -> list[int]:
    now = utcnow()
    users = []
    for _ in range(n):
        k = next(serial)
        users.append(build.user(f"perf{k}@example.org", f"Personne {k:05d}", now))
    ids = insert(User, users, "email")
    if role is not None:
        insert(Membership, [build.membership(i, role, now, region_id=region_id, ptce_id=ptce_id,
                                             partner_kind=partner_kind) for i in ids])
    return ids


def add_invitations(n: int, role: Role, region_id=None, ptce_id=None) -> None:
    now = utcnow()
    insert(AuthToken, [
        dict(kind=TokenKind.INVITATION, secret_hash=f"perf-{next(serial)}", email=f"invite{k}@example.org",
             name=f"Invité {k}", role=role, region_id=region_id, ptce_id=ptce_id, referent=False,
             created_at=now, expires_at=now + timedelta(days=14)) for k in range(n)])
