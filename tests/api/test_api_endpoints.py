"""The council API: tokens, JSON errors, pagination, updated_since, forwarded data only."""
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from cellule.blueprints.api.models import ApiToken, token_hash
from cellule.extensions import db


def test_requests_without_a_valid_token_get_json_401(client, token):
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": f"Basic {token}"}):
        r = client.get("/api/v1/regions", headers=headers)
        assert r.status_code == 401 and r.is_json
        assert r.json["error"]["code"] == "unauthorized"
        assert r.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/api/v1/nowhere").status_code == 401  # unknown paths do not leak either


def test_revoked_tokens_stop_working(client, token, headers):
    from cellule.blueprints.api import services

    assert client.get("/api/v1/regions", headers=headers).status_code == 200
    row = db.session.scalar(sa.select(ApiToken))
    assert row.token_hash == token_hash(token) and token not in (row.prefix + row.token_hash)
    assert row.last_used_at is not None
    services.revoke_token(row)
    db.session.commit()
    assert client.get("/api/v1/regions", headers=headers).status_code == 401


@pytest.mark.parametrize("path, status", [("/api/v1/regions", 200), ("/api/v1/regions?regoin=x", 400),
                                          ("/api/v1/snapshots/999", 404)])
def test_a_token_use_is_committed_with_the_answer(client, headers, path, status):
    assert client.get(path, headers=headers).status_code == status
    with db.engine.connect() as other:  # another connection sees only what was committed
        assert other.scalar(sa.select(ApiToken.last_used_at)) is not None


def test_errors_are_json(client, headers):
    r = client.get("/api/v1/nowhere", headers=headers)
    assert (r.status_code, r.json["error"]["code"]) == (404, "not_found")
    r = client.get("/api/v1/snapshots/999", headers=headers)
    assert r.status_code == 404 and r.is_json
    # beyond 32-bit ids (PostgreSQL INTEGER): still a clean 404 / an empty page, never a 500
    assert client.get(f"/api/v1/snapshots/{2**40}", headers=headers).status_code == 404
    from cellule.blueprints.api.services import encode_cursor

    far = encode_cursor(36**7 - 1, "api.v1.regions")  # a real cursor beyond every id
    r = client.get("/api/v1/regions", headers=headers, query_string={"cursor": far})
    assert (r.status_code, r.json["data"]) == (200, [])
    r = client.post("/api/v1/regions", headers=headers)
    assert r.status_code == 405 and r.is_json and r.headers["Allow"] == "GET, HEAD, OPTIONS"
    r = client.get("/api/v1/regions?cursor=%%%", headers=headers)
    assert (r.status_code, r.json["error"]["message"]) == (
        400, "invalid cursor: malformed (pass back next_cursor exactly as received)")
    r = client.get("/api/v1/ptce?updated_since=yesterday", headers=headers)
    assert r.status_code == 400 and r.is_json
    r = client.get("/api/v1/regions?limit=0", headers=headers)
    assert r.status_code == 400
    r = client.get("/api/v1/ptce?updatedsince=2020-01-01T00:00:00Z", headers=headers)
    assert (r.status_code, r.json["error"]["message"]) == (400, "unknown parameter 'updatedsince'")
    assert client.get("/api/v1/regions?limit=1&limit=2", headers=headers).status_code == 400


def test_cursor_pagination_walks_every_region_once(client, headers):
    seen, cursor = [], None
    while True:
        r = client.get("/api/v1/regions", headers=headers,
                       query_string={"limit": 5, **({"cursor": cursor} if cursor else {})})
        assert r.status_code == 200
        seen += [region["slug"] for region in r.json["data"]]
        cursor = r.json["next_cursor"]
        if cursor is None:
            break
        assert cursor.isascii() and "after" not in cursor  # opaque
    assert len(seen) == 18 == len(set(seen))


