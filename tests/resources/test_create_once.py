"""The sheet form sent twice (same one-time key) makes one draft."""
from __future__ import annotations

from cellule.blueprints.resources.models import Sheet
from tests.submit import submit_twice

from .test_permissions import FORM


def test_sheet_form_sent_twice_makes_one_draft(client, login):
    login("coordinator", region="hauts-de-france")
    first, second, [sheet] = submit_twice(client, "/hauts-de-france/fiches/nouvelle", FORM, Sheet)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert str(sheet.id) in first.headers["Location"]
