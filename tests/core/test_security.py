"""Security headers, production cookies and Flask's request limits."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from cellule import create_app
from cellule.security import CONTENT_SECURITY_POLICY

TEMPLATES = Path(__file__).parents[2] / "cellule" / "templates"


@pytest.mark.parametrize("path", ["/", "/connexion", "/page-qui-n-existe-pas", "/healthz",
                                  "/static/css/cellule.css"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    response.close()  # static files are streamed
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY and "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers  # development: no HSTS


def test_signed_in_pages_are_not_cached(client, login):
    login("ptce_member")
    assert client.get("/profil").headers["Cache-Control"] == "no-store"


def test_templates_have_no_inline_script_or_style():
    """The CSP would block them: every page template stays free of inline code (mail excluded)."""
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        if "email" in path.relative_to(TEMPLATES).parts:
            continue
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=", text):
            offenders.append(str(path.relative_to(TEMPLATES)))
    assert offenders == []


def test_production_turns_on_hsts_and_host_cookies(other_app, make_user):
    user = make_user("ptce_member")
    prod = other_app(PRODUCTION=True, SECRET_KEY="prod-secret")
    client = prod.test_client()
    response = client.get("/", base_url="https://cellule.test")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    response = client.post("/connexion", data={"email": user.email, "password": "correct horse battery staple"},
                           base_url="https://cellule.test")
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-session=")
    for flag in ("Secure", "HttpOnly", "Path=/", "SameSite=Lax"):
        assert flag in cookie
    assert "Domain" not in cookie
    lang = client.get("/langue/en?next=/", base_url="https://cellule.test").headers["Set-Cookie"]
    assert lang.startswith("__Host-lang=en") and "Secure" in lang and "HttpOnly" in lang
    assert client.get("/", base_url="https://cellule.test").status_code == 200


def test_production_refuses_to_start_without_a_shared_secret_key(app):
    config = {k: v for k, v in app.config.items() if k != "SECRET_KEY"}
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({**config, "PRODUCTION": True}, instance_path=app.instance_path)


def test_development_cookies_keep_their_plain_names(client, make_user, auth):
    response = auth.login(make_user("ptce_member"))
    assert response.headers["Set-Cookie"].startswith("session=")


@pytest.mark.config(MAX_CONTENT_LENGTH=1024)
def test_body_larger_than_max_content_length_is_refused(client):
    response = client.post("/connexion", data={"email": "a@example.org", "password": "x" * 5000})
    assert response.status_code == 413
    assert "taille maximale" in response.get_data(as_text=True)


@pytest.mark.config(MAX_FORM_MEMORY_SIZE=100)
def test_form_field_larger_than_max_form_memory_size_is_refused(client):
    response = client.post("/connexion", data={"email": "a@example.org", "password": "x" * 500},
                           content_type="multipart/form-data")
    assert response.status_code == 413


@pytest.mark.config(MAX_FORM_PARTS=5)
def test_too_many_form_fields_are_refused(client):
    data = {f"field{i}": "x" for i in range(20)}
    response = client.post("/connexion", data=data, content_type="multipart/form-data")
    assert response.status_code == 413


@pytest.mark.config(TRUSTED_HOSTS=["cellule.test"])
def test_trusted_hosts_refuse_other_host_headers(client):
    assert client.get("/healthz").status_code == 200
    assert client.get("/healthz", headers={"Host": "evil.example"}).status_code == 400


def test_defaults_leave_trusted_hosts_unset_and_limits_set(app):
    assert app.config["TRUSTED_HOSTS"] is None
    assert app.config["MAX_CONTENT_LENGTH"] and app.config["MAX_FORM_MEMORY_SIZE"]
    assert app.config["MAX_FORM_PARTS"] == 1000
