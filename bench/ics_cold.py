"""Cold ICS feed (about 500 events) against the typical signed-in page: the ratio of their p50.

A cold request assembles the VEVENTs stored in the event rows (read through
Core): before each one the worker's assembled bodies (``calendar/bodies.py``,
kept under their ETag) are forgotten. The « warm » figure is the same request
answered from those bodies. Both pages go
through the same Flask test client in this process, one request at a time, so
the ratio compares the application's work on each.

The feed measured is the public feed (a region's or the national one, filtered
by event type or not) whose window holds the number of events closest to 500.

    python -m bench.ics_cold --database-url sqlite:///instance/bench.sqlite [--iterations 30]
"""
from __future__ import annotations

import argparse
import re
import statistics
import time

TARGET_EVENTS = 500
TARGET_RATIO = 5.0


def pick_feed(app) -> tuple[str, int]:
    """The public feed path whose event count is closest to TARGET_EVENTS, and that count."""
    import sqlalchemy as sa
    from flask import url_for

    from cellule.blueprints.calendar import queries
    from cellule.blueprints.calendar.models import MANUAL_KINDS, Event, EventKind
    from cellule.database import utcnow
    from cellule.blueprints.directory.models import Region
    from cellule.extensions import db

    kinds = [()] + [(k,) for k in (*MANUAL_KINDS, EventKind.VISIT)]
    candidates = []
    with app.test_request_context():
        for region in [None, *db.session.scalars(sa.select(Region).order_by(Region.code))]:
            for chosen in kinds:
                scope = queries.public_scope(region=region, kinds=chosen)
                count = db.session.scalar(sa.select(sa.func.count(Event.id))
                                          .where(queries.feed_condition(scope, utcnow())))
                types = [k.value for k in chosen]
                path = (url_for("calendar.national_feed", type=types) if region is None
                        else url_for("calendar.region_feed", region_slug=region.slug, type=types))
                candidates.append((abs(count - TARGET_EVENTS), path, count))
    _, path, count = min(candidates)
    return path, count


def sign_in(client, email: str, password: str) -> None:
    """The real sign-in form (and the second step for coordinators), through the test client."""
    import pyotp

    from cellule.blueprints.auth.demo import DEMO_TOTP_SECRET

    def token(path: str) -> dict:
        html = client.get(path).get_data(as_text=True)
        found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
        return {"csrf_token": found.group(1)} if found else {}

    answer = client.post("/connexion", data={"email": email, "password": password, **token("/connexion")})
    if answer.headers.get("Location", "").endswith("/connexion/verification"):
        client.post("/connexion/verification",
                    data={"code": pyotp.TOTP(DEMO_TOTP_SECRET).now(), **token("/connexion/verification")})
    if client.get("/profil").status_code != 200:
        raise RuntimeError(f"could not sign in as {email}")


def _timed(client, path: str, before=None) -> tuple[float, bytes]:
    if before:
        before()
    started = time.perf_counter()
    response = client.get(path)
    body = response.get_data()
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return elapsed, body


def measure(database_url: str, iterations: int = 30, secret: str = "bench-secret-key-not-for-production") -> dict:
    from cellule import create_app
    from cellule.blueprints.calendar import bodies
    from bench.data.context import BENCH_ACCOUNTS, BENCH_PASSWORD

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": secret, "RATELIMIT_ENABLED": False})
    with app.app_context():
        path, count = pick_feed(app)
    visitor, member = app.test_client(), app.test_client()
    sign_in(member, BENCH_ACCOUNTS["coordinator"], BENCH_PASSWORD)

    def cold() -> None:  # the stored VEVENTs stay: they are the feed's data, not a cache of it
        app.extensions.pop(bodies.KEPT, None)

    _, body = _timed(visitor, path, cold)  # warm-up: imports, connections, templates
    _timed(member, "/profil")
    events = body.count(b"BEGIN:VEVENT")
    feed, page, warm = [], [], []
    for _ in range(iterations):  # interleaved, so a busy moment of the machine hits both
        feed.append(_timed(visitor, path, cold)[0])
        warm.append(_timed(visitor, path)[0])
        page.append(_timed(member, "/profil")[0])
    result = {"path": path, "events": events, "events_in_window": count, "iterations": iterations,
              "bytes": len(body), "cold_p50_ms": statistics.median(feed) * 1000,
              "warm_p50_ms": statistics.median(warm) * 1000, "typical_p50_ms": statistics.median(page) * 1000}
    result["ratio"] = result["cold_p50_ms"] / result["typical_p50_ms"]
    return result


def describe(r: dict) -> str:
    met = "met" if r["ratio"] <= TARGET_RATIO else "MISSED"
    return (f"cold ICS feed {r['path']} ({r['events']} events, {r['bytes'] / 1024:.0f} KiB): p50 "
            f"{r['cold_p50_ms']:.1f} ms cold, {r['warm_p50_ms']:.1f} ms from the cache; typical signed-in page "
            f"(profile) p50 {r['typical_p50_ms']:.1f} ms; ratio {r['ratio']:.1f}×, target ≤ {TARGET_RATIO}× — {met}"
            + ("" if abs(r["events"] - TARGET_EVENTS) <= 100 else
               f" (no feed holds ~{TARGET_EVENTS} events at this scale: use --scale 10)"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True, help="the database bench-data filled")
    parser.add_argument("--iterations", type=int, default=30)
    args = parser.parse_args(argv)
    print(describe(measure(args.database_url, args.iterations)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
