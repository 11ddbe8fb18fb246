"""Refusals that redirect: a flashed error tied to the field it is about.

A form posted from a page that the view does not render again (a visit's seat
count, a cycle's abandon reason…) redirects back with a flash. ``refuse`` also
remembers which field the message is about, for the next page only: there the
field is marked invalid and described by the message, and the message (focused,
in the page title) links to the field.
"""
from __future__ import annotations

from flask import flash, has_request_context, request, session

FIELD_ERRORS = "_field_errors"


def refuse(message: str, field_id: str | None = None) -> None:
    """Flash ``message`` as an error; with ``field_id``, the next page ties it to that field."""
    flash(message, "error")
    if field_id:
        errors = dict(session.get(FIELD_ERRORS, {}))
        errors[field_id] = str(message)
        session[FIELD_ERRORS] = errors


def field_errors() -> dict[str, str]:
    """The refused fields of this page (field id → message), taken from the session once."""
    if not has_request_context():
        return {}
    if not hasattr(request, "_field_errors"):
        request._field_errors = session.pop(FIELD_ERRORS) if FIELD_ERRORS in session else {}
    return request._field_errors
