"""The password policy: long enough, and not one of the most common passwords.

``cellule/data/common-passwords.txt.gz`` holds 19,640 of the most common
passwords (lower-cased, one a line). It is the list Django ships as
``django/contrib/auth/common-passwords.txt.gz`` (BSD licence), itself taken
from Royce Williams' compilation of leaked-password frequency lists; it was
copied from the Django 5.2 wheel on PyPI. Comparison is case-insensitive and
ignores surrounding spaces, so "Azertyuiop123 " is refused like "azertyuiop123".
"""
from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

LIST_PATH = Path(__file__).parents[2] / "data" / "common-passwords.txt.gz"


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    with gzip.open(LIST_PATH, "rt", encoding="utf-8") as fh:
        return frozenset(line.strip() for line in fh if line.strip())


def problem(password: str) -> str | None:
    """Why ``password`` is refused, in French, or None when it is acceptable.

    Long passphrases are kept exactly as typed: no maximum below the form's
    1,024 characters, no truncation, no composition rules.
    """
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password or "") < minimum:
        return _("Le mot de passe doit compter au moins %(n)s caractères.", n=minimum)
    if password.strip().lower() in common_passwords():
        return _("Ce mot de passe figure parmi les plus courants et serait deviné en quelques "
                 "secondes. Choisissez-en un autre, par exemple une phrase de plusieurs mots.")
    return None
