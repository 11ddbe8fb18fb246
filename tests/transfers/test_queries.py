"""List pages load what they show in a fixed number of queries, whatever the number of rows."""
from __future__ import annotations

import contextlib

import sqlalchemy as sa

from cellule.blueprints.directory.reference import Stage
from cellule.extensions import db


@contextlib.contextmanager
def counting():
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)


def _queries(client, url):
    # The test shares the requests' session: start each count from a cold identity map,
    # so commits made by the test do not change what a request has to load.
    db.session.expire_all()
    with counting() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_overview_and_ranking_queries_do_not_grow_with_rows(app, client, world, as_user, make_cycle, make_ptce):
    from cellule.blueprints.transfers import services

    need = services.save_need(None, ptce=world.mentee, topic="governance", sector=None, description="x")
    services.save_offer(None, ptce=world.mentor, topic="governance", sector=None, description="x",
                        capacity_per_year=3)
    db.session.commit()
    make_cycle("active", title="Un")
    as_user(world.coordinator)
    few = (_queries(client, "/hauts-de-france/transferts/"),
           _queries(client, f"/hauts-de-france/transferts/besoins/{need.id}"))
    for n in range(4):
        mentor = make_ptce("bretagne", name=f"Mentor {n}", stage=Stage.CONSOLIDATED, sectors=["energy", "culture"])
        services.save_offer(None, ptce=mentor, topic="governance", sector=None, description="x",
                            capacity_per_year=2)
        services.save_need(None, ptce=world.mentee, topic="hr", sector=None, description=f"besoin {n}")
        db.session.commit()
        make_cycle("proposed", mentor=mentor, title=f"Cycle {n}")
    many = (_queries(client, "/hauts-de-france/transferts/"),
            _queries(client, f"/hauts-de-france/transferts/besoins/{need.id}"))
    assert many == few
