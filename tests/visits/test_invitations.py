"""Calendar invitations follow the seat: every visit mail, read by icalendar AND vobject.

A held seat → METHOD:REQUEST, STATUS:CONFIRMED; a place in line or an offer → no
.ics (the mail says so); a registration that ends or a visit called off →
METHOD:CANCEL with the same UID. Each .ics a person receives has a higher
SEQUENCE than the one before, so calendar clients apply them in order.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import icalendar
import sqlalchemy as sa

from cellule import mail
from cellule.blueprints.visits import seats, services
from cellule.blueprints.visits.models import RegistrationStatus, Registration
from cellule.blueprints.visits.reminders import queue_due
from cellule.extensions import db
from tests import vcal

START = datetime(2026, 12, 15, 13, 30, tzinfo=timezone.utc)


class Inbox:
    """The SMTP messages one person received, read one step at a time."""

    def __init__(self, mail_to, email):
        self.mail_to, self.email, self.seen = mail_to, email, 0

    def new(self):
        mail.deliver_due()
        messages = [m for m in self.mail_to.parsed() if m["To"] == self.email]
        fresh, self.seen = messages[self.seen:], len(messages)
        return fresh


def calendar_of(message):
    """(METHOD, STATUS, SEQUENCE, UID) read by both parsers (they must agree), or None without .ics."""
    parts = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    if not parts:
        return None
    assert len(parts) == 1
    data = parts[0].get_payload(decode=True)
    cal = icalendar.Calendar.from_ical(data)
    [event] = cal.walk("VEVENT")
    first = (str(cal["METHOD"]), str(event["STATUS"]), int(event["SEQUENCE"]), str(event["UID"]))
    other = vcal.read(data)
    [vevent] = other.vevent_list
    second = (other.method.value, vevent.status.value, int(vevent.sequence.value), vevent.uid.value)
    assert first == second
    assert parts[0].get_content_type() == "text/calendar"
    assert f"method={first[0]}" in parts[0]["Content-Type"].replace('"', "")
    return first


class Person:
    """A registrant whose mails are checked step by step against their registration's state."""

    def __init__(self, mail_to, user, visit):
        self.inbox, self.user, self.visit, self.last = Inbox(mail_to, user.email), user, visit, -1

    @property
    def reg(self):
        return db.session.scalar(sa.select(Registration).where(Registration.user_id == self.user.id,
                                                               Registration.visit_id == self.visit.id))

    def expect(self, subject: str, method: str | None):
        """One new mail with this subject; its .ics (or none) matches the registration's state."""
        [message] = self.inbox.new()
        assert message["Subject"].startswith(subject), message["Subject"]
        found = calendar_of(message)
        text = message.get_body(("plain",)).get_content()
        if method is None:
            assert found is None and "Aucune invitation d'agenda n'est jointe" in text
            assert self.reg.status in (RegistrationStatus.WAITLISTED, RegistrationStatus.OFFERED)
            return message
        status = "CONFIRMED" if method == "REQUEST" else "CANCELLED"
        assert found[:2] == (method, status) and found[3] == f"visit-{self.visit.id}@cellule"
        assert found[2] > self.last, "each invitation must outrank the one before"
        self.last = found[2]
        if method == "REQUEST":
            assert self.reg.status is RegistrationStatus.CONFIRMED
        elif self.reg is not None and self.visit.status.value != "cancelled":
            assert not self.reg.active
        return message


def _visit(make_visit, capacity=1, **fields):
    return make_visit(capacity=capacity, starts_at=START, ends_at=START + timedelta(hours=3),
                      title="Visite du pôle", address="12 rue des Coopératives, Beauvais", **fields)


def _edit(visit, **changes):
    data = {key: getattr(visit, key) for key in services.EDITABLE}
    data.update(capacity=visit.capacity, **changes)
    services.update_visit(visit.id, data)
    db.session.commit()


def test_confirmed_then_edited_then_cancelled(mail_to, make_visit, member, register):
    visit = _visit(make_visit)
    person = Person(mail_to, member(), visit)
    register(visit, person.user)
    person.expect("Inscription confirmée", "REQUEST")
    _edit(visit, address="Salle des fêtes, Beauvais")
    message = person.expect("Changement d'horaire ou de lieu", "REQUEST")
    assert "Salle des fêtes" in message.get_body(("plain",)).get_content()
    seats.cancel(person.reg)
    db.session.commit()
    person.expect("Désinscription enregistrée", "CANCEL")


def test_waitlisted_offered_then_declined(mail_to, make_visit, member, register):
    visit = _visit(make_visit)
    holder = Person(mail_to, member(), visit)
    waiting = Person(mail_to, member(), visit)
    register(visit, holder.user)
    register(visit, waiting.user)
    holder.expect("Inscription confirmée", "REQUEST")
    waiting.expect("Liste d'attente", None)
    _edit(visit, address="Salle des fêtes, Beauvais")  # the person in line is told, without an .ics
    holder.expect("Changement d'horaire ou de lieu", "REQUEST")
    waiting.expect("Changement d'horaire ou de lieu", None)
    seats.cancel(holder.reg, now=datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc))
    db.session.commit()
    holder.expect("Désinscription enregistrée", "CANCEL")
    waiting.expect("Une place se libère", None)
    seats.decline_offer(waiting.reg, now=datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc))
    db.session.commit()
    waiting.expect("Place refusée", "CANCEL")
    assert waiting.reg.status is RegistrationStatus.DECLINED


