"""List pages load what they show in a fixed number of queries, whatever the number of rows."""
from __future__ import annotations


from cellule.blueprints.directory.reference import Stage
from cellule import templating
from cellule.extensions import db


def _queries(queries, client, url) -> tuple[int, int]:
    """Statements of a page written anew (the kept pages of ``kept_lists`` forgotten), then seen again.
    The test shares the requests' session: expire it before each count, so commits made by the test
    do not change what a request has to load."""
    counts = []
    for kept in (False, True):
        if not kept:
            templating._FRAGMENTS.clear()
        with queries.count(cold=False):
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    return tuple(counts)


def test_overview_and_ranking_queries_do_not_grow_with_rows(app, queries, client, world, as_user, make_cycle, make_ptce):
    from cellule.blueprints.transfers import services

    need = services.save_need(None, ptce=world.mentee, topic="governance", sector=None, description="x")
    services.save_offer(None, ptce=world.mentor, topic="governance", sector=None, description="x",
                        capacity_per_year=3)
    db.session.commit()
    make_cycle("active", title="Un")
    as_user(world.coordinator)
    few = (_queries(queries, client, "/hauts-de-france/transferts/"),
           _queries(queries, client, f"/hauts-de-france/transferts/besoins/{need.id}"))
    for n in range(4):
        mentor = make_ptce("bretagne", name=f"Mentor {n}", stage=Stage.CONSOLIDATED, sectors=["energy", "culture"])
        services.save_offer(None, ptce=mentor, topic="governance", sector=None, description="x",
                            capacity_per_year=2)
        services.save_need(None, ptce=world.mentee, topic="hr", sector=None, description=f"besoin {n}")
        db.session.commit()
        make_cycle("proposed", mentor=mentor, title=f"Cycle {n}")
    many = (_queries(queries, client, "/hauts-de-france/transferts/"),
            _queries(queries, client, f"/hauts-de-france/transferts/besoins/{need.id}"))
    assert many == few
