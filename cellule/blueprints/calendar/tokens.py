"""Personal feed tokens: issue, show again, regenerate, resolve. See ``models.FeedToken`` for the scheme."""
from __future__ import annotations

import re
import secrets

import sqlalchemy as sa
from flask import current_app

from ... import signing
from ...database import utcnow
from ...extensions import db
from ..auth.models import User
from .models import FeedToken

TOKEN_SHAPE = re.compile(r"[0-9a-f]{64}")


def derive(secret_key: str, user_id: int, nonce: str) -> str:
    """The token of a person and nonce under ``secret_key`` (no Flask context: the WSGI layer uses it)."""
    return signing.mac(secret_key, f"calendar-feed:{user_id}:{nonce}")


def _token(user_id: int, nonce: str) -> str:
    return derive(current_app.config["SECRET_KEY"], user_id, nonce)


def token_hash(token: str) -> str:
    """What the database holds of a token, and looks it up by."""
    return signing.at_rest(token)


def current_token(user: User) -> str | None:
    """The person's feed token, recomputed from the stored nonce; None before the first one."""
    row = db.session.scalar(sa.select(FeedToken).where(FeedToken.user_id == user.id))
    if row is None:
        return None
    token = _token(user.id, row.nonce)
    # The secret key changed since: the stored hash no longer matches, the URL is dead.
    return token if signing.matches(token_hash(token), row.token_hash) else None


def regenerate(user: User) -> str:
    """A new token for the person (created on first use); the previous URL stops working."""
    row = db.session.scalar(sa.select(FeedToken).where(FeedToken.user_id == user.id))
    if row is None:
        row = FeedToken(user_id=user.id)
        db.session.add(row)
    row.nonce = secrets.token_hex(32)
    token = _token(user.id, row.nonce)
    row.token_hash = token_hash(token)
    row.created_at = utcnow()
    db.session.flush()
    return token


def resolve(token: str) -> User | None:
    """The active person a feed token belongs to, or None (malformed, revoked, deactivated)."""
    if not TOKEN_SHAPE.fullmatch(token or ""):
        return None
    row = db.session.execute(sa.select(User, FeedToken.nonce).join(FeedToken, FeedToken.user_id == User.id)
                             .where(FeedToken.token_hash == token_hash(token))).first()
    if row is None:
        return None
    user, nonce = row
    # The token must also derive from the current secret key: a new key revokes every URL.
    if not matches(current_app.config["SECRET_KEY"], user.id, nonce, token) or not user.active:
        return None
    return user


def matches(secret_key: str, user_id: int, nonce: str, token: str) -> bool:
    """Whether ``token`` is the person's current one under ``secret_key`` (constant time)."""
    return signing.matches(derive(secret_key, user_id, nonce), token)
