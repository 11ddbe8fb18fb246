"""What a syncing client relies on: tombstones for deleted PTCE, cursors that are refused with a
reason when not issued, an empty cursor read as none, and ``Allow`` on every 405."""
from datetime import datetime, timedelta, timezone

import pytest

from cellule.blueprints.directory import services as directory
from cellule.extensions import db


def _all(client, headers, url, **query):
    items, cursor = [], None
    while True:
        r = client.get(url, headers=headers, query_string={**query, **({"cursor": cursor} if cursor else {})})
        assert r.status_code == 200, r.json
        items += r.json["data"]
        cursor = r.json["next_cursor"]
        if cursor is None:
            return items


def test_a_deleted_ptce_comes_back_as_a_tombstone_with_updated_since(client, headers, make_ptce):
    kept, gone = make_ptce(name="Reste"), make_ptce("bretagne", name="Fermé")
    gone_id, gone_slug = gone.id, gone.slug
    before = datetime.now(timezone.utc) - timedelta(seconds=1)
    directory.delete_ptce(gone)
    db.session.commit()
    since = before.isoformat()
    items = _all(client, headers, "/api/v1/ptce", updated_since=since, limit=1)
    tomb = [i for i in items if i["id"] == gone_id]
    assert tomb == [{"id": gone_id, "slug": gone_slug, "region": "53", "updated_at": tomb[0]["deleted_at"],
                     "deleted_at": tomb[0]["deleted_at"]}]
    assert datetime.fromisoformat(tomb[0]["deleted_at"]) >= before
    # A full listing (no updated_since) shows live PTCE only, each with deleted_at null.
    full = _all(client, headers, "/api/v1/ptce")
    assert [(i["id"], i["deleted_at"]) for i in full] == [(kept.id, None)]
    # Region filter applies to tombstones too; a later updated_since no longer returns it.
    assert [i["id"] for i in _all(client, headers, "/api/v1/ptce", updated_since=since,
                                  region="hauts-de-france")] == [kept.id]
    assert [i["id"] for i in _all(client, headers, "/api/v1/ptce", updated_since=since, region="53")] == [gone_id]
    later = (datetime.now(timezone.utc) + timedelta(seconds=1)).isoformat()
    assert _all(client, headers, "/api/v1/ptce", updated_since=later) == []


def test_tombstones_and_live_rows_page_together_in_id_order(client, headers, make_ptce):
    before = (datetime.now(timezone.utc) - timedelta(seconds=1)).isoformat()
    ptces = [make_ptce(name=f"Pôle {n}") for n in range(5)]
    for p in ptces[1::2]:
        directory.delete_ptce(p)
    db.session.commit()
    items = _all(client, headers, "/api/v1/ptce", updated_since=before, limit=2)
    assert [i["id"] for i in items] == sorted(p.id for p in ptces)
    assert [i["deleted_at"] is not None for i in items] == [False, True, False, True, False]


@pytest.mark.parametrize("cursor, reason", [
    ("garbage", "malformed"), ("1", "malformed"), ("%%%", "malformed"),
    ("1.0000000000", "not issued by this API"),
])
def test_cursors_the_api_did_not_issue_are_refused_with_the_reason(client, headers, cursor, reason):
    r = client.get("/api/v1/ptce", headers=headers, query_string={"cursor": cursor})
    assert r.status_code == 400 and reason in r.json["error"]["message"]


def test_an_empty_cursor_is_the_first_page_and_a_cursor_belongs_to_its_listing(client, headers, make_ptce):
    for n in range(3):
        make_ptce(name=f"Pôle {n}")
    first = client.get("/api/v1/ptce", headers=headers, query_string={"limit": 2})
    empty = client.get("/api/v1/ptce", headers=headers, query_string={"limit": 2, "cursor": ""})
    assert empty.status_code == 200 and empty.json == first.json
    cursor = first.json["next_cursor"]
    assert client.get("/api/v1/ptce", headers=headers, query_string={"cursor": cursor}).status_code == 200
    r = client.get("/api/v1/regions", headers=headers, query_string={"cursor": cursor})
    assert r.status_code == 400 and "another endpoint" in r.json["error"]["message"]
    doc = client.get("/api/v1/openapi.json").json["components"]["parameters"]["cursor"]
    assert "empty value is the same as no cursor" in doc["description"] and doc["schema"]["pattern"].startswith("^$|")


@pytest.mark.parametrize("method, url, allow", [
    ("POST", "/api/v1/regions", "GET, HEAD, OPTIONS"),
    ("TRACE", "/api/v1/regions", "GET, HEAD, OPTIONS"),
    ("DELETE", "/api/v1/ptce", "GET, HEAD, OPTIONS"),
    ("POST", "/annuaire/", "GET, HEAD, OPTIONS"),
    ("GET", "/hauts-de-france/annuaire/x/supprimer", "POST, OPTIONS"),
])
def test_every_405_says_which_methods_are_allowed(client, headers, method, url, allow):
    r = client.open(url, method=method, headers=headers)
    assert r.status_code == 405
    assert set(r.headers["Allow"].split(", ")) == set(allow.split(", "))
