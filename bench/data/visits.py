"""Benchmark data: learning visits, their registrations and feedback, and their calendar entries.

At scale 1: 600 visits (30 % of the 2,000 "events and visits" of a year, see
foundation.py) over the past year and the coming six months, hosted by
PTCE of every region, and about 20,000 registrations. Registrations are
replayed in order through the feature's own seat rule (``seats.can_take_seat``):
confirmed while a seat is free for the person (capacity, per-PTCE cap, seats
held for emerging PTCE), else on the waitlist; a cancelled seat goes to the
first person in line who may take it. So confirmed ≤ capacity everywhere and
nobody waits while a seat they could take is free.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from cellule.blueprints.calendar.models import Event
from cellule.blueprints.directory.models import Ptce
from cellule.blueprints.directory.reference import SECTORS, SUPPORT_TOPICS, Stage
from cellule.blueprints.visits import services
from cellule.blueprints.visits.models import RegistrationStatus, Feedback, Registration, Visit, VisitStatus
from cellule.blueprints.visits.seats import SeatState, can_take_seat
from cellule.extensions import db

from . import names, rows as build
from .context import Context
from .foundation import EVENTS_AND_VISITS, VISIT_SHARE

REGISTRATIONS = 20_000
TITLES = (
    "Visite apprenante : {theme}", "Découvrir {host}", "Une journée chez {host}",
    "Coopérer autour de {theme} : retour d'expérience", "Visite de terrain : {theme}",
)
THEMES = ("la mutualisation d'emplois", "un tiers-lieu nourricier", "une ressourcerie et ses partenaires",
          "la restauration collective en circuits courts", "une SCIC énergie citoyenne",
          "l'insertion par l'activité économique", "une plateforme de mobilité solidaire",
          "un groupement d'employeurs", "la rénovation énergétique en coopération",
          "une conciergerie de territoire")
CAPACITIES = (8, 10, 12, 12, 15, 15, 15, 20, 20, 25, 30, 40)
LEARNED = ("Comment répartir les rôles entre structures membres.", "Les étapes du montage d'une SCIC.",
           "Des idées pour associer les habitants au pilotage.", "Les outils de suivi partagés du pôle.")
REUSE = ("Le tableau de bord commun.", "La charte de coopération.", "Le planning partagé des bénévoles.",
         "La convention type avec l'intercommunalité.")


def _status(rng, start: datetime, now: datetime) -> VisitStatus:
    if start < now:
        return rng.choices([VisitStatus.HELD, VisitStatus.PUBLISHED, VisitStatus.CANCELLED], [85, 10, 5])[0]
    return rng.choices([VisitStatus.PUBLISHED, VisitStatus.DRAFT, VisitStatus.CANCELLED], [88, 8, 4])[0]


def generate(ctx: Context, rng) -> None:
    now = ctx.now
    regions = {r["id"]: r for r in ctx.regions}
    stages = dict(ctx.conn.execute(sa.select(Ptce.id, Ptce.stage)).all())
    visits = []
    for n in range(1, ctx.n(round(EVENTS_AND_VISITS * VISIT_SHARE)) + 1):
        host = rng.choice(ctx.ptces)
        region = regions[host["region_id"]]
        tz = ZoneInfo(region["timezone"])
        day = now.astimezone(tz).date() + timedelta(days=rng.randint(-365, 180))
        start = datetime.combine(day, time(rng.choice((9, 9, 10, 14))), tzinfo=tz)
        hours = rng.choice((2, 3, 3, 4, 6))
        capacity = rng.choice(CAPACITIES)
        inter = rng.random() < 0.15
        reserved = 2 if capacity >= 12 and rng.random() < 0.15 else 0
        created = min(start - timedelta(days=rng.randint(25, 90)), now - timedelta(days=rng.randint(1, 20)))
        status = _status(rng, start, now)
        town = rng.choice(names.TOWNS[region["code"]].split("|"))
        visits.append(build.visit(
            region["id"], host["id"], rng.choice(TITLES).format(theme=rng.choice(THEMES), host=host["name"])[:200],
            start, start + timedelta(hours=hours), capacity, created,
            sectors=rng.sample(list(SECTORS), rng.randint(1, 2)),
            topics=rng.sample(list(SUPPORT_TOPICS), rng.randint(1, 3)),
            programme=(f"## Programme\n\n- Accueil et présentation de {host['name']}\n"
                       f"- Visite de deux structures membres à {town}\n"
                       "- Échange : ce que chacun peut reprendre chez soi\n- Déjeuner partagé"),
            address=f"Siège du pôle, {town}",
            registration_opens_at=created + timedelta(days=2) if rng.random() < 0.5 else None,
            registration_closes_at=start - timedelta(days=2) if rng.random() < 0.5 else None,
            open_to_partners=rng.random() < 0.8, open_to_other_regions=inter,
            per_ptce_cap=3 if inter or rng.random() < 0.2 else None,
            reserved_emerging_seats=reserved, reserved_until=start - timedelta(days=10) if reserved else None,
            status=status, sequence=(1 if status is VisitStatus.CANCELLED else 0) + (rng.random() < 0.1),
            created_by_id=rng.choice(ctx.coordinators[region["id"]])))
    ctx.insert(Visit, visits)
    ids = ctx.conn.execute(sa.select(Visit.id).order_by(Visit.id)).scalars().all()
    for visit, visit_id in zip(visits, ids, strict=True):
        visit["id"] = visit_id
    ctx.shared["visits"] = visits
    _calendar(ctx)
    _registrations(ctx, rng, visits, stages)


def _calendar(ctx: Context) -> None:
    """The calendar entry of each published, held or cancelled visit, written by the feature's own rule."""
    with ctx.session():
        mirrored = db.session.scalars(sa.select(Visit).where(Visit.status != VisitStatus.DRAFT)
                                      .order_by(Visit.id)).all()
        for visit in mirrored:
            services.sync_calendar(visit)
    ctx.count(Event, len(mirrored))


