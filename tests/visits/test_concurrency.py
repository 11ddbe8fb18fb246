"""Seats hold under concurrent registrations sent to a real multi-process server."""
from __future__ import annotations

import http.cookiejar
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa

from cellule.blueprints.visits.models import RegistrationStatus, Registration
from cellule.extensions import db

from tests.conftest import PASSWORD  # the root conftest: every test person's password
from tests.servers import free_port, stop

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 110
SEATS = 10


@pytest.fixture
def server(app, tmp_path):
    """gunicorn, 3 worker processes with 4 threads each, on the test database."""
    port = free_port()
    env = {**os.environ,
           "CELLULE_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "CELLULE_SECRET_KEY": "concurrency-test-key",
           "CELLULE_WTF_CSRF_ENABLED": "false",
           "CELLULE_RATELIMIT_ENABLED": "false",
           "CELLULE_PASSWORD_HASH_METHOD": app.config["PASSWORD_HASH_METHOD"],
           "CELLULE_OUTBOX_DELIVER_INLINE": "false"}
    env.pop("CELLULE_SERVER_NAME", None)
    log = open(tmp_path / "server.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "3", "--threads", "4", "--worker-class", "gthread",
         "--bind", f"127.0.0.1:{port}", "--timeout", "30", "--graceful-timeout", "2", "--preload",
         "--log-level", "warning", "cellule:create_app()"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    break
        except urllib.error.HTTPError as exc:  # answering, not ready yet
            exc.close()
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            proc.wait()
            log.close()
            pytest.fail(f"server did not start: {(tmp_path / 'server.log').read_text()[-2000:]}")
        time.sleep(0.2)
    try:
        yield base
    finally:
        stop(proc, timeout=10)
        print((tmp_path / "server.log").read_text()[-5000:])  # shown by pytest when the test fails
        log.close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _client():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())


def _post(opener, url: str, data: dict) -> int:
    body = urllib.parse.urlencode(data).encode()
    try:
        with opener.open(url, body, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as exc:  # 3xx (redirects are not followed) and errors
        with exc:  # the error is the open response: close its socket now, not at some later GC
            return exc.code


def _people(n: int, ptces) -> list[str]:
    """Create ``n`` PTCE members in one transaction (the factory commits one by one)."""
    from cellule.blueprints.auth import services
    from cellule.blueprints.auth.models import Role

    emails = []
    for i in range(n):
        user = services.create_user(f"concurrent{i}@example.org", f"Personne {i}", PASSWORD)
        services.grant(user, Role.PTCE_MEMBER, ptce=ptces[i % len(ptces)])
        emails.append(user.email)
    return emails


def _registrations(visit_id: int) -> list[Registration]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Registration).where(Registration.visit_id == visit_id)))


@pytest.mark.slow
def test_concurrent_registrations_never_oversell(app, server, make_visit, make_ptce):
    """At least 100 people from several processes for 10 seats, and one person clicking many times."""
    ptces = [make_ptce() for _ in range(5)]
    emails = _people(PEOPLE, ptces)
    visit, other = make_visit(capacity=SEATS), make_visit(capacity=SEATS)
    paths = {v.id: f"{server}/{v.region.slug}/visites/{v.id}/inscription" for v in (visit, other)}
    visit_id, other_id = visit.id, other.id
    db.session.commit()  # everything the server reads is committed before the burst

    clients = [_client() for _ in emails]
    with ThreadPoolExecutor(max_workers=16) as pool:
        logins = list(pool.map(lambda pair: _post(pair[0], f"{server}/connexion",
                                                  {"email": pair[1], "password": PASSWORD}),
                               zip(clients, emails, strict=True)))
    assert logins == [302] * PEOPLE

    # The same person submitting eight times at once gets one registration.
    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(lambda _: _post(clients[0], paths[other_id], {}), range(8)))
    assert codes == [302] * 8
    assert [r.status for r in _registrations(other_id)] == [RegistrationStatus.CONFIRMED]

    # Everyone at once, plus two more clicks of the first person in the same burst.
    jobs = clients + [clients[0], clients[0]]
    with ThreadPoolExecutor(max_workers=32) as pool:
        codes = list(pool.map(lambda c: _post(c, paths[visit_id], {}), jobs))
    assert not [c for c in codes if c >= 500], codes
    assert set(codes) == {302}

    regs = _registrations(visit_id)
    assert len(regs) == PEOPLE == len({r.user_id for r in regs})
    confirmed = [r for r in regs if r.status is RegistrationStatus.CONFIRMED]
    waiting = [r for r in regs if r.status is RegistrationStatus.WAITLISTED]
    assert len(confirmed) == SEATS
    assert len(waiting) == PEOPLE - SEATS
    assert sorted(r.waitlist_position for r in waiting) == list(range(1, PEOPLE - SEATS + 1))
