"""Phone first, in a real browser at 390 px (and 1366 px where the two differ).

The menu is one row behind a disclosure button, the directory's results show on the first
screen with the filters folded behind « Filtrer », wide content (the import's error table, a
sheet with a long address) stays inside the screen, and form checkboxes keep their size.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cellule.extensions import db
from tests.e2e.conftest import Browsing
from tests.e2e.pages import Directory, sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def phone(request, browser, live_server, app):
    b = Browsing(browser, live_server, "phone")
    yield b
    b.close(request.node)


def _width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_phone_menu_is_one_row_and_a_keyboard_disclosure(phone, make_user):
    page = phone.new_page()
    sign_in(page, make_user("coordinator", region="bretagne").email)
    page.goto("/bretagne/")
    header = page.locator(".site-header")
    button = page.get_by_role("button", name="Menu")
    nav = page.get_by_role("navigation", name="Navigation principale")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(nav.get_by_role("link", name="Annuaire")).to_be_hidden()
    assert header.bounding_box()["height"] <= 80, header.bounding_box()  # one row, was ~220 px
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_role("link", name="Annuaire")).to_be_visible()
    page.keyboard.press("Tab")  # the first link of the opened list comes next
    expect(nav.get_by_role("link", name="Bretagne")).to_be_focused()
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    expect(nav.get_by_role("link", name="Annuaire")).to_be_hidden()
    assert _width(page) <= 390


def test_desktop_shows_the_whole_menu_without_a_button(browser, live_server, app, request):
    desktop = Browsing(browser, live_server, "desktop")
    try:
        page = desktop.new_page()
        page.goto("/")
        expect(page.get_by_role("button", name="Menu")).to_be_hidden()
        expect(page.get_by_role("link", name="Annuaire national", exact=True)).to_be_visible()
    finally:
        desktop.close(request.node)


def test_menu_works_without_javascript(browser, live_server, app, request):
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844},
                                  java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/")
        expect(page.get_by_role("link", name="Annuaire national", exact=True)).to_be_visible()
    finally:
        context.close()


def test_directory_results_are_on_the_first_screen(phone, make_user, make_ptce):
    for n in range(3):
        make_ptce("bretagne", name=f"Pôle breton {n}")
    page = phone.new_page()
    sign_in(page, make_user("coordinator", region="bretagne").email)  # the longest page top
    directory = Directory(page).open_region("bretagne")
    count = page.locator(".result-count")
    expect(count).to_contain_text("3 PTCE trouvés")
    assert count.bounding_box()["y"] + count.bounding_box()["height"] <= 844
    expect(page.get_by_label("Stade")).to_be_hidden()  # folded behind « Filtrer »
    directory.filter(stage="Émergent")
    expect(page.locator("details.more-filters")).to_have_attribute("open", "")
    expect(page.locator("summary")).to_contain_text("1 filtre actif")
    assert _width(page) <= 390


def test_wide_content_stays_inside_the_phone_screen(phone, make_user, region, tmp_path):
    from cellule.blueprints.resources import services
    from cellule.blueprints.resources.reference import Category, Scope

    coordinator = make_user("coordinator", region="hauts-de-france")
    long_url = "https://www.example.org/telechargement?fichier=" + "0123456789abcdef" * 10  # no break point
    sheet = services.create_sheet(services.Content(
        title="Fiche au long lien", category=Category.LEGAL, summary="", body=f"Voir {long_url} et [le guide]({long_url}).\n\n    {long_url}\n",
        tags=["SCIC"], topics=[], sectors=[], review_by=None), coordinator,
        region=region("hauts-de-france"), ptce=None, scope=Scope.REGIONAL)
    services.publish(sheet)
    db.session.commit()
    page = phone.new_page()
    sign_in(page, coordinator.email)
    page.goto(f"/hauts-de-france/fiches/{sheet.id}")
    expect(page.locator("h1")).to_have_text("Fiche au long lien")
    assert _width(page) <= 390, f"sheet page is {_width(page)} px wide"

    bad = tmp_path / "ptce.csv"
    bad.write_text("nom;departement;siret;types_activite\nPôle sans numéro;2A;123;nimporte_quel_type_inconnu\n",
                   encoding="utf-8")
    page.goto("/hauts-de-france/annuaire/import")
    page.get_by_label("Fichier CSV").set_input_files(str(bad))
    page.get_by_role("button", name="Vérifier le fichier").click()
    expect(page.get_by_role("table", name="Lignes à corriger")).to_be_visible()
    assert _width(page) <= 390, f"import errors page is {_width(page)} px wide"


def test_checkboxes_keep_their_size_when_labels_wrap(phone, make_user):
    page = phone.new_page()
    sign_in(page, make_user("coordinator", region="bretagne").email)
    page.goto("/bretagne/annuaire/nouveau")
    sizes = page.eval_on_selector_all(".checkbox-grid input[type=checkbox]",
                                      "els => els.map(e => [e.getBoundingClientRect().width, "
                                      "e.getBoundingClientRect().height])")
    assert len(sizes) > 5
    assert {tuple(round(v) for v in s) for s in sizes} == {(20, 20)}, sizes
