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
