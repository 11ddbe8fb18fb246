"""The OpenAPI 3.1 document of /api/v1, derived from the code it describes.

One source: the query parameters each operation accepts (``OPERATIONS``, which
``v1.require_token`` also enforces), the limits and cursor format of
``services``, and the enums of the models (stages, sectors, activity types,
campaign states) all come from the code; tests check real responses against
the document with schemathesis.
"""
from __future__ import annotations

from ..collection.disclosure import Status
from ..collection.downloads import NAME_PATTERN
from ..collection.lifecycle import CampaignStatus
from ..collection.published import COLUMNS
from ..directory.reference import ACTIVITY_TYPES, SECTORS, Stage
from . import services

NULLABLE_STR = {"type": ["string", "null"]}
DATETIME = {"type": "string", "format": "date-time"}

# endpoint → (path, operationId, summary, item schema or None, query parameters)
PAGED = ("cursor", "limit")
OPERATIONS: dict[str, tuple[str, str, str, str | None, tuple[str, ...]]] = {
    "api.v1.regions": ("/regions", "listRegions", "Regions", "Region", PAGED),
    "api.v1.ptce_list": ("/ptce", "listPtce", "PTCE of the directory (and, with updated_since, deleted ones)",
                         "PtceItem", PAGED + ("region", "updated_since")),
    "api.v1.campaigns": ("/campaigns", "listCampaigns", "Campaigns", "Campaign", PAGED + ("updated_since",)),
    "api.v1.snapshots": ("/snapshots", "listSnapshots", "Forwarded snapshots", "Snapshot",
                         PAGED + ("campaign", "region", "updated_since")),
    "api.v1.snapshot": ("/snapshots/{snapshot_id}", "getSnapshot", "A forwarded snapshot", None, ()),
    "api.v1.snapshot_answers": ("/snapshots/{snapshot_id}/answers", "listSnapshotAnswers",
                                "Answers of each PTCE in a snapshot", "Answer", PAGED),
}
PARAMETERS: dict[str, set[str]] = {endpoint: set(op[4]) for endpoint, op in OPERATIONS.items()}
PUBLIC_CAMPAIGN_STATES = [s.value for s in CampaignStatus if s is not CampaignStatus.DRAFT]


