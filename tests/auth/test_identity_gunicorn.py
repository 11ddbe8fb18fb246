"""Two gunicorn workers, each keeping signed-in people between requests: signing out
everywhere through one worker makes the very next request through the other anonymous.

Run with the in-process cache (the change file in the instance folder tells the other
worker) and with Redis. Both workers must have served the person before the sign-out,
so each holds them; afterwards every request, through either worker, is anonymous.
"""
from __future__ import annotations

import contextlib
import http.client
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.conftest import PASSWORD
from tests.auth.test_gunicorn import REDIS_URL
from tests.servers import free_port

ROOT = Path(__file__).parents[2]


def _request(port: int, method: str, path: str, cookie: str | None = None, body: str | None = None):
    """One request on a new connection (so the kernel may hand it to either worker)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Connection": "close"}
    if cookie:
        headers["Cookie"] = cookie
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Set-Cookie") or ""
    finally:
        connection.close()


def _workers_seen(access_log: Path, since: int) -> set[str]:
    lines = access_log.read_text().splitlines()[since:] if access_log.exists() else []
    return {re.search(r"pid=<?(\d+)", line).group(1) for line in lines if "GET /profil" in line}


def _log_length(access_log: Path) -> int:
    return len(access_log.read_text().splitlines()) if access_log.exists() else 0


def _profile_through_both(port: int, cookie: str, access_log: Path) -> list[int]:
    """GET /profil until both workers have answered (at least 6 requests; a loaded machine may
    take a while to boot the second worker: up to 60 s)."""
    since = _log_length(access_log)
    deadline = time.monotonic() + 60
    codes: list[int] = []
    while len(codes) < 6 or (len(_workers_seen(access_log, since)) < 2 and time.monotonic() < deadline):
        codes.append(_request(port, "GET", "/profil", cookie)[0])
        time.sleep(0.05)
    time.sleep(0.3)  # the access log line of the last request
    assert len(_workers_seen(access_log, since)) == 2, "both workers must have answered"
    return codes


def _serve(app, tmp_path, cache_url: str):
    port = free_port()
    access_log = tmp_path / "access.log"
    env = {**os.environ,
           "CELLULE_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "CELLULE_SECRET_KEY": "gunicorn-test-key",
           "CELLULE_WTF_CSRF_ENABLED": "false",
           "CELLULE_RATELIMIT_ENABLED": "false",
           "CELLULE_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
           "CELLULE_IDENTITY_CACHE_URL": cache_url,
           "CELLULE_IDENTITY_CACHE_PREFIX": f"test-{uuid.uuid4().hex}:",
           "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2",
           "GUNICORN_ACCESSLOG": str(access_log), "GUNICORN_MAX_REQUESTS": "0"}
    errors = open(tmp_path / "gunicorn.err", "wb")
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors)
    return server, errors, port, access_log


def _wait_ready(server, port: int, tmp_path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if _request(port, "GET", "/readyz")[0] == 200:
                return
        except OSError:  # not listening yet, or the worker still booting
            pass
        assert server.poll() is None, (tmp_path / "gunicorn.err").read_text()[-2000:]
        assert time.monotonic() < deadline, "gunicorn did not start"
        time.sleep(0.3)


def _stop(server, errors) -> None:
    """Ask gunicorn to stop; kill it if it is still there 15 s later."""
    server.terminate()
    with contextlib.suppress(subprocess.TimeoutExpired):
        server.wait(timeout=15)
    if server.poll() is None:
        server.kill()
        server.wait()
    errors.close()


@pytest.mark.slow
@pytest.mark.parametrize("cache_url", ["local", REDIS_URL])
def test_sign_out_everywhere_reaches_the_other_worker_at_once(app, make_user, tmp_path, cache_url):
    user = make_user("ptce_member")
    server, errors, port, access_log = _serve(app, tmp_path, cache_url)
    try:
        _wait_ready(server, port, tmp_path)
        status, set_cookie = _request(port, "POST", "/connexion",
                                      body=urlencode({"email": user.email, "password": PASSWORD}))
        assert status == 302, status
        cookie = re.search(r"\bsession=[^;]+", set_cookie).group(0)
        served = _profile_through_both(port, cookie, access_log)
        assert set(served) == {200}  # both workers hold the person
        assert _request(port, "POST", "/deconnexion", cookie, body="")[0] == 302
        after = _profile_through_both(port, cookie, access_log)
        assert set(after) == {302}  # anonymous in both workers, from the very next request
    finally:
        _stop(server, errors)