def _pools(ctx: Context) -> tuple[dict, dict, list]:
    """Who may register: members by region (with their PTCE), partners by region, everyone for inter-regional."""
    regions_of = {p["id"]: p["region_id"] for p in ctx.ptces}
    members: dict[int, list[tuple[int, int]]] = {}
    seen = set()
    for ptce_id, user_ids in ctx.members.items():
        for user_id in user_ids:
            key = (user_id, regions_of[ptce_id])
            if key not in seen:  # a person's first PTCE in a region is the one they register with
                seen.add(key)
                members.setdefault(regions_of[ptce_id], []).append((user_id, ptce_id))
    partners = {region_id: [(u, None) for u in users] for region_id, users in ctx.partners.items()}
    everyone = [pair for pairs in members.values() for pair in pairs]
    return members, partners, everyone


def _registrations(ctx: Context, rng, visits: list[dict], stages: dict) -> None:
    members, partners, everyone = _pools(ctx)
    open_visits = [v for v in visits if v["status"] is not VisitStatus.DRAFT]
    demand = [v["capacity"] * rng.uniform(0.6, 2.4) for v in open_visits]
    factor = ctx.n(REGISTRATIONS) / max(1.0, sum(demand))
    regs, feedback = [], []
    for visit, wanted in zip(open_visits, demand, strict=True):
        pool = list(members.get(visit["region_id"], []))
        if visit["open_to_partners"]:
            pool += partners.get(visit["region_id"], [])
        if visit["open_to_other_regions"]:
            pool += rng.sample(everyone, min(len(everyone), 40))
        chosen, users = [], set()
        for user_id, ptce_id in rng.sample(pool, min(len(pool), max(1, round(wanted * factor)))):
            if user_id not in users:
                users.add(user_id)
                chosen.append((user_id, ptce_id))
        regs.extend(_replay(rng, visit, chosen, stages, ctx.now))
    ctx.insert(Registration, regs)
    # Feedback from some of the people present at held visits.
    held = {v["id"] for v in visits if v["status"] is VisitStatus.HELD}
    present = ctx.conn.execute(sa.select(Registration.id, Registration.visit_id).where(
        Registration.attended, Registration.status == RegistrationStatus.CONFIRMED).order_by(Registration.id)).all()
    for reg_id, visit_id in present:
        if visit_id in held and rng.random() < 0.4:
            feedback.append(dict(registration_id=reg_id, rating=rng.choices((2, 3, 4, 5), (1, 3, 8, 8))[0],
                                 learned=rng.choice(LEARNED), will_reuse=rng.choice(REUSE), created_at=ctx.now))
    ctx.insert(Feedback, feedback)


