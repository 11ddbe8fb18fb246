"""``flask bench-data`` (bench/data/): deterministic, bulk, refuses a filled database, pages render on it."""
from __future__ import annotations

import random
from datetime import timedelta

import sqlalchemy as sa
from stdnum.fr import siret

from bench.data import registry, runner as bench_runner
from bench.data.context import BENCH_ACCOUNTS, BENCH_PASSWORD
from cellule.blueprints import FEATURES
from cellule.blueprints.auth.models import Membership, Role, User
from cellule.blueprints.calendar.models import Event
from cellule.blueprints.directory.models import Ptce, PtceSector
from cellule.extensions import db


def _snapshot():
    """The generated rows; the read transaction ends so --reset's TRUNCATE (PostgreSQL) is not blocked."""
    try:
        return _rows()
    finally:
        db.session.rollback()


def _rows():
    from cellule.blueprints.collection.models import Response
    from cellule.blueprints.resources.models import Sheet
    from cellule.blueprints.transfers.models import TransferCycle
    from cellule.blueprints.visits.models import Registration, Visit

    return {
        "visits": db.session.execute(sa.select(Visit.title, Visit.starts_at, Visit.capacity, Visit.status)
                                     .order_by(Visit.id)).all(),
        # Natural keys, not ids: PostgreSQL's TRUNCATE keeps its sequences going.
        "registrations": db.session.execute(sa.select(Visit.title, User.email, Registration.status,
                                                      Registration.waitlist_position)
                                            .join(Registration.visit).join(Registration.user)
                                            .order_by(Registration.id)).all(),
        "cycles": db.session.execute(sa.select(TransferCycle.title, TransferCycle.status)
                                     .order_by(TransferCycle.id)).all(),
        "sheets": db.session.execute(sa.select(Sheet.title, Sheet.status, Sheet.body).order_by(Sheet.id)).all(),
        "responses": db.session.execute(sa.select(Ptce.slug, Response.status, Response.answers)
                                        .join(Ptce, Ptce.id == Response.ptce_id).order_by(Response.id)).all(),
        "ptce": db.session.execute(sa.select(Ptce.slug, Ptce.name, Ptce.siret, Ptce.department_code)
                                   .order_by(Ptce.slug)).all(),
        "users": db.session.execute(sa.select(User.email, User.name).order_by(User.email)).all(),
        # UIDs of visits' and sessions' events embed their source's id: compare what they say.
        "events": db.session.execute(sa.select(Event.kind, Event.title, Event.starts_at)
                                     .order_by(Event.kind, Event.title, Event.starts_at)).all(),
    }


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_generates_the_scaled_dataset(runner):
    result = runner.invoke(args=["bench-data", "--scale", "0.1"])
    assert result.exit_code == 0, result.output
    assert _count(Ptce) == 20
    assert _count(User) == 500
    # 1,400 hand-entered events per 2,000 "events and visits"; the 600 visits come from bench/data/visits.py.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event).where(Event.source_type.is_(None))) == 140
    # Generators insert through Core; the VEVENT of every event (visits' and sessions' too) is stored after.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event).where(Event.ics_key.is_(None))) == 0
    assert "calendar.refresh-ics" in result.output
    assert _count(PtceSector) >= 20
    # Every PTCE has a valid SIRET; PTCE spread over several regions.
    assert all(siret.is_valid(s) for s in db.session.scalars(sa.select(Ptce.siret)))
    assert db.session.scalar(sa.select(sa.func.count(sa.distinct(Ptce.region_id)))) >= 8
    # Coordinators in every region, members and referents in PTCE, a council.
    coordinated = db.session.scalar(sa.select(sa.func.count(sa.distinct(Membership.region_id)))
                                    .where(Membership.role == Role.COORDINATOR))
    assert coordinated == 18
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Membership)
                             .where(Membership.role == Role.PTCE_MEMBER, Membership.referent)) >= 20


