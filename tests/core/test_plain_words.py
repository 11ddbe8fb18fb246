"""No code, table name or Python repr in what people read, in French and in English.

Every page of the accessibility registry (``tests/e2e/a11y_pages.py``) is rendered
through the test client on the features' demo data (``a11y_world``), signed in as
each role; the visible text (what a browser shows: text nodes, the title, option
labels; not scripts, attributes, form fields' typed content nor the analysts' codes
marked ``class="code"``) must hold no snake_case identifier, no enum member repr
(``Role.PTCE_MEMBER``) and no Python list, tuple or dict repr.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from cellule.blueprints.auth.models import User
from cellule.extensions import db
from cellule.i18n import refresh
from cellule.records import RECORD_NAMES
from tests.conftest import AuthActions
from tests.e2e.a11y_pages import PAGES, ROLES
from tests.e2e.a11y_world import build_world

SNAKE = re.compile(r"(?<![\w./@-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/@-])")
ENUM_REPR = re.compile(r"\b[A-Z][A-Za-z]+\.[A-Z][A-Z0-9_]+\b")
PY_REPR = re.compile(r"[\[({]\s*'[^']*'\s*[,:\])]|[\[(]\s*'[^']*'\s*[\])]|\bNone\b|\[\]|\{\}")
SKIPPED_TAGS = {"script", "style", "textarea", "template", "pre"}
# Codes shown on purpose: the analysts' variable codes, hashes, keys and secrets.
SKIPPED_CLASSES = {"code", "hash", "totp-key", "secret"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class VisibleText(HTMLParser):
    """The text a reader sees, in order, one string per text node."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # per open element: its tag, is its content skipped?
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        skipped = (tag in SKIPPED_TAGS or bool(classes & SKIPPED_CLASSES) or "hidden" in attributes
                   or self._skipping())
        self.stack.append((tag, skipped))

    def handle_endtag(self, tag):
        """Close up to the matching element (``<li>`` and ``<p>`` may be left open)."""
        tags = [t for t, _ in self.stack]
        if tag in tags:
            del self.stack[len(tags) - 1 - tags[::-1].index(tag):]

    def _skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_data(self, data):
        if data.strip() and not self._skipping():
            self.chunks.append(" ".join(data.split()))


def leaks(html: str) -> list[str]:
    """The snake_case words and reprs found in the visible text of ``html``."""
    parser = VisibleText()
    parser.feed(html)
    found = []
    for chunk in parser.chunks:
        for pattern in (SNAKE, ENUM_REPR, PY_REPR):
            found += [f"{m.group(0)!r} in « {chunk[:120]} »" for m in pattern.finditer(chunk)]
    return found


def test_the_checker_sees_codes_and_reprs_and_lets_codes_marked_for_analysts_pass():
    assert leaks("<p>Année de création du PTCE creation_year</p>")
    assert leaks("<td>['project_support', 'training']</td>")
    assert leaks("<td>(not_started → draft)</td>")
    assert leaks("<li>Role.PTCE_MEMBER</li>")
    assert leaks("<th><code>user_account</code></th>")  # a bare <code> is no excuse
    assert leaks("<p>{'a': 1}</p>") and leaks("<p>None</p>")
    assert not leaks('<p>Année de création <code class="code">creation_year</code></p>')
    assert not leaks("<p>Écrire à referente.beauvaisis@example.org, https://x.org/a_b</p>")
    assert not leaks("<script>var snake_case = ['a', 'b'];</script><textarea>my_var</textarea>")
    assert not leaks("<p>Réponses d'Emergence (2 PTCE) : 4,0/5 · [lien]</p>")


def _speak(language: str) -> None:
    """Everyone reads ``language``: the people's choice, and no locale kept from an earlier request
    (the test client's requests share the test's application context, where Flask-Babel keeps it)."""
    db.session.execute(sa.update(User).values(locale=language))
    db.session.commit()
    refresh()


def _client(app, language: str):
    """A test client whose language cookie says ``language`` (for the signed-out pages)."""
    client = app.test_client()
    client.set_cookie("cellule_lang", language, domain=app.config["SERVER_NAME"])
    return client


