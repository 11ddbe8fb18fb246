"""Exports of forwarded data: long CSV bytes, wide XLSX, datapackage.json; council only."""
import csv
import io
import json
import re

import pytest
from openpyxl import load_workbook

from cellule.extensions import db

from . import packages


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


def test_long_csv_standard_dialect(client, login, campaign, forwarded):
    a, b, hidden = forwarded
    login("council_observer")
    r = client.get(_stem(campaign) + "-long.csv")
    assert r.status_code == 200 and r.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert r.is_streamed
    body = r.data
    assert not body.startswith(b"\xef\xbb\xbf")  # for tools: no BOM, "," and "."
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert rows[0] == ["ptce", "region", "year", "variable", "row", "value", "unit",
                       "questionnaire_version", "snapshot", "snapshot_version"]
    by_key = {(r[0], r[3], r[4]): r for r in rows[1:]}
    assert by_key[(a.slug, "jobs_created", "")][5] == "4"
    assert by_key[(a.slug, "staff_fte", "")][5:7] == ["1.5", "ETP"]
    assert by_key[(a.slug, "budget_amount", "")][5:7] == ["200000", "€"]  # never 200000.0
    assert by_key[(a.slug, "share_public_subsidies", "")][5] == "40"
    assert by_key[(a.slug, "sectors", "")][5] == "employment|energy"
    assert by_key[(b.slug, "member_structures.name", "2")][5] == "SCIC B"
    assert by_key[(a.slug, "jobs_created", "")][1:3] == ["32", "2025"]
    assert hidden.slug not in body.decode()  # validated but never forwarded
    # a free-text answer that looks like a formula is written inert (leading apostrophe)
    assert by_key[(b.slug, "ecological_actions_detail", "")][5] == "'=HYPERLINK(\"x\")"
    assert not any(re.fullmatch(r"-?\d+\.0", cell) for row in rows for cell in row)


def test_long_csv_for_french_excel(client, login, campaign, forwarded):
    """Read as a French spreadsheet reads it: ";" separates, "," is the decimal mark."""
    a, _b, _ = forwarded
    login("council_observer")
    r = client.get(_stem(campaign) + "-long-excel.csv")
    assert r.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert r.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(r.data.decode("utf-8-sig")), delimiter=";"))
    by_key = {(r[0], r[3], r[4]): r for r in rows[1:]}
    assert by_key[(a.slug, "staff_fte", "")][5] == "1,5"
    assert french_number(by_key[(a.slug, "staff_fte", "")][5]) == 1.5
    assert by_key[(a.slug, "budget_amount", "")][5] == "200000"
    numbers = [row[5] for row in rows[1:] if re.fullmatch(r"[\d.,-]+", row[5])]
    assert numbers and all(re.fullmatch(r"-?\d+(,\d+)?", n) for n in numbers)  # never "1.5" nor "22.0"


def french_number(text: str) -> float:
    """A number as a French-locale spreadsheet reads it (fails on "1.5", which it reads as text)."""
    if not re.fullmatch(r"-?\d+(,\d+)?", text):
        raise ValueError(f"{text!r} is not a number in a French spreadsheet")
    return float(text.replace(",", "."))


