"""Two-factor sign-in: the code step, forced enrolment, recovery codes, expiry, rate limit."""
from __future__ import annotations

import re
import time

import pyotp
import pytest
import sqlalchemy as sa

from cellule.blueprints.audit.models import AuditEvent
from cellule.blueprints.auth import twofactor
from cellule.blueprints.auth.models import RecoveryCode
from cellule.extensions import db
from tests.conftest import PASSWORD, TOTP_SECRET


def _password(client, user, **kwargs):
    return client.post("/connexion", data={"email": user.email, "password": PASSWORD}, **kwargs)


def _signed_in(client) -> bool:
    return client.get("/profil").status_code == 200


def test_coordinator_needs_the_code_after_the_password(client, make_user):
    user = make_user("coordinator")
    response = _password(client, user, query_string={"next": "/profil"})
    assert response.headers["Location"].endswith("/connexion/verification")
    assert not _signed_in(client)  # the password alone opens nothing
    with client.session_transaction() as session:
        assert "_user_id" not in session and session["pending_2fa"]["uid"] == user.id
    page = client.post("/connexion/verification", data={"code": "000000"})
    assert "n&#39;est pas valable" in page.get_data(as_text=True) and not _signed_in(client)
    code = pyotp.TOTP(TOTP_SECRET).now()
    response = client.post("/connexion/verification", data={"code": code})
    assert response.headers["Location"] == "/profil"
    assert _signed_in(client)
    actions = list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions[-2:] == ["auth.2fa_failed", "auth.signin"]
    # The same code cannot be replayed for another sign-in.
    client.post("/deconnexion")
    _password(client, user)
    assert client.post("/connexion/verification", data={"code": code}).status_code == 200
    assert not _signed_in(client)


def test_members_sign_in_with_the_password_alone(client, make_user):
    assert _password(client, make_user("ptce_member")).headers["Location"] == "/"
    assert _signed_in(client)


def test_the_pending_step_expires(app, client, make_user):
    app.config["TWO_FACTOR_PENDING_SECONDS"] = -1
    _password(client, make_user("council_admin"))
    response = client.post("/connexion/verification", data={"code": pyotp.TOTP(TOTP_SECRET).now()})
    assert response.headers["Location"].endswith("/connexion")
    assert not _signed_in(client)


def test_verification_page_without_password_step_sends_back(client):
    assert client.get("/connexion/verification").headers["Location"].endswith("/connexion")


def test_forced_enrolment_then_recovery_codes_are_single_use(client, make_user):
    user = make_user("coordinator", totp_secret=None)
    response = _password(client, user)
    assert response.headers["Location"].endswith("/connexion/activation-double-authentification")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    main = page.split("<main", 1)[1]  # the page's own content (the layout loads static/js/menu.js)
    assert "<svg" in main and "<script" not in main
    key = re.search(r'<code class="totp-key">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    db.session.refresh(user)
    assert user.totp_secret is None  # nothing stored before confirmation
    assert not _signed_in(client)
    page = client.post("/connexion/activation-double-authentification",
                       data={"code": pyotp.TOTP(key).now()}).get_data(as_text=True)
    codes = re.findall(r"<code>([0-9a-f]{8}-[0-9a-f]{8})</code>", page)
    assert len(codes) == 10 and _signed_in(client)
    db.session.refresh(user)
    assert user.totp_secret == key and user.has_two_factor
    stored = db.session.scalars(sa.select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)).all()
    assert len(stored) == 10 and not any(c.replace("-", "") in h for c in codes for h in stored)
    client.post("/deconnexion")
    _password(client, user)
    assert client.post("/connexion/verification", data={"code": codes[0].upper()}).status_code == 302
    assert _signed_in(client)
    client.post("/deconnexion")
    _password(client, user)
    assert client.post("/connexion/verification", data={"code": codes[0]}).status_code == 200  # spent
    assert not _signed_in(client)


