"""One-time submission keys that make create forms idempotent.

A create page carries a random hidden ``submission_key``. The first POST that
carries it records the key (unique) with the object it created, in the same
transaction; any later POST with the same key — a double click, a reload, a
second tab — finds that row and lands on the first object instead of making
another. Two POSTs racing each other are serialised by the unique constraint:
the loser's insert fails once the winner commits, and it then reads the winner's row.
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import request
from markupsafe import Markup
from sqlalchemy.orm import Mapped, mapped_column

from .database import UTCDateTime, utcnow
from .extensions import db

FIELD = "submission_key"
# A form left open longer than this is no longer recognised when sent again (``flask purge``).
KEPT_FOR = timedelta(days=30)


class FormSubmission(db.Model):
    """A create form's key and the object its first submission made."""

    __tablename__ = "form_submission"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    endpoint: Mapped[str] = mapped_column(sa.String(100))
    object_id: Mapped[int | None]
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def form_key() -> str:
    """The key to put in the page: the one posted (a form shown again with errors keeps it), or a new one."""
    posted = request.form.get(FIELD, "") if request.method == "POST" else ""
    return posted if 16 <= len(posted) <= 64 else secrets.token_urlsafe(24)


def _posted() -> str | None:
    token = request.form.get(FIELD, "")
    return token if 16 <= len(token) <= 64 else None


def previous(endpoint: str, user_id: int) -> int | None:
    """The id of the object an earlier submission of this very form made, if any."""
    token = _posted()
    if token is None:
        return None
    return db.session.scalar(sa.select(FormSubmission.object_id).where(
        FormSubmission.token == token, FormSubmission.endpoint == endpoint,
        FormSubmission.user_id == user_id))


def claim(endpoint: str, user_id: int) -> FormSubmission | int | None:
    """Reserve the posted key before creating anything; call it before the request's first write.

    Returns the new row (set its ``object_id`` once the object exists), the id of
    the object a concurrent submission already made (the transaction is then
    rolled back: nothing was written yet), or None when the form carried no key.
    """
    token = _posted()
    if token is None:
        return None
    row = FormSubmission(token=token, endpoint=endpoint, user_id=user_id)
    db.session.add(row)
    try:
        db.session.flush()
    except sa.exc.IntegrityError:
        db.session.rollback()
        return previous(endpoint, user_id) or 0
    return row


def start(endpoint: str, user_id: int) -> FormSubmission | int | None:
    """Before creating: the id of what an earlier submission of this form made (an int; 0 when it
    made nothing one can go to), else the claimed row to complete with ``object_id``, else None."""
    earlier = previous(endpoint, user_id)
    return earlier if earlier is not None else claim(endpoint, user_id)


def hidden_input() -> Markup:
    """The hidden field a create form carries (its key survives a page shown again with errors)."""
    return Markup('<input type="hidden" name="%s" value="%s">') % (FIELD, form_key())


def spent(now: datetime):
    """SQL condition: keys older than KEPT_FOR, which ``flask purge`` removes."""
    return FormSubmission.created_at < now - KEPT_FOR
