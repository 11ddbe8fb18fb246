"""Page objects: what a person does on each screen, in their words.

Journeys read like the person's steps; selectors live here only. Features add
their screens as new classes (e.g. ``VisitPage.register()``, ``Waitlist``,
``Questionnaire.submit()``) built on ``Screen``.
"""
from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD


class Screen:
    """Any cellule page: heading, flash messages, header navigation."""

    path = "/"

    def __init__(self, page: Page):
        self.page = page

    def open(self, path: str | None = None):
        self.page.goto(path or self.path)
        return self

    @property
    def heading(self):
        return self.page.locator("h1")

    def expect_heading(self, text: str | re.Pattern):
        expect(self.heading).to_have_text(text)
        return self

    def expect_flash(self, text: str | re.Pattern):
        expect(self.page.locator(".flash")).to_contain_text(text)
        return self

    def follow(self, name: str | re.Pattern, exact: bool = False):
        """Click a link by its accessible name."""
        self.page.get_by_role("link", name=name, exact=exact).first.click()
        return self

    def nav(self, name: str):
        self.page.get_by_role("navigation", name="Navigation principale").get_by_role(
            "link", name=name, exact=True).click()
        return self

    def sign_out(self):
        self.page.get_by_role("button", name="Se déconnecter").click()
        return Screen(self.page)


class SignIn(Screen):
    path = "/connexion"

    def sign_in(self, email: str, password: str = PASSWORD) -> Screen:
        self.page.get_by_label("Adresse électronique").fill(email)
        self.page.get_by_label("Mot de passe", exact=True).fill(password)
        self.page.get_by_role("button", name="Se connecter").click()
        self.page.wait_for_load_state()
        if self.page.url.endswith("/connexion/verification"):
            self._second_factor(email)
        expect(self.page.get_by_role("button", name="Se déconnecter")).to_be_visible()
        return Screen(self.page)

    def _second_factor(self, email: str) -> None:
        """Coordinators and the council: type the current code of the test key, as a phone app would.

        The replay guard is reset first, so the same person may sign in twice within 30 s.
        """
        import pyotp
        import sqlalchemy as sa

        from cellule.blueprints.auth.models import User
        from cellule.extensions import db
        from tests.conftest import TOTP_SECRET

        user = db.session.scalar(sa.select(User).where(User.email == email.lower()))
        user.totp_last_step = None
        db.session.commit()
        self.page.get_by_label("Code de vérification").fill(pyotp.TOTP(TOTP_SECRET).now())
        self.page.get_by_role("button", name="Vérifier").click()


def sign_in(page: Page, email: str, password: str = PASSWORD) -> Screen:
    return SignIn(page).open().sign_in(email, password)


class Directory(Screen):
    """A region's (or the national) directory list."""

    def open_region(self, slug: str):
        return self.open(f"/{slug}/annuaire/")

    def filter(self, q: str | None = None, stage: str | None = None, sector: str | None = None,
               charter: str | None = None):
        form = self.page.get_by_role("search")
        if q is not None:
            form.get_by_label("Recherche").fill(q)
        if stage is not None:
            form.get_by_label("Stade").select_option(label=stage)
        if sector is not None:
            form.get_by_label("Secteur").select_option(label=sector)
        if charter is not None:
            form.get_by_label("Charte").select_option(label=charter)
        form.get_by_role("button", name="Filtrer").click()
        return self

    def result_names(self) -> list[str]:
        return self.page.locator(".ptce-list h2").all_inner_texts()

    def expect_count(self, text: str | re.Pattern):
        expect(self.page.locator(".result-count")).to_contain_text(text)
        return self

    def download(self, fmt: str = "CSV") -> bytes:
        with self.page.expect_download() as info:
            self.page.get_by_role("link", name=fmt, exact=True).click()
        return Path(info.value.path()).read_bytes()

    def add_ptce(self) -> PtceForm:
        self.follow("Ajouter un PTCE")
        return PtceForm(self.page)


class PtceForm(Screen):
    def fill(self, name: str, siret: str, department: str, sectors: list[str] = (), stage: str | None = None):
        self.page.get_by_label("Nom du PTCE").fill(name)
        self.page.get_by_label("SIRET de la structure porteuse").fill(siret)
        self.page.get_by_label("Département", exact=True).fill(department)
        if stage:
            self.page.get_by_label("Stade").select_option(label=stage)
        for sector in sectors:
            self.page.get_by_label(sector, exact=True).check()
        return self

    def save(self) -> Screen:
        self.page.get_by_role("button", name="Enregistrer").click()
        return Screen(self.page)


class Members(Screen):
    """A PTCE's members page, or a region's team page: both invite people."""

    def invite(self, email: str, name: str, role: str | None = None) -> Screen:
        self.page.get_by_label("Adresse électronique").fill(email)
        self.page.get_by_label("Nom et prénom").fill(name)
        if role:
            self.page.get_by_label("Rôle", exact=True).select_option(label=role)
        self.page.get_by_role("button", name="Envoyer l'invitation").click()
        return self

    def member_names(self) -> list[str]:
        return self.page.locator("table tbody tr td:first-child").all_inner_texts()


class Invitation(Screen):
    def accept(self, name: str, password: str) -> Screen:
        self.page.get_by_label("Nom et prénom").fill(name)
        self.page.get_by_label("Nouveau mot de passe").fill(password)
        self.page.get_by_label("Confirmer le mot de passe").fill(password)
        self.page.get_by_role("button", name="Créer mon compte").click()
        return Screen(self.page)


def link_in_mail(outbox, recipient: str, pattern: str = r"https?://\S+/invitation/\S+") -> str:
    """The first link matching ``pattern`` in the last message queued for ``recipient``."""
    messages = outbox(recipient)
    assert messages, f"no mail queued for {recipient}"
    found = re.search(pattern, messages[-1].body_text)
    assert found, messages[-1].body_text
    return found.group(0)
