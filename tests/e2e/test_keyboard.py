"""Keyboard only: sign in and add a PTCE with Tab, Shift+Tab, Enter, Space (and typing).

Every element reached must show a visible focus indicator.
"""
from __future__ import annotations

import pyotp
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from cellule.blueprints.directory.models import Ptce
from cellule.extensions import db

from tests.conftest import PASSWORD, TOTP_SECRET

pytestmark = pytest.mark.e2e

_FOCUSED = """({css, text}) => { const el = document.activeElement;
  return !!el && el.matches(css) && (!text || el.textContent.trim() === text); }"""
_FOCUS_VISIBLE = """() => { const s = getComputedStyle(document.activeElement);
  return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none'; }"""


def tab_to(page, css: str, text: str | None = None, backwards: bool = False, limit: int = 80) -> None:
    """Press Tab (or Shift+Tab) until the element matching ``css`` (and ``text``) has focus."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if page.evaluate(_FOCUSED, {"css": css, "text": text}):
            assert page.evaluate(_FOCUS_VISIBLE), f"no visible focus indicator on {css} {text or ''}"
            return
    raise AssertionError(f"{css} {text or ''} cannot be reached with the keyboard")


def test_sign_in_and_add_a_ptce_with_the_keyboard_only(desktop, make_user):
    coordinator = make_user("coordinator", region="bretagne")
    page = desktop.new_page()
    page.goto("/bretagne/")
    tab_to(page, "a.skip-link")
    tab_to(page, "a", "Se connecter")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Se connecter")
    tab_to(page, "#email")
    page.keyboard.type(coordinator.email)
    tab_to(page, "#password")
    page.keyboard.type(PASSWORD)
    tab_to(page, "button[type=submit]", "Se connecter")
    page.keyboard.press("Enter")
    # Coordinators answer a second step with the code of their authenticator app.
    expect(page.locator("h1")).to_have_text("Vérification en deux étapes")
    tab_to(page, "#code")
    page.keyboard.type(pyotp.TOTP(TOTP_SECRET).now())
    tab_to(page, "button[type=submit]", "Vérifier")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Cellule régionale Bretagne")  # back where I was

    tab_to(page, "a", "Annuaire")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Annuaire des PTCE")
    tab_to(page, "a", "Ajouter un PTCE")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Ajouter un PTCE")
    tab_to(page, "#name")
    page.keyboard.type("Énergies citoyennes du Trégor")
    tab_to(page, "#siret")
    page.keyboard.type("73282932000074")
    tab_to(page, "#department_code")
    page.keyboard.type("22")
    tab_to(page, "#charter_signatory", backwards=True)  # back up to a field passed over
    page.keyboard.press("Space")
    tab_to(page, "input[name=sectors][value=energy]")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit]", "Enregistrer")
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Énergies citoyennes du Trégor")
    db.session.rollback()
    ptce = db.session.scalar(sa.select(Ptce).where(Ptce.name == "Énergies citoyennes du Trégor"))
    assert ptce is not None
    assert (ptce.region.slug, ptce.department_code, ptce.charter_signatory, ptce.sectors) == (
        "bretagne", "22", True, ["energy"])
