"""Mail leaves through the outbox: written with the action, sent after the commit, retried."""
import base64

import sqlalchemy as sa

from cellule import mail
from cellule.database import commit, utcnow
from cellule.extensions import db
from cellule.mail import Attachment, MailStatus, OutboxMessage


def _queue(to="someone@example.org", **kw):
    return mail.queue(to, "password_reset", "Réinitialisation", user=type("U", (), {"name": "Awa"})(),
                      link="https://cellule.test/x", **kw)


def test_queued_mail_is_sent_to_a_real_smtp_server(app, mail_to):
    with app.test_request_context():
        _queue(attachments=[Attachment("invitation.ics", "text/calendar; method=REQUEST", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")])
        commit()
    assert mail_to.messages == []  # inline delivery is off: nothing leaves before `outbox send`
    counts = mail.deliver_due()
    assert counts == {"sent": 1, "retry": 0, "failed": 0}
    [message] = mail_to.parsed()
    assert message["To"] == "someone@example.org"
    assert message["Subject"] == "Réinitialisation"
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Bonjour Awa" in plain and "https://cellule.test/x" in plain
    assert '<a href="https://cellule.test/x">' in html
    [ics] = [part for part in message.iter_attachments()]
    assert ics.get_filename() == "invitation.ics" and b"BEGIN:VCALENDAR" in ics.get_content().encode()
    row = db.session.scalar(sa.select(OutboxMessage))
    assert row.status is MailStatus.SENT and row.sent_at is not None and row.attempts == 1


def test_rolled_back_action_sends_nothing(app, mail_to):
    with app.test_request_context():
        _queue()
        db.session.rollback()
    assert mail.deliver_due() == {"sent": 0, "retry": 0, "failed": 0}
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0
    assert mail_to.messages == []


def test_temporary_refusal_is_retried_with_backoff(app, mail_to):
    mail_to.refusals.append("451 4.3.0 Try again later")
    with app.test_request_context():
        _queue()
        commit()
    assert mail.deliver_due() == {"sent": 0, "retry": 1, "failed": 0}
    row = db.session.scalar(sa.select(OutboxMessage))
    assert row.status is MailStatus.QUEUED and "451" in row.last_error
    assert row.next_attempt_at > utcnow()  # backoff: not due again right away
    assert mail.deliver_due() == {"sent": 0, "retry": 0, "failed": 0}
    row.next_attempt_at = utcnow()
    db.session.commit()
    assert mail.deliver_due() == {"sent": 1, "retry": 0, "failed": 0}
    assert len(mail_to.messages) == 1
    db.session.refresh(row)
    assert row.status is MailStatus.SENT and row.attempts == 2 and row.last_error is None


def test_gives_up_after_bounded_attempts_and_keeps_the_error(app):
    # Nothing listens on port 1: every attempt fails at connection time.
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1, OUTBOX_MAX_ATTEMPTS=3, OUTBOX_BACKOFF_SECONDS=0)
    app.extensions["mail"].server, app.extensions["mail"].port = "127.0.0.1", 1
    with app.test_request_context():
        _queue()
        commit()
    outcomes = [mail.deliver_due() for _ in range(4)]
    assert [o["retry"] for o in outcomes] == [1, 1, 0, 0]
    assert outcomes[2]["failed"] == 1
    row = db.session.scalar(sa.select(OutboxMessage))
    assert row.status is MailStatus.FAILED and row.attempts == 3
    assert "ConnectionRefused" in row.last_error


def test_failing_smtp_never_undoes_the_action(app, client, make_user):
    """Inline delivery to a dead server: the reset is still recorded, the mail stays queued."""
    from cellule.blueprints.auth.models import AuthToken

    app.config.update(OUTBOX_DELIVER_INLINE=True, MAIL_SERVER="127.0.0.1", MAIL_PORT=1)
    app.extensions["mail"].server, app.extensions["mail"].port = "127.0.0.1", 1
    user = make_user()
    response = client.post("/mot-de-passe-oublie", data={"email": user.email})
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(AuthToken.id))) == 1
    row = db.session.scalar(sa.select(OutboxMessage))
    assert row.status is MailStatus.QUEUED and row.attempts == 1


def test_inline_delivery_after_commit(app, client, make_user, mail_to):
    app.config["OUTBOX_DELIVER_INLINE"] = True
    user = make_user()
    client.post("/mot-de-passe-oublie", data={"email": user.email})
    assert [m["to"] for m in mail_to.messages] == [[user.email]]


def test_without_smtp_server_mail_goes_to_the_log(app, caplog):
    with app.test_request_context():
        _queue()
        commit()
    with caplog.at_level("INFO", logger="cellule.mail"):
        assert mail.deliver_due()["sent"] == 1
    assert "Réinitialisation" in caplog.text


def test_outbox_send_command(app, runner, mail_to):
    with app.test_request_context():
        _queue()
        _queue("other@example.org")
        commit()
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0 and "sent=2" in result.output
    assert sorted(m["to"][0] for m in mail_to.messages) == ["other@example.org", "someone@example.org"]


def test_attachment_round_trip(app):
    with app.test_request_context():
        row = _queue(attachments=[Attachment("a.ics", "text/calendar", "é".encode())])
    assert base64.b64decode(row.attachments[0]["data"]).decode() == "é"


def test_without_smtp_each_mail_is_written_whole_to_the_log(app, caplog):
    """`make run` has no MAIL_SERVER: the mail's headers, text and links land in the log."""
    import logging

    assert not app.config["MAIL_SERVER"]
    # The level create_app sets, so INFO is not dropped by the root logger's WARNING default.
    assert logging.getLogger("cellule.mail").getEffectiveLevel() == logging.INFO
    from flask.logging import has_level_handler

    assert has_level_handler(logging.getLogger("cellule.mail"))  # some handler will print INFO
    with app.test_request_context():
        _queue(to="awa@example.org",
               attachments=[Attachment("invitation.ics", "text/calendar", b"BEGIN:VCALENDAR\r\n")])
        commit()
    with caplog.at_level(logging.INFO, logger="cellule.mail"):
        assert mail.deliver_due() == {"sent": 1, "retry": 0, "failed": 0}
    [record] = [r for r in caplog.records if r.name == "cellule.mail"]
    text = record.getMessage()
    assert "To: awa@example.org" in text
    assert "Subject: Réinitialisation" in text
    assert "From: " + app.config["MAIL_DEFAULT_SENDER"] in text
    assert "Bonjour Awa" in text
    assert "Links:\n  https://cellule.test/x" in text
    assert "Attachment: invitation.ics (text/calendar)" in text
    assert db.session.scalar(sa.select(OutboxMessage)).status is MailStatus.SENT