def _walk(app, world, language: str) -> list[str]:
    """Every registry page in every role, in ``language``; the leaks found."""
    _speak(language)
    problems, seen = [], set()
    for role in ROLES:
        client = _client(app, language)
        if role != "visitor":
            assert AuthActions(client).login(world.people[role].email, world.password).status_code == 302, role
        for entry in (p for p in PAGES if p.role == role):
            path = entry.path(world)
            if (role, path) in seen or "verification" in path:
                continue
            seen.add((role, path))
            response = client.get(path)
            assert response.status_code in (200, 400, 403, 404), (role, path, response.status_code)
            html = response.get_data(as_text=True)
            assert f'lang="{language}"' in html, (role, path, "not in the expected language")
            problems += [f"{language} {role} {path}: {leak}" for leak in leaks(html)]
    return problems


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_page_shows_codes_or_reprs(app, region, language):
    world = build_world(region)
    problems = _walk(app, world, language)
    assert problems == [], "\n".join(problems)


def _text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.chunks)


def test_demo_pages_say_it_in_french_with_labels_plurals_and_numbers(app, region):
    world = build_world(region)
    _speak("fr")
    coordinator = app.test_client()
    assert AuthActions(coordinator).login(world.people["coordinator"].email, world.password).status_code == 302
    base = f"/{world.region}/collecte/{world.campaign}/ptce/{world.submitted}"

    review = _text(coordinator.get(f"{base}/examen").get_data(as_text=True))
    assert "Année de création du PTCE" in review and "creation_year" not in review
    assert "Examen des réponses d'Initiatives et Cité" in review
    sent_back = _text(coordinator.get(f"/{world.region}/collecte/{world.campaign}/ptce/{world.returned}/examen"
                                      ).get_data(as_text=True))
    assert "Commentaires d'examen" in sent_back and "Emplois créés dans l'année — " in sent_back

    history = _text(coordinator.get(f"{base}/historique").get_data(as_text=True))
    assert "Historique des réponses d'Initiatives et Cité" in history
    assert "(Non commencé → Brouillon)" in history and "(Brouillon → Soumis)" in history
    assert "Accompagnement de projets, incubateur, fabrique à initiatives" in history  # a choice, by its label
    assert "Secteurs d'activité" in history or "Année de création du PTCE" in history  # questions, by label

    member = app.test_client()
    assert AuthActions(member).login(world.people["member"].email, world.password).status_code == 302
    mine = _text(member.get("/mes-donnees").get_data(as_text=True))
    assert "Compte" in mine and "Inscriptions aux visites" in mine and "user_account" not in mine

    library = _text(app.test_client().get("/fiches/").get_data(as_text=True))
    assert "SCIC" in library.split() and "scic" not in library.split()

    visit = _text(coordinator.get(f"/{world.region}/visites/{world.visit}").get_data(as_text=True))
    assert re.search(r"\b1 inscrit·e sur 2 places\b|\b2 inscrit·es sur 2 places\b", visit), visit[:400]


def test_english_pages_keep_english_forms(app, region):
    world = build_world(region)
    _speak("en")
    client = _client(app, "en")
    assert AuthActions(client).login(world.people["coordinator"].email, world.password).status_code == 302
    visit = _text(client.get(f"/{world.region}/visites/{world.visit}").get_data(as_text=True))
    assert re.search(r"\b\d registered out of 2 seats\b", visit), visit[:400]
    history = _text(client.get(f"/{world.region}/collecte/{world.campaign}/ptce/{world.submitted}/historique"
                               ).get_data(as_text=True))
    assert "(Not started → Draft)" in history, history[:600]
    codebook = _text(client.get(f"/collecte/questionnaires/{world.questionnaire}/dictionnaire").get_data(as_text=True))
    assert "Whole number" in codebook and "Nombre entier" not in codebook


def test_every_table_has_a_name_people_read(app):
    """« Mes données » and the audit log name tables; a new table needs its name in ``records``."""
    assert sorted(set(db.metadata.tables) - set(RECORD_NAMES)) == []
