"""Run a data migration again on the rows a test made: down to a revision, then up to the head."""
from __future__ import annotations

from flask_migrate import downgrade, upgrade

from cellule.extensions import db


def replay_from(revision: str) -> None:
    """Downgrade to ``revision`` and upgrade back (the session is closed around both)."""
    db.session.remove()
    try:
        downgrade(revision=revision)
    finally:
        db.session.remove()
        upgrade()
