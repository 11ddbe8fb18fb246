"""200 registrations at once for one visit with few seats, against 200 spread over 200 visits.

Target (issue 8): the contended burst's p99 is at most 10× the uncontended one's.
Both bursts go through the real registration form (POST with the session's CSRF
token) of the gunicorn server, from 200 signed-in members, each with their own
session; all requests of a burst are released together (a barrier), so both
bursts queue the same way in front of the server's workers and the ratio shows
what the seat lock adds. At the end, the contended visit must hold exactly its
seats in confirmed registrations and everyone else on its waitlist.

Setup (added to the benchmark database, not part of ``bench-data``): 200 member
accounts ``bench.inscription.<n>@example.org`` in PTCE of the bench region
(cheap password hash, so signing them in is quick), one visit with few seats,
200 visits with room for everyone, all published, registration open.

    python -m bench.contention --database-url sqlite:///instance/bench.sqlite [--people 200 --seats 20]
"""
from __future__ import annotations

import http.cookiejar
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, time as clock, timedelta

from . import SECRET

TARGET_RATIO = 10.0
PASSWORD = "bench-inscription-2026"
TITLE = "Banc d'essai : inscriptions simultanées"


def setup(database_url: str, people: int, seats: int) -> tuple[list[str], str, list[str], str]:
    """Accounts, the contended visit, the spread visits and one to warm up with: emails and registration paths."""
    import sqlalchemy as sa
    from flask import url_for

    from cellule import create_app
    from cellule.blueprints.auth import services as accounts
    from cellule.blueprints.auth.models import Role, User
    from bench.data.context import BENCH_REGION
    from cellule.blueprints.directory.models import Ptce, Region
    from cellule.blueprints.visits.models import Visit, VisitStatus
    from cellule.blueprints.visits.services import sync_calendar
    from cellule.database import utcnow
    from cellule.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": SECRET,
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.test_request_context():
        region = db.session.scalar(sa.select(Region).where(Region.slug == BENCH_REGION))
        if not db.session.scalar(sa.select(Ptce.id).where(Ptce.region_id == region.id).limit(1)):
            region = db.session.scalar(sa.select(Ptce).order_by(Ptce.id).limit(1)).region  # tiny scales
        ptces = list(db.session.scalars(sa.select(Ptce).where(Ptce.region_id == region.id).order_by(Ptce.id)))
        emails = []
        for n in range(1, people + 1):
            email = f"bench.inscription.{n}@example.org"
            if db.session.scalar(sa.select(User.id).where(User.email == email)) is None:
                user = accounts.create_user(email, f"Inscription simultanée {n}", PASSWORD)
                accounts.grant(user, Role.PTCE_MEMBER, ptce=ptces[n % len(ptces)])
            emails.append(email)
        start = datetime.combine((utcnow() + timedelta(days=40)).date(), clock(9), region.tz)

        def visit(capacity: int, label: str) -> Visit:
            v = Visit(region_id=region.id, host_ptce_id=ptces[0].id, title=f"{TITLE} ({label})", starts_at=start,
                      ends_at=start + timedelta(hours=3), address="Siège du pôle", capacity=capacity,
                      status=VisitStatus.PUBLISHED, open_to_partners=False)
            db.session.add(v)
            db.session.flush()
            sync_calendar(v)
            return v

        contended = visit(seats, f"{seats} places")
        spread = [visit(people, f"visite {n}") for n in range(1, people + 1)]
        warmup = visit(people, "échauffement")
        db.session.commit()
        path = lambda v: url_for("visits.register", region_slug=region.slug, visit_id=v.id)  # noqa: E731
        return emails, path(contended), [path(v) for v in spread], path(warmup)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Member:
    """One person's browser: a cookie jar, signed in, with the session's CSRF token."""

    def __init__(self, base: str, email: str, page: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect())
        token = self._token("/connexion")
        if self._post("/connexion", {"email": email, "password": PASSWORD, "csrf_token": token}) != 302:
            raise RuntimeError(f"could not sign in as {email}")
        self.token = self._token(page)  # the visit page's form: one token per session, valid for every form

    def _token(self, path: str) -> str:
        html = self.opener.open(self.base + path, timeout=60).read().decode()
        found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
        if not found:
            raise RuntimeError(f"no CSRF token on {path} (not signed in?)")
        return found.group(1)

    def _post(self, path: str, data: dict) -> int:
        try:
            with self.opener.open(self.base + path, urllib.parse.urlencode(data).encode(), timeout=120) as answer:
                return answer.status
        except urllib.error.HTTPError as exc:  # redirects are not followed: 302 lands here
            return exc.code

    def register(self, path: str) -> tuple[int, float]:
        started = time.perf_counter()
        status = self._post(path, {"csrf_token": self.token})
        return status, time.perf_counter() - started


