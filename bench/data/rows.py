"""The rows every benchmark generator writes, built in one place.

The dataset's generators (``bench/data``) and the list-page growers of
``tests/perf/grow`` both build their rows here: each builder takes what makes a
row worth having and fills the rest as the application would (defaults, the
timestamps, the columns a Core insert would otherwise leave out). A column
added to one of these tables is added here once. ``insert`` writes plain dicts
through SQLAlchemy Core in batches (executemany: no ORM objects, no per-row flush).
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from stdnum import luhn

from cellule.blueprints.auth.demo import DEMO_TOTP_SECRET
from cellule.blueprints.calendar.models import EventKind, Visibility
from cellule.blueprints.directory.reference import Stage
from cellule.blueprints.visits.models import RegistrationStatus, VisitStatus

BATCH = 5_000


def insert(conn: sa.Connection, table, rows: Iterable[dict]) -> int:
    """Insert rows (dicts keyed by column name) into a Table or mapped class, ``BATCH`` at a time."""
    table = getattr(table, "__table__", table)
    total, batch = 0, []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            conn.execute(table.insert(), batch)
            total, batch = total + len(batch), []
    if batch:
        conn.execute(table.insert(), batch)
        total += len(batch)
    return total


def siret(n: int) -> str:
    """A valid SIRET for generated PTCE ``n``: both the SIREN and the SIRET carry their Luhn key.

    The leading 8 keeps generated numbers apart from the demo's.
    """
    siren = f"8{n:07d}"
    siren += luhn.calc_check_digit(siren)
    body = f"{siren}0001"
    return body + luhn.calc_check_digit(body)


def ptce(n: int, name: str, slug: str, region_id: int, now: datetime, *, department_code: str,
         stage: Stage = Stage.DEVELOPING, **more) -> dict:
    """PTCE ``n`` (its SIRET is ``siret(n)``); ``more`` sets any other column (territory, communes …)."""
    row = dict(name=name, slug=slug, region_id=region_id, department_code=department_code, territory="",
               communes=[], siret=siret(n), rna=None, stage=stage, charter_signatory=False, charter_year=None,
               creation_year=None, website=None, description="", contact_name=None, contact_email=None,
               contact_phone=None, latitude=None, longitude=None, created_at=now, updated_at=now)
    return _set(row, more)


def user(email: str, name: str, now: datetime, *, password_hash: str | None = None,
         two_factor: bool = False) -> dict:
    """A person. Coordinators and the council must use a second factor: generated ones share the demo key."""
    return dict(email=email, name=name, password_hash=password_hash, active=True, locale="fr",
                session_version=1, created_at=now, totp_secret=DEMO_TOTP_SECRET if two_factor else None,
                totp_enabled_at=now if two_factor else None)


def membership(user_id: int, role, now: datetime, *, region_id=None, ptce_id=None, referent: bool = False,
               partner_kind=None) -> dict:
    return dict(user_id=user_id, role=role, region_id=region_id, ptce_id=ptce_id, referent=referent,
                partner_kind=partner_kind, created_at=now)


def event(uid: str, kind: EventKind, region_id: int | None, title: str, starts_at: datetime, ends_at: datetime,
          now: datetime, **more) -> dict:
    """An event entered in the calendar (or, with ``source_type``/``source_id``, mirroring another row)."""
    row = dict(uid=uid, kind=kind, region_id=region_id, title=title, description="", starts_at=starts_at,
               ends_at=ends_at, all_day=False, location=None, online_url=None, visibility=Visibility.PUBLIC,
               cancelled_at=None, sequence=0, source_type=None, source_id=None, url_path=None,
               created_at=now, updated_at=now)
    return _set(row, more)


def visit(region_id: int, host_ptce_id: int, title: str, starts_at: datetime, ends_at: datetime, capacity: int,
          now: datetime, **more) -> dict:
    """A learning visit (a draft unless ``status`` says otherwise)."""
    row = dict(region_id=region_id, host_ptce_id=host_ptce_id, title=title, sectors=[], topics=[], programme="",
               starts_at=starts_at, ends_at=ends_at, address=None, online_url=None, capacity=capacity,
               registration_opens_at=None, registration_closes_at=None, open_to_members=True,
               open_to_partners=True, open_to_other_regions=False, per_ptce_cap=None, reserved_emerging_seats=0,
               reserved_until=None, status=VisitStatus.DRAFT, sequence=0, created_by_id=None,
               created_at=now, updated_at=now)
    return _set(row, more)


def registration(visit_id: int, user_id: int, ptce_id: int | None, status: RegistrationStatus, now: datetime,
                 **more) -> dict:
    """A registration to a visit (``ptce_id`` None: a partner's)."""
    row = dict(visit_id=visit_id, user_id=user_id, ptce_id=ptce_id, emerging=False, status=status,
               waitlist_position=None, offer_expires_at=None, attended=False, show_name=False,
               registered_by_id=None, reminder_sent_at=None, created_at=now, updated_at=now)
    return _set(row, more)


def _set(row: dict, more: dict) -> dict:
    """``row`` with ``more`` applied; a name that is not a column of the row is a mistake, not a new key."""
    unknown = set(more) - set(row)
    if unknown:
        raise TypeError(f"unknown columns {sorted(unknown)}")
    row.update(more)
    return row
