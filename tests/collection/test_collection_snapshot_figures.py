"""Snapshot figures are extracted once and the aggregates read from them equal the ones computed
from the snapshots' whole content, disclosure control included (issue 20, target 3)."""
import random
import re

import pytest
import sqlalchemy as sa

from cellule.blueprints.collection import dashboard, forwarding
from cellule.blueprints.collection.disclosure import Status
from cellule.blueprints.collection.snapshots import SnapshotFigures, numbers
from cellule.extensions import db
from tests.migrating import replay_from

from .conftest import complete_answers


def reference(campaign) -> tuple:
    """The aggregates as dashboard.compute made them before figures were stored: from the content."""
    snaps = forwarding.latest_snapshots(campaign)
    national = {}
    regions = [(s.region.id, len(s.content["responses"]), {}) for s in snaps]
    for var, stat, _label in dashboard.INDICATORS:
        values = {i: [e["answers"][var] for e in s.content["responses"]
                      if isinstance(e["answers"].get(var), (int, float))] for i, s in enumerate(snaps)}
        cells = dashboard.protect(values, stat, magnitude=var in dashboard.MAGNITUDES)
        for i, (_r, _n, by_var) in enumerate(regions):
            by_var[var] = (cells[i].n, cells[i].value, cells[i].status)
        national[var] = (cells["FR"].n, cells["FR"].value, cells["FR"].status)
    return regions, national, sum(n for _r, n, _c in regions)


def flat(data: dashboard.Aggregates) -> tuple:
    regions = [(r.id, n, {v: (c.n, c.value, c.status) for v, c in cells.items()}) for r, n, cells in data.regions]
    return regions, {v: (c.n, c.value, c.status) for v, c in data.national.items()}, data.national_n


@pytest.fixture
def random_campaign(campaign, make_ptce, respond):
    """Four regions of random sizes and answers (floats, a dominant PTCE, a missing answer)."""
    rng = random.Random(20)
    for slug in ("hauts-de-france", "la-reunion", "bretagne", "occitanie"):
        for _ in range(rng.choice([1, 2, 3, 4, 6])):
            answers = complete_answers(jobs_created=rng.choice([0, 1, 3, 250]), current_members=rng.randint(5, 90),
                                       staff_fte=round(rng.uniform(0, 7), 2), budget_amount=rng.randint(1, 9) * 31000)
            respond(campaign, make_ptce(slug), "forwarded", answers)
    return campaign


def test_forwarding_stores_the_figures_and_the_aggregates_do_not_change(app, random_campaign):
    snaps = forwarding.latest_snapshots(random_campaign)
    rows = {r.snapshot_id: r for r in db.session.scalars(sa.select(SnapshotFigures))}
    assert len(snaps) == 4 and all(s.id in rows for s in snaps)  # every forward stored its row
    for s in snaps:
        assert rows[s.id].ptce_count == len(s.content["responses"])
        assert rows[s.id].figures["staff_fte"] == numbers(s.content, "staff_fte")
    expected = reference(random_campaign)
    assert any(cell[2] is not Status.PUBLISHED for _r, _n, cells in expected[0] for cell in cells.values())
    dashboard._MEMO.clear()
    assert flat(dashboard.compute(random_campaign)) == expected  # from the stored figures
    assert flat(dashboard.compute(random_campaign)) == expected  # from the in-process memo
    campaign_id = random_campaign.id
    db.session.execute(sa.delete(SnapshotFigures))  # no stored row: read from the content
    db.session.commit()
    db.session.expunge_all()
    dashboard._MEMO.clear()
    assert flat(dashboard.compute(db.session.get(type(random_campaign), campaign_id))) == expected


def test_the_dashboard_decodes_no_snapshot_content(app, client, login, random_campaign, queries):
    login("council_observer")
    dashboard._MEMO.clear()
    url = f"/conseil/collecte/{random_campaign.id}/"
    with queries.count():
        assert client.get(url).status_code == 200
    snapshot_reads = [q for q in queries.statements if "collection_snapshot" in q and "FROM" in q]
    assert snapshot_reads and not any(re.search(r"collection_snapshot\.content\b(?!_)", q) for q in snapshot_reads)
    assert sum("collection_snapshot.id" in q and "max(" in q.lower() for q in snapshot_reads) == 1  # once


def test_a_new_version_changes_the_aggregates(app, random_campaign, make_ptce, respond):
    before = flat(dashboard.compute(random_campaign))
    respond(random_campaign, make_ptce("bretagne"), "forwarded", complete_answers(jobs_created=7))
    after = flat(dashboard.compute(random_campaign))
    assert after != before and after == reference(random_campaign)


def test_migration_fills_figures_of_existing_snapshots(app, random_campaign):
    expected = flat(dashboard.compute(random_campaign))
    ids = sorted(s.id for s in forwarding.latest_snapshots(random_campaign))
    campaign_id = random_campaign.id
    replay_from("0761_revision_action")
    rows = {r.snapshot_id: r for r in db.session.scalars(sa.select(SnapshotFigures))}
    assert set(ids) <= set(rows) and all(rows[i].figures["jobs_created"] for i in ids)
    dashboard._MEMO.clear()
    assert flat(dashboard.compute(db.session.get(type(random_campaign), campaign_id))) == expected
