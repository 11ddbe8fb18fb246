"""Error pages say what happened in French and lead back to where the person was; the favicon exists."""
from __future__ import annotations

import re

import pytest


def _links(html: str) -> list[str]:
    main = html.split('<main', 1)[1].split('</main>', 1)[0]
    return re.findall(r'href="([^"]+)"', main)


def test_favicon_is_an_icon(client):
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200
        assert response.mimetype == "image/vnd.microsoft.icon"
        assert response.data[:4] == b"\x00\x00\x01\x00"  # ICO header: reserved 0, type 1 (icon)
    with client.get("/static/favicon.svg") as svg:
        assert svg.status_code == 200 and b"<svg" in svg.data
    assert '/static/favicon.svg' in client.get("/").text


def test_not_found_offers_the_same_site_page_the_person_came_from(client):
    response = client.get("/nulle-part/", headers={"Referer": "http://cellule.test/annuaire/?q=bois"})
    assert response.status_code == 404
    assert "Page introuvable" in response.text
    assert "Vérifiez l&#39;adresse" in response.text
    assert "/annuaire/?q=bois" in _links(response.text)
    assert "Revenir à la page précédente" in response.text


@pytest.mark.parametrize("referrer", ["https://ailleurs.example/annuaire/", "http://cellule.test//evil.example/x"])
def test_a_foreign_referrer_is_never_offered(client, referrer):
    response = client.get("/nulle-part/", headers={"Referer": referrer})
    assert response.status_code == 404
    links = _links(response.text)
    assert not any("ailleurs" in link or "evil" in link for link in links)
    assert "/" in links  # the national home instead
    assert "Revenir à la page précédente" not in response.text


def test_a_regional_page_leads_back_to_its_region(client):
    response = client.get("/hauts-de-france/annuaire/pas-un-ptce")
    assert response.status_code == 404
    assert "/hauts-de-france/" in _links(response.text)
    assert "Retour à l&#39;espace Hauts-de-France" in response.text


def test_too_large_upload_explains_and_returns_to_the_form(app, client, login):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    login("coordinator", region="hauts-de-france")
    response = client.post("/hauts-de-france/annuaire/import", data={"file": "x" * 4096},
                           headers={"Referer": "http://cellule.test/hauts-de-france/annuaire/import"})
    assert response.status_code == 413
    assert "Fichier trop volumineux" in response.text
    assert "rien n&#39;a été enregistré" in response.text
    assert "/hauts-de-france/annuaire/import" in _links(response.text)


def test_bad_request_is_explained_in_french(client, login):
    login("coordinator", region="hauts-de-france")
    # A confirmation form whose file content is not base64: the import view answers 400.
    response = client.post("/hauts-de-france/annuaire/import", data={"content": "pas du base64 !"},
                           headers={"Referer": "http://cellule.test/hauts-de-france/annuaire/import"})
    assert response.status_code == 400
    assert "Demande incorrecte" in response.text
    assert "The browser" not in response.text  # not werkzeug's English page
    assert "/hauts-de-france/annuaire/import" in _links(response.text)


def test_forbidden_and_server_error_pages(app, client, login, monkeypatch):
    login("coordinator", region="hauts-de-france")
    response = client.get("/conseil/equipe", headers={"Referer": "http://cellule.test/hauts-de-france/"})
    assert response.status_code == 403
    assert "Accès refusé" in response.text and "/hauts-de-france/" in _links(response.text)

    from cellule.blueprints.core import views

    def crash():
        raise RuntimeError("boom")

    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    monkeypatch.setattr(views.directory, "count_ptce", lambda region: crash())
    response = client.get("/hauts-de-france/")
    assert response.status_code == 500
    assert "Rien n&#39;a été enregistré" in response.text
    assert "/hauts-de-france/" in _links(response.text)


@pytest.mark.config(RATELIMIT_ENABLED=True, RATELIMIT_SIGNIN="2 per minute")
def test_too_many_attempts_says_to_wait_and_leads_back_to_the_form(client, make_user):
    user = make_user()
    for _ in range(2):
        client.post("/connexion", data={"email": user.email, "password": "mauvais mot de passe"})
    response = client.post("/connexion", data={"email": user.email, "password": "mauvais mot de passe"},
                           headers={"Referer": "http://cellule.test/connexion"})
    assert response.status_code == 429
    assert "Patientez une minute" in response.text
    assert "/connexion" in _links(response.text)
