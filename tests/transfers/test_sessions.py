"""Sessions: local times, invitations with .ics over real SMTP (UID, SEQUENCE, CANCEL), calendar, minutes, actions."""
from __future__ import annotations

import html
from datetime import datetime, timezone

import icalendar
import sqlalchemy as sa

from cellule import mail
from cellule.blueprints.calendar.services import source_event
from cellule.blueprints.transfers.session_models import ActionStatus, FollowUpAction, TransferSession
from cellule.extensions import db

BASE = "/hauts-de-france/transferts"


def _form(world, **changes):
    data = {"title": "Séance 1", "starts_at": "2030-03-12T14:00", "ends_at": "2030-03-12T16:30",
            "mode": "on_site", "address": "12 rue de la Coopération, Lille", "online_url": "",
            "attendees": [world.mentor_referent.id, world.mentee_referent.id]}
    data.update(changes)
    return data


def _ics(message):
    part = next(p for p in message.iter_attachments() if p.get_content_type() == "text/calendar")
    payload = part.get_payload(decode=True)
    return icalendar.Calendar.from_ical(payload), payload


def test_plan_change_and_cancel_a_session_with_ics_over_smtp(client, world, as_user, make_cycle, mail_to, outbox):
    cycle = make_cycle("active")
    as_user(world.mentee_member)
    response = client.post(f"{BASE}/cycles/{cycle.id}/seances/nouvelle", data=_form(world))
    assert response.status_code == 302
    session = db.session.scalar(sa.select(TransferSession))
    # 14:00 in Paris in March is 13:00 UTC.
    assert session.starts_at == datetime(2030, 3, 12, 13, 0, tzinfo=timezone.utc)
    assert {u.email for u in session.attendees} == {world.mentor_referent.email, world.mentee_referent.email}
    event = source_event("transfer_session", session.id)
    assert (event.uid, event.sequence, event.visibility.value) == (f"transfer_session-{session.id}@cellule", 0,
                                                                  "members")
    assert mail.deliver_due() == {"sent": 4, "retry": 0, "failed": 0}
    invitations = [m for m in mail_to.parsed() if m["Subject"].startswith("Invitation")]
    assert sorted(m["To"] for m in invitations) == sorted([world.mentor_referent.email,
                                                           world.mentee_referent.email])
    cal, raw = _ics(invitations[0])
    vevent = cal.walk("VEVENT")[0]
    assert cal["METHOD"] == "REQUEST" and str(vevent["UID"]) == f"transfer_session-{session.id}@cellule"
    assert int(vevent["SEQUENCE"]) == 0 and b"TZID=Europe/Paris" in raw
    assert invitations[0]["Subject"] == "Invitation : Séance 1"

    # Moving it an hour later: same UID, SEQUENCE 1, an update to both.
    seen = len(mail_to.messages)
    client.post(f"{BASE}/cycles/{cycle.id}/seances/{session.id}/modifier",
                data=_form(world, starts_at="2030-03-12T15:00", ends_at="2030-03-12T17:00"))
    mail.deliver_due()
    updates = mail_to.parsed()[seen:]
    assert {m["Subject"] for m in updates} == {"Séance modifiée : Séance 1"}
    vevent = _ics(updates[0])[0].walk("VEVENT")[0]
    assert str(vevent["UID"]) == f"transfer_session-{session.id}@cellule" and int(vevent["SEQUENCE"]) == 1

    # Cancelling: METHOD:CANCEL with a higher SEQUENCE, calendar entry cancelled.
    seen = len(mail_to.messages)
    assert client.post(f"{BASE}/cycles/{cycle.id}/seances/{session.id}/annuler").status_code == 200  # asks
    mail.deliver_due()
    assert len(mail_to.messages) == seen
    client.post(f"{BASE}/cycles/{cycle.id}/seances/{session.id}/annuler", data={"confirm": "1"})
    mail.deliver_due()
    cancels = mail_to.parsed()[seen:]
    assert len(cancels) == 2
    cal, _ = _ics(cancels[0])
    vevent = cal.walk("VEVENT")[0]
    assert cal["METHOD"] == "CANCEL" and str(vevent["STATUS"]) == "CANCELLED"
    assert int(vevent["SEQUENCE"]) == 2
    db.session.expire_all()
    assert source_event("transfer_session", session.id).cancelled

    # Cancelling it again is refused and announced as an error (title, focused alert); nothing is sent.
    seen = len(mail_to.messages)
    again = client.post(f"{BASE}/cycles/{cycle.id}/seances/{session.id}/annuler", data={"confirm": "1"},
                        follow_redirects=True).get_data(as_text=True)
    assert "<title>Erreur : Cette séance est déjà annulée. – " in again
    assert '<div class="flashes" id="annonce" role="alert"' in again
    mail.deliver_due()
    assert len(mail_to.messages) == seen


