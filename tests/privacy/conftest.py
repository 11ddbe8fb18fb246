"""Fixtures of the privacy and hardening tests."""
from __future__ import annotations

import pytest

from cellule import create_app
from cellule.extensions import db


@pytest.fixture
def other_app(app):
    """Build another app from the test app's configuration plus changes; its pool is closed after."""
    made = []

    def make(**changes):
        new = create_app({**app.config, **changes}, instance_path=app.instance_path)
        made.append(new)
        return new

    yield make
    for new in made:
        with new.app_context():
            db.session.remove()
            db.engine.dispose()
