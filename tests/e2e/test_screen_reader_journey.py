"""Keys only, heard as a screen reader hears it: sign in, register for a visit, cancel, in French and English.

After each step the test asserts where the focus landed, what the accessibility
tree gives the focused element (its role and name: what a screen reader reads
out on arrival) and how the page title starts. The announcements are written to
``test-artifacts/journey-<language>-<viewport>.txt``.
"""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from cellule.blueprints.visits.models import RegistrationStatus, Registration
from cellule.extensions import db
from tests.conftest import PASSWORD
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_keyboard import tab_to
from tests.e2e.test_visit_journey import published_visit

pytestmark = pytest.mark.e2e

TEXTS = {
    "fr": {"sign_in": "Se connecter", "register": "M'inscrire", "cancel": "Annuler mon inscription",
           "confirm": "Oui, annuler mon inscription",
           "refused": "Erreur : Adresse ou mot de passe incorrect.",
           "field_error": "Adresse ou mot de passe incorrect.",
           "refused_tree": 'alert "Le formulaire contient des erreurs"',
           "signed_in": "Vous êtes connecté·e.", "registered": "Inscription confirmée.",
           "confirm_tree": 'group "Annuler votre inscription ?"', "cancelled": "Votre inscription est annulée."},
    "en": {"sign_in": "Sign in", "register": "Register", "cancel": "Cancel my registration",
           "confirm": "Yes, cancel my registration",
           "refused": "Error: Incorrect email address or password.",
           "field_error": "Incorrect email address or password.",
           "refused_tree": 'alert "The form contains errors"',
           "signed_in": "You are signed in.", "registered": "Registration confirmed.",
           "confirm_tree": 'group "Cancel your registration?"', "cancelled": "Your registration has been cancelled."},
}


def _enter(page) -> None:
    """Press Enter on the focused link or button and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _heard(page) -> tuple[str, str]:
    """The page title and the accessibility tree of the focused element (role "name": children)."""
    # autofocus is applied at the first rendering step after load, not at load itself
    page.wait_for_function("document.activeElement && document.activeElement !== document.body", timeout=3000)
    focused = page.locator(":focus")
    assert focused.count() == 1
    return page.title(), focused.aria_snapshot()


# What the focused field is described by (its aria-describedby targets), and whether it is marked invalid.
_FIELD = """() => { const e = document.activeElement;
  const ids = (e.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
  return [e.getAttribute('aria-invalid') === 'true',
          ids.map(id => document.getElementById(id).textContent.trim()).join(' ')]; }"""


def _field_step(log, page, name: str, description: str) -> None:
    """A field reached from the error summary: its name, its invalid state and its description."""
    title, tree = _heard(page)
    invalid, described = page.evaluate(_FIELD)
    log.append(f"{name}\n  title: {title}\n  focus: {tree}\n  invalid: {'yes' if invalid else 'no'}"
               f"\n  description: {described}")
    assert invalid and described == description, (name, invalid, described)


def _step(log, page, name: str, title_starts: str, tree_starts: str) -> None:
    title, tree = _heard(page)
    log.append(f"{name}\n  title: {title}\n  focus: " + tree.replace("\n", "\n         "))
    assert title.startswith(title_starts), (name, title)
    assert tree.startswith(f"- {tree_starts}"), (name, tree)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_register_and_cancel_with_keys_only(lang, browsing, make_user, make_ptce):
    t = TEXTS[lang]
    host = make_ptce("hauts-de-france", name="Pôle hôte")
    member = make_user("ptce_member", region="hauts-de-france")
    visit = published_visit(host, capacity=5, programme="## Programme")
    page = browsing.new_page()
    log: list[str] = []

    page.goto(f"/hauts-de-france/visites/{visit.id}")
    if lang == "en":  # the switch, named in its own language, before signing in
        tab_to(page, 'footer a[lang="en"]', "English")
        _enter(page)
        assert page.locator("html").get_attribute("lang") == "en"
    if page.locator("button.menu-toggle").is_visible():  # a phone: the navigation folds behind « Menu »
        tab_to(page, "button.menu-toggle")
        page.keyboard.press("Enter")  # opens the menu in place: no navigation
        assert page.locator("button.menu-toggle").get_attribute("aria-expanded") == "true"
    tab_to(page, "a", t["sign_in"])
    _enter(page)

    tab_to(page, "#email")
    page.keyboard.type(member.email)
    page.keyboard.press("Tab")
    page.keyboard.type("not the password")
    _enter(page)
    _step(log, page, "1. wrong password", t["refused"], t["refused_tree"])
    assert page.locator("#email").get_attribute("aria-invalid") == "true"
    assert page.locator("#password").get_attribute("aria-describedby") == "password-erreur"
    page.keyboard.press("Tab")  # the summary's first link leads to the field
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "email"
    _field_step(log, page, "1b. the summary's link followed to the field", t["field_error"])
    tab_to(page, "#password")
    page.keyboard.type(PASSWORD)
    _enter(page)
    _step(log, page, "2. signed in, back on the visit", t["signed_in"], f'status "{t["signed_in"]}"')

    tab_to(page, "button", t["register"])
    _enter(page)
    _step(log, page, "3. registered", t["registered"], f'status "{t["registered"]}')

    tab_to(page, "a", t["cancel"])
    _enter(page)
    _step(log, page, "4. confirmation step", "Visite du tiers-lieu", t["confirm_tree"])
    registration = db.session.scalar(sa.select(Registration).where(Registration.user_id == member.id))
    assert registration.status is RegistrationStatus.CONFIRMED  # nothing happened yet
    tab_to(page, "button", t["confirm"])
    _enter(page)
    _step(log, page, "5. cancelled", t["cancelled"], f'status "{t["cancelled"]}')

    db.session.refresh(registration)
    assert registration.status is RegistrationStatus.CANCELLED
    db.session.refresh(member)
    assert member.locale == lang  # the choice made before sign-in was kept
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"journey-{lang}-{browsing.viewport}.txt").write_text("\n".join(log) + "\n", encoding="utf-8")
