"""After a held visit, each person marked present is asked for feedback once, with a link to the form."""
from __future__ import annotations

from datetime import timedelta

from cellule.blueprints.visits import seats, services
from cellule.blueprints.visits.reminders import queue_due
from cellule.database import utcnow
from cellule.extensions import db


def test_feedback_request_goes_once_to_people_present(runner, make_visit, member, outbox):
    visit = make_visit(days=-1)  # started yesterday, ended three hours later
    present, absent, answered, late = member(), member(), member(), member()
    # Registration closes at the start: register as of before it, as people did.
    for person in (present, absent, answered, late):
        seats.register(visit.id, person, now=visit.starts_at - timedelta(days=2))
    db.session.commit()
    by_user = {r.user_id: r for r in services.confirmed_registrations(visit)}
    services.record_attendance(visit, {by_user[present.id].id, by_user[answered.id].id})
    services.save_feedback(by_user[answered.id], 5, "Beaucoup", "")
    # Not held yet: nobody is asked.
    db.session.commit()
    assert queue_due(utcnow()) == 0
    services.mark_held(visit)
    db.session.commit()

    result = runner.invoke(args=["reminders", "send"])
    assert result.exit_code == 0 and "queued=1" in result.output
    [request] = [m for m in outbox(present.email) if m.subject.startswith("Votre avis")]
    assert request.subject == "Votre avis sur la visite : Visite du pôle"
    assert f"/hauts-de-france/visites/{visit.id}/avis" in request.body_text
    assert not request.attachments  # a request for feedback changes nothing in the calendar
    assert not [m for m in outbox(absent.email) + outbox(answered.email) if m.subject.startswith("Votre avis")]
    # Never twice; someone ticked present later is asked, once.
    assert queue_due(utcnow()) == 0
    services.record_attendance(visit, {by_user[present.id].id, by_user[answered.id].id, by_user[late.id].id})
    db.session.commit()
    assert queue_due(utcnow()) == 1
    db.session.commit()
    assert queue_due(utcnow()) == 0
    assert len([m for m in outbox(present.email) if m.subject.startswith("Votre avis")]) == 1
