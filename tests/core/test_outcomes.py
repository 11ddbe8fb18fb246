"""Outcomes and refusals are announced: the focus and the page title carry them, errors are tied to fields."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import sqlalchemy as sa

from cellule.extensions import db
from cellule.text import render_markdown


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def test_refused_sign_in_is_tied_to_both_fields_and_titles_the_page(client, make_user):
    person = make_user("ptce_member")
    page = client.post("/connexion", data={"email": person.email, "password": "wrong"}).get_data(as_text=True)
    assert _title(page) == "Erreur : Adresse ou mot de passe incorrect. – Se connecter · cellule"
    summary = page.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "autofocus" in summary and 'role="alert"' in summary
    assert '<a href="#email">Adresse électronique</a>' in summary and '<a href="#password">Mot de passe</a>' in summary
    for name in ("email", "password"):
        tag = re.search(rf'<input[^>]*id="{name}"[^>]*>', page).group(0)
        assert 'aria-invalid="true"' in tag and f'aria-describedby="{name}-erreur"' in tag
        assert f'id="{name}-erreur">Adresse ou mot de passe incorrect.</p>' in page
    assert 'class="flashes"' not in page  # the refusal is in the summary, not in a box above the heading


def test_a_flashed_outcome_takes_the_focus_and_starts_the_title(client, auth, make_user):
    auth.login(make_user("ptce_member"))
    page = client.post("/deconnexion", follow_redirects=True).get_data(as_text=True)
    assert _title(page).startswith("Vous êtes déconnecté·e. – ")
    box = re.search(r'<div class="flashes"[^>]*>', page, re.S).group(0)
    assert 'id="annonce"' in box and "autofocus" in box and 'tabindex="-1"' in box
    assert 'aria-labelledby="annonce-1 "' in box and 'id="annonce-1">Vous êtes déconnecté·e.</p>' in page
    again = client.get("/").get_data(as_text=True)  # shown once: the next page is quiet again
    assert 'class="flashes"' not in again and not _title(again).startswith("Vous")


def test_a_flashed_error_titles_the_page_as_an_error(client, login, app):
    login("ptce_member")
    with client.session_transaction() as session:
        session["_flashes"] = [("error", "Rien à transmettre.")]
    page = client.get("/").get_data(as_text=True)
    assert _title(page).startswith("Erreur : Rien à transmettre. – ")
    assert 'role="alert"' in page.split('class="flashes"', 1)[1].split(">", 1)[0]


def test_user_headings_sit_below_the_page_heading():
    assert str(render_markdown("## Programme\n\n### Matin", top=3)) == "<h3>Programme</h3>\n<h4>Matin</h4>\n"
    assert str(render_markdown("# Titre\n\n## Sous-titre", top=2)) == "<h2>Titre</h2>\n<h3>Sous-titre</h3>\n"
    assert str(render_markdown("#### Bas\n\n###### Plus bas", top=4)) == "<h4>Bas</h4>\n<h6>Plus bas</h6>\n"
    assert "<h6>" in str(render_markdown("# a\n\n###### b", top=3))  # clamped at h6


def test_the_switch_saves_a_signed_in_persons_language(client, login):
    from cellule.blueprints.auth.models import User

    person = login("ptce_member")
    page = client.get("/").get_data(as_text=True)
    assert '<button type="submit" class="link-button" lang="en">English</button>' in page
    response = client.post("/langue/en?next=/")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert db.session.scalar(sa.select(User.locale).where(User.id == person.id)) == "en"
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page and 'lang="fr">Français</button>' in page


def test_a_choice_made_before_sign_in_is_kept(client, auth, make_user):
    from cellule.blueprints.auth.models import User

    person = make_user("coordinator")  # two-factor sign-in: the choice survives the code step too
    assert person.locale == "fr"
    client.get("/langue/en?next=/")
    assert auth.login(person).status_code == 302
    assert db.session.scalar(sa.select(User.locale).where(User.id == person.id)) == "en"
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


def test_the_profile_language_also_moves_the_switch(client, login):
    from cellule.blueprints.auth.models import User

    person = login("ptce_member")
    client.post("/langue/en?next=/")
    response = client.post("/profil", data={"profile-name": person.name, "profile-locale": "fr"})
    assert "cellule_lang=fr" in response.headers["Set-Cookie"]
    client.post("/deconnexion")
    assert '<html lang="fr">' in client.get("/").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(sa.select(User.locale).where(User.id == person.id)) == "fr"


def test_every_refusal_goes_through_refuse():
    """One mechanism for refusals: ``outcomes.refuse`` (an error flash is only ever made there)."""
    root = Path(__file__).resolve().parents[2] / "cellule"
    direct = []
    for path in sorted(root.rglob("*.py")):
        if path.name == "outcomes.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "flash" and len(node.args) == 2 \
                    and isinstance(node.args[1], ast.Constant) and node.args[1].value == "error":
                direct.append(f"{path.relative_to(root)}:{node.lineno}")
    assert direct == []
