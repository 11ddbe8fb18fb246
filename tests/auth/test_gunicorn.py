"""Two gunicorn workers share the sign-in rate limit through Redis."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.servers import free_port, stop

ROOT = Path(__file__).parents[2]
REDIS_URL = "redis://127.0.0.1:6379/15"


def _flush_redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_timeout=2)
    client.flushdb()
    client.close()


def _post(url: str, data: dict) -> int:
    body = urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(url, data=body, headers={"Connection": "close"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # nosec B310 — loopback test server
            return response.status
    except urllib.error.HTTPError as exc:
        with exc:  # the error is the open response: close its socket now, not at some later GC
            return exc.code


@pytest.mark.slow
def test_sign_in_limit_holds_across_two_workers(app, tmp_path):
    _flush_redis()
    port = free_port()
    access_log = tmp_path / "access.log"
    env = {**os.environ,
           "CELLULE_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "CELLULE_SECRET_KEY": "gunicorn-test-key",
           "CELLULE_RATELIMIT_STORAGE_URI": REDIS_URL,
           "CELLULE_RATELIMIT_SIGNIN": "5 per minute",
           "CELLULE_WTF_CSRF_ENABLED": "false",
           "CELLULE_PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
           "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2",
           "GUNICORN_ACCESSLOG": str(access_log), "GUNICORN_MAX_REQUESTS": "0"}
    errors = open(tmp_path / "gunicorn.err", "wb")
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/readyz", timeout=5) as response:  # nosec B310
                    if response.status == 200:
                        break
            except urllib.error.HTTPError as exc:  # answering, not ready yet
                exc.close()
            except OSError:  # not listening yet, or the worker still booting
                pass
            assert server.poll() is None, (tmp_path / "gunicorn.err").read_text()[-2000:]
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.3)
        # Keep going until both workers have answered (the kernel picks which one
        # accepts each connection), at least 12 requests, at most 60.
        codes: list[int] = []
        while len(codes) < 12 or (len(_pids(access_log)) < 2 and len(codes) < 60):
            codes.append(_post(f"{base}/connexion", {"email": "nobody@example.org", "password": "wrong password!"}))
            if len(codes) >= 12:
                time.sleep(0.2)
    finally:
        stop(server, timeout=15)
        errors.close()
        _flush_redis()
    assert codes == [200] * 5 + [429] * (len(codes) - 5)
    assert len(_pids(access_log)) == 2, "both workers must have answered"


def _pids(access_log: Path) -> set[str]:
    """The worker processes that answered sign-in attempts, from gunicorn's access log."""
    if not access_log.exists():
        return set()
    return {re.search(r"pid=<?(\d+)", line).group(1)
            for line in access_log.read_text().splitlines() if "POST /connexion" in line}
