"""Closing a cycle with a session to come: a confirmation that lists it, then METHOD:CANCEL and a
cancelled entry in the attendees' personal feed. Every .ics is read by icalendar AND vobject."""
from __future__ import annotations

import re

import icalendar
import sqlalchemy as sa

from cellule import mail
from cellule.blueprints.transfers.models import CycleStatus, TransferCycle
from cellule.blueprints.transfers.session_models import TransferSession
from cellule.extensions import db

from .test_sessions import BASE, _form
from tests import vcal


def _calendar(message):
    """(METHOD, STATUS, SEQUENCE, UID) of the message's .ics, identical for both parsers."""
    [part] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    data = part.get_payload(decode=True)
    cal = icalendar.Calendar.from_ical(data)
    [event] = cal.walk("VEVENT")
    first = (str(cal["METHOD"]), str(event["STATUS"]), int(event["SEQUENCE"]), str(event["UID"]))
    other = vcal.read(data)
    second = (other.method.value, other.vevent.status.value, int(other.vevent.sequence.value),
              other.vevent.uid.value)
    assert first == second
    return first


def _feed_status(client, uid: str) -> str | None:
    """STATUS of ``uid`` in the signed-in person's personal feed (None when absent)."""
    client.post("/agenda/perso/regenerer")
    path = re.search(r"http://cellule\.test(/agenda/perso/[0-9a-f]{64}\.ics)",
                     client.get("/agenda/abonnement").get_data(as_text=True)).group(1)
    cal = vcal.read(client.get(path).get_data(as_text=True))
    for event in getattr(cal, "vevent_list", []):
        if event.uid.value == uid:
            return event.status.value
    return None


def test_closing_cancels_the_sessions_to_come(client, world, as_user, make_cycle, mail_to):
    cycle = make_cycle("active")
    as_user(world.mentor_referent)
    client.post(f"{BASE}/cycles/{cycle.id}/seances/nouvelle", data=_form(world))
    session = db.session.scalar(sa.select(TransferSession))
    uid = f"transfer_session-{session.id}@cellule"
    mail.deliver_due()
    invitation = next(m for m in mail_to.parsed() if m["To"] == world.mentee_referent.email
                      and m["Subject"] == "Invitation : Séance 1")
    method, status, first_sequence, got_uid = _calendar(invitation)
    assert (method, status, got_uid) == ("REQUEST", "CONFIRMED", uid)
    as_user(world.mentee_referent)
    assert _feed_status(client, uid) == "CONFIRMED"

    as_user(world.coordinator)
    page = client.get(f"{BASE}/cycles/{cycle.id}/cloturer")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Séance « Séance 1 » du 12 mars 2030 à 14:00, heure de Paris (UTC+01:00) :" in text
    assert world.mentee_referent.name in text and world.mentor_referent.name in text
    seen = len(mail_to.messages)
    assert client.post(f"{BASE}/cycles/{cycle.id}/cloturer").status_code == 200  # no confirm: nothing done
    mail.deliver_due()
    assert len(mail_to.messages) == seen
    db.session.expire_all()
    assert db.session.get(TransferCycle, cycle.id).status is CycleStatus.ACTIVE

    client.post(f"{BASE}/cycles/{cycle.id}/cloturer", data={"confirm": "1"})
    db.session.expire_all()
    assert db.session.get(TransferCycle, cycle.id).status is CycleStatus.CLOSED
    assert db.session.get(TransferSession, session.id).cancelled
    mail.deliver_due()
    fresh = mail_to.parsed()[seen:]
    cancels = [m for m in fresh if m["Subject"] == "Séance annulée : Séance 1"]
    assert {m["To"] for m in cancels} == {world.mentor_referent.email, world.mentee_referent.email}
    for message in cancels:
        method, status, sequence, got_uid = _calendar(message)
        assert (method, status, got_uid) == ("CANCEL", "CANCELLED", uid) and sequence > first_sequence
    assert any(m["Subject"].startswith("Cycle de transfert clôturé") for m in fresh)
    as_user(world.mentee_referent)
    assert _feed_status(client, uid) == "CANCELLED"
