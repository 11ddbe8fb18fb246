"""The regions each cycle involves (``transfer_cycle_region``) follow every write, and the overview reads a
page of them in its order through one index range (issue 20: the overview flat in data)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from cellule.extensions import db

from ..migrating import replay_from
from ..perf.test_home_plans import captured, no_statistics, postgresql_plan  # noqa: F401 (autouse fixture)


def stored() -> set[tuple]:
    """(cycle id, region id, rank, created at) of every row, as the table holds them."""
    from cellule.blueprints.transfers.models import CycleRegion

    db.session.expire_all()
    return {tuple(row) for row in db.session.execute(
        sa.select(CycleRegion.cycle_id, CycleRegion.region_id, CycleRegion.rank, CycleRegion.created_at))}


def expected() -> set[tuple]:
    """The same worked out from the cycles themselves (``TransferCycle.region_ids``, the status's place)."""
    from cellule.blueprints.transfers.models import CycleStatus, TransferCycle

    db.session.expire_all()
    order = list(CycleStatus)
    return {(cycle.id, region_id, order.index(cycle.status), cycle.created_at)
            for cycle in db.session.scalars(sa.select(TransferCycle)) for region_id in cycle.region_ids}


def region_ids(cycle_id: int) -> set[int]:
    return {row[1] for row in stored() if row[0] == cycle_id}


def test_every_write_keeps_the_regions_of_its_cycles(app, world, make_cycle, make_ptce, region):
    from cellule.blueprints.directory import services as directory
    from cellule.blueprints.transfers.models import TransferCycle

    # proposed through the services: lead and mentor Hauts-de-France, a mentee in La Réunion
    cycle = make_cycle("proposed", mentees=[world.mentee, world.far_mentee], title="Deux régions")
    hdf, reunion, bretagne, occitanie = world.hdf.id, world.reunion.id, region("bretagne").id, region("occitanie").id
    assert region_ids(cycle.id) == {hdf, reunion}
    assert stored() == expected()

    # each step of the lifecycle moves its rank
    later = make_cycle("closed", title="Clos")
    assert {row[2] for row in stored() if row[0] == later.id} == {3}
    assert stored() == expected()

    # a mentee added, then the far one removed, through the relationship
    breton = make_ptce("bretagne", name="Pôle Breton")
    cycle = db.session.get(TransferCycle, cycle.id)
    cycle.mentees.append(breton)
    db.session.commit()
    assert region_ids(cycle.id) == {hdf, reunion, bretagne}
    cycle = db.session.get(TransferCycle, cycle.id)
    cycle.mentees = [m for m in cycle.mentees if m.id != world.far_mentee.id]
    db.session.commit()
    assert region_ids(cycle.id) == {hdf, bretagne}

    # another mentor, another lead region
    cycle = db.session.get(TransferCycle, cycle.id)
    cycle.mentor = world.far_mentee
    cycle.region_id = occitanie
    db.session.commit()
    assert region_ids(cycle.id) == {hdf, bretagne, reunion, occitanie}  # Lille's mentee keeps Hauts-de-France
    assert stored() == expected()

    # the lead region set through the relationship
    cycle = db.session.get(TransferCycle, cycle.id)
    cycle.region = region("bretagne")
    db.session.commit()
    assert region_ids(cycle.id) == {hdf, bretagne, reunion}
    cycle = db.session.get(TransferCycle, cycle.id)
    cycle.region_id = occitanie
    db.session.commit()

    # a PTCE moved to another region takes its cycles' rows along
    far = db.session.get(type(world.far_mentee), world.far_mentee.id)
    far.region_id = region("normandie").id
    db.session.commit()
    assert region_ids(cycle.id) == {hdf, bretagne, occitanie, region("normandie").id}
    assert stored() == expected()

    # a mentee PTCE deleted: its region goes when no one else brings it
    directory.delete_ptce(db.session.get(type(breton), breton.id))
    db.session.commit()
    assert region_ids(cycle.id) == {hdf, occitanie, region("normandie").id}
    assert stored() == expected()

    # a mentor PTCE deleted: the database deletes its cycles, and their rows with them
    cycle_id = cycle.id
    directory.delete_ptce(db.session.get(type(far), far.id))
    db.session.commit()
    assert region_ids(cycle_id) == set()
    assert stored() == expected() and stored()

    # a cycle deleted
    db.session.delete(db.session.get(TransferCycle, later.id))
    db.session.commit()
    assert region_ids(later.id) == set()
    assert stored() == expected()


def test_a_change_rolled_back_leaves_the_rows_as_they_were(app, world, make_cycle):
    from cellule.blueprints.transfers.models import TransferCycle

    cycle = make_cycle("proposed", mentees=[world.mentee, world.far_mentee])
    before = stored()
    cycle = db.session.get(TransferCycle, cycle.id)
    cycle.mentees = [world.mentee]
    db.session.flush()
    assert region_ids(cycle.id) == {world.hdf.id}  # written in the flush's transaction
    db.session.rollback()
    assert stored() == before == expected()


def test_the_overview_lists_the_regions_cycles_in_order_a_page_at_a_time(app, world, make_cycle, make_ptce):
    """Live cycles first (proposed, accepted, active), then closed and abandoned; newest first within a
    status, then by id (equal creation times from bulk loads); the cycles that involve the region only
    through a mentee or the mentor are listed too; a page cut from the whole list."""
    from cellule.blueprints.transfers import queries
    from cellule.blueprints.transfers.models import TransferCycle

    made = [make_cycle(status, title=f"{status} {i}") for i in range(2)
            for status in ("closed", "active", "proposed", "accepted")]
    foreign = make_ptce("bretagne", name="Pôle Mentor Breton")
    through_mentee = make_cycle("proposed", mentor=foreign, title="Par l'accompagné")
    abandoned = make_cycle("proposed", title="Abandonné")
    with app.test_request_context():
        abandoned = db.session.get(TransferCycle, abandoned.id)
        abandoned.abandon("Plus de disponibilité")
        db.session.commit()
    # two cycles created at the same instant: by id
    same = made[0].created_at
    for cycle in made[1:3]:
        db.session.get(TransferCycle, cycle.id).created_at = same
    db.session.commit()
    cycles = list(db.session.scalars(sa.select(TransferCycle)))
    order = {status: i for i, status in enumerate(type(cycles[0].status))}
    whole = [c.id for c in sorted(cycles, key=lambda c: (order[c.status], -c.created_at.timestamp(), c.id))]
    assert len(whole) == 10 and through_mentee.id in whole and whole[-1] == abandoned.id
    assert [c.id for c in queries.region_cycles(world.hdf, limit=100)] == whole
    assert [[c.id for c in queries.region_cycles(world.hdf, limit=4, offset=k)] for k in (0, 4, 8, 12)] == [
        whole[0:4], whole[4:8], whole[8:10], []]
    # Bretagne sees only the cycle its PTCE mentors
    bretagne = db.session.get(type(world.hdf), foreign.region_id)
    assert [c.id for c in queries.region_cycles(bretagne, limit=20)] == [through_mentee.id]
    # the figures' and the home's « involves the region » is the same table
    assert set(db.session.scalars(sa.select(TransferCycle.id).where(TransferCycle.of_region(bretagne.id)))) == {
        through_mentee.id}


def _outside_subplans(node: dict):
    """A PostgreSQL plan's nodes, but for those of its correlated subqueries (SubPlan)."""
    yield node
    for child in node.get("Plans", []):
        if child.get("Parent Relationship") != "SubPlan":
            yield from _outside_subplans(child)


@pytest.mark.parametrize("read", ["rows", "kept page's digest", "kept page's rows"])
def test_a_page_of_cycles_is_one_index_range_read_in_order(app, world, make_cycle, read):
    """No sort, no read of the region's every cycle: SQLite searches ix_transfer_cycle_region_order with no
    temporary B-tree; PostgreSQL (sorts made the dearest) plans no Sort and reads the index. Only each
    cycle's mentees are sorted by name, in the subquery that reads them (a few rows). So for the
    statements the overview reads in its place (``kept_lists.derived``)."""
    from cellule import kept_lists
    from cellule.blueprints.transfers import queries

    make_cycle("proposed")
    statement = queries.cycles_statement(world.hdf.id, 21, 20)
    statement = {"rows": statement, "kept page's digest": kept_lists.derived(statement)[0],
                 "kept page's rows": kept_lists.derived(statement)[1]}[read]
    statements = captured(lambda: db.session.connection().execute(statement).all(),
                          tables=("transfer_cycle_region",))
    assert len(statements) == 1
    statement, parameters = statements[0]
    conn = db.session.connection()
    if conn.dialect.name == "sqlite":
        plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
        parents = {node: parent for node, parent, _unused, _detail in plan}
        mentees = {node for node, _parent, _unused, detail in plan if detail.startswith("CORRELATED SCALAR")}

        def in_mentees(node: int) -> bool:
            return node in mentees or (node in parents and node != 0 and in_mentees(parents[node]))

        details = [detail for _node, _parent, _unused, detail in plan]
        assert any(d.startswith("SEARCH transfer_cycle_region USING") and "ix_transfer_cycle_region_order" in d
                   for d in details), details
        # the rows of a page written anew are put back in its order (at most 21): that outermost sort only
        outer = {node for node, parent, _u, d in plan
                 if parent == 0 and "TEMP B-TREE" in d and read == "kept page's rows"}
        assert mentees and not [d for node, _p, _u, d in plan
                                if "TEMP B-TREE" in d and not in_mentees(node) and node not in outer], plan
    else:
        plan = postgresql_plan(statement, parameters)
        assert "ix_transfer_cycle_region_order" in str(plan), plan
        assert not [node for node in _outside_subplans(plan[0]["Plan"]) if node["Node Type"] == "Sort"], plan


def test_the_migration_fills_the_rows_of_the_cycles_already_there(app, world, make_cycle):
    cycle = make_cycle("active", mentees=[world.mentee, world.far_mentee])
    make_cycle("closed", title="Clos")
    before = stored()
    assert before == expected() and len(before) == 3
    replay_from("0970_transfer_offer_ptce_active")
    assert stored() == before
    assert region_ids(cycle.id) == {world.hdf.id, world.reunion.id}


def test_a_bulk_load_rebuilds_every_row(app, world, make_cycle):
    from cellule.blueprints.transfers import involvement
    from cellule.blueprints.transfers.models import CycleRegion

    make_cycle("active", mentees=[world.mentee, world.far_mentee])
    before = stored()
    db.session.execute(sa.delete(CycleRegion))
    db.session.commit()
    assert stored() == set()
    involvement.rebuild(db.session.connection())
    db.session.commit()
    assert stored() == before == expected()


def test_the_migrations_ranks_are_the_statuses_order():
    """Migration 0980 fills the ranks from its own list of statuses: the order ``CycleStatus`` (and the
    hook's ``rank``) gives them."""
    import importlib.util
    from pathlib import Path

    from cellule.blueprints.transfers.models import CycleStatus

    path = Path(__file__).parents[2] / "migrations" / "versions" / "0980_transfer_cycle_region.py"
    spec = importlib.util.spec_from_file_location("migration_0980", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    assert list(migration.STATUSES) == [status.value for status in CycleStatus]
