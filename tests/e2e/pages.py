"""Page objects: what a person does on each screen, in their words.

Journeys read like the person's steps; selectors live here only. Features add
their screens as new classes (e.g. ``VisitPage.register()``, ``Waitlist``,
``Questionnaire.submit()``) built on ``Screen``.
"""
from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
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

    def press(self, name: str, **options):
        """Click the button named `name` (a plain button press: the page object says what follows)."""
        self.page.get_by_role("button", name=name, **options).click()
        return self

    def expect_heading(self, text: str | re.Pattern):
        expect(self.heading).to_have_text(text)
        return self

    def expect_flash(self, text: str | re.Pattern):
        expect(self.page.locator(".flash")).to_contain_text(text)
        return self

    def expect_no_sideways_scroll(self):
        """WCAG 1.4.10 reflow: the page fits the viewport's width (wide tables scroll in their own box).

        Like Playwright's own assertions it retries for a few seconds: a page whose scripts are still
        laying it out (a map drawing its outlines after their fetch) is judged once settled, and one
        that stays too wide fails, naming the elements that stick out.
        """
        limit = self.page.viewport_size["width"]
        try:
            self.page.wait_for_function(
                "limit => document.documentElement.scrollWidth <= limit", arg=limit, timeout=5000)
        except PlaywrightTimeout:
            width = self.page.evaluate("document.documentElement.scrollWidth")
            offenders = self.page.evaluate(
                """() => Array.from(document.querySelectorAll('body *'))
                     .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 12)
                     .map(e => `${e.tagName}.${e.className}#${e.id} ${Math.round(e.getBoundingClientRect().right)}`)""")
            raise AssertionError(f"{self.page.url} is {width} px wide: {offenders}") from None
        return self

    def follow(self, name: str | re.Pattern, exact: bool = False):
        """Click a link by its accessible name."""
        self.page.get_by_role("link", name=name, exact=exact).first.click()
        return self

    def open_menu(self):
        """On a phone the navigation folds behind the « Menu » button: open it first.

        menu.js folds the navigation (and shows the button) at DOMContentLoaded: looked at before,
        the list is still open and the button hidden, and the fold then hides the link being
        clicked (seen once under load). So the page's scripts have run before we decide.
        """
        self.page.wait_for_load_state("domcontentloaded")
        toggle = self.page.get_by_role("button", name="Menu")
        if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
            toggle.click()
        return self

    def nav(self, name: str):
        self.open_menu()
        self.page.get_by_role("navigation", name="Navigation principale").get_by_role(
            "link", name=name, exact=True).click()
        return self

    def sign_out(self):
        self.open_menu()
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
        expect(self.page.get_by_role("button", name="Se déconnecter", include_hidden=True)).to_be_attached()
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
        button = "Rechercher"
        if stage or sector or charter:  # the other filters fold behind « Filtrer »
            filters = form.locator("details.more-filters")
            if filters.get_attribute("open") is None:
                filters.locator("summary").click()
            button = "Appliquer les filtres"
        if stage is not None:
            form.get_by_label("Stade").select_option(label=stage)
        if sector is not None:
            form.get_by_label("Secteur").select_option(label=sector)
        if charter is not None:
            form.get_by_label("Charte").select_option(label=charter)
        form.get_by_role("button", name=button).click()
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
        return self.press("Envoyer l'invitation")

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


def _starting(text: str) -> re.Pattern:
    """A label that starts with ``text`` (questions add "(obligatoire)" and their code).

    A regular expression is matched against the label's raw text, leading whitespace included.
    """
    return re.compile(r"^\s*" + re.escape(text))


# -- learning visits --------------------------------------------------------------
class VisitList(Screen):
    """A region's visits."""

    def open_region(self, slug: str):
        return self.open(f"/{slug}/visites/")

    def prepare(self) -> VisitForm:
        self.follow("Préparer une visite", exact=True)
        return VisitForm(self.page)

    def titles(self) -> list[str]:
        return self.page.locator(".visit-card h3").all_inner_texts()

    def visit(self, title: str) -> VisitPage:
        self.follow(title, exact=True)
        return VisitPage(self.page)


class VisitForm(Screen):
    """"Préparer une visite" / "Modifier la visite". Times are the region's wall-clock times."""

    def fill(self, *, host: str, title: str, starts, ends, address: str, capacity: int,
             programme: str = "", sectors: list[str] = (), topics: list[str] = ()):
        page = self.page
        page.get_by_label("PTCE d'accueil").select_option(label=host)
        page.get_by_label("Titre", exact=True).fill(title)
        page.get_by_label("Programme", exact=True).fill(programme)
        for sector in sectors:
            page.get_by_role("group", name="Secteurs abordés").get_by_label(sector, exact=True).check()
        for topic in topics:
            page.get_by_role("group", name="Thèmes d'accompagnement").get_by_label(topic, exact=True).check()
        page.get_by_label("Début", exact=True).fill(starts.strftime("%Y-%m-%dT%H:%M"))
        page.get_by_label("Fin", exact=True).fill(ends.strftime("%Y-%m-%dT%H:%M"))
        page.get_by_label("Adresse", exact=True).fill(address)
        page.get_by_label("Nombre de places", exact=True).fill(str(capacity))
        return self

    def save(self) -> VisitPage:
        """« Créer le brouillon » on a new visit, « Enregistrer » on an existing one."""
        self.page.get_by_role("button", name=re.compile(r"^(Enregistrer|Créer le brouillon)$")).click()
        return VisitPage(self.page)


