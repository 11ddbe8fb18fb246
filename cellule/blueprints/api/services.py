"""Council API: tokens, opaque cursors, and the read queries (forwarded data only)."""
from __future__ import annotations

import base64
import json
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


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"after": last_id}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        after = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))["after"]
        if not isinstance(after, int) or isinstance(after, bool) or after < 0 or after > 2**62:
            raise ValueError
        return after
    except (ValueError, KeyError, TypeError, UnicodeError):
        raise BadRequest("invalid cursor") from None


def parse_since(value: str | None) -> datetime | None:
    """``updated_since`` as an ISO 8601 timestamp; a value without zone is taken as UTC."""
    if value is None:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise BadRequest("updated_since must be an ISO 8601 date-time") from None
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
