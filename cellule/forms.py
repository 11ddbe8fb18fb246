"""Form helpers shared by every feature."""
from __future__ import annotations

from typing import Iterable, Mapping

from flask import abort, request
from wtforms.fields.choices import SelectChoice


def choices(options: Mapping | Iterable[tuple]) -> list[SelectChoice]:
    """SelectField choices from ``{value: label}`` or ``(value, label)`` pairs (WTForms ≥ 3.3 style)."""
    pairs = options.items() if isinstance(options, Mapping) else options
    return [SelectChoice(str(value), label) for value, label in pairs]


def confirmed(form) -> bool:
    """Whether this request is the POST of a confirmation page (``templates/confirm.html``).

    Destructive actions answer GET (and an unconfirmed POST, e.g. an old form)
    with that page, which says what will happen and who is mailed; only its own
    button sends ``confirm=1``. A confirmed POST with a bad CSRF token is refused (400).
    """
    if request.method != "POST" or request.form.get("confirm") != "1":
        return False
    if not form.validate_on_submit():
        abort(400)
    return True
