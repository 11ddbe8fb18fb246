"""Every form field shows its label, « (obligatoire) », help and error in one layout (the forms macro)."""
from __future__ import annotations

import re

import pytest

FORMS = [
    ("coordinator", "/hauts-de-france/annuaire/nouveau"),
    ("coordinator", "/hauts-de-france/fiches/nouvelle"),
    ("coordinator", "/hauts-de-france/agenda/nouveau"),
    ("ptce_member", "/profil"),
]


@pytest.mark.parametrize("role, path", FORMS)
def test_required_marks_sit_on_the_labels_line(client, login, role, path):
    login(role, region="hauts-de-france") if role == "coordinator" else login(role)
    response = client.get(path)
    assert response.status_code == 200
    page = response.text.split("<main", 1)[1]
    marks = page.count('<span class="required">')
    assert marks, "no required field on this form?"
    on_label_line = len(re.findall(
        r'<div class="label-line"><label [^>]*>[^<]*</label> <span class="required">', page))
    in_legend = len(re.findall(r'<legend>[^<]* <span class="required">', page))
    assert on_label_line + in_legend == marks


def test_posted_errors_come_before_the_input(client, login):
    login("coordinator", region="hauts-de-france")
    page = client.post("/hauts-de-france/annuaire/nouveau", data={"name": ""}).text
    field = re.search(r'<div class="field [^"]*has-error">(.*?)</div>\s*</div>|'
                      r'<div class="field [^"]*has-error">(.*?<input[^>]*>)', page, re.S)
    assert field, "no field in error"
    block = field.group(0)
    assert block.index('class="error"') < block.index("<input")
