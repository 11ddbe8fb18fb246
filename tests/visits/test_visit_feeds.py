"""Feeds follow a visit's life through the services: publish, edit, cancel, a seat taken and given up.

Polled as a calendar client does (If-None-Match, no cookie): the WSGI layer
answers 304 until the service's explicit feed refresh bumps the versions.
"""
from __future__ import annotations

from cellule.blueprints.calendar import tokens
from cellule.blueprints.visits import seats, services
from cellule.blueprints.visits.models import VisitStatus
from cellule.extensions import db

FEED = "/hauts-de-france/agenda.ics"


def _poll(client, path: str, etag: str):
    return client.get(path, headers={"If-None-Match": etag})


def test_publish_edit_and_cancel_reach_the_public_feeds(app, client, make_visit):
    visit = make_visit(status="draft", title="Visite en préparation")
    etag = client.get(FEED).headers["ETag"]
    assert _poll(client, FEED, etag).status_code == 304
    with app.test_request_context():
        services.publish(visit)
        db.session.commit()
    published = _poll(client, FEED, etag)
    assert published.status_code == 200 and f"visit-{visit.id}@cellule".encode() in published.data
    assert _poll(client, FEED, published.headers["ETag"]).status_code == 304
    data = {key: getattr(visit, key) for key in services.EDITABLE} | {"capacity": visit.capacity,
                                                                      "title": "Visite renommée"}
    with app.test_request_context():
        services.update_visit(visit.id, data)
        db.session.commit()
    edited = _poll(client, FEED, published.headers["ETag"])
    assert edited.status_code == 200 and "SUMMARY:Visite renommée".encode() in edited.data
    with app.test_request_context():
        services.cancel_visit(visit.id)
        db.session.commit()
    cancelled = _poll(client, "/agenda.ics", edited.headers["ETag"])
    assert cancelled.status_code == 200 and b"STATUS:CANCELLED" in cancelled.data


def test_a_seat_taken_and_given_up_reaches_the_personal_feed(app, client, make_visit, make_ptce, member):
    far = make_visit(ptce=make_ptce("bretagne"), open_to_other_regions=True, title="Visite en Bretagne")
    person = member("hauts-de-france")
    token = tokens.regenerate(person)
    db.session.commit()
    path = f"/agenda/perso/{token}.ics"
    first = client.get(path)
    assert f"visit-{far.id}@cellule".encode() not in first.data
    with app.test_request_context():
        reg, _ = seats.register(far.id, person)
        db.session.commit()
    assert reg.status.value == "confirmed"
    seated = _poll(client, path, first.headers["ETag"])
    assert seated.status_code == 200 and f"visit-{far.id}@cellule".encode() in seated.data
    assert _poll(client, path, seated.headers["ETag"]).status_code == 304
    with app.test_request_context():
        seats.cancel(reg)
        db.session.commit()
    left = _poll(client, path, seated.headers["ETag"])
    assert left.status_code == 200 and f"visit-{far.id}@cellule".encode() not in left.data
    assert far.status is VisitStatus.PUBLISHED
