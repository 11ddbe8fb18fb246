"""Generators for what the foundation holds: PTCE, people and their roles, calendar events.

At scale 1, about France today: 200 PTCE over the 18 regions, 5,000 people
and 2,000 events and visits: 1,400 events entered in the calendar here, 600
learning visits from ``visits.py`` (each mirrored in the
calendar). Everything is drawn from seeded streams.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from cellule.blueprints.auth.models import Membership, PartnerKind, Role, User
from cellule.blueprints.calendar import days
from cellule.blueprints.calendar.models import Event, EventKind, Visibility
from cellule.blueprints.directory.models import Ptce, PtceActivity, PtceSector
from cellule.blueprints.directory.reference import ACTIVITY_TYPES, SECTORS, Stage
from cellule.blueprints.directory.services import slugify

from . import names, rows as build
from .context import BENCH_ACCOUNTS, BENCH_REGION, Context

STAGE_WEIGHTS = {Stage.EMERGING: 3, Stage.DEVELOPING: 4, Stage.CONSOLIDATED: 4, Stage.INACTIVE: 1}


def directory(ctx: Context, rng) -> None:
    """PTCE spread over the regions by weight, with sectors, activity types and valid SIRETs."""
    regions = ctx.regions
    weights = [names.WEIGHTS[r["code"]] for r in regions]
    rows, slugs = [], set()
    for n in range(1, ctx.n(200) + 1):
        region = rng.choices(regions, weights)[0]
        towns = names.TOWNS[region["code"]].split("|")
        town = rng.choice(towns)
        theme = rng.choice(names.THEMES)
        name = rng.choice(names.PTCE_PATTERNS).format(
            theme=theme, theme_cap=theme[0].upper() + theme[1:], town=town, area=rng.choice(names.AREAS))
        slug = slugify(name)
        if slug in slugs:
            name, slug = f"{name} {n}", f"{slug}-{n}"
        slugs.add(slug)
        department = rng.choice(names.DEPARTMENTS[region["code"]].split())
        created = rng.randint(2000, 2025)
        charter = rng.random() < 0.55
        stage = rng.choices(list(STAGE_WEIGHTS), list(STAGE_WEIGHTS.values()))[0]
        commune_prefix = department if len(department) == 3 else department.ljust(2, "0")
        communes = [f"{commune_prefix}{rng.randint(1, 99 if len(department) == 3 else 699):0{5 - len(commune_prefix)}d}"
                    for _ in range(rng.randint(1, 4))]
        rows.append(build.ptce(
            n, name, slug, region["id"], ctx.now, department_code=department,
            territory=rng.choice(names.TERRITORY_PATTERNS).format(town=town), communes=communes,
            rna=f"W{rng.randint(0, 999_999_999):09d}" if rng.random() < 0.6 else None,
            stage=stage, charter_signatory=charter,
            charter_year=rng.randint(max(created, 2014), 2025) if charter else None, creation_year=created,
            website=f"https://{slug[:50]}.example.org" if rng.random() < 0.7 else None,
            description=(f"{name} réunit des structures de l'économie sociale et solidaire, des entreprises "
                         f"et des collectivités autour de {town} pour développer des activités "
                         f"utiles au territoire."),
            contact_name=f"{rng.choice(names.FIRST_NAMES)} {rng.choice(names.LAST_NAMES)}",
            contact_email=f"contact@{slug[:60]}.example.org", contact_phone=f"0{rng.randint(1, 5)} "
            + " ".join(f"{rng.randint(0, 99):02d}" for _ in range(4)),
            latitude=round(rng.uniform(42.5, 50.8), 4), longitude=round(rng.uniform(-4.5, 7.5), 4)))
    ctx.insert(Ptce, rows)
    ctx.ptces = ctx.rows(sa.select(Ptce.id, Ptce.region_id, Ptce.slug, Ptce.name).order_by(Ptce.id))
    sectors, activities = list(SECTORS), list(ACTIVITY_TYPES)
    ctx.insert(PtceSector, ({"ptce_id": p["id"], "code": c}
                            for p in ctx.ptces for c in rng.sample(sectors, rng.randint(1, 4))))
    ctx.insert(PtceActivity, ({"ptce_id": p["id"], "code": c}
                              for p in ctx.ptces for c in rng.sample(activities, rng.randint(1, 3))))


def _ascii(text: str) -> str:
    return slugify(text).replace("-", "")


class _People:
    """The people being drawn: their user rows, and their plans (email, role, region, PTCE, referent, kind)."""

    def __init__(self, ctx: Context, rng):
        self.ctx, self.rng, self.users, self.plans, self.count = ctx, rng, [], [], 0

    def person(self, email: str, name: str, two_factor: bool = False) -> None:
        # The fixed coordinator and council accounts share the demo key so `make bench` can sign in.
        self.users.append(build.user(email, name, self.ctx.now, password_hash=self.ctx.password_hash,
                                     two_factor=two_factor))

    def next_person(self) -> str:
        self.count += 1
        first, last = self.rng.choice(names.FIRST_NAMES), self.rng.choice(names.LAST_NAMES)
        email = f"{_ascii(first)}.{_ascii(last)}.{self.count}@bench.example.org"
        self.person(email, f"{first} {last}")
        return email

    def plan(self, role: Role, region_id=None, ptce_id=None, referent=False, kind=None, email=None) -> str:
        email = email or self.next_person()
        self.plans.append((email, role, region_id, ptce_id, referent, kind))
        return email


def people(ctx: Context, rng) -> None:
    """5,000 people at scale 1: council, coordinators per region, PTCE members and partners.

    The known ``BENCH_ACCOUNTS`` come first so the load benchmark can sign in.
    """
    drawn = _People(ctx, rng)
    _bench_accounts(ctx, drawn)
    for _ in range(3):
        drawn.plan(Role.COUNCIL_ADMIN)
    for _ in range(5):
        drawn.plan(Role.COUNCIL_OBSERVER)
    per_region = max(2, round(2 * ctx.scale))
    for region in ctx.regions:
        for _ in range(per_region):
            drawn.plan(Role.COORDINATOR, region["id"])
    kinds = list(PartnerKind)
    for _ in range(round(ctx.n(5000) * 0.08)):
        region = rng.choice(ctx.regions)
        drawn.plan(Role.PARTNER, region["id"], kind=rng.choice(kinds))
    _members(ctx, rng, drawn, max(0, ctx.n(5000) - len(drawn.users)))
    ctx.insert(User, drawn.users)
    ctx.users = dict(ctx.conn.execute(sa.select(User.email, User.id)).all())
    ctx.insert(Membership, [_membership(ctx, *plan) for plan in drawn.plans])


def _bench_accounts(ctx: Context, drawn: _People) -> None:
    """The fixed accounts of ``BENCH_ACCOUNTS``, in the benchmark's region and one of its PTCE."""
    region = next(r for r in ctx.regions if r["slug"] == BENCH_REGION)
    ptce = next((p for p in ctx.ptces if p["region_id"] == region["id"]), ctx.ptces[0])
    fixed = [("coordinator", Role.COORDINATOR, region["id"], None, False, None),
             ("council_admin", Role.COUNCIL_ADMIN, None, None, False, None),
             ("referent", Role.PTCE_MEMBER, ptce["region_id"], ptce["id"], True, None),
             ("member", Role.PTCE_MEMBER, ptce["region_id"], ptce["id"], False, None),
             ("partner", Role.PARTNER, region["id"], None, False, PartnerKind.ELECTED)]
    for key, role, region_id, ptce_id, referent, kind in fixed:
        drawn.person(BENCH_ACCOUNTS[key], f"Compte banc d'essai ({key})",
                     two_factor=role in (Role.COORDINATOR, Role.COUNCIL_ADMIN))
        drawn.plan(role, region_id, ptce_id, referent, kind, email=BENCH_ACCOUNTS[key])


