"""Sending a create form twice with its one-time key, as a user double-clicking would."""
from __future__ import annotations

import re

import sqlalchemy as sa

from cellule.extensions import db

SUBMISSION_KEY = re.compile(r'name="submission_key" value="([^"]+)"')


def submit_twice(client, path: str, form: dict, model):
    """Load the form at `path`, post `form` twice with the page's one-time key; return both answers and the rows."""
    key = SUBMISSION_KEY.search(client.get(path).get_data(as_text=True)).group(1)
    first = client.post(path, data={**form, "submission_key": key})
    second = client.post(path, data={**form, "submission_key": key})
    return first, second, db.session.scalars(sa.select(model)).all()