def test_removed_attendee_gets_a_cancellation_and_new_one_an_invitation(client, world, as_user, make_cycle, outbox):
    cycle = make_cycle("accepted")
    as_user(world.coordinator)
    client.post(f"{BASE}/cycles/{cycle.id}/seances/nouvelle", data=_form(world))
    session = db.session.scalar(sa.select(TransferSession))
    before = len(outbox())
    client.post(f"{BASE}/cycles/{cycle.id}/seances/{session.id}/modifier",
                data=_form(world, attendees=[world.mentor_referent.id, world.mentee_member.id]))
    new = outbox()[before:]
    assert {(m.recipient, m.subject.split(" :")[0]) for m in new} == {
        (world.mentee_member.email, "Invitation"), (world.mentee_referent.email, "Séance annulée")}


def test_online_session_in_reunion_time(client, world, as_user, make_cycle):
    cycle = make_cycle("active", mentees=[world.far_mentee])  # led from La Réunion
    as_user(world.far_referent)
    client.post(f"/la-reunion/transferts/cycles/{cycle.id}/seances/nouvelle", data=_form(
        world, mode="online", address="", online_url="https://visio.example.org/x",
        attendees=[world.far_referent.id]))
    session = db.session.scalar(sa.select(TransferSession))
    assert session.starts_at == datetime(2030, 3, 12, 10, 0, tzinfo=timezone.utc)  # UTC+4
    assert (session.address, session.online_url) == (None, "https://visio.example.org/x")
    page = client.get(f"/la-reunion/transferts/cycles/{cycle.id}/seances/{session.id}").get_data(as_text=True)
    assert "14:00" in page


def test_session_form_errors_are_explained_and_nothing_is_saved(client, world, as_user, make_cycle, outbox):
    cycle = make_cycle("active")
    as_user(world.coordinator)
    page = client.post(f"{BASE}/cycles/{cycle.id}/seances/nouvelle", data=_form(
        world, ends_at="2030-03-12T13:00", address="", attendees=[])).get_data(as_text=True)
    page = html.unescape(page)
    assert "La fin doit être après le début." in page
    assert "Indiquez l'adresse de la séance sur place." in page
    assert "Cochez au moins une personne." in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TransferSession)) == 0


def test_sessions_cannot_be_planned_for_a_proposal(client, world, as_user, make_cycle):
    cycle = make_cycle("proposed")
    as_user(world.coordinator)
    assert client.post(f"{BASE}/cycles/{cycle.id}/seances/nouvelle", data=_form(world)).status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TransferSession)) == 0


def test_minutes_are_sanitised_markdown_and_actions_are_tracked(client, world, as_user, make_cycle):
    cycle = make_cycle("active")
    as_user(world.mentor_referent)
    client.post(f"{BASE}/cycles/{cycle.id}/seances/nouvelle", data=_form(world))
    session = db.session.scalar(sa.select(TransferSession))
    url = f"{BASE}/cycles/{cycle.id}/seances/{session.id}"
    client.post(f"{url}/compte-rendu", data={
        "minutes": "## Décisions\n\n- **Charte** votée\n\n<script>alert(1)</script> [x](javascript:alert(1))"})
    page = client.get(url).get_data(as_text=True)
    assert "<h3>Décisions</h3>" in page and "<strong>Charte</strong>" in page
    assert "<script>alert" not in page and 'href="javascript' not in page
    client.post(f"{url}/actions", data={"title": "Envoyer les statuts", "owner": world.mentor_referent.id,
                                        "due_on": "2030-04-01"})
    client.post(f"{url}/actions", data={"title": "Sans échéance", "owner": world.mentor_referent.id,
                                        "due_on": ""})
    action = db.session.scalar(sa.select(FollowUpAction))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FollowUpAction)) == 1
    assert (action.title, action.owner_id, action.status) == ("Envoyer les statuts", world.mentor_referent.id,
                                                              ActionStatus.TODO)
    client.post(f"{url}/actions/{action.id}")
    db.session.expire_all()
    assert db.session.get(FollowUpAction, action.id).status is ActionStatus.DONE
    assert db.session.get(FollowUpAction, action.id).done_at is not None


def test_abandoning_a_cycle_cancels_its_future_sessions(app, client, world, as_user, make_cycle, outbox):
    cycle = make_cycle("active")
    as_user(world.coordinator)
    client.post(f"{BASE}/cycles/{cycle.id}/seances/nouvelle", data=_form(world))
    session = db.session.scalar(sa.select(TransferSession))
    client.post(f"{BASE}/cycles/{cycle.id}/abandonner", data={"reason": "Fusion des deux pôles", "confirm": "1"})
    db.session.expire_all()
    assert db.session.get(TransferSession, session.id).cancelled
    assert source_event("transfer_session", session.id).cancelled
    subjects = [m.subject for m in outbox(world.mentee_referent.email)]
    assert "Séance annulée : Séance 1" in subjects
    assert subjects[-1] == "Cycle de transfert abandonné : Cycle de test"