def test_same_seed_same_data_and_refuses_a_filled_database(runner):
    assert runner.invoke(args=["bench-data", "--scale", "0.05"]).exit_code == 0
    first = _snapshot()
    refused = runner.invoke(args=["bench-data", "--scale", "0.05"])
    assert refused.exit_code != 0
    assert "--reset" in refused.output
    assert _snapshot() == first  # nothing written
    again = runner.invoke(args=["bench-data", "--scale", "0.05", "--reset"])
    assert again.exit_code == 0, again.output
    second = _snapshot()
    assert second["ptce"] == first["ptce"] and second["users"] == first["users"]
    assert [e[:2] for e in second["events"]] == [e[:2] for e in first["events"]]
    for table in ("visits", "registrations", "cycles", "sheets", "responses"):
        assert second[table] == first[table] and first[table], table
    other = runner.invoke(args=["bench-data", "--scale", "0.05", "--reset", "--seed", "7"])
    assert other.exit_code == 0
    assert _snapshot()["ptce"] != first["ptce"]


def test_bench_accounts_sign_in_and_pages_render(runner, client, auth):
    assert runner.invoke(args=["bench-data", "--scale", "0.05"]).exit_code == 0
    for path in ("/", "/annuaire/", "/hauts-de-france/", "/hauts-de-france/annuaire/",
                 "/hauts-de-france/annuaire.csv"):
        response = client.get(path)
        assert response.status_code == 200 and response.get_data(), path  # read it all: streamed CSV
        response.close()
    assert auth.login(BENCH_ACCOUNTS["coordinator"], BENCH_PASSWORD).status_code == 302
    page = client.get("/hauts-de-france/equipe")
    assert page.status_code == 200
    assert b"bench.coordination@example.org" in page.data


def test_the_registry_runs_each_generator_after_the_foundation(app, monkeypatch):
    """A generator added to the benchmark's registry runs in its place, with its own seeded stream."""
    calls = []
    added = lambda ctx, rng: calls.append((len(ctx.ptces), ctx.scale, rng.random()))  # noqa: E731
    foundation = [step for step in registry.GENERATORS if step[0] in ("directory", "people", "calendar")]
    monkeypatch.setattr(bench_runner, "GENERATORS", [*foundation, ("added", added)])
    bench_runner.generate(0.05)
    assert calls == [(10, 0.05, random.Random("2026:added").random())]
    assert "bench" not in FEATURES  # the benchmark serves no page: it is not a feature of the app


