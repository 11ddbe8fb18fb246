"""How many sheets each library holds, and the tags of its published sheets, kept on write (issue 20).

A library page counts its sheets and lists the tags in use from these two small tables, whose
size depends on the regions, categories and tags, never on the number of sheets:

- ``resource_sheet_tally``: sheets per (scope, region, status, category);
- ``resource_tag_tally``: published sheets per (scope, region, tag), for the tag filter.

``region_id`` 0 stands for "no region" (sheets written by the national council), so that a key
is never NULL and an upsert finds its row. The resources services, the only writers of sheets,
call :func:`moved` with a sheet's key before and after each change, in the change's transaction;
bulk loaders (benchmark data, test growers) call :func:`rebuild` once they have inserted.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ...extensions import db
from .models import Sheet
from .reference import Category, Scope, SheetStatus
from .sheet_links import NO_REGION, SheetTag, SheetTally, TagTally


@dataclass(frozen=True)
class Key:
    """What of a sheet the tallies count."""

    scope: Scope
    region_id: int
    status: SheetStatus
    category: Category
    tags: tuple[str, ...]


def key_of(sheet: Sheet) -> Key:
    return Key(sheet.scope, sheet.region_id or NO_REGION, sheet.status, sheet.category, tuple(sheet.tags))


def moved(before: Key | None, after: Key | None) -> None:
    """A sheet went from ``before`` to ``after`` (None: it did not exist / no longer exists)."""
    if before == after:
        return
    sheets: Counter = Counter()
    tags: Counter = Counter()
    for key, step in ((before, -1), (after, 1)):
        if key is None:
            continue
        sheets[(key.scope, key.region_id, key.status, key.category)] += step
        if key.status is SheetStatus.PUBLISHED:
            for tag in key.tags:
                tags[(key.scope, key.region_id, tag)] += step
    _add(SheetTally, ("scope", "region_id", "status", "category"), sheets)
    _add(TagTally, ("scope", "region_id", "tag"), tags)


def _add(model, columns: tuple[str, ...], deltas: Counter) -> None:
    rows = [dict(zip(columns, key), sheets=n) for key, n in deltas.items() if n]
    if not rows:
        return
    dialect = db.session.get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)
    db.session.execute(insert.on_conflict_do_update(
        index_elements=list(columns), set_={"sheets": model.sheets + insert.excluded.sheets}), rows)


def rebuild(conn: sa.Connection) -> None:
    """Count every sheet again (bulk loaders, after inserting sheets without the services)."""
    conn.execute(sa.delete(SheetTally))
    conn.execute(sa.delete(TagTally))
    for statement in fill_statements():
        conn.execute(statement)


def fill_statements() -> list:
    """INSERT … SELECT statements counting every sheet (also what the migration runs)."""
    region = sa.func.coalesce(Sheet.region_id, NO_REGION)
    sheets = sa.select(Sheet.scope, region, Sheet.status, Sheet.category, sa.func.count()).group_by(
        Sheet.scope, region, Sheet.status, Sheet.category)
    tags = sa.select(Sheet.scope, region, SheetTag.tag, sa.func.count()).join(
        SheetTag, SheetTag.sheet_id == Sheet.id).where(Sheet.status == SheetStatus.PUBLISHED).group_by(
        Sheet.scope, region, SheetTag.tag)
    return [sa.insert(SheetTally).from_select(["scope", "region_id", "status", "category", "sheets"], sheets),
            sa.insert(TagTally).from_select(["scope", "region_id", "tag", "sheets"], tags)]
