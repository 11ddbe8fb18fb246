"""Request ids, structured JSON logs and the readiness check.

Every request gets an id: the ``X-Request-ID`` sent by the proxy (nginx sets
it) when it looks sane, else a new random one. It is echoed in the response
and attached to every log record emitted while the request runs, so the
proxy's, gunicorn's and the app's lines about one request can be joined.
With ``LOG_JSON=True`` logs are one JSON object a line on stderr.
"""
from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid

import redis
import sqlalchemy as sa
from flask import Flask, current_app, g, has_request_context, request
from flask.logging import default_handler

from .extensions import db

REQUEST_ID_HEADER = "X-Request-ID"
_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def init_app(app: Flask) -> None:
    # First of all before-request hooks, so a request refused early (CSRF, rate
    # limit) still gets its id in the response and in the logs.
    app.before_request_funcs.setdefault(None, []).insert(0, _start_request)
    app.after_request(_finish_request)
    if app.config.get("LOG_JSON"):
        _configure_json_logging(app)


def request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


def valid_request_id(given: str) -> bool:
    """Whether a request id sent by the proxy may be used (and echoed) as is."""
    return bool(_SANE_ID.match(given))


def _start_request() -> None:
    given = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = given if valid_request_id(given) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish_request(response):
    rid = g.get("request_id")
    if rid:
        response.headers[REQUEST_ID_HEADER] = rid
    if current_app.config.get("LOG_JSON"):
        elapsed = time.perf_counter() - g.get("request_started", time.perf_counter())
        logging.getLogger("cellule.request").info(
            "request", extra={"status": response.status_code, "duration_ms": round(elapsed * 1000, 1)})
    return response


class RequestContextFilter(logging.Filter):
    """Attach the request id, method and path to records emitted during a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context():
            record.request_id = g.get("request_id")
            record.method = request.method
            record.path = request.path
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request fields, extras, traceback."""

    FIELDS = ("request_id", "method", "path", "status", "duration_ms")

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in self.FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                data[name] = value
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)


JsonFormatter.converter = time.gmtime


def _configure_json_logging(app: Flask) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_cellule_json", False)]:
        root.removeHandler(old)
    handler._cellule_json = True
    root.addHandler(handler)
    root.setLevel(app.config.get("LOG_LEVEL", "INFO"))
    # Flask's own handler would print every app.logger line a second time, unformatted.
    app.logger.removeHandler(default_handler)


def readiness() -> tuple[bool, dict[str, str]]:
    """Check what a request needs: the database, and Redis when rate limits are stored there."""
    checks: dict[str, str] = {}
    try:
        db.session.execute(sa.text("SELECT 1"))
        checks["database"] = "ok"
    except sa.exc.SQLAlchemyError as exc:
        db.session.rollback()
        checks["database"] = f"unavailable: {type(exc).__name__}"
    storage = current_app.config.get("RATELIMIT_STORAGE_URI") or ""
    if storage.startswith(("redis://", "rediss://", "redis+")):
        try:
            client = redis.Redis.from_url(storage.replace("redis+", "", 1), socket_timeout=2,
                                          socket_connect_timeout=2)
            client.ping()
            client.close()
            checks["redis"] = "ok"
        except redis.RedisError as exc:
            checks["redis"] = f"unavailable: {type(exc).__name__}"
    return all(v == "ok" for v in checks.values()), checks
