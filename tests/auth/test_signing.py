"""One module for every secret handed out (cellule/signing.py): links, feed addresses, API tokens.

Values made before the module existed must keep working: links already mailed,
personal feed addresses already in calendars (tests/calendar/test_calendar_conditional.py).
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

import sqlalchemy as sa
from itsdangerous import URLSafeSerializer

from cellule import signing
from cellule.blueprints.api import services as api
from cellule.blueprints.api.models import ApiToken
from cellule.blueprints.auth import services
from cellule.blueprints.auth.models import AuthToken, TokenKind
from cellule.database import utcnow
from cellule.extensions import db


def test_a_link_signed_before_the_module_still_opens(app, client, make_user):
    user = make_user()
    secret = secrets.token_urlsafe(32)
    db.session.add(AuthToken(kind=TokenKind.PASSWORD_RESET, email=user.email, user_id=user.id,
                             secret_hash=hashlib.sha256(secret.encode()).hexdigest(),
                             expires_at=utcnow() + timedelta(hours=1)))
    db.session.commit()
    # What auth/services.py wrote into reset mails until now.
    signed = URLSafeSerializer(app.config["SECRET_KEY"], salt="cellule-password_reset").dumps(secret)
    assert services.redeem(TokenKind.PASSWORD_RESET, signed) is not None
    assert client.get(f"/mot-de-passe/{signed}").status_code == 200
    assert services.redeem(TokenKind.INVITATION, signed) is None  # signed for another purpose


def test_sign_and_unsign_refuse_other_purposes_keys_and_forgeries():
    signed = signing.sign("key", "cellule-invitation", "abc")
    assert signing.unsign("key", "cellule-invitation", signed) == "abc"
    assert signing.unsign("key", "cellule-password_reset", signed) is None
    assert signing.unsign("other", "cellule-invitation", signed) is None
    assert signing.unsign("key", "cellule-invitation", signed[:-2] + "xx") is None


def test_mac_is_the_hmac_feed_addresses_always_had():
    expected = hmac.new(b"k", b"calendar-feed:7:n", hashlib.sha256).hexdigest()
    assert signing.mac("k", "calendar-feed:7:n") == expected and len(expected) == 64


def test_api_tokens_stay_random_and_hashed_at_rest(app):
    token, secret = api.create_token("Outil du conseil")
    db.session.commit()
    row = db.session.scalar(sa.select(ApiToken).where(ApiToken.id == token.id))
    assert secret.startswith("cel_") and secret not in (row.token_hash, row.prefix)
    assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest() == signing.at_rest(secret)
    assert api.authenticate(f"Bearer {secret}").id == token.id
    assert api.authenticate(f"Bearer {secret}x") is None