def _members(ctx: Context, rng, drawn: _People, remaining: int) -> None:
    """Everyone else works in a PTCE (some in two); the first one or two of each PTCE are its referents."""
    seats = {p["id"]: 0 for p in ctx.ptces}
    for i in range(remaining):
        ptce = ctx.ptces[i % len(ctx.ptces)] if i < len(ctx.ptces) else rng.choice(ctx.ptces)
        seats[ptce["id"]] += 1
        email = drawn.plan(Role.PTCE_MEMBER, ptce["region_id"], ptce["id"], seats[ptce["id"]] <= 2)
        if rng.random() < 0.05:
            other = rng.choice(ctx.ptces)
            if other["id"] != ptce["id"]:
                drawn.plan(Role.PTCE_MEMBER, other["region_id"], other["id"], email=email)


def _membership(ctx: Context, email, role, region_id, ptce_id, referent, kind) -> dict:
    """The membership row of one plan, noted in the context's lists of who holds which role where."""
    user_id = ctx.users[email]
    if role is Role.COORDINATOR:
        ctx.coordinators.setdefault(region_id, []).append(user_id)
    elif role is Role.PTCE_MEMBER:
        ctx.members.setdefault(ptce_id, []).append(user_id)
        if referent:
            ctx.referents.setdefault(ptce_id, []).append(user_id)
    elif role is Role.PARTNER:
        ctx.partners.setdefault(region_id, []).append(user_id)
    else:
        ctx.council.append(user_id)
    return build.membership(user_id, role, ctx.now, region_id=region_id, ptce_id=ptce_id, referent=referent,
                            partner_kind=kind)


