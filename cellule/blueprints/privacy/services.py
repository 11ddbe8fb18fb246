"""What cellule holds about a person, found generically, and how it is erased.

Coverage is discovered from the schema rather than listed by hand, so tables
that features add later are included automatically:

* every column that is a foreign key to ``user_account.id`` (its rows belong
  to, or were made by, the person);
* every string column named ``email``, ``recipient`` or ``*_email`` (rows about
  the person's address: invitations, reset links, sent mail);
* rows of tables with a polymorphic ``target_type``/``target_id`` pair that
  point at the person's account (audit events about them).

Secrets (columns named ``*_hash``, ``*secret*`` or ``*token*``) are masked in
exports. Erasure keeps the person's rows, so counts stay right (a registration
still counts), but replaces their name and address everywhere they were copied.
"""
from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from markupsafe import escape

from ...database import utcnow
from ...extensions import db
from ...spreadsheet import FRENCH_EXCEL, csv_text
from ..audit import actions, services as audit
from ..auth.models import AuthToken, Membership, RecoveryCode, User
from ..calendar import feeds
from ..calendar.models import Event

PERSON_TABLE = "user_account"
EMAIL_COLUMN_NAMES = ("email", "recipient")
MASKED = "(masqué)"
ANONYMOUS_NAME = "Compte supprimé"


def person_columns() -> list[sa.Column]:
    """Every column, in every table, that is a foreign key to a person."""
    return [column for table in db.metadata.sorted_tables for column in table.columns
            if any(fk.column.table.name == PERSON_TABLE for fk in column.foreign_keys)]


def email_columns() -> list[sa.Column]:
    """String columns that hold someone's email address, by the naming convention above."""
    return [column for table in db.metadata.sorted_tables if table.name != PERSON_TABLE
            for column in table.columns
            if isinstance(column.type, sa.String)
            and (column.name in EMAIL_COLUMN_NAMES or column.name.endswith("_email"))]


def _secret(name: str) -> bool:
    return name.endswith("_hash") or "secret" in name or "token" in name and name != "token_id"


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if hasattr(value, "value") and not isinstance(value, (str, int, float, bool)):
        return value.value  # enums
    return value


def _row(table: sa.Table, row) -> dict:
    return {name: (MASKED if _secret(name) and value is not None else _plain(value))
            for name, value in row._mapping.items()}


def collect(user: User) -> dict[str, list[dict]]:
    """Every row held about ``user``, by table name (the account itself first)."""
    found: dict[str, dict[Any, dict]] = {}

    def add(table: sa.Table, condition) -> None:
        key_columns = list(table.primary_key.columns) or list(table.columns)
        for row in db.session.execute(sa.select(table).where(condition)):
            key = tuple(row._mapping[c.name] for c in key_columns)
            found.setdefault(table.name, {})[key] = _row(table, row)

    person = db.metadata.tables[PERSON_TABLE]
    add(person, person.c.id == user.id)
    for column in person_columns():
        add(column.table, column == user.id)
    for column in email_columns():
        add(column.table, sa.func.lower(column) == user.email.lower())
    for table in db.metadata.sorted_tables:
        if {"target_type", "target_id"} <= set(table.columns.keys()):
            add(table, sa.and_(table.c.target_type == PERSON_TABLE, table.c.target_id == user.id))
    return {name: list(rows.values()) for name, rows in found.items()}


def export_json(user: User) -> bytes:
    data = {"format": "cellule-personal-data/1", "exported_at": utcnow().isoformat(),
            "person": user.email, "tables": collect(user)}
    return json.dumps(data, ensure_ascii=False, indent=2, default=str).encode("utf-8")


