"""The application shell: configuration layers, health check, language, errors, static assets."""
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from cellule import create_app
from cellule.extensions import db


def test_configuration_layers(tmp_path, monkeypatch):
    """defaults → instance/config.py → CELLULE_* environment → test config."""
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text("SITE_NAME = 'from-instance'\nMAIL_PORT = 2525\nOUTBOX_MAX_ATTEMPTS = 3\n")
    monkeypatch.setenv("CELLULE_MAIL_PORT", "587")
    monkeypatch.setenv("CELLULE_DATABASE_URL", "sqlite:///" + str(tmp_path / "x.sqlite"))
    monkeypatch.setenv("CELLULE_RATELIMIT_STORAGE_URI", "memory://")
    app = create_app({"OUTBOX_MAX_ATTEMPTS": 9}, instance_path=str(instance))
    assert app.config["SITE_NAME"] == "from-instance"        # instance file over defaults
    assert app.config["MAIL_PORT"] == 587                     # environment over instance file
    assert app.config["OUTBOX_MAX_ATTEMPTS"] == 9             # test config over everything
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("x.sqlite")  # short alias of CONTRACT.md
    assert app.config["UPLOAD_DIR"] == str(instance / "uploads")
    assert len(app.config["SECRET_KEY"]) == 64                # generated once into instance/
    assert (instance / "secret_key").read_text().strip() == app.config["SECRET_KEY"]


def test_factory_creates_no_tables(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.sqlite'}",
                      "SECRET_KEY": "x"}, instance_path=str(tmp_path))
    with app.app_context():
        assert sa.inspect(db.engine).get_table_names() == []


def test_sqlite_pragmas(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.data == b"ok\n"


def test_healthz_reports_unreachable_database(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none",
                      "SECRET_KEY": "x", "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 1}}},
                     instance_path=str(tmp_path))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503


def test_french_by_default_even_for_english_browsers(client):
    response = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})
    page = response.get_data(as_text=True)
    assert '<html lang="fr">' in page
    assert "Les cellules régionales d'animation des PTCE" in page


def test_english_catalogue(client):
    response = client.get("/langue/en?next=/")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Skip to content" in page
    assert client.get("/langue/fr?next=https://evil.example/").headers["Location"] == "/"


def test_unknown_region_is_404_in_french(client):
    response = client.get("/atlantide/")
    assert response.status_code == 404
    assert "Page introuvable" in response.get_data(as_text=True)


def test_csrf_is_enforced_outside_tests(app, tmp_path, _migrated):
    from tests.conftest import _test_config

    strict = create_app({**_test_config(_migrated, tmp_path), "WTF_CSRF_ENABLED": True})
    response = strict.test_client().post("/connexion", data={"email": "a@example.org", "password": "x"})
    assert response.status_code == 400
    assert "Formulaire expiré" in response.get_data(as_text=True)


def test_layout_landmarks_and_skip_link(client):
    page = client.get("/").get_data(as_text=True)
    assert 'class="skip-link" href="#contenu"' in page
    assert '<main id="contenu"' in page and "<header" in page and "<footer" in page
    assert 'name="viewport"' in page


def test_no_asset_is_loaded_from_another_site():
    """CSS, JS and fonts ship with the package: no template or stylesheet points elsewhere."""
    root = Path(__file__).resolve().parents[2] / "cellule"
    offenders = []
    pattern = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//|@import\s+url\(["']?https?:|url\(["']?https?:""")
    for path in list(root.glob("templates/**/*.html")) + list(root.glob("static/**/*.css")):
        if path.parts[-2] == "email":
            continue
        for line in path.read_text().splitlines():
            if pattern.search(line):
                offenders.append(f"{path.name}: {line.strip()}")
    assert offenders == []


def test_static_stylesheet_served(client):
    with client.get("/static/css/cellule.css") as response:
        assert response.status_code == 200
        assert b":focus-visible" in response.data
