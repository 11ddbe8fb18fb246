"""Sign-in, sign-out, sessions, rate limits and the profile."""
import re

import pytest
import sqlalchemy as sa

from cellule.blueprints.auth.models import User
from cellule.extensions import db
from tests.conftest import PASSWORD, AuthActions


def test_sign_in_and_out(client, auth, make_user):
    user = make_user("coordinator", region="bretagne")
    response = auth.login(user)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/profil").status_code == 200
    db.session.refresh(user)
    assert user.last_login_at is not None
    auth.logout()
    assert client.get("/profil").status_code == 302


def test_email_is_case_insensitive(client, auth, make_user):
    user = make_user(email="Awa.Diallo@Example.org")
    assert user.email == "awa.diallo@example.org"
    assert auth.login("  AWA.DIALLO@example.ORG ").status_code == 302
    with pytest.raises(sa.exc.IntegrityError):
        make_user(email="awa.DIALLO@example.org")


def test_wrong_password_and_unknown_account_look_the_same(client, auth, make_user):
    user = make_user()
    wrong = auth.login(user, "not the password at all").get_data(as_text=True)
    unknown = auth.login("nobody@example.org", "not the password at all").get_data(as_text=True)
    assert "Adresse ou mot de passe incorrect." in wrong

    def strip(page):
        return re.sub(r'value="[^"]*"', "", page)

    assert strip(wrong) == strip(unknown)


def test_inactive_account_cannot_sign_in(auth, make_user):
    user = make_user(active=False)
    assert auth.login(user).status_code == 200


def test_next_redirect_stays_on_site(client, make_user):
    user = make_user()
    for target, expected in [("/profil", "/profil"), ("https://evil.example/", "/"),
                             ("//evil.example/x", "/"), ("/\\evil.example", "/")]:
        response = client.post("/connexion", query_string={"next": target},
                               data={"email": user.email, "password": PASSWORD})
        assert response.headers["Location"] == expected, target
        client.post("/deconnexion")


def test_session_is_renewed_on_sign_in(client, auth, make_user):
    user = make_user()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    auth.login(user)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"] == f"{user.id}:{user.session_version}"


def test_sign_out_invalidates_copied_session_cookies(app, client, auth, make_user):
    user = make_user()
    auth.login(user)
    stolen = client.get_cookie("session", domain="cellule.test").value
    auth.logout()
    other = app.test_client()
    other.set_cookie("session", stolen, domain="cellule.test")
    assert other.get("/profil").status_code == 302


def test_deactivation_ends_existing_sessions(app, client, auth, make_user):
    user = make_user()
    auth.login(user)
    admin_client = app.test_client()
    admin = make_user("council_admin")
    AuthActions(admin_client).login(admin)  # password, then the TOTP code
    response = admin_client.post(f"/conseil/personnes/{user.id}/desactiver")
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.active is False
    assert client.get("/profil").status_code == 302
    assert auth.login(user).status_code == 200  # refused: stays on the form


@pytest.mark.config(RATELIMIT_ENABLED=True, RATELIMIT_SIGNIN="3 per minute")
def test_sign_in_is_rate_limited(client, make_user):
    user = make_user()
    codes = [client.post("/connexion", data={"email": user.email, "password": "wrong password!"}).status_code
             for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    page = client.post("/connexion", data={"email": user.email, "password": PASSWORD})
    assert page.status_code == 429
    assert "Trop de tentatives" in page.get_data(as_text=True)


def test_profile_update_and_password_change(app, client, auth, make_user):
    user = make_user()
    auth.login(user)
    response = client.post("/profil", data={"profile-name": "Awa D.", "profile-locale": "en"})
    assert response.status_code == 302
    db.session.refresh(user)
    assert (user.name, user.locale) == ("Awa D.", "en")
    response = client.post("/profil", data={"password-current": "wrong", "password-password": "a" * 12,
                                            "password-confirm": "a" * 12})
    assert response.status_code == 200
    response = client.post("/profil", data={"password-current": PASSWORD, "password-password": "short",
                                            "password-confirm": "short"})
    assert "at least 12" in response.get_data(as_text=True) or "au moins 12" in response.get_data(as_text=True)
    new = "une phrase de passe assez longue"
    response = client.post("/profil", data={"password-current": PASSWORD, "password-password": new,
                                            "password-confirm": new})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.check_password(new) and not user.check_password(PASSWORD)
    assert client.get("/profil").status_code == 200  # this session was renewed, not ended


def test_production_hashes_with_scrypt(app):
    app.config["PASSWORD_HASH_METHOD"] = "scrypt"
    user = User(email="s@example.org", name="S")
    user.set_password("long enough password")
    assert user.password_hash.startswith("scrypt:")
    from cellule.config import Defaults
    assert Defaults.PASSWORD_HASH_METHOD == "scrypt"


def test_users_create_command(runner, make_ptce):
    ptce = make_ptce("la-reunion", slug="kaz")
    result = runner.invoke(args=["users", "create", "--email", "Coord@Example.org", "--name", "Coord",
                                 "--role", "coordinator", "--region", "la-reunion", "--password", "x" * 12])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["users", "create", "--email", "m@example.org", "--name", "M",
                                 "--role", "ptce_member", "--ptce", "kaz", "--referent", "--generate"])
    assert result.exit_code == 0 and "password:" in result.output
    coord = db.session.scalar(sa.select(User).where(User.email == "coord@example.org"))
    assert coord.coordinates(ptce.region) and coord.check_password("x" * 12)
    member = db.session.scalar(sa.select(User).where(User.email == "m@example.org"))
    assert member.referent_of(ptce) and member.has_role_in(ptce.region)
    bad = runner.invoke(args=["users", "create", "--email", "z@example.org", "--name", "Z",
                              "--role", "coordinator", "--region", "atlantis", "--password", "x" * 12])
    assert bad.exit_code != 0 and "unknown region" in bad.output