def test_updated_since_filters_ptce(client, headers, make_ptce):
    old = make_ptce(name="Ancien")
    old.updated_at = datetime(2020, 1, 1, tzinfo=timezone.utc)
    db.session.commit()
    new = make_ptce(name="Récent")
    since = (datetime.now(timezone.utc) - timedelta(hours=1)).isoformat()
    r = client.get("/api/v1/ptce", headers=headers, query_string={"updated_since": since})
    assert [p["slug"] for p in r.json["data"]] == [new.slug]
    r = client.get("/api/v1/ptce", headers=headers, query_string={"region": "bretagne"})
    assert r.json["data"] == []


def test_only_forwarded_data_is_visible(client, headers, collected):
    campaigns = client.get("/api/v1/campaigns", headers=headers).json["data"]
    assert [c["id"] for c in campaigns] == [collected["campaign"].id]  # the draft campaign is hidden
    snapshots = client.get("/api/v1/snapshots", headers=headers).json["data"]
    assert [(s["region"], s["version"], s["ptce_count"]) for s in snapshots] == [("32", 1, 2)]
    assert client.get("/api/v1/snapshots?region=bretagne", headers=headers).json["data"] == []
    snap_id = snapshots[0]["id"]
    one = client.get(f"/api/v1/snapshots/{snap_id}", headers=headers).json
    assert one["content_hash"] == snapshots[0]["content_hash"]
    # The visits and transfers features report their (empty) figures for the year.
    assert {"visits_held", "transfers_cycles_opened"} <= set(one["figures"])
    assert not any(one["figures"].values())
    page = client.get(f"/api/v1/snapshots/{snap_id}/answers?limit=1", headers=headers).json
    assert len(page["data"]) == 1 and page["next_cursor"]
    rest = client.get(f"/api/v1/snapshots/{snap_id}/answers", headers=headers,
                      query_string={"cursor": page["next_cursor"]}).json
    names = {a["ptce_name"] for a in page["data"] + rest["data"]}
    assert names == {"Pôle 0", "Pôle 1"} and rest["next_cursor"] is None
    assert page["data"][0]["answers"]["jobs_created"] == 2
    body = client.get("/api/v1/snapshots", headers=headers).get_data(as_text=True)
    assert "breton" not in body
    later = (datetime.now(timezone.utc) + timedelta(minutes=5)).isoformat()
    assert client.get("/api/v1/snapshots", headers=headers, query_string={"updated_since": later}).json["data"] == []


def test_cli_prints_a_token_that_works(runner, client):
    result = runner.invoke(args=["api-token", "create", "--name", "Observatoire"])
    assert result.exit_code == 0
    secret = result.output.strip()
    assert secret.startswith("cel_") and len(secret) > 40
    assert db.session.scalar(sa.select(ApiToken.name)) == "Observatoire"
    assert client.get("/api/v1/regions", headers={"Authorization": f"Bearer {secret}"}).status_code == 200


def test_national_admin_issues_and_revokes_tokens(client, login):
    login("council_admin")
    r = client.post("/conseil/api/jetons", data={"name": "Tableau national"})
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    row = db.session.scalar(sa.select(ApiToken))
    secret = html[html.index("cel_"):].split("<", 1)[0]
    assert token_hash(secret) == row.token_hash
    assert client.get("/api/v1/regions", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    assert secret not in client.get("/conseil/api/jetons").get_data(as_text=True)  # shown once
    client.post(f"/conseil/api/jetons/{row.id}/revoquer")
    assert client.get("/api/v1/regions", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_token_page_is_for_national_admins(client, login):
    login("council_observer")
    assert client.get("/conseil/api/jetons").status_code == 403


def test_unmatched_api_addresses_answer_json(client, headers):
    """Found by schemathesis: a newline in an id matched no route and got the HTML 404 page."""
    r = client.get("/api/v1/snapshots/%C3%A2%C3%B4%0AtIa", headers=headers)
    assert r.status_code == 404 and r.mimetype == "application/json"
    assert r.json["error"]["status"] == 404 and r.json["error"]["code"] == "not_found"