def _replay(rng, v: dict, people: list[tuple[int, int | None]], stages: dict, now: datetime) -> list[dict]:
    """Register ``people`` one after the other, cancel some, and return the final rows."""
    visit = Visit(capacity=v["capacity"], per_ptce_cap=v["per_ptce_cap"],
                  reserved_emerging_seats=v["reserved_emerging_seats"], reserved_until=v["reserved_until"])
    opened = v["registration_opens_at"] or v["created_at"]
    closes = min(v["registration_closes_at"] or v["starts_at"], v["starts_at"], now)
    if opened >= closes:  # registration has not opened yet
        return []
    span = (closes - opened).total_seconds()
    moments = sorted(opened + timedelta(seconds=rng.uniform(0, span)) for _ in people)
    rows, position = [], 0
    state = SeatState()

    def take(row):
        state.add(SimpleNamespace(emerging=row["emerging"], ptce_id=row["ptce_id"]))

    def free_seat(at):
        """A seat came free: the first person in line who may take it gets it (offer accepted at once)."""
        waiting = (r for r in rows if r["status"] is RegistrationStatus.WAITLISTED)
        for row in sorted(waiting, key=lambda r: r["waitlist_position"]):
            if state.taken >= visit.capacity:
                return
            if can_take_seat(visit, state, emerging=row["emerging"], ptce_id=row["ptce_id"], now=at):
                row.update(status=RegistrationStatus.CONFIRMED, waitlist_position=None, updated_at=at)
                take(row)

    for (user_id, ptce_id), at in zip(people, moments, strict=True):
        emerging = ptce_id is not None and stages[ptce_id] is Stage.EMERGING
        free = can_take_seat(visit, state, emerging=emerging, ptce_id=ptce_id, now=at)
        row = build.registration(v["id"], user_id, ptce_id,
                                 RegistrationStatus.CONFIRMED if free else RegistrationStatus.WAITLISTED, at,
                                 emerging=emerging, show_name=rng.random() < 0.3)
        if free:
            take(row)
        else:
            position += 1
            row["waitlist_position"] = position
        rows.append(row)
        if rows and rng.random() < 0.08:  # someone registered earlier gives up
            gone = rng.choice(rows)
            if gone["status"] in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED):
                was_seated = gone["status"] is RegistrationStatus.CONFIRMED
                gone.update(status=RegistrationStatus.CANCELLED, waitlist_position=None, updated_at=at)
                if was_seated:
                    state = _recount(rows)
                    free_seat(at)
    if v["status"] is VisitStatus.HELD:
        for row in rows:
            if row["status"] is RegistrationStatus.CONFIRMED:
                row["attended"] = rng.random() < 0.85
                row["reminder_sent_at"] = v["starts_at"] - timedelta(days=1)
    return rows


def _recount(rows: list[dict]) -> SeatState:
    state = SeatState()
    for row in rows:
        if row["status"] is RegistrationStatus.CONFIRMED:
            state.add(SimpleNamespace(emerging=row["emerging"], ptce_id=row["ptce_id"]))
    return state
