"""The review page and the response history as a coordinator sees them, at both widths.

They are the pages where codes used to show (« creation_year », ``['project_support',
'training']``, ``(not_started → draft)``); the screenshots land in ``test-artifacts/``.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.a11y_world import build_world
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.pages import sign_in

pytestmark = pytest.mark.e2e

SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def test_review_and_history_read_in_french(browsing, app, region):
    world = build_world(region)
    page = browsing.new_page()
    sign_in(page, world.people["coordinator"].email, world.password)
    base = f"/{world.region}/collecte/{world.campaign}/ptce/{world.submitted}"
    ARTIFACTS.mkdir(exist_ok=True)

    page.goto(f"{base}/examen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Examen des réponses d'Initiatives et Cité")
    expect(page.get_by_text("Année de création du PTCE", exact=True)).to_be_visible()
    assert not SNAKE.findall(page.inner_text("main"))
    page.screenshot(path=str(ARTIFACTS / f"review-{browsing.viewport}.png"), full_page=True)
    page.screenshot(path=str(ARTIFACTS / f"review-{browsing.viewport}-first-screen.png"))

    page.goto(f"{base}/historique")
    expect(page.get_by_role("heading", level=1)).to_have_text("Historique des réponses d'Initiatives et Cité")
    expect(page.get_by_text("Début de la saisie (Non commencé → Brouillon)")).to_be_visible()
    main = page.inner_text("main")
    assert not SNAKE.findall(main) and "['" not in main
    page.screenshot(path=str(ARTIFACTS / f"history-{browsing.viewport}.png"), full_page=True)
    page.get_by_text("Montant du budget annuel").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"history-{browsing.viewport}-changes.png"))
