"""The API's snapshot list is served from the stored summary, never from a snapshot's content
(issue 20, target 3), and gives the same figures as the content."""
import re

import sqlalchemy as sa

from cellule.blueprints.collection.snapshots import Snapshot, SnapshotFigures
from cellule.extensions import db
from tests.migrating import replay_from


def test_the_list_reads_no_snapshot_content(client, collected, headers, queries):
    with queries.count():
        data = client.get("/api/v1/snapshots", headers=headers).json["data"]
    reads = [q for q in queries.statements if "collection_snapshot" in q]
    assert reads and not any(re.search(r"collection_snapshot\.content\b(?!_)", q) for q in reads)
    snap = db.session.get(Snapshot, data[0]["id"])
    assert data[0]["figures"] == snap.content["figures"] and data[0]["ptce_count"] == len(snap.content["responses"])
    assert "visits_held" in data[0]["figures"]


def test_a_snapshot_without_summary_is_read_from_its_content(client, collected, headers):
    before = client.get("/api/v1/snapshots", headers=headers).json["data"]
    db.session.execute(sa.update(SnapshotFigures).values(region_figures=None))
    db.session.commit()
    assert client.get("/api/v1/snapshots", headers=headers).json["data"] == before
    db.session.execute(sa.delete(SnapshotFigures))
    db.session.commit()
    assert client.get("/api/v1/snapshots", headers=headers).json["data"] == before


def test_migration_fills_the_region_figures(app, client, collected, headers):
    before = client.get("/api/v1/snapshots", headers=headers).json["data"]
    replay_from("0772_home_indexes")
    rows = list(db.session.scalars(sa.select(SnapshotFigures)))
    assert rows and all(r.region_figures is not None and "visits_held" in r.region_figures for r in rows)
    assert client.get("/api/v1/snapshots", headers=headers).json["data"] == before
