"""Feeds follow a transfer session through the services: planned, changed, attendees, cancelled.

Polled as a calendar client does (If-None-Match, no cookie): the WSGI layer
answers 304 until the service's explicit feed refresh bumps the versions.
"""
from __future__ import annotations

from datetime import timedelta

from cellule.blueprints.calendar import tokens
from cellule.blueprints.transfers import session_services
from cellule.blueprints.transfers.session_models import SessionMode
from cellule.database import utcnow
from cellule.extensions import db


def _poll(client, path: str, etag: str):
    return client.get(path, headers={"If-None-Match": etag})


def _feed(person) -> str:
    token = tokens.regenerate(person)
    db.session.commit()
    return f"/agenda/perso/{token}.ics"


def _save(app, cycle, session, attendees, title="Séance"):
    start = utcnow().replace(microsecond=0) + timedelta(days=3)
    with app.test_request_context():
        session = session_services.save_session(
            cycle, session, title=title, starts_at=start, ends_at=start + timedelta(hours=2),
            mode=SessionMode.ONLINE, address=None, online_url="https://visio.example.org/s", attendees=attendees)
        db.session.commit()
    return session


def test_sessions_reach_their_attendees_feeds(app, client, world, make_cycle):
    cycle = make_cycle("active")
    far, mentor = world.far_referent, world.mentor_referent  # La Réunion: not in Hauts-de-France's events
    far_path, mentor_path = _feed(far), _feed(mentor)
    far_etag, mentor_etag = client.get(far_path).headers["ETag"], client.get(mentor_path).headers["ETag"]
    session = _save(app, cycle, None, [mentor])
    uid = f"transfer_session-{session.id}@cellule".encode()
    planned = _poll(client, mentor_path, mentor_etag)
    assert planned.status_code == 200 and uid in planned.data
    _save(app, cycle, session, [mentor, far], title="Séance élargie")
    invited = _poll(client, far_path, far_etag)
    assert invited.status_code == 200 and uid in invited.data and "Séance élargie".encode() in invited.data
    changed = _poll(client, mentor_path, planned.headers["ETag"])
    assert changed.status_code == 200 and "Séance élargie".encode() in changed.data
    _save(app, cycle, session, [mentor], title="Séance élargie")
    dropped = _poll(client, far_path, invited.headers["ETag"])
    assert dropped.status_code == 200 and uid not in dropped.data
    with app.test_request_context():
        session_services.cancel_session(session)
        db.session.commit()
    cancelled = _poll(client, mentor_path, changed.headers["ETag"])
    assert cancelled.status_code == 200 and b"STATUS:CANCELLED" in cancelled.data
