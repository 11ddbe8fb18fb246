"""Database helpers shared by every feature: UTC timestamps, enums, the request commit."""
from __future__ import annotations

import enum
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from .extensions import db


def utcnow() -> datetime:
    """Current time, timezone-aware UTC; use as a column default (the callable, not its value)."""
    return datetime.now(timezone.utc)


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


def str_enum(enum_cls: type[enum.Enum], length: int = 20) -> sa.Enum:
    """A portable enum column stored as its lowercase values in a VARCHAR."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        length=length,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


@sa.event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """Turn on foreign keys, WAL and a busy timeout on every SQLite connection."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()


def commit() -> None:
    """Commit the request's unit of work, then let queued mail leave.

    Views call this once; services only flush. Mail goes after the commit so
    that a rolled-back action never sends anything.
    """
    from . import mail  # late import: mail imports this module

    db.session.commit()
    mail.after_commit()


# Tables created by hand in migrations (full-text indexes …) that models do not
# describe; Alembic's autogenerate and the model/migration test skip them.
UNMANAGED_TABLE_PREFIXES: tuple[str, ...] = ("resources_fts",)
