"""Council API: tokens, opaque cursors, and the read queries (forwarded data only)."""
from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from flask import current_app

from ... import signing
from ...database import utcnow
from ...extensions import db
from .models import ApiToken, token_hash

TOKEN_PREFIX = "cel_"


def create_token(name: str, user=None) -> tuple[ApiToken, str]:
    """A new token row and the secret, which is shown once and never stored."""
    secret = TOKEN_PREFIX + signing.new_secret(32)
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


# A cursor is the base-36 id of the last row seen, a dot, and 10 hex digits of an HMAC
# of that id and the listing it belongs to: a client cannot build one, and a truncated,
# mistyped or foreign cursor is refused with the reason instead of silently giving an
# empty page. An empty ``cursor=`` is the same as no cursor (the first page).
CURSOR_PATTERN = r"^[0-9a-z]{1,7}\.[0-9a-f]{10}$"
MAX_ID = 2**31 - 1  # ids are 32-bit INTEGER columns on PostgreSQL
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def _signature(body: str, scope: str) -> str:
    key = hashlib.sha256(b"cellule api cursor:" + current_app.config["SECRET_KEY"].encode()).digest()
    return signing.mac(key, f"{scope}:{body}")[:10]


def encode_cursor(last_id: int, scope: str) -> str:
    """An opaque cursor for the page after ``last_id`` in listing ``scope``."""
    body = ""
    while True:
        last_id, rest = divmod(last_id, 36)
        body = _DIGITS[rest] + body
        if not last_id:
            return f"{body}.{_signature(body, scope)}"


def decode_cursor(cursor: str | None, scope: str) -> int | None:
    """The position a cursor of listing ``scope`` stands for; None when absent or empty.

    Raises ``BadRequest`` saying why a cursor is refused.
    """
    if cursor is None or cursor == "":
        return None
    if not re.fullmatch(CURSOR_PATTERN, cursor):
        raise BadRequest("invalid cursor: malformed (pass back next_cursor exactly as received)")
    body, signature = cursor.split(".")
    if not signing.matches(_signature(body, scope), signature):
        raise BadRequest("invalid cursor: not issued by this API for this listing "
                         "(altered, truncated, or from another endpoint)")
    return min(int(body, 36), MAX_ID)


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


DEFAULT_LIMIT, MAX_LIMIT = 50, 200


def parse_limit(value: str | None) -> int:
    if value is None:
        return DEFAULT_LIMIT
    if not value.isdigit() or not 1 <= int(value) <= MAX_LIMIT:
        raise BadRequest(f"limit must be an integer between 1 and {MAX_LIMIT}")
    return int(value)


def page(query: sa.Select, id_column, cursor: str | None, limit: int, scope: str,
         extra: tuple[sa.Select, sa.ColumnElement] | None = None) -> tuple[list, str | None]:
    """One page in id order after the cursor, and the cursor of the next page (None at the end).

    ``extra`` selects more rows with an ``id`` (tombstones) interleaved by id with ``query``'s.
    """
    after = decode_cursor(cursor, scope)
    queries = [(query, id_column)] + ([extra] if extra is not None else [])
    rows = []
    for q, column in queries:
        if after is not None:
            q = q.where(column > after)
        rows += db.session.scalars(q.order_by(column).limit(limit + 1))
    rows.sort(key=lambda r: r.id)
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (encode_cursor(rows[-1].id, scope) if more and rows else None)