def test_wide_xlsx(client, login, campaign, forwarded):
    a, b, _ = forwarded
    login("council_admin")
    r = client.get(_stem(campaign) + "-large.xlsx")
    assert r.status_code == 200
    book = load_workbook(io.BytesIO(r.data))
    assert book.sheetnames == ["ptce", "member_structures", "Dictionnaire"]
    sheet = book["ptce"]
    rows = list(sheet.iter_rows(values_only=True))
    labels, header = rows[0], rows[1]
    assert header[:6] == ("ptce", "ptce_name", "region", "year", "questionnaire_version", "snapshot")
    assert labels[2] == "Code INSEE de la région" and labels[header.index("jobs_created")] == "Emplois créés dans l'année"
    assert all(c.font.bold for c in sheet[1]) and sheet.freeze_panes == "B3"
    assert sheet.column_dimensions["B"].width >= 20
    by_slug = {row[0]: dict(zip(header, row)) for row in rows[2:]}
    assert set(by_slug) == {a.slug, b.slug}
    assert by_slug[a.slug]["jobs_created"] == 4 and by_slug[b.slug]["ptce_name"] == "Bêta"
    assert by_slug[a.slug]["activity_types"] == "project_support"
    # typed cells: numbers as numbers (a whole float as an int), codes as text
    cells = {c.column_letter: c for c in sheet[3]}
    region = cells[sheet.cell(2, header.index("region") + 1).column_letter]
    assert region.value == "32" and region.data_type == "s" and region.number_format == "@"
    budget = sheet.cell(3, header.index("budget_amount") + 1)
    assert budget.value == 200000 and budget.data_type == "n" and isinstance(budget.value, int)
    assert sheet.cell(3, header.index("staff_fte") + 1).value == 1.5
    members = list(book["member_structures"].iter_rows(values_only=True))
    assert members[1] == ("ptce", "region", "row", "name", "structure_type", "size")
    assert (b.slug, "32", 2, "SCIC B", "scop_scic", None) in members
    # answers that look like formulas stay text
    assert (b.slug, "32", 1, "=1+1", "association", "s0_10") in members
    assert by_slug[b.slug]["ecological_actions_detail"] == '=HYPERLINK("x")'
    assert all(c.data_type != "f" for ws in book for row in ws.iter_rows() for c in row)
    dictionary = {row[0]: row for row in book["Dictionnaire"].iter_rows(min_row=3, values_only=True)}
    assert dictionary["creation_needs"][1] == "Besoins qui ont présidé à la création du PTCE"
    assert dictionary["creation_needs"][2] == "Choix multiple"
    assert "unmet_needs = Répondre à des besoins" in dictionary["creation_needs"][4]
    assert dictionary["budget_amount"][3] == "€" and dictionary["region"][1] == "Code INSEE de la région"
    assert dictionary["member_structures.size"][2] == "Choix unique"


def test_datapackage_is_valid_for_frictionless(client, login, campaign, forwarded, tmp_path):
    login("council_observer")
    base = f"/conseil/collecte/{campaign.id}/"
    descriptor = packages.download(client, base, tmp_path)
    assert packages.validate(descriptor) == []
    package = json.loads(descriptor.read_text())
    resources = {r["name"]: r for r in package["resources"]}
    assert set(resources) == {"reponses-long", "reponses-large", "reponses-large-member-structures",
                              "dictionnaire", "agregats"}
    long = resources["reponses-long"]
    assert long["path"] == f"collecte-2025-{campaign.id}-long.csv" and long["dialect"]["delimiter"] == ","
    assert [f["name"] for f in long["schema"]["fields"]][:4] == ["ptce", "region", "year", "variable"]
    wide = {f["name"]: f for f in resources["reponses-large"]["schema"]["fields"]}
    assert wide["jobs_created"]["type"] == "integer" and wide["jobs_created"]["title"] == "Emplois créés dans l'année"
    assert wide["share_patronage"]["constraints"] == {"minimum": 0, "maximum": 100}
    assert wide["share_patronage"]["unit"] == "%"
    assert wide["action_scale"]["constraints"]["enum"][0] == "infra_communal"
    assert wide["decision_sharing"]["constraints"] == {"minimum": 0, "maximum": 5}
    assert wide["region"]["type"] == "string"
    assert resources["reponses-large"]["schema"]["missingValues"] == [""]
    block = resources["reponses-large-member-structures"]
    assert block["dialect"]["excel"]["sheet"] == "member_structures" and block["dialect"]["headerRows"] == [2]
    # Frictionless really reads the declared sheet, and the codebook rows
    import frictionless

    rows = frictionless.Package(str(descriptor)).get_resource("reponses-large-member-structures").read_rows()
    assert {r["name"] for r in rows} == {"Asso A", "=1+1", "SCIC B"}
    codes = {r["code"] for r in frictionless.Package(str(descriptor)).get_resource("dictionnaire").read_rows()}
    assert {"creation_needs", "member_structures.size", "region"} <= codes


def test_exports_are_for_the_council_only(client, login, campaign, forwarded):
    login("coordinator", region="hauts-de-france")
    assert client.get(_stem(campaign) + "-long.csv").status_code == 403
    assert client.get(f"/conseil/collecte/{campaign.id}/datapackage.json").status_code == 403
    assert client.get(f"/conseil/collecte/{campaign.id}/").status_code == 403


def test_long_csv_streams_from_a_generator(app, campaign, forwarded):
    from cellule.blueprints.collection.exports import long_rows
    from cellule.spreadsheet import FRENCH_EXCEL

    rows = long_rows(campaign, FRENCH_EXCEL)
    assert next(rows) == "\ufeffptce;region;year;variable;row;value;unit;questionnaire_version;snapshot;" \
        "snapshot_version\r\n"  # the header leaves before any snapshot is read
    assert sum(chunk.count("\r\n") for chunk in rows) > 60  # then the answers, in chunks
    db.session.rollback()
