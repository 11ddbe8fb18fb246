"""The PTCE map: vendored Leaflet on bundled outlines, markers linking to records, list filters applied.

Runs at 390 px and 1366 px; nothing is loaded from another site (no tile server is configured).
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cellule.blueprints.directory.reference import Stage
from tests.e2e.conftest import ARTIFACTS, axe_violations, describe

pytestmark = pytest.mark.e2e


@pytest.fixture
def ptces(make_ptce):
    return [
        make_ptce("hauts-de-france", name="Pôle de Lille", slug="pole-de-lille", latitude=50.63, longitude=3.06,
                  stage=Stage.EMERGING),
        make_ptce("hauts-de-france", name="Pôle d'Amiens", slug="pole-d-amiens", latitude=49.89, longitude=2.30),
        make_ptce("la-reunion", name="Pôle du Port", slug="pole-du-port", latitude=-20.94, longitude=55.29),
        make_ptce("bretagne", name="Pôle sans adresse", slug="pole-sans-adresse", department_code="29"),
    ]


def _remote_requests(page, base: str) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if not r.url.startswith((base, "data:")) else None)
    return seen


def _inside(page, inner: str, outer: str) -> bool:
    box = page.locator(outer).bounding_box()
    for el in page.locator(inner).all():
        b = el.bounding_box()
        if not b or b["x"] < box["x"] - 1 or b["y"] < box["y"] - 1 \
                or b["x"] + b["width"] > box["x"] + box["width"] + 1 \
                or b["y"] + b["height"] > box["y"] + box["height"] + 1:
            return False
    return True


def test_national_map_shows_every_located_ptce_and_leads_to_its_record(browsing, live_server, ptces):
    page = browsing.new_page()
    remote = _remote_requests(page, live_server)
    page.goto("/annuaire/")
    expect(page.locator("#carte.map-ready")).to_be_visible()
    expect(page.locator("path.map-land")).to_have_count(18)  # the régions, overseas as insets
    markers = page.locator(".map-marker")
    expect(markers).to_have_count(3)  # the PTCE without coordinates is only in the list
    expect(page.locator("#carte-etat")).to_contain_text("3 PTCE sur la carte.")
    expect(page.locator("#carte-etat")).to_contain_text("absents de la carte : 1.")
    assert _inside(page, ".map-marker", "#carte"), "a marker (La Réunion's inset?) is off the map"
    violations = axe_violations(page)  # with the map drawn: markers, zoom buttons, popups' pane
    assert not violations, describe(violations)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"map-national-{browsing.viewport}.png"), full_page=True)

    # Keyboard: Tab reaches the markers, Enter opens the popup whose link leads to the record.
    marker = page.get_by_role("button", name="Pôle du Port")
    marker.focus()
    page.keyboard.press("Enter")
    link = page.locator(".leaflet-popup").get_by_role("link", name="Pôle du Port")
    expect(link).to_be_focused()
    expect(link).to_have_attribute("href", re.compile(r"/la-reunion/annuaire/pole-du-port$"))
    page.keyboard.press("Escape")  # back to the marker, popup closed
    expect(marker).to_be_focused()
    expect(page.locator(".leaflet-popup")).to_have_count(0)
    page.keyboard.press("Enter")
    link.click()
    expect(page.locator("h1")).to_have_text("Pôle du Port")
    assert remote == [], remote


def test_list_filters_apply_to_the_map(browsing, ptces):
    page = browsing.new_page()
    page.goto("/annuaire/?stage=emerging")
    expect(page.locator("#carte.map-ready")).to_be_visible()
    expect(page.locator(".map-marker")).to_have_count(1)
    expect(page.get_by_role("button", name="Pôle de Lille")).to_be_attached()
    page.goto("/annuaire/?q=Amiens")
    expect(page.locator("#carte.map-ready")).to_be_visible()
    expect(page.get_by_role("button", name="Pôle d'Amiens")).to_be_attached()
    expect(page.locator(".map-marker")).to_have_count(1)


def test_regional_map_draws_the_regions_departements(browsing, ptces):
    page = browsing.new_page()
    page.goto("/hauts-de-france/annuaire/")
    expect(page.locator("#carte.map-ready")).to_be_visible()
    expect(page.locator("path.map-land")).to_have_count(5)  # Aisne, Nord, Oise, Pas-de-Calais, Somme
    expect(page.locator(".map-marker")).to_have_count(2)
    assert _inside(page, ".map-marker", "#carte")
    page.screenshot(path=str(ARTIFACTS / f"map-hauts-de-france-{browsing.viewport}.png"), full_page=True)


def test_the_list_stays_when_the_map_cannot_load(browser, live_server, app, ptces):
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/annuaire/")
        expect(page.locator(".map-section")).to_be_hidden()
        expect(page.locator(".ptce-list h2")).to_have_count(4)
    finally:
        context.close()


def test_council_dashboard_maps_ptce_counts_and_answer_rates(browsing, make_user, ptces):
    from tests.e2e.pages import sign_in

    page = browsing.new_page()
    sign_in(page, make_user("council_observer").email)
    from cellule.blueprints.collection import services
    from cellule.extensions import db
    from cellule.database import utcnow
    from datetime import timedelta

    today = utcnow().date()
    campaign = services.create_campaign(today.year, "Collecte test", today - timedelta(days=1),
                                        today + timedelta(days=30), services.ensure_national_questionnaire())
    campaign.open()
    db.session.commit()
    page.goto(f"/conseil/collecte/{campaign.id}/")
    expect(page.locator("#carte-regions.map-ready")).to_be_visible()
    expect(page.locator("path.map-rate")).to_have_count(18)
    # Hauts-de-France has 2 PTCE, none answered: count 2 at its centre, the lowest shade.
    counts = page.locator(".map-count").all_inner_texts()
    assert sorted(counts) == ["1", "1", "2"], counts
    expect(page.locator("path.map-rate-0")).to_have_count(3)
    expect(page.locator("path.map-rate-none")).to_have_count(15)
    violations = axe_violations(page)
    assert not violations, describe(violations)
    row = page.get_by_role("row", name=re.compile("Hauts-de-France"))
    expect(row).to_contain_text("0 %")
    page.screenshot(path=str(ARTIFACTS / f"map-council-{browsing.viewport}.png"), full_page=True)
    page.locator(".map-section").screenshot(path=str(ARTIFACTS / f"map-council-{browsing.viewport}-map.png"))
