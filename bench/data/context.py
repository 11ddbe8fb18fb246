"""What generators share: one connection, bulk inserts in batches, and the rows made so far."""
from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from cellule.extensions import db

from . import rows as build

# Known accounts the load benchmark signs in with; they share BENCH_PASSWORD with everyone.
BENCH_PASSWORD = "bench-password-2026"
BENCH_REGION = "hauts-de-france"
BENCH_ACCOUNTS = {
    "coordinator": "bench.coordination@example.org",
    "council_admin": "bench.conseil@example.org",
    "referent": "bench.referente@example.org",
    "member": "bench.membre@example.org",
    "partner": "bench.partenaire@example.org",
}
# The council API token the benchmark's API page sends (only its hash is stored).
BENCH_API_TOKEN = "cel_bench-token-not-for-production"


@dataclass
class Context:
    """Handed to every generator.

    ``insert`` writes plain dicts through SQLAlchemy Core in batches
    (``rows.insert``: executemany, no ORM objects, no per-row flush). Generators
    leave what later ones need in the typed attributes, or in ``shared``.
    """

    conn: sa.Connection
    scale: float
    seed: int
    now: datetime
    password_hash: str  # hashed once, reused by every generated person
    regions: list[dict] = field(default_factory=list)        # id, code, slug, timezone, overseas
    ptces: list[dict] = field(default_factory=list)          # id, region_id, slug, name
    users: dict[str, int] = field(default_factory=dict)      # email -> id
    coordinators: dict[int, list[int]] = field(default_factory=dict)  # region id -> user ids
    members: dict[int, list[int]] = field(default_factory=dict)       # ptce id -> user ids
    referents: dict[int, list[int]] = field(default_factory=dict)     # ptce id -> user ids
    partners: dict[int, list[int]] = field(default_factory=dict)      # region id -> user ids
    council: list[int] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    shared: dict[str, Any] = field(default_factory=dict)

    def rng(self, name: str) -> random.Random:
        """A generator's own seeded stream: adding a feature never changes another's data."""
        return random.Random(f"{self.seed}:{name}")

    def n(self, base: int) -> int:
        """``base`` scaled, at least 1."""
        return max(1, round(base * self.scale))

    def insert(self, table, rows: Iterable[dict]) -> int:
        """Insert rows (dicts keyed by column name) into a Table or mapped class, in batches; count them."""
        total = build.insert(self.conn, table, rows)
        self.count(table, total)
        return total

    def count(self, table, rows: int) -> None:
        """Note ``rows`` more rows in ``table`` (a Table or mapped class), for the final report."""
        name = getattr(table, "__table__", table).name
        self.counts[name] = self.counts.get(name, 0) + rows

    def rows(self, query) -> list[dict]:
        """The result of a Core select as dicts."""
        return [dict(r._mapping) for r in self.conn.execute(query)]

    @contextmanager
    def session(self) -> Iterator[None]:
        """Run ORM code (``db.session``) on the generators' connection, inside their transaction.

        For the few places where a feature's own service computes what a row
        holds (e.g. the figures of a forwarded snapshot): the session joins the
        open transaction and never commits it.
        """
        registry = db.session.registry
        previous = registry() if registry.has() else None
        session = Session(bind=self.conn, autoflush=False)
        registry.set(session)
        try:
            yield
        finally:
            session.close()
            if previous is not None:
                registry.set(previous)
            else:
                registry.clear()
