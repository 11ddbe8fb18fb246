"""Database helpers shared by every feature: UTC timestamps, enums, encrypted secrets, the request commit."""
from __future__ import annotations

import base64
import enum
import logging
from datetime import datetime, timezone
from typing import Callable

import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from sqlalchemy.engine import Engine

from .extensions import db
from .text import stems


def utcnow() -> datetime:
    """Current time, timezone-aware UTC; use as a column default (the callable, not its value)."""
    return datetime.now(timezone.utc)


def _derived_key(secret_key: str) -> bytes:
    """A Fernet key derived from SECRET_KEY (HKDF-SHA256), used when DATA_KEY is not set."""
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"cellule data key v1").derive(
        secret_key.encode())
    return base64.urlsafe_b64encode(raw)


def data_cipher() -> MultiFernet:
    """The cipher of secrets kept in the database: DATA_KEY (a Fernet key), or one derived from
    SECRET_KEY; OLD_DATA_KEYS still decrypt during a rotation (``flask rotate-data-key``)."""
    config = current_app.config
    keys = (config.get("DATA_KEY") or _derived_key(config["SECRET_KEY"]),
            *(config.get("OLD_DATA_KEYS") or ()))
    cache = current_app.extensions.setdefault("cellule_data_cipher", {})
    if keys not in cache:
        cache.clear()
        cache[keys] = MultiFernet([Fernet(k) for k in keys])
    return cache[keys]


def encrypt_secret(value: str) -> str:
    return data_cipher().encrypt(value.encode()).decode("ascii")


def decrypt_secret(token: str) -> str | None:
    """The clear value, or None (logged) when no configured key opens it."""
    try:
        return data_cipher().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, ValueError):
        logging.getLogger(__name__).error("an encrypted secret cannot be decrypted with the configured keys")
        return None


class EncryptedString(sa.TypeDecorator):
    """Text kept encrypted at rest (Fernet: AES-128-CBC + HMAC-SHA256), clear in Python.

    For secrets the application must read back, such as TOTP keys; a database dump or
    backup alone does not reveal them. A value no key opens reads as None.
    """

    impl = sa.String(255)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else encrypt_secret(value)

    def process_result_value(self, value, dialect):
        return None if value is None else decrypt_secret(value)


class UTCDateTime(sa.TypeDecorator):
    """A timestamp stored in UTC and always returned timezone-aware.

    SQLite has no time zone type and hands back naive values; PostgreSQL uses
    ``timestamptz``. Naive datetimes are refused so local times never slip in.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)

    def result_processor(self, dialect, coltype):
        """On SQLite, a stored text (``2026-12-07 09:30:00.000000``, as SQLAlchemy writes it) read by
        ``datetime.fromisoformat`` in one call, not SQLAlchemy's pattern, then this type's step: a list
        page reads a few hundred timestamps (issue 20). Elsewhere the driver's datetime, as above."""
        if dialect.name != "sqlite":
            return super().result_processor(dialect, coltype)
        parse, utc = datetime.fromisoformat, timezone.utc

        def process(value):
            if value is None:
                return None
            moment = parse(value)
            return moment.replace(tzinfo=utc) if moment.tzinfo is None else moment.astimezone(utc)

        return process


class StrEnum(sa.TypeDecorator):
    """A portable enum column stored as its lowercase values in a VARCHAR (``sa.Enum``, not native).

    A stored value becomes its member through a dict's ``__getitem__``, in C: ``sa.Enum`` spends two
    Python calls a value, and a list page reads hundreds of statuses and scopes (issue 20). An unknown
    stored value still raises (``KeyError``, a ``LookupError`` as ``sa.Enum`` raises)."""

    impl = sa.Enum
    cache_ok = True

    def __init__(self, enum_cls: type[enum.Enum], length: int = 20):
        super().__init__(enum_cls, native_enum=False, length=length,
                         values_callable=lambda e: [m.value for m in e], validate_strings=True)
        self.enum_cls, self.length = enum_cls, length
        self._members = {member.value: member for member in enum_cls} | {None: None}

    def result_processor(self, dialect, coltype):
        return self._members.__getitem__


def str_enum(enum_cls: type[enum.Enum], length: int = 20) -> StrEnum:
    """A portable enum column stored as its lowercase values in a VARCHAR."""
    return StrEnum(enum_cls, length)


@sa.event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """Turn on foreign keys, WAL and a busy timeout on every SQLite connection."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()
        dbapi_connection.create_function("fr_stems", 1, _fr_stems, deterministic=True)


def _fr_stems(text: str | None) -> str:
    """SQLite ``fr_stems(text)``: the folded French stems of ``text``, space-separated.

    PostgreSQL does the same in SQL with the ``french_unaccent`` configuration.
    """
    return " ".join(stems(text or ""))


AFTER_COMMIT = "cellule_after_commit"


def on_commit(app, step: Callable[[], None]) -> None:
    """Run ``step`` after each :func:`commit` in ``app`` (the outbox registers its delivery)."""
    app.extensions.setdefault(AFTER_COMMIT, []).append(step)


def commit() -> None:
    """Commit the request's unit of work, then let queued mail leave.

    Views call this once; services only flush. Mail goes after the commit so
    that a rolled-back action never sends anything.
    """
    db.session.commit()
    for step in current_app.extensions.get(AFTER_COMMIT, ()):
        step()


# Tables created by hand in migrations (full-text indexes …) that models do not
# describe; Alembic's autogenerate and the model/migration test skip them.
UNMANAGED_TABLE_PREFIXES: tuple[str, ...] = ("resources_fts",)
