"""The OpenAPI document matches the real responses: schemathesis drives every operation through
the WSGI app with a valid token, on a dataset holding forwarded snapshots, drafts, a draft
campaign and a deleted PTCE, with every check it has (server errors, response schema
conformance, status codes, negative data rejection, positive data acceptance …), then runs
its stateful phase, following the documented ``NextPage`` links (``next_cursor`` → ``cursor``).

The operations are driven with hypothesis directly rather than through schemathesis' pytest
plugin, whose lazy fixture loader does not run under pytest 9.

Cursors are opaque and signed: the document says so and gives their pattern, but no pattern can
say which values the API issued. So a *positive* case whose generated cursor the API did not
issue gets one it did (or keeps an empty one), which keeps "positive data acceptance" an honest
check of the API rather than of the generator; cursors arriving through links are left as they
are. Negative cases keep their malformed cursors, which must be refused.
"""
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.stateful import run_state_machine_as_test
from schemathesis.generation.modes import GenerationMode

from cellule.blueprints.api import openapi, services

MAX_EXAMPLES = int(__import__("os").environ.get("API_FUZZ_EXAMPLES", "8"))  # short by default: two shared cores
ENDPOINTS = {op[1]: endpoint for endpoint, op in openapi.OPERATIONS.items()}  # operationId → endpoint
SETTINGS = dict(deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))


def _issued_cursor(case) -> None:
    """Give a positive case a cursor the API issued, unless it already has one (or an empty one)."""
    cursor = (case.query or {}).get("cursor")
    if not cursor:
        return
    endpoint = ENDPOINTS[case.operation.definition.raw["operationId"]]
    try:
        services.decode_cursor(cursor, endpoint)
    except services.BadRequest:
        case.query["cursor"] = services.encode_cursor(1, endpoint)


@pytest.fixture
def schema(app, collected, make_ptce):
    from cellule.blueprints.directory import services as directory
    from cellule.extensions import db

    directory.delete_ptce(make_ptce("hauts-de-france", name="Pôle fermé"))  # a tombstone to list
    db.session.commit()
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_matches_its_openapi_document(schema, token, mode):
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 8
    for operation in operations:
        @given(case=operation.as_strategy(generation_mode=mode))
        # derandomize: the same examples on every run, so CI is reproducible; raise
        # API_FUZZ_EXAMPLES locally to explore further.
        @settings(max_examples=MAX_EXAMPLES, **SETTINGS)
        def check(case):
            # The generated bearer value is replaced by a real token; a case testing a
            # missing header keeps it missing (and must get 401).
            headers = {"Authorization": f"Bearer {token}"} if "Authorization" in (case.headers or {}) else None
            if mode is GenerationMode.POSITIVE:
                _issued_cursor(case)
            case.call_and_validate(headers=headers)  # every check, none excluded

        check()


def test_stateful_phase_follows_the_next_page_links(schema, token):
    """Sequences of calls chained by the document's links: each page's cursor opens the next."""
    links = {op: item["get"]["responses"]["200"].get("links", {})
             for op, item in ((p["get"]["operationId"], p) for p in openapi.document()["paths"].values())}
    assert links["listPtce"]["NextPage"]["parameters"] == {"query.cursor": "$response.body#/next_cursor"}

    @schema.auth.auth(refresh_interval=None)
    class Token:  # the real token on every call; the auth checks then probe without it (must be 401)
        def get(self, case, ctx):
            return token

        def set(self, case, data, ctx):
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}

    class Workflow(schema.as_state_machine()):
        def before_call(self, case):
            _issued_cursor(case)

    assert {"GET_ptce___200_NextPage__GET_ptce", "GET_regions___200_NextPage__GET_regions"} <= set(dir(Workflow))
    run_state_machine_as_test(Workflow, settings=settings(max_examples=max(4, MAX_EXAMPLES // 2),
                                                          stateful_step_count=4, **SETTINGS))


def test_openapi_document_is_3_1_and_public(client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200 and r.json["openapi"] == "3.1.0"
    assert set(r.json["paths"]) == {"/regions", "/ptce", "/campaigns", "/snapshots",
                                    "/snapshots/{snapshot_id}", "/snapshots/{snapshot_id}/answers",
                                    "/campaigns/{campaign_id}/aggregates", "/campaigns/{campaign_id}/exports/{name}"}
    assert r.json["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


def test_the_document_is_derived_from_the_code(client, headers):
    """Enums, limits and parameters come from the code: the document and the API cannot drift."""
    from cellule.blueprints.collection.lifecycle import CampaignStatus
    from cellule.blueprints.directory.reference import ACTIVITY_TYPES, SECTORS, Stage

    doc = client.get("/api/v1/openapi.json").json
    ptce = doc["components"]["schemas"]["Ptce"]["properties"]
    assert ptce["stage"]["enum"] == [s.value for s in Stage]
    assert ptce["sectors"]["items"]["enum"] == list(SECTORS)
    assert ptce["activity_types"]["items"]["enum"] == list(ACTIVITY_TYPES)
    assert doc["components"]["schemas"]["Campaign"]["properties"]["status"]["enum"] == [
        s.value for s in CampaignStatus if s is not CampaignStatus.DRAFT]
    assert doc["components"]["parameters"]["limit"]["schema"]["maximum"] == services.MAX_LIMIT
    path_params = {name for name, p in doc["components"]["parameters"].items() if p["in"] == "path"}
    for path, item in doc["paths"].items():
        documented = {p["$ref"].rsplit("/", 1)[1] for p in item["get"]["parameters"]} - path_params
        endpoint = ENDPOINTS.get(item["get"]["operationId"])
        assert documented == (openapi.PARAMETERS[endpoint] if endpoint else set()), path
        # …and the API accepts exactly those: an undocumented one is refused.
        url = "/api/v1" + (path.replace("{snapshot_id}", "1").replace("{campaign_id}", "1")
                           .replace("{name}", "datapackage.json"))
        assert client.get(url, headers=headers, query_string={"undocumented": "1"}).status_code == 400
    assert client.get("/api/v1/regions", headers=headers, query_string={"limit": services.MAX_LIMIT}).status_code == 200
    assert client.get("/api/v1/regions", headers=headers,
                      query_string={"limit": services.MAX_LIMIT + 1}).status_code == 400
