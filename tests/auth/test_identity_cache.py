"""The signed-in identity comes from a cache, and every change that ends or narrows a session
takes effect on the very next request.

Each request here is served as a worker serves it: in a thread of its own, hence with its
own application context and database session (the test client otherwise reuses the test's,
whose identity map would answer before any cache). ``second_worker`` is another application
on the same database and instance folder: a second process of the same deployment.
"""
from __future__ import annotations

import threading
import uuid

import pytest
import sqlalchemy as sa

from cellule import create_app
from cellule.blueprints.auth import services
from cellule.blueprints.auth.identity import EXTENSION
from cellule.blueprints.auth.models import Role, User
from cellule.extensions import db
from tests.conftest import PASSWORD, TOTP_SECRET, AuthActions

REDIS_URL = "redis://127.0.0.1:6379/15"
# Both kinds of cache: in-process (with the change file), and Redis under a prefix of its own.
pytestmark = pytest.mark.parametrize("app", [
    {"IDENTITY_CACHE_URL": "local"},
    {"IDENTITY_CACHE_URL": REDIS_URL, "IDENTITY_CACHE_PREFIX": f"test-{uuid.uuid4().hex}:"},
], indirect=True, ids=["local", "redis"])


def served(client, path: str, data: dict | None = None):
    """One request in a fresh thread: its own app context and session, like a worker's."""
    result = {}

    def run():
        result["response"] = client.post(path, data=data) if data is not None else client.get(path)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    return result["response"]


@pytest.fixture(autouse=True)
def _close_cache(app):
    yield
    app.extensions[EXTENSION].close()


@pytest.fixture
def person_reads(app):
    """How many statements read the person's table, counted while the block runs."""
    seen = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if "FROM user_account" in statement:
            seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    yield seen
    sa.event.remove(db.engine, "before_cursor_execute", count)


@pytest.fixture
def second_worker(app):
    """Another process of the same deployment: same database, same instance folder."""
    other = create_app(dict(app.config), instance_path=app.instance_path)
    yield other.test_client()
    other.extensions[EXTENSION].close()
    with other.app_context():
        db.engine.dispose()


def _copy_session(source, target) -> None:
    cookie = source.get_cookie("session", domain="cellule.test")
    target.set_cookie("session", cookie.value, domain="cellule.test")


def test_a_signed_in_request_reads_the_person_once(client, login, person_reads):
    user = login("coordinator", region="bretagne")
    served(client, "/profil")  # loads and keeps the person
    person_reads.clear()
    page = served(client, "/profil")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert user.email in text and "Coordination régionale" in text and "Bretagne" in text
    assert person_reads == []


def test_sign_out_everywhere_ends_the_copied_session_in_another_worker(app, client, login, second_worker):
    login()
    _copy_session(client, second_worker)
    assert served(second_worker, "/profil").status_code == 200  # the second worker keeps the person
    assert served(client, "/deconnexion", data={}).status_code == 302
    assert served(second_worker, "/profil").status_code == 302  # anonymous: sent to sign in


def test_password_change_ends_the_other_sessions(app, client, login, second_worker):
    login()
    _copy_session(client, second_worker)
    assert served(second_worker, "/profil").status_code == 200
    changed = served(client, "/profil", data={"password-current": PASSWORD, "password-password": "a new long passphrase",
                                              "password-confirm": "a new long passphrase"})
    assert changed.status_code == 302
    assert served(second_worker, "/profil").status_code == 302
    assert served(client, "/profil").status_code == 200  # the changing session goes on


def test_deactivation_ends_the_session_in_another_worker(app, client, login, make_user, second_worker):
    user = login()
    assert served(client, "/profil").status_code == 200
    admin_client = app.test_client()
    AuthActions(admin_client).login(make_user("council_admin"))
    served(second_worker, "/profil")
    assert served(admin_client, f"/conseil/personnes/{user.id}/desactiver", data={}).status_code == 302
    _copy_session(client, second_worker)
    assert served(second_worker, "/profil").status_code == 302
    assert served(client, "/profil").status_code == 302


def test_a_revoked_role_closes_its_pages_at_once(app, client, login, second_worker):
    user = login("coordinator", region="bretagne")
    _copy_session(client, second_worker)
    assert served(second_worker, "/profil").status_code == 200  # loads and keeps the person
    assert served(second_worker, "/bretagne/equipe").status_code == 200
    membership = db.session.get(User, user.id).roles(Role.COORDINATOR)[0]
    services.revoke(membership)
    db.session.commit()
    assert served(second_worker, "/bretagne/equipe").status_code == 404  # no role left in the region


def test_a_renamed_ptce_shows_on_the_profile(app, client, login, make_ptce, second_worker):
    ptce = make_ptce("bretagne", name="Atelier d'avant")
    login("ptce_member", ptce=ptce)
    _copy_session(client, second_worker)
    assert "Atelier d&#39;avant" in served(second_worker, "/profil").get_data(as_text=True)
    ptce.name = "Atelier renommé"
    db.session.commit()
    assert "Atelier renommé" in served(second_worker, "/profil").get_data(as_text=True)


def test_the_cached_person_can_be_changed_and_committed(client, login):
    user = login()
    served(client, "/profil")
    saved = served(client, "/profil", data={"profile-name": "Nouveau Nom", "profile-locale": "fr"})
    assert saved.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).name == "Nouveau Nom"
    assert "Nouveau Nom" in served(client, "/profil").get_data(as_text=True)


def test_the_kept_identity_holds_no_secret_and_must_be_sealed(app, client, login, person_reads):
    user = login("coordinator", region="bretagne")
    served(client, "/profil")
    cache = app.extensions[EXTENSION]
    kept = cache.get(user.id)
    row = db.session.execute(sa.text("SELECT password_hash, totp_secret FROM user_account WHERE id = :id"),
                             {"id": user.id}).one()
    assert kept and user.email.encode() in kept
    assert row.password_hash.encode() not in kept and row.totp_secret.encode() not in kept
    assert TOTP_SECRET.encode() not in kept
    cache.put(user.id, cache.stamp(user.id), b"x" * 32 + kept[32:])  # a payload this deployment did not seal
    person_reads.clear()
    assert served(client, "/profil").status_code == 200
    assert person_reads  # refused: the person was read from the database
