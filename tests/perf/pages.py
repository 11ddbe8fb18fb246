"""The list pages whose query count must not grow with their rows.

Each entry signs someone in (or not), adds ``n`` rows of what the page lists
with ``grow(world, n)``, and names the URL. A feature adds its list pages with
one entry each: ``ListPage("visits (region)", "coordinator", grow_visits,
lambda w: f"/{w.region_slug}/visites/")``.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import count

import sqlalchemy as sa

from cellule.blueprints.auth.models import AuthToken, Membership, PartnerKind, Role, TokenKind, User
from cellule.blueprints.bench.foundation import bench_siret
from cellule.blueprints.directory.models import Ptce, PtceActivity, PtceSector
from cellule.blueprints.directory.reference import Stage
from cellule.database import utcnow
from cellule.extensions import db

MAX_QUERIES = 12
_serial = count(1)


@dataclass
class World:
    """What a page needs: the region, a PTCE there, and who is signed in."""

    region_id: int
    region_slug: str
    ptce_id: int
    ptce_slug: str
    user_id: int | None = None  # plain values: the session is emptied before each counted request


def _insert(model, rows: list[dict], key: str) -> list[int]:
    """Bulk-insert rows (one executemany) and return their ids, found back by the unique ``key``."""
    db.session.execute(model.__table__.insert(), rows)
    db.session.commit()
    column = getattr(model, key)
    return list(db.session.scalars(sa.select(model.id).where(column.in_([r[key] for r in rows]))))


def add_ptce(world: World, n: int) -> list[int]:
    now = utcnow()
    rows = []
    for _ in range(n):
        k = next(_serial)
        rows.append(dict(name=f"Pôle {k:05d}", slug=f"pole-{k}", region_id=world.region_id, department_code="59",
                         territory="Métropole lilloise", communes=["59350"], siret=bench_siret(700000 + k),
                         stage=Stage.DEVELOPING, charter_signatory=k % 2 == 0, created_at=now,
                         updated_at=now))
    ids = _insert(Ptce, rows, "slug")
    db.session.execute(PtceSector.__table__.insert(), [{"ptce_id": i, "code": "employment"} for i in ids])
    db.session.execute(PtceActivity.__table__.insert(), [{"ptce_id": i, "code": "services"} for i in ids])
    db.session.commit()
    return ids


def add_people(n: int, role: Role, region_id=None, ptce_id=None, partner_kind=None) -> list[int]:
    now = utcnow()
    users = []
    for _ in range(n):
        k = next(_serial)
        users.append(dict(email=f"perf{k}@example.org", name=f"Personne {k:05d}", password_hash=None,
                          active=True, locale="fr", session_version=1, created_at=now))
    ids = _insert(User, users, "email")
    db.session.execute(Membership.__table__.insert(), [
        dict(user_id=i, role=role, region_id=region_id, ptce_id=ptce_id, referent=False,
             partner_kind=partner_kind, created_at=now) for i in ids])
    db.session.commit()
    return ids


def add_invitations(n: int, role: Role, region_id=None, ptce_id=None) -> None:
    now = utcnow()
    db.session.execute(AuthToken.__table__.insert(), [
        dict(kind=TokenKind.INVITATION, secret_hash=f"perf-{next(_serial)}", email=f"invite{k}@example.org",
             name=f"Invité {k}", role=role, region_id=region_id, ptce_id=ptce_id, referent=False,
             created_at=now, expires_at=now + timedelta(days=14)) for k in range(n)])
    db.session.commit()


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
    db.session.execute(Membership.__table__.insert(), [
        dict(user_id=world.user_id, role=Role.PTCE_MEMBER, region_id=world.region_id, ptce_id=i,
             referent=False, created_at=now) for i in ids])
    db.session.commit()


@dataclass
class ListPage:
    name: str
    role: str | None                      # login(role, …) arguments: role name or None (visitor)
    grow: Callable[[World, int], None]
    url: Callable[[World], str]
    login: dict = field(default_factory=dict)  # extra login() keywords: "region", "referent", "ptce"


LIST_PAGES: list[ListPage] = [
    ListPage("national home", None, grow_directory, lambda w: "/"),
    ListPage("region home", None, grow_directory, lambda w: f"/{w.region_slug}/"),
    ListPage("directory, national", None, grow_directory, lambda w: "/annuaire/"),
    ListPage("directory, region", None, grow_directory, lambda w: f"/{w.region_slug}/annuaire/"),
    ListPage("directory, region, as coordinator", "coordinator", grow_directory,
             lambda w: f"/{w.region_slug}/annuaire/?q=P%C3%B4le", {"region": "hauts-de-france"}),
    ListPage("directory, filtered by sector", None, grow_directory,
             lambda w: "/annuaire/?sector=employment&charter=yes"),
    ListPage("region team", "coordinator", grow_region_team, lambda w: f"/{w.region_slug}/equipe",
             {"region": "hauts-de-france"}),
    ListPage("PTCE members", "ptce_member", grow_ptce_members,
             lambda w: f"/{w.region_slug}/annuaire/{w.ptce_slug}/membres", {"referent": True, "ptce": "world"}),
    ListPage("PTCE record with members", "ptce_member", grow_ptce_members,
             lambda w: f"/{w.region_slug}/annuaire/{w.ptce_slug}", {"ptce": "world"}),
    ListPage("council team", "council_admin", grow_council, lambda w: "/conseil/equipe"),
    ListPage("profile", "ptce_member", grow_profile, lambda w: "/profil", {"ptce": "world"}),
]