# Of the 2,000 dated things of a year at scale 1, the share that are learning visits.
EVENTS_AND_VISITS = 2000
VISIT_SHARE = 0.3


def calendar(ctx: Context, rng) -> None:
    """1,400 hand-entered events at scale 1 over the past and coming year, in each region's local hours.

    The other 600 of the 2,000 "events and visits" are visits (visits.py).
    """
    kinds = [EventKind.REGIONAL_MEETING, EventKind.WEBINAR, EventKind.TRAINING, EventKind.NATIONAL_DAY,
             EventKind.OTHER]
    weights = [5, 3, 3, 1, 2]
    today = ctx.now.date()
    rows = []
    for n in range(1, ctx.n(round(EVENTS_AND_VISITS * (1 - VISIT_SHARE))) + 1):
        kind = rng.choices(kinds, weights)[0]
        region = None if kind is EventKind.NATIONAL_DAY or rng.random() < 0.03 else rng.choice(ctx.regions)
        tz = ZoneInfo(region["timezone"] if region else "Europe/Paris")
        day = today + timedelta(days=rng.randint(-365, 365))
        all_day = kind is EventKind.NATIONAL_DAY
        start = datetime.combine(day, time(0, 0) if all_day else time(rng.randint(8, 17), rng.choice((0, 30)))
                                 , tzinfo=tz)
        end = start + (timedelta(days=1) if all_day else timedelta(minutes=rng.choice((60, 90, 120, 180))))
        town = rng.choice(names.TOWNS[region["code"] if region else "11"].split("|"))
        online = kind is EventKind.WEBINAR
        rows.append(build.event(
            f"bench-{n}@cellule", kind, region["id"] if region else None,
            f"{rng.choice(names.EVENT_TITLES[kind.value])} — {town}", start, end, ctx.now,
            description=f"Rencontre organisée par la cellule régionale à {town}. Ordre du jour envoyé aux inscrits.",
            all_day=all_day, location=None if online else f"Maison de l'ESS, {town}",
            online_url=f"https://visio.example.org/{n}" if online else None,
            visibility=Visibility.MEMBERS if rng.random() < 0.3 else Visibility.PUBLIC,
            cancelled_at=ctx.now if rng.random() < 0.02 else None, sequence=rng.randint(0, 2)))
    ctx.insert(Event, days.stamped(ctx.conn, rows))  # their local days; the day tallies are counted at the end