def burst(members: list[Member], paths: list[str]) -> tuple[list[float], list[int]]:
    """Every member posts at the same instant; latencies and statuses."""
    gate = threading.Barrier(len(members))
    results: list = [None] * len(members)

    def go(i: int) -> None:
        gate.wait()
        results[i] = members[i].register(paths[i])

    threads = [threading.Thread(target=go, args=(i,)) for i in range(len(members))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [r[1] for r in results], [r[0] for r in results]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000


def check(database_url: str, path: str, seats: int, people: int) -> dict:
    """The contended visit's registrations by status."""
    import sqlalchemy as sa

    from cellule import create_app
    from cellule.blueprints.visits.models import Registration
    from cellule.extensions import db

    visit_id = int(path.rstrip("/").split("/")[-2])
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": SECRET})
    with app.app_context():
        counts = dict(db.session.execute(sa.select(Registration.status, sa.func.count())
                                         .where(Registration.visit_id == visit_id)
                                         .group_by(Registration.status)).all())
    counts = {status.value: n for status, n in counts.items()}
    counts["ok"] = counts.get("confirmed", 0) == min(seats, people) and sum(counts.values()) == people
    return counts


def run(base: str, database_url: str, people: int = 200, seats: int = 20) -> dict:
    emails, contended, spread, warmup = setup(database_url, people, seats)
    with ThreadPoolExecutor(max_workers=8) as pool:
        page = contended.removesuffix("/inscription")
        members = list(pool.map(lambda email: Member(base, email, page), emails))
    for member in members[:8]:  # every worker has served a registration before the bursts
        member.register(warmup)
    quiet, quiet_codes = burst(members, spread)
    busy, busy_codes = burst(members, [contended] * people)
    outcome = check(database_url, contended, seats, people)
    result = {"people": people, "seats": seats,
              "uncontended_p50_ms": pct(quiet, 0.5), "uncontended_p99_ms": pct(quiet, 0.99),
              "contended_p50_ms": pct(busy, 0.5), "contended_p99_ms": pct(busy, 0.99),
              "bad_answers": sum(code != 302 for code in quiet_codes + busy_codes), "registrations": outcome}
    result["ratio"] = result["contended_p99_ms"] / result["uncontended_p99_ms"]
    return result


def describe(r: dict) -> str:
    met = "met" if r["ratio"] <= TARGET_RATIO else "MISSED"
    regs = r["registrations"]
    return (f"{r['people']} registrations at once: spread over {r['people']} visits p50 "
            f"{r['uncontended_p50_ms']:.0f} ms / p99 {r['uncontended_p99_ms']:.0f} ms; all for one visit of "
            f"{r['seats']} seats p50 {r['contended_p50_ms']:.0f} ms / p99 {r['contended_p99_ms']:.0f} ms; "
            f"p99 ratio {r['ratio']:.2f}×, target ≤ {TARGET_RATIO:.0f}× — {met}; "
            f"{r['bad_answers']} answers other than 302; contended visit: "
            f"{regs.get('confirmed', 0)} confirmed, {regs.get('waitlisted', 0)} waitlisted — "
            + ("no overbooking" if regs["ok"] else "WRONG COUNTS"))


def main(argv: list[str] | None = None) -> int:
    from .served import parser, served

    options = parser(__doc__)
    options.add_argument("--people", type=int, default=200)
    options.add_argument("--seats", type=int, default=20)
    args = options.parse_args(argv)
    with served(args.database_url, args.workers) as server:
        print(describe(run(server.url, args.database_url, args.people, args.seats)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
