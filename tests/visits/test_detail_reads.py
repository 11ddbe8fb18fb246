"""A registered member's visit page reads neither the person nor their roles again: both come
from the identity cache (issue 20), also when the page looks up the member's own seat."""
from __future__ import annotations

import threading

import sqlalchemy as sa

from cellule.extensions import db


def _served(client, path: str):
    """In a thread of its own, as a worker serves it: its own app context and database session."""
    result = {}
    worker = threading.Thread(target=lambda: result.setdefault("response", client.get(path)))
    worker.start()
    worker.join()
    return result["response"]


def test_the_members_own_seat_is_read_without_their_roles(app, client, auth, make_visit, member, register):
    visit = make_visit(capacity=5)
    person = member()
    register(visit, person)
    assert auth.login(person).status_code == 302
    path = f"/hauts-de-france/visites/{visit.id}"
    _served(client, path)  # keeps the identity
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        page = _served(client, path)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    assert page.status_code == 200
    assert "Vous êtes inscrit" in page.get_data(as_text=True)
    assert [s for s in seen if "FROM user_account" in s or "FROM membership" in s] == []
    assert any("FROM visit_registration" in s for s in seen)