def _page(item: str) -> dict:
    return {"type": "object", "required": ["data", "next_cursor"], "properties": {
        "data": {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
        "next_cursor": {**NULLABLE_STR, "description": "Opaque; pass as `cursor` for the next page."}}}


def _params(*names: str) -> list[dict]:
    return [{"$ref": f"#/components/parameters/{n}"} for n in names]


def _errors(*codes: int) -> dict:
    return {str(c): {"$ref": f"#/components/responses/E{c}"} for c in codes}


def _ok(schema_ref: str, description: str, links: dict | None = None) -> dict:
    ok = {"description": description, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{schema_ref}"}}}}
    if links:
        ok["links"] = links
    return {"200": ok}


def _next_page(operation_id: str, path_params: tuple[str, ...] = ()) -> dict:
    """The link a client follows to the next page (used by schemathesis' stateful phase)."""
    parameters = {"query.cursor": "$response.body#/next_cursor"}
    parameters.update({f"path.{p}": f"$request.path.{p}" for p in path_params})
    return {"NextPage": {"operationId": operation_id, "parameters": parameters}}


def _paths() -> dict:
    paths = {}
    for path, operation_id, summary, item, params in OPERATIONS.values():
        path_params = tuple(p.strip("{}") for p in path.split("/") if p.startswith("{"))
        if item is None:  # a single object
            responses = {**_ok("Snapshot", summary), **_errors(400, 401, 404)}
        else:
            links = _next_page(operation_id, path_params)
            responses = {**_ok(f"{item}Page", summary, links), **_errors(400, 401, *((404,) if path_params else ()))}
        paths[path] = {"get": {"operationId": operation_id, "summary": summary,
                               "parameters": _params(*path_params, *params), "responses": responses}}
    return paths


def _schemas() -> dict:
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
                                                 "activity_types", "updated_at", "deleted_at"],
                 "properties": {"id": {"type": "integer"}, "slug": {"type": "string"}, "name": {"type": "string"},
                                "region": {"type": "string", "description": "INSEE region code"},
                                "department": {"type": "string"},
                                "stage": {"type": "string", "enum": [s.value for s in Stage]},
                                "creation_year": {"type": ["integer", "null"]},
                                "charter_signatory": {"type": "boolean"},
                                "sectors": {"type": "array", "items": {"type": "string", "enum": list(SECTORS)}},
                                "activity_types": {"type": "array",
                                                   "items": {"type": "string", "enum": list(ACTIVITY_TYPES)}},
                                "updated_at": DATETIME, "deleted_at": {"type": "null"}}},
        "PtceTombstone": {
            "type": "object", "required": ["id", "slug", "region", "updated_at", "deleted_at"],
            "description": "A deleted PTCE (listed only with updated_since): remove it from your copy.",
            "properties": {"id": {"type": "integer"}, "slug": {"type": "string"}, "region": {"type": "string"},
                           "updated_at": DATETIME, "deleted_at": DATETIME}},
        "PtceItem": {"oneOf": [{"$ref": "#/components/schemas/Ptce"},
                               {"$ref": "#/components/schemas/PtceTombstone"}]},
        "Campaign": {"type": "object", "required": ["id", "year", "title", "opens_on", "closes_on", "status",
                                                     "questionnaire", "updated_at"],
                     "properties": {"id": {"type": "integer"}, "year": {"type": "integer"},
                                    "title": {"type": "string"},
                                    "opens_on": {"type": "string", "format": "date"},
                                    "closes_on": {"type": "string", "format": "date"},
                                    "status": {"type": "string", "enum": PUBLIC_CAMPAIGN_STATES},
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
    for name in {op[3] for op in OPERATIONS.values() if op[3]}:
        schemas[f"{name}Page"] = _page(name)
    return schemas


def _parameters() -> dict:
    return {
        "cursor": {"name": "cursor", "in": "query", "required": False,
                   "description": "The `next_cursor` of the previous page, passed back exactly. An empty "
                                  "value is the same as no cursor (first page); any other value the API did "
                                  "not issue for this listing is refused with 400 and the reason.",
                   "schema": {"type": "string", "pattern": f"^$|{services.CURSOR_PATTERN}"}},
        "limit": {"name": "limit", "in": "query", "required": False,
                  "schema": {"type": "integer", "minimum": 1, "maximum": services.MAX_LIMIT,
                             "default": services.DEFAULT_LIMIT}},
        "updated_since": {"name": "updated_since", "in": "query", "required": False,
                          "description": "RFC 3339; rows changed (or, for PTCE, deleted) at or after it.",
                          "schema": {"type": "string", "format": "date-time"}},
        "region": {"name": "region", "in": "query", "required": False,
                   "description": "Region slug or INSEE code", "schema": {"type": "string"}},
        "campaign": {"name": "campaign", "in": "query", "required": False,
                     "schema": {"type": "integer", "minimum": 0, "maximum": services.MAX_ID}},
        "snapshot_id": {"name": "snapshot_id", "in": "path", "required": True,
                        "schema": {"type": "integer", "minimum": 1}},
    }


def document() -> dict:
    responses = {f"E{code}": {"description": text, "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Error"}}}}
        for code, text in ((400, "Invalid parameter"), (401, "Missing or invalid token"), (404, "Not found"))}
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "cellule — API du conseil national", "version": "1.0.0",
                 "description": "Read-only access to the data forwarded by the regional cells. "
                                "Drafts and unforwarded answers are never exposed. To keep a copy in "
                                "step: list once, then ask with `updated_since`; deleted PTCE then come "
                                "as tombstones (`deleted_at` set)."},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": _paths(),
        "components": {"schemas": _schemas(), "parameters": _parameters(), "responses": responses,
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
