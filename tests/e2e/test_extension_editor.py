"""The regional question editor in a real browser, at phone and desktop widths: add with the
code proposed while typing, fix a refusal from the error summary, reorder, delete after
confirmation; the same without JavaScript; axe finds no WCAG A/AA violation on its pages."""
from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from cellule.blueprints.collection import services
from cellule.extensions import db
from tests.e2e.conftest import VIEWPORTS, axe_violations, describe
from tests.e2e.pages import Screen, sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def editor(app, make_user):
    """An open campaign and a Hauts-de-France coordinator; yields the editor's address."""
    campaign = services.create_campaign(2025, "Collecte 2025", date(2025, 1, 1), date(2030, 12, 31),
                                        services.ensure_national_questionnaire())
    campaign.open()
    db.session.commit()
    return f"/hauts-de-france/collecte/{campaign.id}/questions-regionales", make_user(
        "coordinator", region="hauts-de-france")


def _checked(page) -> None:
    """No WCAG A/AA violation, and nothing wider than the screen."""
    violations = axe_violations(page)
    assert not violations, describe(violations)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


def test_coordinator_builds_regional_questions(browsing, editor):
    url, coordinator = editor
    page = browsing.new_page()
    sign_in(page, coordinator.email)
    screen = Screen(page).open(url).expect_heading("Questions régionales")
    _checked(page)

    screen.follow("Ajouter une question")
    page.get_by_label("Libellé de la question").fill("Avez-vous des bénévoles ?")
    expect(page.get_by_label("Code de variable")).to_have_value("avez_vous_benevoles")
    page.get_by_label("Type de réponse").select_option(label="Choix unique")
    expect(page.get_by_label("Minimum")).to_be_hidden()
    expect(page.get_by_label("Choix proposés, un par ligne")).to_be_visible()
    page.get_by_role("button", name="Enregistrer la question").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Une question à choix a besoin d'au moins un choix")
    _checked(page)
    summary.get_by_role("link", name="Choix proposés, un par ligne").click()
    expect(page.get_by_label("Choix proposés, un par ligne")).to_be_focused()
    page.get_by_label("Choix proposés, un par ligne").fill("oui : Oui\nNon")
    page.get_by_role("button", name="Enregistrer la question").click()
    screen.expect_flash("Question ajoutée (code avez_vous_benevoles)")

    screen.follow("Ajouter une question")
    page.get_by_label("Libellé de la question").fill("Heures de bénévolat")
    page.get_by_label("Type de réponse").select_option(label="Nombre entier")
    page.get_by_label("Minimum").fill("0")
    page.get_by_label("Transmettre les réponses à cette question au conseil national").check()
    page.get_by_role("button", name="Enregistrer la question").click()
    screen.expect_flash("Question ajoutée (code heures_benevolat)")
    rows = page.locator("table.extension-questions tbody tr")
    expect(rows).to_have_count(2)
    _checked(page)

    page.get_by_role("button", name="Monter « Heures de bénévolat »").click()
    screen.expect_flash("montée d'un rang")
    expect(rows.first).to_contain_text("heures_benevolat")

    screen.follow("Supprimer « Avez-vous des bénévoles ? »")
    screen.expect_heading("Supprimer la question « Avez-vous des bénévoles ? » ?")
    _checked(page)
    page.get_by_role("button", name="Supprimer la question").click()
    screen.expect_flash("supprimée")
    expect(rows).to_have_count(1)


def test_the_editor_works_without_javascript(browser, live_server, editor):
    url, coordinator = editor
    context = browser.new_context(base_url=live_server, viewport=VIEWPORTS["phone"], java_script_enabled=False,
                                  locale="fr-FR")
    try:
        page = context.new_page()
        sign_in(page, coordinator.email)
        Screen(page).open(url + "/nouvelle")
        expect(page.get_by_label("Minimum")).to_be_visible()  # every group shows, each says what it is for
        page.get_by_label("Libellé de la question").fill("Surface du tiers-lieu")
        page.get_by_label("Type de réponse").select_option(label="Nombre décimal")
        page.get_by_label("Maximum").fill("12,5")
        page.get_by_role("button", name="Enregistrer la question").click()
        Screen(page).expect_flash("Question ajoutée (code surface_tiers_lieu)")
        page.get_by_role("link", name="Supprimer « Surface du tiers-lieu »").click()
        page.get_by_role("button", name="Supprimer la question").click()
        Screen(page).expect_flash("supprimée")
    finally:
        context.close()
