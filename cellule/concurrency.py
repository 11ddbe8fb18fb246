"""Optimistic concurrency for edit forms: no save silently overwrites another one.

Each edited record has a ``version`` column (SQLAlchemy ``version_id_col``: every
UPDATE checks and bumps it). An edit form carries two hidden inputs: the version it
was built from and a *fingerprint* of the values it showed (a short hash per field).
On save:

* the posted version is the stored one → save;
* it is not → someone saved in between: nothing is saved; :func:`conflict` says
  which fields changed meanwhile (their value now), which of those the person had
  changed too, and gives the values to show: the person's input everywhere, except
  fields they left alone, which take the newer stored value. The form then carries
  the new version, so saving again is a decision made knowing what changed;
* two saves that pass the check at the same instant: the second UPDATE matches no
  row and raises ``StaleDataError``; views treat it like the case above.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from enum import Enum

from flask import request

VERSION_FIELD = "version"
BASE_FIELD = "base"


def _plain(value):
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(timezone.utc).isoformat()  # the same instant, whatever its zone
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)  # 12.0 typed in a form is the 12 stored
    if value in ("", [], {}):
        return None  # an empty field is an absent value
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return sorted(value)  # ticked boxes: the order they come in means nothing
    return value


def _digest(value) -> str:
    text = json.dumps(_plain(value), sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def fingerprint(values: dict) -> str:
    """The hidden ``base`` input: which values the form was built from (hashes, not the values)."""
    return json.dumps({k: _digest(v) for k, v in values.items()}, sort_keys=True, separators=(",", ":"))


@dataclass
class Stamp:
    """What a form must carry to be checked at save time."""

    version: int | None
    base: str

    @classmethod
    def of(cls, version: int | None, values: dict) -> Stamp:
        return cls(version, fingerprint(values))


@dataclass
class Conflict:
    """A save based on an older version: what changed meanwhile, and what to show now."""

    changed: dict  # field → value saved meanwhile by someone else
    overlapping: set = field(default_factory=set)  # fields the person changed too (their input kept)
    merged: dict = field(default_factory=dict)  # the person's input + newer values of fields they left alone
    stamp: Stamp | None = None  # for the re-rendered form: the current version


def posted_version(raw: str | None) -> int | None:
    try:
        return int(raw) if raw not in (None, "") else None
    except ValueError:
        return -1  # garbled: never equal to a stored version


def conflict(posted: dict, raw_version: str | None, raw_base: str | None,
             current_version: int | None, current: dict) -> Conflict | None:
    """None when the form was built from the stored version; else the :class:`Conflict`.

    A post without the ``version`` input at all (a script, a test client) is not checked:
    every edit page renders it, an empty one meaning "built before the record existed".
    """
    if raw_version is None or posted_version(raw_version) == current_version:
        return None
    try:
        base = json.loads(raw_base or "{}")
        base = base if isinstance(base, dict) else {}
    except ValueError:
        base = {}
    fields = set(current) | set(posted)
    if base:
        changed = {f: current.get(f) for f in fields if _digest(current.get(f)) != base.get(f)}
        mine = {f for f in posted if _digest(posted.get(f)) != base.get(f)}
    else:  # no fingerprint (an old page): every difference counts as changed meanwhile
        changed = {f: current.get(f) for f in fields if _digest(current.get(f)) != _digest(posted.get(f))}
        mine = set(changed)
    merged = dict(posted)
    for f, value in changed.items():
        if f not in mine:
            merged[f] = value
    return Conflict(changed=changed, overlapping=mine & set(changed), merged=merged,
                    stamp=Stamp.of(current_version, current))


def describe(value) -> str:
    """A stored value as a short French text for the stale-save notice."""
    value = _plain(value)
    if value is None:
        return "(vide)"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if isinstance(value, list):
        return ", ".join(describe(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} : {describe(v)}" for k, v in value.items())
    text = str(value)
    return text if len(text) <= 200 else text[:200] + " …"


def guard(form, version: int | None, current: dict, posted: dict, fresh) -> Conflict | None:
    """:func:`conflict` for a WTForms edit form posted in this request.

    On a conflict, fields the person left alone take the stored value (``fresh()``
    builds the form from the record); fields they changed keep their input.
    """
    clash = conflict(posted, request.form.get(VERSION_FIELD), request.form.get(BASE_FIELD), version, current)
    if clash is not None:
        newer = None
        for name in clash.changed:
            if name not in clash.overlapping and name in form._fields:
                newer = newer or fresh()
                form[name].data = newer[name].data
                form[name].raw_data = None  # else date fields would render the posted text
    return clash
