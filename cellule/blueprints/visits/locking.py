"""The visit lock that every seat change starts with (see ``seats``)."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from ...extensions import db
from .eligibility import RegistrationError
from .models import Visit


def lock_visit(visit_id: int) -> Visit:
    """Start the seat-changing transaction and hold the visit row until the commit.

    PostgreSQL: ``SELECT … FOR UPDATE`` on the visit row; concurrent
    registrations for the same visit wait in line, others are unaffected.
    SQLite: ``BEGIN IMMEDIATE`` takes the database write lock before anything is
    counted. pysqlite (legacy transaction control) only opens a transaction on
    its own before a write, so when one is already open this connection already
    holds the write lock and its view is current: nothing more is needed.
    The visit is re-read either way (``populate_existing``) so counts and limits
    are those of the locked state, not of an earlier read in the request.
    """
    query = sa.select(Visit).where(Visit.id == visit_id).execution_options(populate_existing=True)
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        if not connection.connection.driver_connection.in_transaction:
            _begin_immediate(connection)
    else:
        query = query.with_for_update(of=Visit)
    visit = db.session.scalar(query)
    if visit is None:
        raise RegistrationError(_("Cette visite n'existe plus."))
    return visit


def _begin_immediate(connection) -> None:
    """Take SQLite's write lock, waiting longer than usual: a popular visit makes a queue.

    Once the lock is held nothing else in the transaction waits (WAL readers
    never block), so the connection's usual busy timeout is restored at once.
    """
    previous = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
    connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(LOCK_WAIT_SECONDS * 1000)}")
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    finally:
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(previous)}")


LOCK_WAIT_SECONDS = 60
