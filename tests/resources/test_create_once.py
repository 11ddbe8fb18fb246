"""The sheet form sent twice (same one-time key) makes one draft."""
from __future__ import annotations

import re

import sqlalchemy as sa

from cellule.blueprints.resources.models import Sheet
from cellule.extensions import db

from .test_permissions import FORM


def test_sheet_form_sent_twice_makes_one_draft(client, login):
    login("coordinator", region="hauts-de-france")
    page = client.get("/hauts-de-france/fiches/nouvelle").get_data(as_text=True)
    key = re.search(r'name="submission_key" value="([^"]+)"', page).group(1)
    first = client.post("/hauts-de-france/fiches/nouvelle", data={**FORM, "submission_key": key})
    second = client.post("/hauts-de-france/fiches/nouvelle", data={**FORM, "submission_key": key})
    [sheet] = db.session.scalars(sa.select(Sheet)).all()
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert str(sheet.id) in first.headers["Location"]
