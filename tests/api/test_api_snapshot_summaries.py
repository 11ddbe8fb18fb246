"""The API's snapshot list is served from the stored summary, never from a snapshot's content
(issue 20, target 3), and gives the same figures as the content. Nor does it read the snapshot's
columns stored after the content (hash, forwarding time and person): SQLite reaches those through
the content's overflow pages, so the summary holds copies of the hash and time (issue 20, target 2)."""
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
    """Summary rows without region figures, or without the hash and time (written before migration 0940,
    or by raw SQL), or no summary at all: the list reads what is missing from the snapshot's row."""
    before = client.get("/api/v1/snapshots", headers=headers).json["data"]
    db.session.execute(sa.update(SnapshotFigures).values(content_hash=None, forwarded_at=None))
    db.session.commit()
    assert client.get("/api/v1/snapshots", headers=headers).json["data"] == before
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


# A snapshot's columns stored after its content in the row.
PAST_CONTENT = re.compile(r"collection_snapshot\.(content|content_hash|forwarded_at|forwarded_by_id)\b")


def test_lists_read_nothing_stored_past_the_content(client, collected, headers, queries, login):
    """The API's list and the council dashboard, which shows each region's latest snapshot."""
    from cellule.blueprints.collection.models import Campaign

    with queries.count():
        data = client.get("/api/v1/snapshots", headers=headers).json["data"]
    reads = [q for q in queries.statements if "collection_snapshot" in q]
    assert reads and not any(PAST_CONTENT.search(q) for q in reads), reads
    for item in data:
        snap = db.session.get(Snapshot, item["id"])
        assert item["content_hash"] == snap.content_hash and item["forwarded_at"] == snap.forwarded_at.isoformat()
    campaign_id = db.session.scalar(sa.select(Campaign.id).where(Campaign.year == 2025))
    hashes = list(db.session.scalars(sa.select(Snapshot.content_hash)))
    login("council_admin")
    with queries.count():
        page = client.get(f"/conseil/collecte/{campaign_id}/")
    assert page.status_code == 200
    reads = [q for q in queries.statements if "collection_snapshot" in q]
    assert reads and not any(PAST_CONTENT.search(q) for q in reads), reads
    assert hashes and all(digest.encode() in page.data for digest in hashes)


def test_migration_copies_the_hash_and_time(app, client, collected, headers):
    before = client.get("/api/v1/snapshots", headers=headers).json["data"]
    replay_from("0930_sheet_follow_up_indexes")
    rows = list(db.session.scalars(sa.select(SnapshotFigures)))
    assert rows
    for row in rows:
        snap = db.session.get(Snapshot, row.snapshot_id)
        assert (row.content_hash, row.forwarded_at) == (snap.content_hash, snap.forwarded_at)
    assert client.get("/api/v1/snapshots", headers=headers).json["data"] == before
