"""Run the generators on an empty (or emptied) database, in one transaction."""
from __future__ import annotations

import time
from collections.abc import Callable

import sqlalchemy as sa
from flask import current_app
from werkzeug.security import generate_password_hash

from cellule.blueprints.calendar import days
from cellule.blueprints.calendar.cli import refresh as refresh_ics
from cellule.blueprints.directory.models import Region
from cellule.database import UNMANAGED_TABLE_PREFIXES, utcnow
from cellule.extensions import db

from .context import BENCH_PASSWORD, Context
from .registry import GENERATORS

# Rows that migrations load and that generators build upon.
REFERENCE_TABLES = {"region", "alembic_version"}
# Where the stored VEVENTs point by default: the Flask test client's host, which bench.ics_cold uses.
SITE_URL = "http://localhost"


class NotEmpty(RuntimeError):
    """The database already holds data; the message names the tables."""


def data_tables() -> list[sa.Table]:
    """Every table but the reference data, parents first."""
    return [t for t in db.metadata.sorted_tables if t.name not in REFERENCE_TABLES]


def filled_tables(conn: sa.Connection) -> list[str]:
    return [t.name for t in data_tables()
            if conn.execute(sa.select(sa.literal(1)).select_from(t).limit(1)).first() is not None]


def empty(conn: sa.Connection) -> None:
    """Remove every row but the reference data (TRUNCATE on PostgreSQL: large tables).

    Ids start again from 1 on both databases, so a dataset made again with the same
    seed has the same ids (and the same event UIDs, which embed their source's id).

    Tables the models do not describe (full-text indexes) are emptied too.
    """
    tables = data_tables()
    existing = set(sa.inspect(conn).get_table_names())
    unmanaged = [name for name in UNMANAGED_TABLE_PREFIXES if name in existing]
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("TRUNCATE " + ", ".join(f'"{name}"' for name in
                                                     [t.name for t in tables] + unmanaged) + " RESTART IDENTITY CASCADE"))
    else:
        for name in unmanaged:
            conn.execute(sa.text(f'DELETE FROM "{name}"'))
        for table in reversed(tables):
            conn.execute(table.delete())


def generate(scale: float, seed: int = 2026, reset: bool = False,
             report: Callable[[str], None] = lambda line: None, site_url: str = SITE_URL) -> Context:
    """Fill the database with the benchmark dataset and return the context (counts…).

    Events' stored VEVENTs are computed for SERVER_NAME when configured, else
    for ``site_url``; feeds served from another address render them instead.
    """
    password_hash = generate_password_hash(
        BENCH_PASSWORD, method=current_app.config.get("PASSWORD_HASH_METHOD", "scrypt"))
    with db.engine.begin() as conn:
        filled = filled_tables(conn)
        if filled and not reset:
            raise NotEmpty(", ".join(filled))
        if filled:
            empty(conn)
        ctx = Context(conn=conn, scale=scale, seed=seed, now=utcnow(), password_hash=password_hash)
        ctx.regions = ctx.rows(sa.select(Region.id, Region.code, Region.slug, Region.timezone,
                                         Region.overseas).order_by(Region.code))
        for name, step in GENERATORS:
            started = time.perf_counter()
            step(ctx, ctx.rng(name))
            report(f"{name}: {time.perf_counter() - started:.1f} s")
        days.rebuild(conn)  # the agenda's day tallies, as the calendar's hooks keep them
    started = time.perf_counter()  # generators insert events through Core: their VEVENTs are stored now
    refresh_ics(None if current_app.config.get("SERVER_NAME") else site_url, batch=2000)
    report(f"calendar.refresh-ics: {time.perf_counter() - started:.1f} s")
    if db.engine.dialect.name == "postgresql":
        # fresh statistics and visibility maps, as a live database would have: without VACUUM, autovacuum
        # goes over the new rows while the pages are measured (a run after loading read the profile page
        # at 0.26x its floor, the same page after VACUUM ANALYZE at 0.86x)
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("VACUUM ANALYZE"))
    else:
        with db.engine.begin() as conn:  # fresh statistics, as a live database would have
            conn.execute(sa.text("ANALYZE"))
    return ctx
