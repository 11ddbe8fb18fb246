"""Benchmark data: needs, offers and 100 mentoring cycles (scale 1) with their sessions.

Cycles are at every stage with the timestamps their lifecycle sets (accepted,
started, closed or abandoned), mostly within one region, some across regions.
Sessions follow the rule of the feature (planned once both sides accepted,
until the cycle ends): held ones carry minutes, attendees and follow-up
actions; closed cycles carry both sides' assessments. Each session has its
calendar entry (members only), written by ``session_services.sync_calendar``.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from cellule.blueprints.calendar.models import Event
from cellule.blueprints.directory.reference import SECTORS, SUPPORT_TOPICS
from cellule.blueprints.transfers import involvement, session_services
from cellule.blueprints.transfers.models import (CycleStatus, NeedStatus, Side, TransferCycle, TransferNeed,
                                                 TransferOffer, cycle_mentee)
from cellule.blueprints.transfers.session_models import (ActionStatus, CycleAssessment, FollowUpAction,
                                                         SessionMode, TransferSession, session_attendee)
from cellule.blueprints.transfers.topics import SECTOR, topic_key, topic_label
from cellule.extensions import db

from .context import Context

CYCLES = 100
STATUS_WEIGHTS = {CycleStatus.PROPOSED: 12, CycleStatus.ACCEPTED: 10, CycleStatus.ACTIVE: 40,
                  CycleStatus.CLOSED: 28, CycleStatus.ABANDONED: 10}
ACTIONS = ("Partager les statuts et le règlement intérieur", "Rédiger le projet de charte",
           "Envoyer la grille de coûts", "Organiser la visite des ateliers", "Présenter le projet au bureau",
           "Contacter le service développement économique de l'intercommunalité")


def _topic(rng) -> tuple[str, str | None]:
    topic = rng.choice(list(SUPPORT_TOPICS))
    return topic, rng.choice(list(SECTORS)) if topic == SECTOR else None


def generate(ctx: Context, rng) -> None:
    author = {p["id"]: (ctx.referents.get(p["id"]) or ctx.members.get(p["id"]) or [None])[0] for p in ctx.ptces}
    offers, needs = _offers(ctx, rng, author), _needs(ctx, rng, author)
    ctx.insert(TransferOffer, offers)
    cycles, mentees_of, cycle_needs = [], [], []
    for _ in range(ctx.n(CYCLES)):
        drawn = _cycle(ctx, rng, author, rng.choice(offers))
        if drawn is None:
            continue
        cycles.append(drawn[0])
        mentees_of.append(drawn[1])
        cycle_needs.append(drawn[2])
    ctx.insert(TransferNeed, needs + cycle_needs)
    need_ids = ctx.conn.execute(sa.select(TransferNeed.id).order_by(TransferNeed.id)).scalars().all()[len(needs):]
    for row, need_id in zip(cycles, need_ids, strict=True):
        row["need_id"] = need_id
    ctx.insert(TransferCycle, cycles)
    cycle_ids = ctx.conn.execute(sa.select(TransferCycle.id).order_by(TransferCycle.id)).scalars().all()
    for row, cycle_id in zip(cycles, cycle_ids, strict=True):
        row["id"] = cycle_id
    ctx.insert(cycle_mentee, ({"cycle_id": c["id"], "ptce_id": m["id"]}
                              for c, ms in zip(cycles, mentees_of, strict=True) for m in ms))
    involvement.rebuild(ctx.conn)  # the regions of each cycle, as the transfers' session hook keeps them
    _sessions(ctx, rng, cycles, mentees_of)


def _offers(ctx: Context, rng, author: dict) -> list[dict]:
    """One or two offers from each of 120 PTCE (scale 1)."""
    offers = []
    for p in rng.sample(ctx.ptces, min(len(ctx.ptces), ctx.n(120))):
        for _ in range(rng.randint(1, 2)):
            topic, sector = _topic(rng)
            offers.append(dict(ptce_id=p["id"], topic=topic, sector=sector, created_by_id=author[p["id"]],
                               description=f"{p['name']} partage son expérience : {topic_label(topic_key(topic, sector))}.",
                               capacity_per_year=rng.randint(1, 3), active=rng.random() < 0.9,
                               created_at=ctx.now - timedelta(days=rng.randint(30, 700)), updated_at=ctx.now))
    return offers


def _needs(ctx: Context, rng, author: dict) -> list[dict]:
    """An open need from each of 100 PTCE (scale 1)."""
    needs = []
    for p in rng.sample(ctx.ptces, min(len(ctx.ptces), ctx.n(100))):
        topic, sector = _topic(rng)
        needs.append(dict(ptce_id=p["id"], topic=topic, sector=sector, created_by_id=author[p["id"]],
                          description=f"Nous cherchons un pôle pair pour avancer sur : "
                                      f"{topic_label(topic_key(topic, sector))}.",
                          status=NeedStatus.OPEN, created_at=ctx.now - timedelta(days=rng.randint(5, 400)),
                          updated_at=ctx.now))
    return needs


def _mentees(ctx: Context, rng, mentor: dict) -> list[dict]:
    """One to three mentees, mostly of the mentor's region, by name."""
    same = [p for p in ctx.ptces if p["region_id"] == mentor["region_id"] and p["id"] != mentor["id"]]
    others = [p for p in ctx.ptces if p["id"] != mentor["id"]]
    pool = same if same and rng.random() < 0.85 else others
    return sorted(rng.sample(pool, min(len(pool), rng.choices((1, 2, 3), (80, 15, 5))[0])), key=lambda p: p["name"])


