"""``flask bench-data``: deterministic, bulk, refuses a filled database, pages render on it."""
from __future__ import annotations

import sqlalchemy as sa
from stdnum.fr import siret

from cellule.blueprints.auth.models import Membership, Role, User
from cellule.blueprints.bench.context import BENCH_ACCOUNTS, BENCH_PASSWORD
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
    return {
        "ptce": db.session.execute(sa.select(Ptce.slug, Ptce.name, Ptce.siret, Ptce.department_code)
                                   .order_by(Ptce.slug)).all(),
        "users": db.session.execute(sa.select(User.email, User.name).order_by(User.email)).all(),
        "events": db.session.execute(sa.select(Event.uid, Event.title, Event.starts_at)
                                     .order_by(Event.uid)).all(),
    }


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_generates_the_scaled_dataset(runner):
    result = runner.invoke(args=["bench-data", "--scale", "0.1"])
    assert result.exit_code == 0, result.output
    assert _count(Ptce) == 20
    assert _count(User) == 500
    assert _count(Event) == 200
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


def test_feature_generators_are_discovered(app, monkeypatch):
    """A feature's bench.generate(ctx, scale, rng) runs after the foundation's."""
    import types

    from cellule.blueprints.bench import runner as bench_runner

    calls = []
    module = types.ModuleType("cellule.blueprints.visits.bench")
    module.generate = lambda ctx, scale, rng: calls.append((len(ctx.ptces), scale, rng.random()))
    monkeypatch.setattr(bench_runner, "feature_modules", lambda name: iter([module]))
    bench_runner.generate(0.05)
    assert len(calls) == 1 and calls[0][0] == 10 and calls[0][1] == 0.05