def _seat_freed_and_offered(visit, holder, waiting, register) -> None:
    """``holder`` takes the only seat, ``waiting`` queues (no invitation), the holder leaves: the
    seat is offered to ``waiting`` (still no invitation)."""
    register(visit, holder)
    register(visit, waiting.user)
    waiting.expect("Liste d'attente", None)
    seats.cancel(db.session.scalar(sa.select(Registration).where(Registration.user_id == holder.id)),
                 now=datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc))
    db.session.commit()
    waiting.expect("Une place se libère", None)


def test_offer_expires(mail_to, make_visit, member, register):
    visit = _visit(make_visit)
    holder, waiting = member(), Person(mail_to, member(), visit)
    _seat_freed_and_offered(visit, holder, waiting, register)
    queue_due(datetime(2026, 12, 3, 9, 0, tzinfo=timezone.utc))
    db.session.commit()
    waiting.expect("Proposition de place expirée", "CANCEL")
    assert waiting.reg.status is RegistrationStatus.EXPIRED


def test_offer_accepted_then_reminded(mail_to, make_visit, member, register):
    visit = _visit(make_visit)
    holder, waiting = member(), Person(mail_to, member(), visit)
    _seat_freed_and_offered(visit, holder, waiting, register)
    assert seats.accept_offer(waiting.reg, now=datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc))
    db.session.commit()
    waiting.expect("Inscription confirmée", "REQUEST")
    queue_due(START - timedelta(days=1))
    db.session.commit()
    waiting.expect("Rappel", "REQUEST")


def test_organiser_removes_someone(client, login, mail_to, make_visit, member, register):
    visit = _visit(make_visit, capacity=3)
    person = Person(mail_to, member(), visit)
    register(visit, person.user)
    person.expect("Inscription confirmée", "REQUEST")
    login("coordinator", region="hauts-de-france")
    url = f"/hauts-de-france/visites/{visit.id}/inscriptions/{person.reg.id}/annuler"
    page = client.get(url)
    assert page.status_code == 200 and person.user.name in page.text
    assert "1 personne recevra un courriel." in page.text
    assert person.inbox.new() == []  # the confirmation page changes nothing
    client.post(url, data={"confirm": "1", "reason": "La visite est réservée aux référent·es."})
    message = person.expect("Inscription annulée par l'organisation", "CANCEL")
    text = message.get_body(("plain",)).get_content()
    assert "a annulé votre inscription" in text and "Motif indiqué : La visite est réservée aux référent·es." in text
    assert "désinscription" not in text.lower()


def test_visit_cancelled(client, login, mail_to, make_visit, member, register):
    visit = _visit(make_visit, capacity=1)
    confirmed = Person(mail_to, member(name="Alice Seat"), visit)
    waiting = Person(mail_to, member(name="Bruno Ligne"), visit)
    register(visit, confirmed.user)
    register(visit, waiting.user)
    confirmed.expect("Inscription confirmée", "REQUEST")
    waiting.expect("Liste d'attente", None)
    login("coordinator", region="hauts-de-france")
    page = client.get(f"/hauts-de-france/visites/{visit.id}/annuler")
    assert "2 personnes recevront un courriel." in page.text
    assert "Alice Seat" in page.text and "Bruno Ligne" in page.text
    client.post(f"/hauts-de-france/visites/{visit.id}/annuler", data={"confirm": "1"})
    for person in (confirmed, waiting):
        person.expect("Visite annulée", "CANCEL")


def _feed_path(client) -> str:
    """Create the signed-in person's personal feed address through the pages; its path."""
    import re

    client.post("/agenda/perso/regenerer")
    return re.search(r"https?://[^/\"]+(/agenda/perso/[0-9a-f]{64}\.ics)",
                     client.get("/agenda/abonnement").get_data(as_text=True)).group(1)


def _feed_status(client, path: str, uid: str) -> str | None:
    """STATUS of ``uid`` in a personal feed, read by vobject (None: absent)."""
    cal = vcal.read(client.get(path).get_data(as_text=True))
    return next((e.status.value for e in getattr(cal, "vevent_list", []) if e.uid.value == uid), None)


def test_personal_feed_follows_the_seat(client, auth, make_visit, member, register):
    """A visit of another region enters a person's feed with their seat (their own region's
    visits are in it anyway, as events of the region)."""
    visit = _visit(make_visit, open_to_other_regions=True)
    uid = f"visit-{visit.id}@cellule"
    holder, person = member(), member("bretagne")
    register(visit, holder)
    register(visit, person)
    auth.login(person)
    feed = _feed_path(client)
    assert _feed_status(client, feed, uid) is None  # in line: not in the calendar
    seats.cancel(db.session.scalar(sa.select(Registration).where(Registration.user_id == holder.id)),
                 now=datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc))
    db.session.commit()
    assert _feed_status(client, feed, uid) is None  # offered: still not
    reg = db.session.scalar(sa.select(Registration).where(Registration.user_id == person.id))
    seats.accept_offer(reg, now=datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc))
    db.session.commit()
    assert _feed_status(client, feed, uid) == "CONFIRMED"
    services.cancel_visit(visit.id)
    db.session.commit()
    assert _feed_status(client, feed, uid) == "CANCELLED"
