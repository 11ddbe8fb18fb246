"""The OpenAPI 3.1 document of /api/v1 (tests check real responses against it with schemathesis)."""
from __future__ import annotations

from ..collection.disclosure import Status
from ..collection.downloads import NAME_PATTERN
from ..collection.published import COLUMNS

NULLABLE_STR = {"type": ["string", "null"]}
DATETIME = {"type": "string", "format": "date-time"}


def _page(item: str) -> dict:
    return {"type": "object", "required": ["data", "next_cursor"], "properties": {
        "data": {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
        "next_cursor": {**NULLABLE_STR, "description": "Opaque; pass as `cursor` for the next page."}}}


def _params(*names: str) -> list[dict]:
    return [{"$ref": f"#/components/parameters/{n}"} for n in names]


def _errors(*codes: int) -> dict:
    return {str(c): {"$ref": f"#/components/responses/E{c}"} for c in codes}


def _ok(schema_ref: str, description: str) -> dict:
    return {"200": {"description": description, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{schema_ref}"}}}}}


def _list(path_item: str, item: str, summary: str, *params: str) -> dict:
    return {"get": {"operationId": path_item, "summary": summary,
                    "parameters": _params("cursor", "limit", *params),
                    "responses": {**_ok(f"{item}Page", summary), **_errors(400, 401)}}}


def document() -> dict:
    version_ref = {"type": "object", "required": ["code", "version"],
                   "properties": {"code": {"type": "string"}, "version": {"type": "integer"}}}
    schemas = {
        "Error": {"type": "object", "required": ["error"], "properties": {"error": {
            "type": "object", "required": ["status", "code", "message"],
            "properties": {"status": {"type": "integer"}, "code": {"type": "string"},
                           "message": {"type": "string"}}}}},
        "Region": {"type": "object", "required": ["code", "slug", "name", "timezone", "overseas"],
                   "properties": {"code": {"type": "string"}, "slug": {"type": "string"},
                                  "name": {"type": "string"}, "timezone": {"type": "string"},
                                  "overseas": {"type": "boolean"}}},
        "Ptce": {"type": "object", "required": ["id", "slug", "name", "region", "department", "stage",
                                                 "creation_year", "charter_signatory", "sectors",
                                                 "activity_types", "updated_at"],
                 "properties": {"id": {"type": "integer"}, "slug": {"type": "string"}, "name": {"type": "string"},
                                "region": {"type": "string", "description": "INSEE region code"},
                                "department": {"type": "string"},
                                "stage": {"type": "string", "enum": ["emerging", "developing", "consolidated", "inactive"]},
                                "creation_year": {"type": ["integer", "null"]},
                                "charter_signatory": {"type": "boolean"},
                                "sectors": {"type": "array", "items": {"type": "string"}},
                                "activity_types": {"type": "array", "items": {"type": "string"}},
                                "updated_at": DATETIME}},
        "Campaign": {"type": "object", "required": ["id", "year", "title", "opens_on", "closes_on", "status",
                                                     "questionnaire", "updated_at"],
                     "properties": {"id": {"type": "integer"}, "year": {"type": "integer"},
                                    "title": {"type": "string"},
                                    "opens_on": {"type": "string", "format": "date"},
                                    "closes_on": {"type": "string", "format": "date"},
                                    "status": {"type": "string", "enum": ["open", "closed"]},
                                    "questionnaire": version_ref, "updated_at": DATETIME}},
        "Snapshot": {"type": "object", "required": ["id", "campaign_id", "region", "version", "questionnaire",
                                                     "content_hash", "forwarded_at", "ptce_count", "figures"],
                     "properties": {"id": {"type": "integer"}, "campaign_id": {"type": "integer"},
                                    "region": {"type": "string"}, "version": {"type": "integer"},
                                    "questionnaire": version_ref,
                                    "content_hash": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                                    "forwarded_at": DATETIME, "ptce_count": {"type": "integer"},
                                    "figures": {"type": "object", "additionalProperties": {"type": "number"},
                                                "description": "Visit and peer-transfer figures of the year"}}},
        "Answer": {"type": "object", "required": ["ptce_id", "ptce", "ptce_name", "questionnaire_version", "answers"],
                   "properties": {"ptce_id": {"type": "integer"}, "ptce": {"type": "string"},
                                  "ptce_name": {"type": "string"}, "questionnaire_version": {"type": "integer"},
                                  "answers": {"type": "object", "description": "Variable code → value; see the codebook"}}},
    }
    for name in ("Region", "Ptce", "Campaign", "Snapshot", "Answer"):
        schemas[f"{name}Page"] = _page(name)
    parameters = {
        "cursor": {"name": "cursor", "in": "query", "required": False, "schema": {"type": "string"}},
        "limit": {"name": "limit", "in": "query", "required": False,
                  "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}},
        "updated_since": {"name": "updated_since", "in": "query", "required": False,
                          "schema": {"type": "string", "format": "date-time"}},
        "region": {"name": "region", "in": "query", "required": False,
                   "description": "Region slug or INSEE code", "schema": {"type": "string"}},
        "campaign": {"name": "campaign", "in": "query", "required": False,
                     "schema": {"type": "integer", "minimum": 0}},
        "snapshot_id": {"name": "snapshot_id", "in": "path", "required": True,
                        "schema": {"type": "integer", "minimum": 1}},
    }
    responses = {f"E{code}": {"description": text, "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Error"}}}}
        for code, text in ((400, "Invalid parameter"), (401, "Missing or invalid token"), (404, "Not found"))}
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "cellule — API du conseil national", "version": "1.0.0",
                 "description": "Read-only access to the data forwarded by the regional cells. "
                                "Drafts and unforwarded answers are never exposed."},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": {
            "/regions": _list("listRegions", "Region", "Regions"),
            "/ptce": _list("listPtce", "Ptce", "PTCE of the directory", "region", "updated_since"),
            "/campaigns": _list("listCampaigns", "Campaign", "Campaigns", "updated_since"),
            "/snapshots": _list("listSnapshots", "Snapshot", "Forwarded snapshots",
                                "campaign", "region", "updated_since"),
            "/snapshots/{snapshot_id}": {"get": {
                "operationId": "getSnapshot", "summary": "A forwarded snapshot", "parameters": _params("snapshot_id"),
                "responses": {**_ok("Snapshot", "The snapshot"), **_errors(400, 401, 404)}}},
            "/snapshots/{snapshot_id}/answers": {"get": {
                "operationId": "listSnapshotAnswers", "summary": "Answers of each PTCE in a snapshot",
                "parameters": _params("snapshot_id", "cursor", "limit"),
                "responses": {**_ok("AnswerPage", "Answers"), **_errors(400, 401, 404)}}},
        },
        "components": {"schemas": schemas, "parameters": parameters, "responses": responses,
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
    }
    exports(doc)
    return doc