def test_feature_rows_hold_their_invariants(runner, client):
    """Visits, registrations, transfer cycles, sheets and campaigns, as their own services would leave them."""
    from collections import Counter

    from cellule.blueprints.collection import validation
    from cellule.blueprints.collection.exports import long_rows
    from cellule.blueprints.collection.forwarding import latest_snapshots
    from cellule.blueprints.collection.lifecycle import CampaignStatus, ResponseStatus
    from cellule.blueprints.collection.models import Campaign, Response
    from cellule.blueprints.resources import search
    from cellule.blueprints.resources.models import Sheet
    from cellule.blueprints.transfers.models import CycleStatus, TransferCycle
    from cellule.blueprints.transfers.session_models import CycleAssessment, TransferSession
    from cellule.blueprints.visits.models import RegistrationStatus, Feedback, Registration, Visit, VisitStatus

    result = runner.invoke(args=["bench-data", "--scale", "0.1"])
    assert result.exit_code == 0, result.output
    # -- visits: 30 % of the 200 events and visits, about 2,000 registrations
    visits = {v.id: v for v in db.session.scalars(sa.select(Visit))}
    assert len(visits) == 60
    regs = list(db.session.scalars(sa.select(Registration)))
    assert 1500 <= len(regs) <= 2100
    assert {r.status for r in regs} == {RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED,
                                        RegistrationStatus.CANCELLED}
    confirmed = Counter(r.visit_id for r in regs if r.status is RegistrationStatus.CONFIRMED)
    assert all(confirmed[v.id] <= v.capacity for v in visits.values())
    per_ptce = Counter((r.visit_id, r.ptce_id) for r in regs if r.status is RegistrationStatus.CONFIRMED and r.ptce_id)
    assert all(n <= visits[vid].per_ptce_cap for (vid, _), n in per_ptce.items() if visits[vid].per_ptce_cap)
    # Nobody waits while a seat is free (no cap or reserved seats in the way): full visits have a line.
    for vid in {r.visit_id for r in regs if r.status is RegistrationStatus.WAITLISTED}:
        v = visits[vid]
        if not v.per_ptce_cap and not v.reserved_emerging_seats:
            assert confirmed[vid] == v.capacity, vid
    positions = [(r.visit_id, r.waitlist_position) for r in regs if r.status is RegistrationStatus.WAITLISTED]
    assert len(positions) == len(set(positions)) and all(p for _, p in positions)
    assert all(r.waitlist_position is None for r in regs if r.status is not RegistrationStatus.WAITLISTED)
    assert not any(visits[r.visit_id].status is VisitStatus.DRAFT for r in regs)
    # People register for visits open to them: their region's PTCE, partners of the region, others if open.
    for r in regs:
        v = visits[r.visit_id]
        if r.ptce_id is None:
            assert any(m.role is Role.PARTNER and m.region_id == v.region_id for m in r.user.memberships)
        elif r.ptce.region_id != v.region_id:
            assert v.open_to_other_regions
    feedback = list(db.session.scalars(sa.select(Feedback)))
    assert feedback and all(f.registration.attended and f.registration.status is RegistrationStatus.CONFIRMED
                            and visits[f.registration.visit_id].status is VisitStatus.HELD for f in feedback)
    mirrored = set(db.session.scalars(sa.select(Event.source_id).where(Event.source_type == "visit")))
    assert mirrored == {v.id for v in visits.values() if v.status is not VisitStatus.DRAFT}
    # -- transfers: 10 cycles with their sessions and assessments
    cycles = list(db.session.scalars(sa.select(TransferCycle)))
    assert len(cycles) == 10 and all(c.mentees and c.mentor_id not in {m.id for m in c.mentees} for c in cycles)
    for c in cycles:
        if c.sessions:
            assert c.mentee_accepted_at and c.mentor_accepted_at
        if c.status is CycleStatus.CLOSED:
            assert c.closed_at and c.started_at and all(s.ends_at <= c.closed_at + timedelta(hours=6)
                                                        for s in c.sessions)
            assert sorted(a.side.value for a in c.assessments) == ["mentee", "mentor"]
        else:
            assert not c.assessments
    sessions = db.session.scalar(sa.select(sa.func.count()).select_from(TransferSession))
    assert sessions and sessions == db.session.scalar(
        sa.select(sa.func.count()).select_from(Event).where(Event.source_type == "transfer_session"))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CycleAssessment)) == 2 * sum(
        c.status is CycleStatus.CLOSED for c in cycles)
    assert len({c.status for c in cycles}) >= 3
    # -- resources: 30 sheets, each in the full-text index, found by a French word
    assert _count(Sheet) == 30
    assert db.session.scalar(sa.text(f"SELECT count(*) FROM {search.TABLE}")) == 30
    found = search.match("gouvernances")
    assert db.session.execute(sa.select(found.subquery.c.sheet_id)).first() is not None
    # -- collection: 3 campaigns, most PTCE answered, forwarded answers in the snapshots
    campaigns = list(db.session.scalars(sa.select(Campaign).order_by(Campaign.year)))
    assert [c.status for c in campaigns] == [CampaignStatus.CLOSED, CampaignStatus.CLOSED, CampaignStatus.OPEN]
    for camp in campaigns:
        responses = list(db.session.scalars(sa.select(Response).where(Response.campaign_id == camp.id)))
        assert len(responses) >= 0.6 * 20
        definition = camp.questionnaire.parsed
        for r in responses:
            if r.status is not ResponseStatus.DRAFT:
                assert validation.missing(definition, r.answers) == {}, (r.id, r.status)
                assert validation.warnings(definition, r.answers, None) == []
        forwarded = {r.ptce_id for r in responses if r.status is ResponseStatus.FORWARDED}
        snapshots = latest_snapshots(camp)
        assert all(s.verify() for s in snapshots)
        assert {e["ptce"]["id"] for s in snapshots for e in s.content["responses"]} == forwarded
        lines = "".join(long_rows(camp)).splitlines()
        assert len(lines) > 20 * len(forwarded)
    statuses = {r.status for r in db.session.scalars(sa.select(Response).where(
        Response.campaign_id == campaigns[-1].id))}
    assert {ResponseStatus.DRAFT, ResponseStatus.SUBMITTED, ResponseStatus.FORWARDED} <= statuses
    # -- pages render on it
    for path in ("/hauts-de-france/visites/", "/hauts-de-france/agenda/", "/hauts-de-france/agenda.ics",
                 "/fiches/?q=gouvernance"):
        assert client.get(path).status_code == 200, path
