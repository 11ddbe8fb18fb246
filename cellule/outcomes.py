"""Refusals that redirect: a flashed error tied to the field it is about.

A form posted from a page that the view does not render again (a visit's seat
count, a cycle's abandon reason…) redirects back with a flash. ``refuse`` also
remembers which field the message is about, for the next page only: there the
field is marked invalid and described by the message, and the message (focused,
in the page title) links to the field.
"""
from __future__ import annotations

from typing import Callable

from flask import flash, has_request_context, request, session

from .database import commit
from .extensions import db
from .lifecycle import IllegalTransition

FIELD_ERRORS = "_field_errors"


def refuse(message: str, field_id: str | None = None) -> None:
    """Flash ``message`` as an error; with ``field_id``, the next page ties it to that field."""
    flash(message, "error")
    if field_id:
        errors = dict(session.get(FIELD_ERRORS, {}))
        errors[field_id] = str(message)
        session[FIELD_ERRORS] = errors


def attempt(move: Callable[[], object], done: str, refusal: str | None = None) -> bool:
    """Run a state move: commit and flash ``done``; if the move is illegal, roll back and refuse.

    The refusal says ``refusal`` when given, else the move's own reason. Returns whether it went through.
    """
    try:
        move()
    except IllegalTransition as exc:
        db.session.rollback()
        refuse(refusal if refusal is not None else str(exc))
        return False
    commit()
    flash(done, "success")
    return True


def act_when_posted(form, act: Callable[[], object], done: str) -> None:
    """A one-button action: when ``form`` validates (its CSRF token), act, commit and flash ``done``."""
    if form.validate_on_submit():
        act()
        commit()
        flash(done, "success")


def field_errors() -> dict[str, str]:
    """The refused fields of this page (field id → message), taken from the session once."""
    if not has_request_context():
        return {}
    if not hasattr(request, "_field_errors"):
        request._field_errors = session.pop(FIELD_ERRORS) if FIELD_ERRORS in session else {}
    return request._field_errors
