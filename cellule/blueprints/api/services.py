"""Council API: tokens, opaque cursors, and the read queries (forwarded data only)."""
from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from ...database import utcnow
from ...extensions import db
from .models import ApiToken, token_hash

TOKEN_PREFIX = "cel_"


def create_token(name: str, user=None) -> tuple[ApiToken, str]:
    """A new token row and the secret, which is shown once and never stored."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(name=name.strip()[:120], token_hash=token_hash(secret), prefix=secret[:10],
                     created_by_id=getattr(user, "id", None))
    db.session.add(token)
    db.session.flush()
    return token, secret


def revoke_token(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
    db.session.flush()


def tokens() -> list[ApiToken]:
    return list(db.session.scalars(sa.select(ApiToken).order_by(ApiToken.revoked_at.is_not(None),
                                                                ApiToken.created_at.desc())))


def authenticate(header: str | None) -> ApiToken | None:
    """The active token named by an ``Authorization: Bearer …`` header, or None."""
    if not header or not header.startswith("Bearer "):
        return None
    secret = header[len("Bearer "):].strip()
    if not secret or len(secret) > 200:
        return None
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == token_hash(secret)))
    if token is None or not token.active:
        return None
    # Written at most once a minute per token, so reads stay cheap; the view commits.
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        token.last_used_at = now
        db.session.flush()
    return token


class BadRequest(ValueError):
    """A query parameter the API cannot use; the message is returned to the client."""


CURSOR_PATTERN = r"^[0-9a-z]{1,12}$"
MAX_ID = 2**31 - 1  # ids are 32-bit INTEGER columns on PostgreSQL


def encode_cursor(last_id: int) -> str:
    """An opaque cursor: clients pass it back as is and must not build their own."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        last_id, rest = divmod(last_id, 36)
        out = digits[rest] + out
        if not last_id:
            return out


def decode_cursor(cursor: str | None) -> int | None:
    """The position a cursor stands for; any string of the documented pattern is a position."""
    if cursor is None:
        return None
    if not re.fullmatch(CURSOR_PATTERN, cursor):
        raise BadRequest("invalid cursor")
    return min(int(cursor, 36), MAX_ID)


def parse_since(value: str | None) -> datetime | None:
    """``updated_since`` as an RFC 3339 date-time; a value without zone is taken as UTC."""
    if value is None:
        return None
    text = value.strip().upper().replace("Z", "+00:00")
    # RFC 3339 allows a leap second, which Python's datetime does not represent.
    text = re.sub(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d):60", r"\1:59", text)
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise BadRequest("updated_since must be an RFC 3339 date-time") from None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def parse_limit(value: str | None, default: int = 50, maximum: int = 200) -> int:
    if value is None:
        return default
    if not value.isdigit() or not 1 <= int(value) <= maximum:
        raise BadRequest(f"limit must be an integer between 1 and {maximum}")
    return int(value)


def page(query: sa.Select, id_column, cursor: str | None, limit: int) -> tuple[list, str | None]:
    """One page in id order after the cursor, and the cursor of the next page (None at the end)."""
    after = decode_cursor(cursor)
    if after is not None:
        query = query.where(id_column > after)
    rows = list(db.session.scalars(query.order_by(id_column).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (encode_cursor(rows[-1].id) if more and rows else None)
