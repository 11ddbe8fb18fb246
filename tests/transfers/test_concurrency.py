"""Both referents accepting at the same moment still yields an accepted cycle (row lock, PostgreSQL)."""
from __future__ import annotations

import threading

import pytest

from cellule.blueprints.transfers.models import CycleStatus, TransferCycle
from cellule.extensions import db
from tests.conftest import PASSWORD


@pytest.mark.slow
def test_simultaneous_acceptances_both_count(app, world, make_cycle):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; SQLite serialises writers itself")
    cycle_id = make_cycle().id
    emails = [world.mentor_referent.email, world.mentee_referent.email]
    db.session.remove()
    barrier = threading.Barrier(2)
    statuses = {}

    def accept(email):
        client = app.test_client()
        with app.app_context():
            statuses[email] = [client.post("/connexion", data={"email": email, "password": PASSWORD}).status_code]
            barrier.wait()
            response = client.post(f"/hauts-de-france/transferts/cycles/{cycle_id}/accepter")
            statuses[email].append(response.headers.get("Location"))
            db.session.remove()

    threads = [threading.Thread(target=accept, args=(email,)) for email in emails]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    expected = [302, f"/hauts-de-france/transferts/cycles/{cycle_id}"]
    assert statuses == {email: expected for email in emails}
    stored = db.session.get(TransferCycle, cycle_id)
    assert stored.status is CycleStatus.ACCEPTED
    assert stored.mentor_accepted_at and stored.mentee_accepted_at


def _in_turns(first, second) -> None:
    """``first(session)`` flushed and held open; ``second(session)`` run and committed in a thread, which
    waits on the first's locks; the first committed a moment later. The second must not fail."""
    from sqlalchemy.orm import Session

    one, two = Session(db.engine), Session(db.engine)
    failed = []

    def run_second():
        try:
            second(two)
            two.commit()
        except Exception as exc:  # noqa: BLE001 (reported below)
            failed.append(exc)
            two.rollback()

    try:
        first(one)
        one.flush()
        thread = threading.Thread(target=run_second)
        thread.start()
        thread.join(timeout=1)
        assert thread.is_alive(), "the second transaction did not wait for the first one's locks"
        one.commit()
        thread.join(timeout=30)
        assert not thread.is_alive() and failed == []
    finally:
        one.close()
        two.close()


@pytest.mark.slow
def test_a_cycle_rewritten_by_two_transactions_at_once_keeps_its_regions(app, world, make_cycle):
    """One transaction abandons a cycle while another deletes one of its mentees: the second waits for
    the first and writes the cycle's regions after it (no key written twice), as they stand at the end."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; SQLite serialises writers itself")
    from cellule.blueprints.directory.models import Ptce

    from .test_involvement import expected, region_ids, stored

    cycle_id = make_cycle(mentees=[world.mentee, world.far_mentee]).id
    hdf_id, far_id = world.hdf.id, world.far_mentee.id
    db.session.remove()

    def abandon(session):
        cycle = session.get(TransferCycle, cycle_id, with_for_update=True)
        cycle.status = CycleStatus.ABANDONED

    def delete_a_mentee(session):
        session.delete(session.get(Ptce, far_id))

    _in_turns(abandon, delete_a_mentee)
    assert region_ids(cycle_id) == {hdf_id}
    assert stored() == expected()
    assert {row[2] for row in stored() if row[0] == cycle_id} == {4}  # abandoned


@pytest.mark.slow
def test_a_ptce_deleted_while_a_cycle_takes_it_on_leaves_no_region_behind(app, world, make_cycle, make_ptce):
    """A cycle is proposed with a mentee of another region while that PTCE is deleted: the deletion waits
    for the proposal (its foreign key's lock), then finds the new cycle and takes the region off it."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; SQLite serialises writers itself")
    from cellule.blueprints.directory.models import Ptce

    from .test_involvement import expected, region_ids, stored

    breton_id = make_ptce("bretagne", name="Pôle Breton").id
    hdf_id, mentor_id, mentee_id = world.hdf.id, world.mentor.id, world.mentee.id
    db.session.remove()
    made = {}

    def propose(session):
        cycle = TransferCycle(region_id=hdf_id, mentor_id=mentor_id, title="Avec un breton",
                              mentees=[session.get(Ptce, mentee_id), session.get(Ptce, breton_id)])
        session.add(cycle)
        session.flush()
        made["id"] = cycle.id

    def delete_the_breton(session):
        session.delete(session.get(Ptce, breton_id))

    _in_turns(propose, delete_the_breton)
    assert region_ids(made["id"]) == {hdf_id}
    assert stored() == expected()
