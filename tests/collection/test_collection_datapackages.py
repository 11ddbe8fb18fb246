"""Every campaign's data package, on the demo data and on the benchmark data, is valid for
Frictionless 5 (descriptor, CSV and XLSX files, sheets, types, constraints)."""
from __future__ import annotations

import sqlalchemy as sa

from cellule.blueprints.collection.models import Campaign
from cellule.extensions import db

from . import packages


def _validate_every_campaign(client, tmp_path) -> dict[int, dict]:
    """Rows read by Frictionless in each resource, by campaign id."""
    ids = list(db.session.scalars(sa.select(Campaign.id).order_by(Campaign.id)))
    db.session.rollback()
    read = {}
    for campaign_id in ids:
        descriptor = packages.download(client, f"/conseil/collecte/{campaign_id}/", tmp_path / str(campaign_id))
        read[campaign_id] = {}
        assert packages.validate(descriptor, read[campaign_id]) == [], campaign_id
    return read


def test_demo_packages_are_valid(runner, client, login, tmp_path):
    assert runner.invoke(args=["demo"]).exit_code == 0
    login("council_observer")
    read = _validate_every_campaign(client, tmp_path)
    assert len(read) >= 2
    assert any(r["reponses-long"] > 100 and r["reponses-large"] >= 3 and r["agregats"] > 0 for r in read.values())
    assert all(r["dictionnaire"] > 50 for r in read.values())


def test_benchmark_packages_are_valid(runner, client, login, tmp_path):
    result = runner.invoke(args=["bench-data", "--scale", "0.1"])
    assert result.exit_code == 0, result.output
    login("council_observer")
    read = _validate_every_campaign(client, tmp_path)
    assert read and any(r["reponses-large"] > 10 for r in read.values())
