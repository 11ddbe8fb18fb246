"""Every visit email, delivered through a real SMTP server, with its .ics invitation."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import icalendar
import pytest
import sqlalchemy as sa

from cellule import mail
from cellule.blueprints.visits import seats, services
from cellule.blueprints.visits.models import Registration
from cellule.blueprints.visits.reminders import queue_due
from cellule.database import utcnow
from cellule.extensions import db


def delivered(mail_to, recipient: str):
    """Deliver the outbox, then return the SMTP messages received for ``recipient``."""
    mail.deliver_due()
    return [m for m in mail_to.parsed() if m["To"] == recipient]


def invitation_of(message):
    """(method, VEVENT) of the message's .ics attachment."""
    parts = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    cal = icalendar.Calendar.from_ical(parts[0].get_payload(decode=True))
    return str(cal["METHOD"]), cal.walk("VEVENT")[0]


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def check_details(message, visit, *, cancel_hint: bool = True):
    """Date, local time with its time zone, place, and how to cancel."""
    text = text_of(message)
    html = message.get_body(("html",)).get_content()
    assert "14:30" in text and "17:30" in text  # local wall-clock time in Paris
    assert "Europe/Paris" in text and "Europe/Paris" in html
    assert "mardi 15 décembre 2026" in text
    assert visit.address in text and visit.address in html
    assert f"/hauts-de-france/visites/{visit.id}" in text
    if cancel_hint:
        assert "Annuler mon inscription" in text


@pytest.fixture
def dated_visit(make_visit, monkeypatch):
    """A visit on Tuesday 15 December 2026, 14:30–17:30 in Paris (13:30 UTC)."""
    start = datetime(2026, 12, 15, 13, 30, tzinfo=timezone.utc)
    return make_visit(capacity=1, starts_at=start, ends_at=start + timedelta(hours=3),
                      title="Visite du pôle", address="12 rue des Coopératives, Beauvais")


def test_confirmed_and_waitlisted(mail_to, dated_visit, member, register):
    first, second = member(), member()
    register(dated_visit, first)
    register(dated_visit, second)
    [confirmed] = delivered(mail_to, first.email)
    assert confirmed["Subject"] == "Inscription confirmée : Visite du pôle"
    check_details(confirmed, dated_visit)
    method, event = invitation_of(confirmed)
    assert method == "REQUEST"
    assert str(event["UID"]) == f"visit-{dated_visit.id}@cellule"
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == datetime(2026, 12, 15, 13, 30, tzinfo=timezone.utc)
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert str(event["ATTENDEE"]) == f"mailto:{first.email}"
    [waiting] = delivered(mail_to, second.email)
    assert waiting["Subject"] == "Liste d'attente : Visite du pôle"
    assert "La visite est complète. Inscription sur la liste d'attente, en position 1." in text_of(waiting)
    assert not [p for p in waiting.iter_attachments() if p.get_content_type() == "text/calendar"]
    check_details(waiting, dated_visit)


