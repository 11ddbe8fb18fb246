"""Readiness check, request ids and JSON logs."""
from __future__ import annotations

import json
import logging

import pytest


REDIS_TEST_URL = "redis://127.0.0.1:6379/15"


def test_readyz_checks_the_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "checks": {"database": "ok"}}
    assert client.get("/healthz").get_data(as_text=True) == "ok\n"


@pytest.mark.config(RATELIMIT_STORAGE_URI=REDIS_TEST_URL)
def test_readyz_checks_redis_when_it_holds_the_rate_limits(client):
    assert client.get("/readyz").get_json()["checks"] == {"database": "ok", "redis": "ok"}


@pytest.mark.config(RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0")
def test_readyz_answers_503_with_the_reason(client):
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "ok" and body["checks"]["redis"].startswith("unavailable")


def test_readyz_reports_an_unreachable_database(other_app, tmp_path):
    broken = other_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/dir/db.sqlite")
    response = broken.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["database"].startswith("unavailable")


def test_request_id_is_honoured_or_generated(client):
    assert client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["X-Request-ID"] == "abc-123"
    generated = client.get("/healthz", headers={"X-Request-ID": "bad id <script>"}).headers["X-Request-ID"]
    assert len(generated) == 32 and generated != client.get("/healthz").headers["X-Request-ID"]


def test_json_logs_carry_the_request_id(other_app, capsys):
    json_app = other_app(LOG_JSON=True)
    try:
        @json_app.get("/boom-log")
        def boom_log():
            json_app.logger.warning("something to say")
            return "ok"

        boom_log.access_rule = "public"
        json_app.test_client().get("/boom-log", headers={"X-Request-ID": "req-42"})
        lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    finally:
        root = logging.getLogger()
        for handler in [h for h in root.handlers if getattr(h, "_cellule_json", False)]:
            root.removeHandler(handler)
    warning = next(line for line in lines if line["message"] == "something to say")
    assert warning["level"] == "warning" and warning["request_id"] == "req-42" and warning["path"] == "/boom-log"
    access = next(line for line in lines if line["logger"] == "cellule.request")
    assert access["status"] == 200 and access["request_id"] == "req-42" and "duration_ms" in access


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_requests_refused_early_still_get_an_id(client):
    response = client.post("/connexion", data={"email": "a@example.org", "password": "x"})
    assert response.status_code == 400  # no CSRF token
    assert len(response.headers["X-Request-ID"]) == 32