def test_optional_enrolment_from_the_profile_and_disabling(client, auth, make_user):
    user = make_user("partner")
    auth.login(user)
    page = client.get("/profil/double-authentification").get_data(as_text=True)
    key = re.search(r'<code class="totp-key">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    assert client.post("/profil/double-authentification", data={"code": "123"}).status_code == 200
    page = client.post("/profil/double-authentification", data={"code": pyotp.TOTP(key).now()})
    assert "codes de secours" in page.get_data(as_text=True)
    client.post("/deconnexion")
    assert _password(client, user).headers["Location"].endswith("/connexion/verification")
    db.session.refresh(user)
    user.totp_last_step = None
    db.session.commit()
    assert client.post("/connexion/verification", data={"code": pyotp.TOTP(key).now()}).status_code == 302
    db.session.refresh(user)
    user.totp_last_step = None
    db.session.commit()
    client.post("/profil/double-authentification/desactiver",
                data={"password": PASSWORD, "code": pyotp.TOTP(key).now()})
    db.session.refresh(user)
    assert not user.has_two_factor
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecoveryCode)) == 0


def test_required_roles_cannot_disable(client, auth, make_user):
    user = make_user("council_observer")
    auth.login(user)
    client.post("/profil/double-authentification/desactiver",
                data={"password": PASSWORD, "code": pyotp.TOTP(TOTP_SECRET).now()})
    db.session.refresh(user)
    assert user.has_two_factor


def test_password_reset_does_not_skip_the_second_factor(client, make_user, outbox):
    from cellule.blueprints.auth import services

    user = make_user("coordinator")
    services.request_password_reset(user.email)
    db.session.commit()
    link = re.search(r"https?://cellule\.test(/\S+)", outbox()[-1].body_text).group(1)
    new = "une nouvelle phrase de passe"
    response = client.post(link, data={"password": new, "confirm": new})
    assert response.headers["Location"].endswith("/connexion/verification")
    assert not _signed_in(client)


@pytest.mark.config(RATELIMIT_ENABLED=True, RATELIMIT_TWO_FACTOR="3 per minute")
def test_second_step_is_rate_limited(client, make_user):
    user = make_user("coordinator")
    _password(client, user)
    codes = [client.post("/connexion/verification", data={"code": "000000"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    ok = client.post("/connexion/verification", data={"code": pyotp.TOTP(TOTP_SECRET).now()})
    assert ok.status_code == 429 and not _signed_in(client)


def test_codes_of_adjacent_steps_are_accepted_and_others_refused():
    secret = pyotp.random_base32()
    now = time.time()
    totp = pyotp.TOTP(secret)
    assert twofactor.matching_step(secret, totp.at(now - 30), now=now) is not None
    assert twofactor.matching_step(secret, totp.at(now + 30), now=now) is not None
    assert twofactor.matching_step(secret, totp.at(now - 120), now=now) is None
    step = twofactor.matching_step(secret, totp.at(now), now=now)
    assert twofactor.matching_step(secret, totp.at(now), after=step, now=now) is None


def test_a_session_without_the_required_second_factor_goes_to_enrolment(client, auth, make_user, region):
    """Someone made coordinator while signed in (or signed in before the rule) must enrol first."""
    from cellule.blueprints.auth import services

    user = make_user("partner")
    auth.login(user)
    assert client.get("/profil").status_code == 200
    services.grant(user, services.Role.COORDINATOR, region=region("hauts-de-france"))
    db.session.commit()
    response = client.get("/hauts-de-france/equipe")
    assert response.headers["Location"].endswith("/profil/double-authentification")
    page = client.get("/profil/double-authentification").get_data(as_text=True)
    key = re.search(r'<code class="totp-key">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    client.post("/profil/double-authentification", data={"code": pyotp.TOTP(key).now()})
    assert client.get("/hauts-de-france/equipe").status_code == 200


@pytest.mark.config(PROXY_FIX_HOPS=1)
def test_behind_a_proxy_the_client_address_is_recorded(client, make_user):
    client.post("/connexion", data={"email": "nobody@example.org", "password": "wrong password!!"},
                headers={"X-Forwarded-For": "203.0.113.7"})
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "auth.signin_failed"))
    assert event.ip == "203.0.113.7"