def _cycle(ctx: Context, rng, author: dict, offer: dict) -> tuple[dict, list[dict], dict] | None:
    """A cycle answering ``offer``, its mentees and the need it answers (None: no mentee to be found)."""
    mentor = next(p for p in ctx.ptces if p["id"] == offer["ptce_id"])
    mentees = _mentees(ctx, rng, mentor)
    if not mentees:
        return None
    status = rng.choices(list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values()))[0]
    early = status in (CycleStatus.PROPOSED, CycleStatus.ACCEPTED)
    created = ctx.now - timedelta(days=rng.randint(5, 120) if early else rng.randint(60, 700))
    topic = topic_key(offer["topic"], offer["sector"])
    row = dict(region_id=mentees[0]["region_id"], mentor_id=mentor["id"],
               title=f"{topic_label(topic)} : {mentor['name']} accompagne {mentees[0]['name']}"[:200],
               topics=[topic], goals="- Comprendre l'organisation du pôle mentor\n- Adapter un outil à notre territoire",
               planned_sessions=rng.randint(3, 6), status=status,
               proposed_by_id=(ctx.coordinators.get(mentees[0]["region_id"]) or [None])[0], created_at=created,
               mentor_accepted_at=None, mentor_accepted_by_id=None, mentee_accepted_at=None,
               mentee_accepted_by_id=None, started_at=None, closed_at=None, abandoned_at=None,
               abandon_reason=None, need_id=None)
    _lifecycle(ctx, rng, row, author[mentor["id"]], author[mentees[0]["id"]])
    need = dict(ptce_id=mentees[0]["id"], topic=offer["topic"], sector=offer["sector"],
                created_by_id=author[mentees[0]["id"]], description=f"Besoin exprimé par {mentees[0]['name']}.",
                status=NeedStatus.CLOSED if status in ENDED else NeedStatus.MATCHED,
                created_at=created - timedelta(days=rng.randint(10, 60)), updated_at=created)
    return row, mentees, need


ENDED = (CycleStatus.CLOSED, CycleStatus.ABANDONED)


def _lifecycle(ctx: Context, rng, row: dict, mentor_author, mentee_author) -> None:
    """The timestamps the cycle's moves set up to its status: acceptances, start, close or abandon."""
    status, now = row["status"], ctx.now
    accepted = row["created_at"] + timedelta(days=rng.randint(2, 10))
    if status is not CycleStatus.PROPOSED:
        row.update(mentor_accepted_at=accepted, mentor_accepted_by_id=mentor_author,
                   mentee_accepted_at=accepted + timedelta(days=1), mentee_accepted_by_id=mentee_author)
    elif rng.random() < 0.5:
        row.update(mentor_accepted_at=accepted, mentor_accepted_by_id=mentor_author)
    started = accepted + timedelta(days=rng.randint(5, 20))
    if status in (CycleStatus.ACTIVE, CycleStatus.CLOSED) or (status is CycleStatus.ABANDONED and rng.random() < 0.6):
        row["started_at"] = min(started, now - timedelta(days=1))
    if status is CycleStatus.CLOSED:
        row["closed_at"] = min(row["started_at"] + timedelta(days=rng.randint(90, 300)), now - timedelta(hours=1))
    if status is CycleStatus.ABANDONED:
        row["abandoned_at"] = min((row["started_at"] or accepted) + timedelta(days=rng.randint(10, 90)),
                                  now - timedelta(hours=1))
        row["abandon_reason"] = "Départ de la personne qui portait le projet côté accompagné."


def _session_count(rng, cycle: dict) -> int:
    """How many sessions a cycle holds at its stage."""
    status = cycle["status"]
    if status is CycleStatus.CLOSED:
        return cycle["planned_sessions"]
    if status is CycleStatus.ABANDONED:
        return rng.randint(0, 2)
    if status is CycleStatus.ACTIVE:
        return rng.randint(1, cycle["planned_sessions"])
    return rng.randint(0, 1)


MINUTES = ("## Ce que nous avons vu\n\n- L'organisation des instances\n- Les outils partagés\n\n"
           "## Décisions\n\nLe pôle accompagné adapte la charte d'ici la prochaine séance.")


