"""The front-end files cellule serves itself: Leaflet from npm, the France outlines, the CSP for tiles."""
from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa

from cellule import create_app
from cellule.security import CONTENT_SECURITY_POLICY, content_security_policy
from tests.conftest import _test_config

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "cellule" / "static"


def test_leaflet_is_the_version_package_json_names_with_its_licence():
    wanted = json.loads((ROOT / "package.json").read_text())["dependencies"]["leaflet"]
    vendored = STATIC / "vendor" / "leaflet"
    assert (vendored / "VERSION").read_text().strip() == f"leaflet {wanted}"
    assert f"Leaflet {wanted}" in (vendored / "leaflet.js").read_text(encoding="utf-8")[:300]
    assert "BSD" in (vendored / "LICENSE").read_text() or "Redistribution" in (vendored / "LICENSE").read_text()
    installed = ROOT / "node_modules" / "leaflet" / "dist" / "leaflet.js"
    if installed.exists():  # after `npm ci`: the committed copy is the registry's file, unchanged
        assert installed.read_bytes() == (vendored / "leaflet.js").read_bytes()


def test_outlines_cover_the_18_regions_and_their_departements(app):
    from cellule.blueprints.directory.models import Region
    from cellule.extensions import db

    regions = json.loads((STATIC / "geo" / "regions.geojson").read_text(encoding="utf-8"))
    departements = json.loads((STATIC / "geo" / "departements.geojson").read_text(encoding="utf-8"))
    codes = set(db.session.scalars(sa.select(Region.code)))
    assert len(codes) == 18
    assert sorted(f["properties"]["region"] for f in regions["features"]) == sorted(codes)
    assert len(departements["features"]) == 101
    assert {f["properties"]["region"] for f in departements["features"]} == codes
    by_region = {}
    for f in departements["features"]:
        by_region.setdefault(f["properties"]["region"], set()).add(f["properties"]["departement"])
    assert by_region["32"] == {"02", "59", "60", "62", "80"}  # Hauts-de-France
    assert by_region["94"] == {"2A", "2B"}  # Corse
    for f in regions["features"] + departements["features"]:
        assert f["geometry"]["type"] in ("Polygon", "MultiPolygon")
    # Simplified: light enough to send with a page.
    assert (STATIC / "geo" / "regions.geojson").stat().st_size < 40_000
    assert (STATIC / "geo" / "departements.geojson").stat().st_size < 80_000


def test_csp_allows_only_the_configured_tile_server(tmp_path, _migrated):
    assert content_security_policy(None) == CONTENT_SECURITY_POLICY
    assert "img-src 'self' data:;" in CONTENT_SECURITY_POLICY
    policy = content_security_policy("https://{s}.tuiles.example.org/{z}/{x}/{y}.png")
    assert "img-src 'self' data: https://*.tuiles.example.org;" in policy
    assert "script-src 'self';" in policy  # nothing else widens
    assert content_security_policy("javascript:alert(1)") == CONTENT_SECURITY_POLICY

    app = create_app({**_test_config(_migrated, tmp_path), "MAP_TILE_URL": "https://tuiles.example.org/{z}/{x}/{y}.png"})
    try:
        with app.test_client() as client, client.get("/favicon.ico") as response:
            assert "img-src 'self' data: https://tuiles.example.org;" in response.headers["Content-Security-Policy"]
    finally:
        with app.app_context():
            from cellule.extensions import db

            db.engine.dispose()  # this second app's pool, or its connection outlives the test
