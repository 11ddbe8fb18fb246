"""TOTP keys are encrypted at rest: a dump of the database does not reveal them."""
from __future__ import annotations

import pyotp
import sqlalchemy as sa
from cryptography.fernet import Fernet

from cellule.blueprints.auth import twofactor
from cellule.blueprints.auth.models import User
from cellule.extensions import db
from tests.conftest import TOTP_SECRET  # the fixtures enrol people with it

SECRET = "KRUGKIDROVUWG2ZAMJZG653OEBTG66BK"


def _raw(user_id: int) -> str:
    return db.session.execute(sa.text("SELECT totp_secret FROM user_account WHERE id = :id"),
                              {"id": user_id}).scalar_one()


def test_the_column_holds_a_token_not_the_key(app, make_user):
    user = make_user("ptce_member")
    user.totp_secret = SECRET
    db.session.commit()
    raw = _raw(user.id)
    assert raw.startswith("gAAAAA") and SECRET not in raw and len(raw) <= 255
    db.session.expire_all()
    assert db.session.get(User, user.id).totp_secret == SECRET
    # the cipher is not deterministic: the same key stored twice gives two tokens
    user.totp_secret = SECRET + "A"
    db.session.commit()
    user.totp_secret = SECRET
    db.session.commit()
    assert _raw(user.id) != raw


def test_sign_in_with_a_code_still_works(app, client, make_user, auth):
    user = make_user("coordinator", region="hauts-de-france")  # enrolled by the fixture
    assert _raw(user.id).startswith("gAAAAA")
    auth.login(user.email)
    assert client.get("/profil").status_code == 200


def test_a_key_no_configured_key_opens_is_refused_not_a_crash(app, make_user):
    user = make_user("coordinator", region="hauts-de-france")
    secret = user.totp_secret
    codes = twofactor.regenerate_recovery_codes(user)
    db.session.commit()
    app.config["DATA_KEY"] = Fernet.generate_key()  # the key changed without OLD_DATA_KEYS
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert user.totp_secret is None and user.has_two_factor  # still enrolled: no bypass
    assert twofactor.verify(user, pyotp.TOTP(secret).now()) is False
    assert twofactor.verify(user, codes[0]) is True  # recovery codes are hashes, unaffected


def test_rotate_data_key(app, make_user, runner):
    user = make_user("coordinator", region="hauts-de-france")
    secret, before = user.totp_secret, _raw(user.id)
    old = app.config.get("DATA_KEY")
    new = Fernet.generate_key()
    app.config["DATA_KEY"] = new
    app.config["OLD_DATA_KEYS"] = (old,) if old else (_derived(app),)
    result = runner.invoke(args=["rotate-data-key"])
    assert result.exit_code == 0 and "re-encrypted" in result.output
    db.session.expire_all()
    after = _raw(user.id)
    assert after != before
    assert Fernet(new).decrypt(after.encode()).decode() == secret  # the new key alone opens it
    app.config["OLD_DATA_KEYS"] = ()
    db.session.expire_all()
    assert db.session.get(User, user.id).totp_secret == secret


def _derived(app):
    from cellule.database import _derived_key

    return _derived_key(app.config["SECRET_KEY"])


def test_migration_encrypts_existing_keys(app, make_user):
    """0602 encrypts keys written in clear before it; its downgrade decrypts them."""
    from flask_migrate import downgrade, upgrade

    user_id = make_user("coordinator", region="hauts-de-france").id
    db.session.commit()
    db.session.remove()
    try:
        downgrade(revision="0601_privacy")
        assert _raw(user_id) == TOTP_SECRET  # decrypted by the downgrade
        db.session.execute(sa.text("UPDATE user_account SET totp_secret = :s WHERE id = :id"),
                           {"s": SECRET, "id": user_id})
        db.session.commit()
    finally:
        db.session.remove()
        upgrade()
    raw = _raw(user_id)
    assert raw.startswith("gAAAAA") and SECRET not in raw
    assert db.session.get(User, user_id).totp_secret == SECRET