def _sessions(ctx: Context, rng, cycles: list[dict], mentees_of: list[list[dict]]) -> None:
    """Sessions spread over each cycle's life (planned once both sides said yes), then their calendar entries."""
    zones = {r["id"]: ZoneInfo(r["timezone"]) for r in ctx.regions}
    sessions, plans, assessments = [], [], []  # plans: (attendee ids, action rows) per session
    for cycle, mentees in zip(cycles, mentees_of, strict=True):
        if cycle["mentee_accepted_at"] is None:
            continue
        people = [u for p in [cycle["mentor_id"], *(m["id"] for m in mentees)] for u in (ctx.members.get(p) or [])[:3]]
        for session, actions in _cycle_sessions(ctx, rng, cycle, zones[cycle["region_id"]], people):
            sessions.append(session)
            plans.append((rng.sample(people, min(len(people), rng.randint(2, 4))), actions))
        if cycle["status"] is CycleStatus.CLOSED:
            assessments += [_assessment(rng, cycle, side, people) for side in Side]
    ctx.insert(TransferSession, sessions)
    ids = ctx.conn.execute(sa.select(TransferSession.id).order_by(TransferSession.id)).scalars().all()
    attendees, actions = [], []
    for session_id, (people, todo) in zip(ids, plans, strict=True):
        attendees += [{"session_id": session_id, "user_id": u} for u in dict.fromkeys(people)]
        actions += [{**a, "session_id": session_id} for a in todo]
    ctx.insert(session_attendee, attendees)
    ctx.insert(FollowUpAction, actions)
    ctx.insert(CycleAssessment, assessments)
    _calendar(ctx)


def _cycle_sessions(ctx: Context, rng, cycle: dict, tz: ZoneInfo, people: list[int]):
    """Yield ``(session row, its follow-up actions)`` evenly spaced between the cycle's start and end."""
    now, names = ctx.now, {p["id"]: p["name"] for p in ctx.ptces}
    begin = cycle["started_at"] or (now if cycle["status"] is CycleStatus.ACCEPTED else cycle["mentee_accepted_at"])
    count = _session_count(rng, cycle)
    last = cycle["closed_at"] or cycle["abandoned_at"] or (now + timedelta(days=60))
    step = max(1.0, (last - begin).total_seconds() / 86400 / (count + 1))
    for i in range(count):
        day = (begin + timedelta(days=step * (i + 1))).astimezone(tz).date()
        online = rng.random() < 0.35
        start = datetime.combine(day, time(14 if online else 10), tzinfo=tz)
        held = start < now
        minutes = held and rng.random() < 0.8
        session = dict(
            cycle_id=cycle["id"], title=f"Séance {i + 1} — {cycle['title']}"[:200], starts_at=start,
            ends_at=start + timedelta(hours=rng.choice((2, 3, 4))),
            mode=SessionMode.ONLINE if online else SessionMode.ON_SITE,
            address=None if online else f"Locaux de {names[cycle['mentor_id']]}",
            online_url=f"https://visio.example.org/transfert-{cycle['id']}-{i + 1}" if online else None,
            minutes=MINUTES if minutes else "",
            cancelled_at=start - timedelta(days=2) if not minutes and rng.random() < 0.08 else None,
            created_at=begin, updated_at=begin)
        yield session, (_actions(rng, start, tz, people, now) if minutes else [])


def _actions(rng, start: datetime, tz: ZoneInfo, people: list[int], now: datetime) -> list[dict]:
    """The follow-up actions a held session's minutes list, done for most of those already due."""
    actions = []
    for _ in range(rng.randint(1, 2)):
        due = (start + timedelta(days=rng.randint(7, 30))).date()
        done = due < now.date() and rng.random() < 0.7
        actions.append(dict(title=rng.choice(ACTIONS), owner_id=rng.choice(people) if people else None,
                            due_on=due, status=ActionStatus.DONE if done else ActionStatus.TODO,
                            done_at=datetime.combine(due, time(12), tzinfo=tz) if done else None, created_at=start))
    return actions


def _assessment(rng, cycle: dict, side: Side, people: list[int]) -> dict:
    return dict(cycle_id=cycle["id"], side=side, goals_met=rng.randint(2, 5),
                transferred="Une méthode de travail et deux outils repris tels quels.", hours=float(rng.randint(6, 30)),
                author_id=rng.choice(people) if people else None, created_at=cycle["closed_at"])


def _calendar(ctx: Context) -> None:
    """Each session's calendar entry (members only), written by the feature's own rule."""
    with ctx.session():
        sessions = db.session.scalars(sa.select(TransferSession).order_by(TransferSession.id)).all()
        for session in sessions:
            session_services.sync_calendar(session)
    ctx.count(Event, len(sessions))
