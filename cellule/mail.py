"""The outbox: mail is written as rows in the action's transaction, and delivered after.

``queue()`` renders a message and adds it to the session (no commit). The view
commits once; then ``after_commit()`` delivers inline when configured (``make
run``). In production ``flask outbox send`` runs from a timer and calls
``deliver_due()``, which retries with exponential backoff and marks a message
failed, with its last error, after ``OUTBOX_MAX_ATTEMPTS`` tries.
"""
from __future__ import annotations

import base64
import enum
import logging
import re
import smtplib
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app, g, render_template
from flask_mail import Message
from sqlalchemy.orm import Mapped, mapped_column

from .i18n import force_locale
from . import database
from .database import UTCDateTime, str_enum, utcnow
from .extensions import db, mail as flask_mail

log = logging.getLogger(__name__)


class MailStatus(enum.Enum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"


class OutboxMessage(db.Model):
    """One email waiting for, or past, delivery."""

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(sa.String(254), index=True)
    subject: Mapped[str] = mapped_column(sa.String(250))
    body_text: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str | None] = mapped_column(sa.Text)
    # [{"filename", "content_type", "data" (base64)}]; calendar invitations ride here.
    attachments: Mapped[list] = mapped_column(sa.JSON, default=list)
    template: Mapped[str] = mapped_column(sa.String(80))
    status: Mapped[MailStatus] = mapped_column(str_enum(MailStatus), default=MailStatus.QUEUED, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


@dataclass
class Attachment:
    filename: str
    content_type: str
    data: bytes


def queue(recipient: str, template: str, subject: str, *, locale: str = "fr",
          attachments: list[Attachment] = (), **context) -> OutboxMessage:
    """Render ``email/<template>.txt`` and ``.html`` and add the message to the session.

    The message is sent only if the surrounding transaction commits.
    """
    with force_locale(locale):
        text = render_template(f"email/{template}.txt", **context)
        html = render_template(f"email/{template}.html", **context)
    message = OutboxMessage(
        recipient=recipient, subject=subject, body_text=text, body_html=html, template=template,
        attachments=[{"filename": a.filename, "content_type": a.content_type,
                      "data": base64.b64encode(a.data).decode("ascii")} for a in attachments],
    )
    db.session.add(message)
    g.setdefault("outbox_queued", []).append(message)
    return message


def after_commit() -> None:
    """Deliver what this request queued, when inline delivery is on."""
    queued = g.pop("outbox_queued", [])
    if queued and current_app.config["OUTBOX_DELIVER_INLINE"]:
        deliver([m.id for m in queued])


def deliver_due(limit: int = 100) -> dict[str, int]:
    """Try every queued message whose time has come; return counts by outcome."""
    ids = db.session.scalars(
        sa.select(OutboxMessage.id)
        .where(OutboxMessage.status == MailStatus.QUEUED, OutboxMessage.next_attempt_at <= utcnow())
        .order_by(OutboxMessage.id).limit(limit)
    ).all()
    return deliver(ids)


def deliver(ids: list[int]) -> dict[str, int]:
    """Send the given messages, one transaction each, so one failure never undoes another."""
    counts = {"sent": 0, "retry": 0, "failed": 0}
    for message_id in ids:
        query = sa.select(OutboxMessage).where(
            OutboxMessage.id == message_id, OutboxMessage.status == MailStatus.QUEUED)
        if db.engine.dialect.name == "postgresql":
            # Two senders running at once never pick the same message.
            query = query.with_for_update(skip_locked=True)
        message = db.session.scalar(query)
        if message is None:
            db.session.rollback()
            continue
        counts[_attempt(message)] += 1
        db.session.commit()
    return counts


def _attempt(message: OutboxMessage) -> str:
    message.attempts += 1
    try:
        _send(message)
    except (smtplib.SMTPException, OSError) as exc:
        message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if message.attempts >= current_app.config["OUTBOX_MAX_ATTEMPTS"]:
            message.status = MailStatus.FAILED
            log.error("mail %s failed for good: %s", message.id, message.last_error)
            return "failed"
        backoff = current_app.config["OUTBOX_BACKOFF_SECONDS"] * 2 ** (message.attempts - 1)
        message.next_attempt_at = utcnow() + timedelta(seconds=backoff)
        log.warning("mail %s attempt %s failed: %s", message.id, message.attempts, message.last_error)
        return "retry"
    message.status = MailStatus.SENT
    message.sent_at = utcnow()
    message.last_error = None
    return "sent"


def _send(message: OutboxMessage) -> None:
    """Hand one message to SMTP, or to the log when no server is configured."""
    if not current_app.config.get("MAIL_SERVER"):
        log.info("%s", as_log_text(message))
        return
    msg = Message(subject=message.subject, recipients=[message.recipient],
                  body=message.body_text, html=message.body_html)
    for item in message.attachments:
        msg.attach(item["filename"], item["content_type"], base64.b64decode(item["data"]))
    # Flask-Mail opens smtplib connections without a timeout; a stalled server
    # must not hang the sender forever, so bound the socket operations.
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(current_app.config["MAIL_TIMEOUT"])
    try:
        flask_mail.send(msg)
    finally:
        socket.setdefaulttimeout(previous)


_HREF = re.compile(r"""href=["']([^"']+)["']""")
_URL = re.compile(r"https?://[^\s<>\"')]+")


def as_log_text(message: OutboxMessage) -> str:
    """The whole message as a person reads it: headers, text body, every link, attachments.

    Used instead of SMTP when no server is configured (``make run``), so the
    links a mail carries (password reset, invitations …) can be followed.
    """
    links = list(dict.fromkeys(_URL.findall(message.body_text or "")
                               + _HREF.findall(message.body_html or "")))
    lines = [
        "mail (no SMTP server configured)",
        f"From: {current_app.config.get('MAIL_DEFAULT_SENDER') or ''}",
        f"To: {message.recipient}",
        f"Subject: {message.subject}",
        f"Date: {utcnow().strftime('%a, %d %b %Y %H:%M:%S +0000')}",
        f"X-Cellule-Template: {message.template}",
        "",
        (message.body_text or "").rstrip(),
        "",
        "Links:" if links else "Links: (none)",
        *(f"  {link}" for link in links),
    ]
    lines += [f"Attachment: {a['filename']} ({a['content_type']})" for a in message.attachments or []]
    return "\n".join(lines)


def _show_mail_log(app) -> None:
    """Let the ``cellule.mail`` INFO lines through when mail goes to the log.

    Python's root logger drops INFO by default, so ``flask run`` would swallow the
    very mails it is meant to print. They propagate to Flask's own handler on the
    ``cellule`` logger (stderr); JSON logging (``LOG_JSON``) sets its own level.
    """
    if app.config.get("LOG_JSON") or app.config.get("MAIL_SERVER"):
        return
    app.logger  # creates the "cellule" logger with Flask's stderr handler
    log.setLevel(logging.INFO)


def init_app(app) -> None:
    """Deliver after each commit; drop queued references when a request ends without committing."""
    _show_mail_log(app)
    database.on_commit(app, after_commit)

    @app.teardown_request
    def _forget(exc):
        g.pop("outbox_queued", None)
