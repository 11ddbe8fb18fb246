"""The event form sent twice (same one-time key) adds one event."""
from __future__ import annotations

from cellule.blueprints.calendar.models import Event
from tests.submit import submit_twice

from .test_calendar_manage import FORM


def test_event_form_sent_twice_adds_one_event(client, login):
    login("coordinator", region="bretagne")
    first, second, [event] = submit_twice(client, "/bretagne/agenda/nouveau", FORM, Event)
    assert first.headers["Location"] == second.headers["Location"]
    assert first.headers["Location"].endswith(f"/bretagne/agenda/evenements/{event.id}")
