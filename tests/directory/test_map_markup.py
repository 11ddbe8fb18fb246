"""The directory pages carry the map's sources: the list's own GeoJSON (same filters), the outlines."""
from __future__ import annotations

import html
import re


def _attrs(page: str) -> dict[str, str]:
    tag = re.search(r'<div id="carte"[^>]*>', page, re.S).group(0)
    return {k: html.unescape(v) for k, v in re.findall(r'data-([\w-]+)="([^"]*)"', tag)}


def test_region_map_uses_the_filtered_geojson_and_the_regions_departements(client, make_ptce):
    make_ptce("hauts-de-france", name="Pôle du Nord", latitude=50.6, longitude=3.1)
    page = client.get("/hauts-de-france/annuaire/?stage=emerging&page=2").text
    data = _attrs(page)
    assert data["map"] == "ptce" and data["region"] == "32"
    assert data["ptce"] == "/hauts-de-france/annuaire.geojson?stage=emerging"  # filters kept, page dropped
    assert data["departements"].endswith("/static/geo/departements.geojson")
    assert data["tiles"] == ""  # no tile server unless configured
    assert "/static/vendor/leaflet/leaflet.js" in page and "/static/js/ptce-map.js" in page
    geo = client.get(data["ptce"])
    assert geo.status_code == 200 and geo.json["type"] == "FeatureCollection"


def test_national_map_and_configured_tiles(app, client):
    app.config["MAP_TILE_URL"] = "https://{s}.tuiles.example.org/{z}/{x}/{y}.png"
    data = _attrs(client.get("/annuaire/?q=bois").text)
    assert data["region"] == "" and data["ptce"] == "/annuaire.geojson?q=bois"
    assert data["tiles"] == "https://{s}.tuiles.example.org/{z}/{x}/{y}.png"