def export_zip(user: User) -> bytes:
    """One CSV per table, for French Excel (``;``, decimal comma, UTF-8 with BOM), in a zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table, rows in collect(user).items():
            columns = list(rows[0].keys())
            records = ([json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v
                        for v in row.values()] for row in rows)
            archive.writestr(f"{table}.csv", csv_text(records, FRENCH_EXCEL, columns))
    return buffer.getvalue()


# -- erasure -------------------------------------------------------------------
def text_columns() -> list[sa.Column]:
    """Every text or JSON column of every table: where copies of a name or address may sit."""
    return [column for table in db.metadata.sorted_tables for column in table.columns
            if isinstance(column.type, (sa.String, sa.Text, sa.JSON)) and not isinstance(column.type, sa.Enum)]


def _variants(value: str) -> list[str]:
    """The forms a value takes when copied into text: as typed, HTML-escaped, JSON-escaped."""
    return sorted({value, str(escape(value)), json.dumps(value)[1:-1]}, key=len, reverse=True)


def _scrub(value: Any, patterns: list[tuple[re.Pattern, str]]) -> Any:
    if isinstance(value, str):
        for pattern, replacement in patterns:
            value = pattern.sub(replacement, value)
        return value
    if isinstance(value, list):
        return [_scrub(v, patterns) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, patterns) for k, v in value.items()}
    return value


def scrub_everywhere(user: User, replacements: dict[str, str]) -> int:
    """Replace each key of ``replacements`` (whole words, any case) in every text and JSON column.

    Other people's own account rows are left alone: a namesake keeps their name.
    Agenda events changed here are announced as the calendar's services announce theirs
    (``feeds.changed``): the feeds' versions and the agenda's kept month reads renew, so the
    erased name leaves what every worker shows on the next request. Returns how many rows changed.
    """
    patterns = [(re.compile(r"(?<![\w.@-])" + re.escape(variant) + r"(?![\w@-])", re.IGNORECASE), replacement)
                for original, replacement in replacements.items() if original
                for variant in _variants(original)]
    changed = 0
    event_regions: set[int | None] = set()
    by_table: dict[sa.Table, list[sa.Column]] = {}
    for column in text_columns():
        by_table.setdefault(column.table, []).append(column)
    for table, columns in by_table.items():
        keys = list(table.primary_key.columns)
        if not keys:
            continue
        likes = [sa.func.lower(sa.cast(column, sa.Text)).contains(variant.lower(), autoescape=True)
                 for column in columns for original in replacements if original
                 for variant in _variants(original)]
        query = sa.select(table).where(sa.or_(*likes))
        if table.name == PERSON_TABLE:
            query = query.where(table.c.id == user.id)
        for row in db.session.execute(query).all():
            values = {}
            for column in columns:
                old = row._mapping[column.name]
                new = _scrub(old, patterns)
                if new != old:
                    values[column.name] = new
            if values:
                db.session.execute(sa.update(table).where(*[k == row._mapping[k.name] for k in keys])
                                   .values(**values))
                changed += 1
                if table is Event.__table__:
                    event_regions.add(row._mapping["region_id"])
    if event_regions:
        feeds.changed(region_ids=event_regions)
    return changed


def delete_account(user: User) -> None:
    """Erase a person: roles, links, codes and mail go; their other rows stay, anonymised."""
    email, name = user.email, user.name
    anonymous_email = f"supprime-{user.id}@anonyme.invalid"
    audit.record(actions.ACCOUNT_DELETED, actor=user, target=user)
    db.session.execute(sa.delete(Membership).where(Membership.user_id == user.id))
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.execute(sa.delete(AuthToken).where(sa.or_(AuthToken.user_id == user.id,
                                                         sa.func.lower(AuthToken.email) == email)))
    for column in email_columns():
        if column.table.name != AuthToken.__tablename__ and column.name == "recipient":
            db.session.execute(sa.delete(column.table).where(sa.func.lower(column) == email))
    db.session.expire(user, ["memberships"])
    user.name = ANONYMOUS_NAME
    user.email = anonymous_email
    user.password_hash = None
    user.totp_secret = user.totp_enabled_at = user.totp_last_step = None
    user.public_listing = False
    user.active = False
    user.deleted_at = utcnow()
    user.end_sessions()
    db.session.flush()
    scrub_everywhere(user, {email: anonymous_email, name: ANONYMOUS_NAME})
    db.session.expire_all()


def set_public_listing(user: User, consent: bool) -> None:
    user.public_listing = consent
    db.session.flush()
