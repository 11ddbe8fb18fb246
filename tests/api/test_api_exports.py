"""A campaign's exports and aggregates with the read-only bearer token (not the sign-in page),
documented in the OpenAPI document; the data package fetched through the API is valid."""
from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from tests.collection import packages


def _base(campaign) -> str:
    return f"/api/v1/campaigns/{campaign.id}/exports/"


def test_every_export_answers_the_token(client, headers, collected):
    campaign = collected["campaign"]
    stem = f"collecte-{campaign.year}-{campaign.id}"
    expected = {"long.csv": "text/csv; charset=utf-8", "long-excel.csv": "text/csv; charset=utf-8",
                "agregats.csv": "text/csv; charset=utf-8", "agregats-excel.csv": "text/csv; charset=utf-8",
                "large.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "agregats.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    for part, content_type in expected.items():
        r = client.get(_base(campaign) + f"{stem}-{part}", headers=headers)
        assert r.status_code == 200 and r.headers["Content-Type"] == content_type and r.data, part
    rows = list(csv.DictReader(io.StringIO(client.get(_base(campaign) + f"{stem}-long.csv", headers=headers)
                                           .data.decode())))
    assert {r["ptce"] for r in rows} == {p.slug for p in collected["ptces"]}
    book = load_workbook(io.BytesIO(client.get(_base(campaign) + f"{stem}-large.xlsx", headers=headers).data))
    assert book.sheetnames[-1] == "Dictionnaire"


def test_without_a_token_exports_answer_401_not_the_sign_in_page(client, token, collected):
    campaign = collected["campaign"]
    r = client.get(_base(campaign) + "datapackage.json")
    assert r.status_code == 401 and r.json["error"]["code"] == "unauthorized"
    r = client.get(_base(campaign) + "datapackage.json", headers={"Authorization": "Bearer cel_wrong"})
    assert r.status_code == 401
    # the council's page address still needs a signed-in council member
    assert client.get(f"/conseil/collecte/{campaign.id}/datapackage.json").status_code == 302


def test_data_package_through_the_api_is_valid(client, headers, collected, tmp_path):
    descriptor = packages.download(client, _base(collected["campaign"]), tmp_path, headers=headers)
    read = {}
    assert packages.validate(descriptor, read) == []
    assert read["reponses-large"] == 2


def test_aggregates_as_json_match_the_csv(client, headers, collected):
    campaign = collected["campaign"]
    r = client.get(f"/api/v1/campaigns/{campaign.id}/aggregates", headers=headers)
    assert r.status_code == 200 and r.json["threshold"] == 3
    rows = {(a["region"], a["variable"]): a for a in r.json["data"]}
    # Hauts-de-France forwarded 2 PTCE: masked, and so is France (the only other cell of the total)
    assert rows[("32", "jobs_created")]["value"] is None and rows[("32", "jobs_created")]["n"] == 2
    assert rows[("32", "jobs_created")]["status"] == "secret_primaire"
    assert rows[("FR", "jobs_created")]["value"] is None
    stem = f"collecte-{campaign.year}-{campaign.id}"
    body = client.get(_base(campaign) + f"{stem}-agregats.csv", headers=headers).data.decode()
    from_csv = {(a["region"], a["variable"]): a["status"] for a in csv.DictReader(io.StringIO(body))}
    assert from_csv == {k: a["status"] for k, a in rows.items()}


def test_unknown_draft_or_misnamed_exports_are_404(client, headers, collected):
    campaign, draft = collected["campaign"], collected["draft_campaign"]
    assert client.get(_base(draft) + "datapackage.json", headers=headers).status_code == 404
    assert client.get(f"/api/v1/campaigns/{draft.id}/aggregates", headers=headers).status_code == 404
    assert client.get(_base(campaign) + "collecte-1999-1-long.csv", headers=headers).status_code == 404
    assert client.get("/api/v1/campaigns/99999999999/aggregates", headers=headers).status_code == 404
    r = client.get(_base(campaign) + "datapackage.json?format=csv", headers=headers)
    assert r.status_code == 400


def test_openapi_documents_the_exports(client):
    doc = client.get("/api/v1/openapi.json").json
    export = doc["paths"]["/campaigns/{campaign_id}/exports/{name}"]["get"]
    assert set(export["responses"]["200"]["content"]) == {
        "text/csv", "application/json", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    assert "datapackage" in doc["components"]["parameters"]["export_name"]["schema"]["pattern"]
    aggregate = doc["components"]["schemas"]["Aggregate"]["properties"]
    assert aggregate["status"]["enum"] == ["diffuse", "secret_primaire", "secret_secondaire", "sans_objet"]