def exports(doc: dict) -> None:
    """A campaign's exports and aggregates (``api.downloads``), the same files as the council's pages."""
    paths, schemas, parameters = doc["paths"], doc["components"]["schemas"], doc["components"]["parameters"]
    types = {"integer": "integer", "number": ["number", "null"]}
    schemas["Aggregate"] = {
        "type": "object", "required": [c.code for c in COLUMNS],
        "properties": {c.code: {"type": types.get(c.type, "string"), "description": c.label} for c in COLUMNS}}
    schemas["Aggregate"]["properties"]["status"]["enum"] = [s.value for s in Status]
    schemas["Aggregates"] = {"type": "object", "required": ["campaign_id", "threshold", "data"], "properties": {
        "campaign_id": {"type": "integer"}, "threshold": {"type": "integer"},
        "data": {"type": "array", "items": {"$ref": "#/components/schemas/Aggregate"}}}}
    parameters["campaign_id"] = {"name": "campaign_id", "in": "path", "required": True,
                                 "schema": {"type": "integer", "minimum": 1}}
    parameters["export_name"] = {
        "name": "name", "in": "path", "required": True, "schema": {"type": "string", "pattern": NAME_PATTERN},
        "description": "`datapackage.json`, or `collecte-<year>-<campaign id>-<part>`: `long.csv` and "
                       "`agregats.csv` (standard CSV: `,`, decimal point, UTF-8), `long-excel.csv` and "
                       "`agregats-excel.csv` (French Excel: `;`, decimal comma, UTF-8 with BOM), "
                       "`large.xlsx` and `agregats.xlsx` (typed workbook with a « Dictionnaire » sheet). "
                       "The data package's paths are relative to it."}
    binary = {"type": "string", "format": "binary"}
    paths["/campaigns/{campaign_id}/aggregates"] = {"get": {
        "operationId": "getCampaignAggregates", "parameters": _params("campaign_id"),
        "summary": "Aggregates by region with disclosure control (masked values are null)",
        "responses": {**_ok("Aggregates", "Aggregates"), **_errors(400, 401, 404)}}}
    paths["/campaigns/{campaign_id}/exports/{name}"] = {"get": {
        "operationId": "getCampaignExport", "parameters": _params("campaign_id", "export_name"),
        "summary": "A file of the campaign's exports (forwarded answers, aggregates, data package)",
        "responses": {"200": {"description": "The file", "content": {
            "text/csv": {"schema": {"type": "string"}},
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": binary},
            "application/json": {"schema": {"type": "object", "description": "Frictionless Data Package"}}}},
            **_errors(400, 401, 404)}}}
