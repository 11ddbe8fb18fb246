"""Exports of forwarded data: long CSV bytes, wide XLSX, datapackage.json; council only."""
import csv
import io
import json

import pytest
from openpyxl import load_workbook

from cellule.extensions import db


@pytest.fixture
def forwarded(campaign, make_ptce, respond, answers):
    """Two forwarded PTCE in Hauts-de-France, one validated-but-unforwarded in Bretagne."""
    a, b = make_ptce(name="Alpha"), make_ptce(name="Bêta")
    respond(campaign, a, "validated", answers(jobs_created=4, staff_fte=1.5))
    respond(campaign, b, "forwarded", answers(jobs_created=6, ecological_actions_detail="=HYPERLINK(\"x\")",
                                              member_structures=[
        {"name": "=1+1", "structure_type": "association", "size": "s0_10"},
        {"name": "SCIC B", "structure_type": "scop_scic"}]))
    hidden = make_ptce("bretagne")
    respond(campaign, hidden, "validated")
    return a, b, hidden


def _stem(campaign):
    return f"/conseil/collecte/{campaign.id}/collecte-{campaign.year}-{campaign.id}"


def test_long_csv(client, login, campaign, forwarded):
    a, b, hidden = forwarded
    login("council_observer")
    r = client.get(_stem(campaign) + "-long.csv")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert r.is_streamed
    body = r.data
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["ptce", "region", "year", "variable", "row", "value", "unit",
                       "questionnaire_version", "snapshot", "snapshot_version"]
    by_key = {(r[0], r[3], r[4]): r for r in rows[1:]}
    assert by_key[(a.slug, "jobs_created", "")][5] == "4"
    assert by_key[(a.slug, "staff_fte", "")][5:7] == ["1.5", "ETP"]
    assert by_key[(a.slug, "budget_amount", "")][6] == "€"
    assert by_key[(a.slug, "sectors", "")][5] == "employment|energy"
    assert by_key[(b.slug, "member_structures.name", "2")][5] == "SCIC B"
    assert by_key[(a.slug, "jobs_created", "")][1:3] == ["32", "2025"]
    assert hidden.slug not in body.decode()  # validated but never forwarded
    # a free-text answer that looks like a formula is written inert (leading apostrophe)
    assert by_key[(b.slug, "ecological_actions_detail", "")][5] == "'=HYPERLINK(\"x\")"


def test_wide_xlsx(client, login, campaign, forwarded):
    a, b, _ = forwarded
    login("council_admin")
    r = client.get(_stem(campaign) + "-large.xlsx")
    assert r.status_code == 200
    book = load_workbook(io.BytesIO(r.data), read_only=True)
    assert book.sheetnames == ["ptce", "member_structures"]
    rows = list(book["ptce"].iter_rows(values_only=True))
    header = rows[0]
    assert header[:6] == ("ptce", "ptce_name", "region", "year", "questionnaire_version", "snapshot")
    by_slug = {row[0]: dict(zip(header, row)) for row in rows[1:]}
    assert set(by_slug) == {a.slug, b.slug}
    assert by_slug[a.slug]["jobs_created"] == 4 and by_slug[b.slug]["ptce_name"] == "Bêta"
    assert by_slug[a.slug]["activity_types"] == "project_support"
    members = list(book["member_structures"].iter_rows(values_only=True))
    assert members[0] == ("ptce", "region", "row", "name", "structure_type", "size")
    assert (b.slug, "32", 2, "SCIC B", "scop_scic", None) in members
    # answers that look like formulas stay text
    assert (b.slug, "32", 1, "=1+1", "association", "s0_10") in members
    assert by_slug[b.slug]["ecological_actions_detail"] == '=HYPERLINK("x")'
    full = load_workbook(io.BytesIO(r.data))
    assert all(c.data_type != "f" for row in full["ptce"].iter_rows() for c in row)


def test_datapackage_describes_both(client, login, campaign, forwarded):
    login("council_observer")
    package = json.loads(client.get(f"/conseil/collecte/{campaign.id}/datapackage.json").data)
    assert package["profile"] == "tabular-data-package"
    resources = {r["name"]: r for r in package["resources"]}
    long = resources["reponses-long"]
    assert long["path"] == f"collecte-2025-{campaign.id}-long.csv" and long["dialect"]["delimiter"] == ";"
    assert [f["name"] for f in long["schema"]["fields"]][:4] == ["ptce", "region", "year", "variable"]
    wide = {f["name"]: f for f in resources["reponses-large"]["schema"]["fields"]}
    assert wide["jobs_created"]["type"] == "integer"
    assert wide["share_patronage"]["constraints"] == {"minimum": 0, "maximum": 100}
    assert wide["action_scale"]["constraints"]["enum"][0] == "infra_communal"
    assert wide["decision_sharing"]["constraints"] == {"minimum": 0, "maximum": 5}
    block = resources["reponses-large-member-structures"]
    assert block["dialect"]["sheet"] == "member_structures"
    # the paths resolve, relative to the descriptor, to the real exports
    base = f"/conseil/collecte/{campaign.id}/"
    assert client.get(base + long["path"]).status_code == 200
    assert client.get(base + resources["reponses-large"]["path"]).status_code == 200


def test_exports_are_for_the_council_only(client, login, campaign, forwarded):
    login("coordinator", region="hauts-de-france")
    assert client.get(_stem(campaign) + "-long.csv").status_code == 403
    assert client.get(f"/conseil/collecte/{campaign.id}/datapackage.json").status_code == 403
    assert client.get(f"/conseil/collecte/{campaign.id}/").status_code == 403


def test_long_csv_streams_from_a_generator(app, campaign, forwarded):
    from cellule.blueprints.collection.exports import long_rows

    rows = long_rows(campaign)
    assert next(rows).startswith("\ufeffptce;region")  # the header leaves before any snapshot is read
    assert sum(1 for _ in rows) == 2  # then one chunk per forwarded PTCE
    db.session.rollback()