class VisitPage(Screen):
    """One visit: registration for everyone, the "Organisation" panel for its managers."""

    def publish(self):
        return self.press("Publier", exact=True)

    def register(self):
        return self.press("M'inscrire", exact=True)

    def expect_status(self, label: str):
        expect(self.page.locator(".meta .badge")).to_have_text(label)
        return self

    def expect_registered(self):
        expect(self.page.get_by_text("Vous êtes inscrit·e.")).to_be_visible()
        return self


# -- calendar -----------------------------------------------------------------------
class Subscribe(Screen):
    """"S'abonner à l'agenda": the public feed addresses and the person's own, secret one."""

    PERSONAL = "Mon adresse personnelle (secrète)"

    def create_personal_address(self):
        return self.press("Créer mon adresse d'abonnement personnelle")

    def renew_personal_address(self):
        return self.press("Créer une nouvelle adresse (l'ancienne sera désactivée)")

    def personal_address(self) -> str:
        return self.page.get_by_label(self.PERSONAL).input_value()

    def copy_personal_address(self) -> str:
        """Press "Copier" beside the personal address; what the clipboard then holds.

        The browser context must be allowed to read the clipboard (``grant_clipboard``).
        """
        self.page.get_by_role("button", name=f"Copier : {self.PERSONAL}").click()
        expect(self.page.get_by_role("status").filter(has_text="Adresse copiée.")).to_have_count(1)
        return self.page.evaluate("() => navigator.clipboard.readText()")


def grant_clipboard(page: Page, base_url: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)


# -- data collection --------------------------------------------------------------------
class CollectionIndex(Screen):
    """A region's "Collecte de données" page."""

    def open_region(self, slug: str):
        return self.open(f"/{slug}/collecte/")

    def answers_of(self, ptce_name: str) -> Questionnaire:
        self.follow(f"Réponses de {ptce_name}", exact=True)
        return Questionnaire(self.page)


class Questionnaire(Screen):
    """A PTCE's answers to a campaign. Questions are found by their label, as the person reads them."""

    def type(self, question: str, text: str | int):
        self.page.get_by_label(_starting(question)).fill(str(text))
        return self

    def select(self, question: str, option: str):
        """A long list of choices (a drop-down)."""
        self.page.get_by_label(_starting(question)).select_option(label=option)
        return self

    def choose(self, question: str, option: str):
        """A short list of choices (radio buttons)."""
        self.page.get_by_role("group", name=_starting(question)).get_by_label(option, exact=True).check()
        return self

    def tick(self, question: str, *options: str):
        group = self.page.get_by_role("group", name=_starting(question))
        for option in options:
            group.get_by_label(option, exact=True).check()
        return self

    def row(self, n: int, **cells: str):
        """Fill line ``n`` of the repeated block: ``row(1, Nom="…", Type="Associations")``."""
        for column, value in cells.items():
            field = self.page.get_by_label(f"{column}, ligne {n}", exact=True)
            if field.evaluate("e => e.tagName") == "SELECT":
                field.select_option(label=value)
            else:
                field.fill(value)
        return self

    def field(self, question: str):
        return self.page.get_by_label(_starting(question))

    def save_draft(self):
        return self.press("Enregistrer le brouillon")

    def submit(self):
        return self.press("Enregistrer et soumettre")

    def expect_status(self, label: str):
        expect(self.page.locator(".badge").first).to_have_text(label)
        return self

    @property
    def corrections(self):
        """The "Corrections demandées" box listing the reviewer's comments."""
        return self.page.get_by_role("note")


class CampaignProgress(Screen):
    """A region's campaign page: every PTCE's status, and forwarding to the council."""

    def open_campaign(self, slug: str, campaign_id: int):
        return self.open(f"/{slug}/collecte/{campaign_id}/")

    def status_of(self, ptce_name: str):
        return self.page.get_by_role("row", name=_starting(ptce_name)).locator(".badge")

    def review(self, ptce_name: str) -> Review:
        self.page.get_by_role("row", name=_starting(ptce_name)).get_by_role("link", name="Examiner").click()
        return Review(self.page)

    def forward(self):
        return self.press("Transmettre les réponses validées")


class Review(Screen):
    """The coordinator's review of one PTCE's submitted answers."""

    def comment(self, question: str, text: str):
        self.page.get_by_text(f"Commenter cette question : {question}", exact=True).click()
        self.page.get_by_label(f"Commentaire sur « {question} »").fill(text)
        return self

    def expect_answer(self, question: str, text: str):
        """The answer shown under a question (its ``dd``, before the comment disclosure) is ``text``."""
        answer = self.page.locator("dt", has_text=_starting(question)).locator("xpath=following-sibling::dd[1]")
        expect(answer).to_have_text(re.compile(r"^\s*" + re.escape(text) + r"(\s|$)"))
        return self

    def send_back(self) -> CampaignProgress:
        self.page.get_by_role("button", name="Renvoyer au PTCE avec mes commentaires").click()
        return CampaignProgress(self.page)

    def validate(self) -> CampaignProgress:
        self.page.get_by_role("button", name="Valider les réponses").click()
        return CampaignProgress(self.page)


class CouncilCollection(Screen):
    """The council's "Collecte nationale": campaigns, then one campaign's dashboard and exports."""

    path = "/conseil/collecte/"

    def campaign(self, title: str):
        self.page.get_by_role("table", name="Campagnes").get_by_role("link", name=title, exact=True).click()
        return self

    def download(self, name: str) -> tuple[str, bytes]:
        """Click an export link; the suggested file name and the bytes."""
        with self.page.expect_download() as info:
            self.page.get_by_role("link", name=name, exact=True).click()
        return info.value.suggested_filename, Path(info.value.path()).read_bytes()