def test_offer_expired_and_cancellation_acknowledged(app, mail_to, dated_visit, member, register):
    holder, waiting = member(), member()
    register(dated_visit, holder)
    register(dated_visit, waiting)
    seats.cancel(db.session.scalar(sa.select(Registration).where(Registration.user_id == holder.id)),
                 now=datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc))
    db.session.commit()
    messages = delivered(mail_to, holder.email)
    ack = messages[-1]
    assert ack["Subject"] == "Désinscription enregistrée : Visite du pôle"
    check_details(ack, dated_visit, cancel_hint=False)
    assert invitation_of(ack)[0] == "CANCEL"
    offer = delivered(mail_to, waiting.email)[-1]
    assert offer["Subject"] == "Une place se libère : Visite du pôle"
    text = text_of(offer)
    assert "3 décembre 2026 à 09:00" in text  # 48 hours later, shown in Paris time
    assert f"/hauts-de-france/visites/{dated_visit.id}/proposition" in text
    check_details(offer, dated_visit)
    assert not [p for p in offer.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert "Aucune invitation d'agenda n'est jointe" in text
    queue_due(datetime(2026, 12, 3, 9, 0, tzinfo=timezone.utc))
    db.session.commit()
    expired = delivered(mail_to, waiting.email)[-1]
    assert expired["Subject"] == "Proposition de place expirée : Visite du pôle"
    check_details(expired, dated_visit, cancel_hint=False)
    assert invitation_of(expired)[0] == "CANCEL"


def test_change_of_time_or_place_increases_sequence(mail_to, dated_visit, member, register):
    person = member()
    register(dated_visit, person)
    data = {key: getattr(dated_visit, key) for key in services.EDITABLE}
    data.update(capacity=1, address="Salle des fêtes, Beauvais")
    _visit, moved = services.update_visit(dated_visit.id, data)
    db.session.commit()
    assert moved and dated_visit.sequence == 1
    changed = delivered(mail_to, person.email)[-1]
    assert changed["Subject"] == "Changement d'horaire ou de lieu : Visite du pôle"
    check_details(changed, dated_visit)
    method, event = invitation_of(changed)
    # The visit changed once and this person had one invitation: the update outranks both.
    assert method == "REQUEST" and event["SEQUENCE"] == 2
    assert "Salle des fêtes" in str(event["LOCATION"])
    # A change that is neither time nor place tells nobody.
    data["title"] = "Visite du pôle"
    data["programme"] = "Nouveau programme"
    services.update_visit(dated_visit.id, data)
    db.session.commit()
    assert dated_visit.sequence == 1
    assert len(delivered(mail_to, person.email)) == 2


def test_visit_cancelled_to_every_registrant(mail_to, dated_visit, member, register):
    people = [member() for _ in range(3)]
    for p in people:
        register(dated_visit, p)
    told = services.cancel_visit(dated_visit.id)
    db.session.commit()
    assert told == 3
    for p in people:
        message = delivered(mail_to, p.email)[-1]
        assert message["Subject"] == "Visite annulée : Visite du pôle"
        check_details(message, dated_visit, cancel_hint=False)
        method, event = invitation_of(message)
        # One seat: the first person had an invitation (SEQUENCE 0), the others none.
        expected = 2 if p is people[0] else 1
        assert method == "CANCEL" and str(event["STATUS"]) == "CANCELLED" and event["SEQUENCE"] == expected
        assert str(event["UID"]) == f"visit-{dated_visit.id}@cellule"


def test_reminder_once_per_registration(mail_to, make_visit, member, register):
    visit = make_visit(days=1.5)
    far = make_visit(days=5)
    person = member()
    register(visit, person)
    register(far, person)
    assert queue_due(utcnow()) == 1
    db.session.commit()
    assert queue_due(utcnow()) == 0
    reminder = delivered(mail_to, person.email)[-1]
    assert reminder["Subject"] == "Rappel : Visite du pôle"
    assert "Europe/Paris" in text_of(reminder) and "Annuler mon inscription" in text_of(reminder)
    assert invitation_of(reminder)[0] == "REQUEST"


def test_reminders_command(runner, make_visit, member, register, outbox):
    person = member()
    register(make_visit(days=1), person)
    result = runner.invoke(args=["reminders", "send"])
    assert result.exit_code == 0 and "queued=1" in result.output
    assert [m.template for m in outbox(person.email)][-1] == "visits/notice"
    assert "Rappel" in outbox(person.email)[-1].subject


def test_moving_the_date_sends_a_new_reminder(make_visit, member, register):
    visit = make_visit(days=1)
    person = member()
    register(visit, person)
    assert queue_due(utcnow()) == 1
    db.session.commit()
    data = {key: getattr(visit, key) for key in services.EDITABLE}
    data.update(capacity=visit.capacity, starts_at=visit.starts_at + timedelta(hours=2),
                ends_at=visit.ends_at + timedelta(hours=2))
    services.update_visit(visit.id, data)
    db.session.commit()
    assert queue_due(utcnow()) == 1
