"""Sending forms as people do: a create form twice (a double click), an edit form from two tabs."""
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


def open_tab(client, url: str) -> dict[str, str]:
    """Open the edit form at `url` as a new browser tab would: the concurrency stamp it carries."""
    html = client.get(url).get_data(as_text=True)
    return {n: re.search(rf'name="{n}" value="([^"]*)"', html).group(1).replace("&#34;", '"')
            for n in ("version", "base")}
