"""The event form sent twice (same one-time key) adds one event."""
from __future__ import annotations

import re

import sqlalchemy as sa

from cellule.blueprints.calendar.models import Event
from cellule.extensions import db

from .test_calendar_manage import FORM


def test_event_form_sent_twice_adds_one_event(client, login):
    login("coordinator", region="bretagne")
    page = client.get("/bretagne/agenda/nouveau").get_data(as_text=True)
    key = re.search(r'name="submission_key" value="([^"]+)"', page).group(1)
    first = client.post("/bretagne/agenda/nouveau", data={**FORM, "submission_key": key})
    second = client.post("/bretagne/agenda/nouveau", data={**FORM, "submission_key": key})
    [event] = db.session.scalars(sa.select(Event)).all()
    assert first.headers["Location"] == second.headers["Location"]
    assert first.headers["Location"].endswith(f"/bretagne/agenda/evenements/{event.id}")
