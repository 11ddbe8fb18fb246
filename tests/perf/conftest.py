"""Fixtures for query-count tests: a counter of the SQL statements a request sends."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from cellule.extensions import db


class QueryCounter:
    """Counts statements sent to the database (``before_cursor_execute``), keeping their text."""

    def __init__(self):
        self.statements: list[str] = []

    def _record(self, conn, cursor, statement, parameters, context, executemany):
        self.statements.append(statement)

    @contextmanager
    def count(self):
        """Count the statements run inside the block; the session starts empty (no identity map)."""
        db.session.remove()
        self.statements = []
        sa.event.listen(db.engine, "before_cursor_execute", self._record)
        try:
            yield self
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", self._record)

    def __len__(self) -> int:
        return len(self.statements)

    def report(self) -> str:
        return "\n".join(f"{i}. {s.split()[0]} … {s[:160]!r}" for i, s in enumerate(self.statements, 1))


@pytest.fixture
def queries(app) -> QueryCounter:
    return QueryCounter()
