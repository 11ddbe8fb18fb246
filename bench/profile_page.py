"""Per-request cost of one page, in-process: milliseconds and SQL statements, optionally profiled.

A micro-measurement that needs neither gunicorn nor a load generator::

    python -m bench.profile_page profile                # /profil as the bench coordinator
    python -m bench.profile_page region -n 500          # the region home as a visitor
    python -m bench.profile_page directory --profile    # + pyinstrument (or cProfile) top
    python -m bench.profile_page ics304                 # the regional ICS feed answering 304
    python -m bench.profile_page month                  # a region's month grid (``agenda``: the national one)
    python -m bench.profile_page all                    # every page above, one line each

The first run migrates a SQLite file (``instance/profile.sqlite``) and fills it
with ``bench-data --scale 0.1``; later runs reuse it (``--regenerate`` rebuilds).
``--database-url postgresql+psycopg://…`` measures on PostgreSQL instead.

Requests go straight through the WSGI callable (``app(environ, start_response)``
with a fresh environ each time, as gunicorn does), so the figures hold the
app's whole per-request work — app context, session cookie, user loading,
hooks, view, template, headers — and nothing of HTTP parsing. Beside each page
the same bytes are answered by a bare WSGI callable (as ``bench/b0.py`` does)
and timed the same way: the in-process floor.
"""
from __future__ import annotations

import argparse
import io
import os
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-secret-key-not-for-production"

# Short names → (bench/pages.py page name or a path, signed-in role or None, conditional).
PAGES = {
    "healthz": ("/healthz", None, False),  # the floor: Flask, the hooks and one SELECT 1
    "profile": ("signed-in page (profile)", "coordinator", False),
    "region": ("region home", None, False),
    "directory": ("directory list (region)", None, False),
    "national": ("directory list (national)", None, False),
    "ics": ("regional ICS feed", None, False),
    "ics304": ("regional ICS feed, 304", None, True),
    "month": ("month calendar (region)", None, False),
    "agenda": ("national agenda (month)", None, False),
    "review": ("sheets review (region)", "coordinator", False),
    "transfers": ("transfers (region)", "member", False),
}


def make_app(url: str, ratelimit: bool):
    from cellule import create_app

    config = {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET}
    if not ratelimit:
        config["RATELIMIT_ENABLED"] = False  # as bench/run.py runs gunicorn
    return create_app(config)


def prepare(app, scale: float, regenerate: bool) -> None:
    """Migrate, then generate the dataset when it is missing (or when asked)."""
    import sqlalchemy as sa
    from flask_migrate import upgrade

    from cellule.blueprints.auth.models import User
    from bench.data.context import BENCH_ACCOUNTS
    from bench.data.runner import generate
    from cellule.extensions import db

    with app.app_context():
        upgrade()
        present = db.session.scalar(sa.select(User.id).where(User.email == BENCH_ACCOUNTS["coordinator"]))
        db.session.remove()
        if present is None or regenerate:
            started = time.perf_counter()
            generate(scale, reset=True)
            print(f"dataset --scale {scale} generated in {time.perf_counter() - started:.1f} s", file=sys.stderr)


class Client:
    """Calls the WSGI app directly; keeps cookies like a browser would (enough for sign-in)."""

    def __init__(self, app):
        self.app = app
        self.cookies: dict[str, str] = {}

    def environ(self, path: str, method: str = "GET", data: dict | None = None,
                headers: dict | None = None) -> dict:
        from werkzeug.test import EnvironBuilder

        all_headers = dict(headers or {})
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        builder = EnvironBuilder(path=path, method=method, data=data, headers=all_headers,
                                 base_url="http://127.0.0.1:8000/", environ_base={"REMOTE_ADDR": "127.0.0.1"})
        try:
            return builder.get_environ()
        finally:
            builder.close()

    def call(self, environ: dict) -> tuple[str, list, bytes]:
        captured = {}

        def start_response(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers

        iterable = self.app(environ, start_response)
        try:
            body = b"".join(iterable)
        finally:
            close = getattr(iterable, "close", None)
            if close:
                close()
        return captured["status"], captured["headers"], body

    def request(self, path: str, method: str = "GET", data: dict | None = None, headers: dict | None = None):
        status, got, body = self.call(self.environ(path, method, data, headers))
        for name, value in got:
            if name.lower() == "set-cookie":
                cookie, _, attrs = value.partition(";")
                key, _, val = cookie.partition("=")
                if "expires=thu, 01 jan 1970" in attrs.lower() or "max-age=0" in attrs.lower():
                    self.cookies.pop(key.strip(), None)
                else:
                    self.cookies[key.strip()] = val.strip()
        return status, got, body


def _csrf(body: bytes) -> dict:
    found = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', body)
    return {"csrf_token": found.group(1).decode()} if found else {}


def sign_in(app, client: Client, role: str) -> None:
    """The real sign-in form, then the second factor with the demo key (replay guard reset first)."""
    import pyotp
    import sqlalchemy as sa

    from cellule.blueprints.auth.demo import DEMO_TOTP_SECRET
    from cellule.blueprints.auth.models import User
    from bench.data.context import BENCH_ACCOUNTS, BENCH_PASSWORD
    from cellule.extensions import db

    email = BENCH_ACCOUNTS[role]
    with app.app_context():
        db.session.execute(sa.update(User).where(User.email == email).values(totp_last_step=None))
        db.session.commit()
        db.session.remove()
    _, _, body = client.request("/connexion")
    status, headers, _ = client.request("/connexion", "POST",
                                        {"email": email, "password": BENCH_PASSWORD, **_csrf(body)})
    location = dict((k.lower(), v) for k, v in headers).get("location", "")
    if location.endswith("/connexion/verification"):
        _, _, body = client.request("/connexion/verification")
        status, headers, _ = client.request("/connexion/verification", "POST",
                                            {"code": pyotp.TOTP(DEMO_TOTP_SECRET).now(), **_csrf(body)})
    status, _, _ = client.request("/profil")
    if not status.startswith("200"):
        raise SystemExit(f"could not sign in as {email}: /profil answered {status}")


class StatementCounter:
    def __init__(self, engine):
        import sqlalchemy as sa

        self.count = 0
        self.statements: list[str] = []
        self.keep = False
        sa.event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, conn, cursor, statement, parameters, context, executemany):
        self.count += 1
        if self.keep:
            self.statements.append(" ".join(statement.split())[:4000])


def b0(status: str, headers: list, body: bytes):
    """The bare WSGI callable answering the same bytes (what bench/b0.py serves)."""
    kept = [(k, v) for k, v in headers if k.lower() != "set-cookie"]

    def app(environ, start_response):
        start_response(status, kept)
        return [body]

    return app


def repeated(client: Client, base: dict, expected: str = "200"):
    """``(fresh, call)`` for ``timed``: a copy of ``base`` for each request, and the request,
    which must keep answering ``expected`` (a status prefix) or the run stops."""
    def fresh() -> dict:
        environ = dict(base)
        environ["wsgi.input"] = io.BytesIO(b"")
        return environ

    def call(environ) -> None:
        answered, _, _ = client.call(environ)
        if not answered.startswith(expected):
            raise SystemExit(f"{environ.get('PATH_INFO')} answered {answered} during the run")

    return fresh, call


def timed(call, environ_for, n: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each call. CPU time is what bounds a saturated sync
    worker, and it moves far less than wall time on a machine others are using."""
    wall, cpu = [], []
    for _ in range(n):
        environ = environ_for()
        started, started_cpu = time.perf_counter(), time.process_time()
        call(environ)
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    return wall, cpu


def measure(app, client: Client, counter: StatementCounter, key: str, n: int, warmup: int,
            profile: str | None, top: int, show_sql: bool,
            full_output: str | None = None, rounds: int = 1) -> dict:
    from bench.pages import PAGES as BENCH_PAGES, resolve

    page_name, role, conditional = PAGES[key]
    if page_name.startswith("/"):
        path = page_name
    else:
        page = next(p for p in BENCH_PAGES if p.name == page_name)
        with app.app_context():
            path = resolve(app, page)
    client.cookies.clear()
    if role:
        sign_in(app, client, role)
    headers: dict[str, str] = {}
    status, got, body = client.request(path)
    if conditional:
        etag = dict((k.lower(), v) for k, v in got).get("etag")
        if not etag:
            raise SystemExit(f"{path}: no ETag on the cold answer")
        headers["If-None-Match"] = etag
        status, got, body = client.request(path, headers=headers)
    expected = "304" if conditional else "200"
    if not status.startswith(expected):
        raise SystemExit(f"{path} answered {status}, expected {expected}")
    base = client.environ(path, headers=headers)
    raw_input = base["wsgi.input"].read() if hasattr(base["wsgi.input"], "read") else b""

    def fresh() -> dict:
        environ = dict(base)
        environ["wsgi.input"] = io.BytesIO(raw_input)
        return environ

    def call_app(environ):
        status, _, _ = client.call(environ)
        if not status.startswith(expected):
            raise SystemExit(f"{path} answered {status} during the run")

    timed(call_app, fresh, warmup)
    counter.count, counter.keep, counter.statements = 0, show_sql, []
    app_ms, app_cpu = timed(call_app, fresh, n)
    statements = counter.count / n
    counter.keep = False
    for _ in range(rounds - 1):  # keep the quietest round: other processes only ever add time
        more_ms, more_cpu = timed(call_app, fresh, n)
        if statistics.median(more_cpu) < statistics.median(app_cpu):
            app_ms, app_cpu = more_ms, more_cpu
    bare = b0(status, got, body)
    bare_client = Client(bare)
    timed(bare_client.call, fresh, warmup)
    _, b0_cpu = timed(bare_client.call, fresh, n)
    result = {"page": key, "path": path, "bytes": len(body), "status": status.split()[0],
              "cpu_median": statistics.median(app_cpu), "cpu_mean": statistics.fmean(app_cpu),
              "ms_median": statistics.median(app_ms), "ms_p90": sorted(app_ms)[int(0.9 * (n - 1))],
              "statements": statements, "b0_cpu": statistics.median(b0_cpu)}
    if show_sql:
        print(f"-- SQL of one {key} request:")
        for line in counter.statements[: int(statements)]:
            print("   ", line)
    if profile:
        run_profile(profile, lambda: [call_app(fresh()) for _ in range(n)], top, full_output)
    return result


def run_profile(kind: str, work, top: int, full_output: str | None = None) -> None:
    if kind == "pyinstrument":
        try:
            from pyinstrument import Profiler
        except ImportError:
            print("pyinstrument is not installed (pip install '.[bench]'): using cProfile", file=sys.stderr)
            kind = "cprofile"
        else:
            profiler = Profiler(interval=0.0005)
            profiler.start()
            work()
            profiler.stop()
            print(profiler.output_text(unicode=True, color=False, show_all=False, short_mode=False))
            if full_output:
                Path(full_output).write_text(profiler.output_text(unicode=True, color=False, show_all=True))
                print(f"full profile (every frame) written to {full_output}")
            return
    import cProfile
    import pstats

    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    work()
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout).strip_dirs().sort_stats("cumulative")
    stats.print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    if full_output:  # for pstats: who calls what (print_callers)
        profiler.dump_stats(full_output)
        print(f"cProfile statistics written to {full_output}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("page", choices=[*PAGES, "all"])
    parser.add_argument("-n", "--requests", type=int, default=300, help="timed requests (default 300)")
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3,
                        help="timed rounds of N requests; the round with the lowest CPU median is kept")
    parser.add_argument("--scale", type=float, default=0.1, help="dataset scale when generating (default 0.1)")
    parser.add_argument("--database-url", help="default: SQLite file instance/profile.sqlite")
    parser.add_argument("--regenerate", action="store_true", help="rebuild the dataset")
    parser.add_argument("--ratelimit", action="store_true",
                        help="keep Flask-Limiter on (bench/run.py turns it off)")
    parser.add_argument("--profile", nargs="?", const="pyinstrument", choices=["pyinstrument", "cprofile"],
                        help="profile the timed requests (pyinstrument when installed, else cProfile)")
    parser.add_argument("--top", type=int, default=30, help="cProfile lines to print")
    parser.add_argument("--profile-file", help="pyinstrument: also write the full tree (every frame) here; "
                        "cProfile: its statistics, for pstats")
    parser.add_argument("--sql", action="store_true", help="print the statements of one request")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    url = args.database_url or f"sqlite:///{ROOT / 'instance' / 'profile.sqlite'}"
    if url.startswith("sqlite:///"):
        Path(urlsplit(url).path).parent.mkdir(parents=True, exist_ok=True)
    app = make_app(url, args.ratelimit)
    prepare(app, args.scale, args.regenerate)
    from cellule.extensions import db

    with app.app_context():
        counter = StatementCounter(db.engine)
    client = Client(app)
    keys = list(PAGES) if args.page == "all" else [args.page]
    print(f"{'page':<10} {'status':>6} {'bytes':>7} {'CPU p50':>8} {'CPU mean':>8} {'wall p50':>8} "
          f"{'wall p90':>8} {'SQL/req':>7} {'B0 CPU':>7}   (milliseconds per request)")
    for key in keys:
        r = measure(app, client, counter, key, args.requests, args.warmup, args.profile, args.top, args.sql,
                    args.profile_file, args.rounds)
        print(f"{r['page']:<10} {r['status']:>6} {r['bytes']:>7} {r['cpu_median']:>8.2f} {r['cpu_mean']:>8.2f} "
              f"{r['ms_median']:>8.2f} {r['ms_p90']:>8.2f} {r['statements']:>7.1f} {r['b0_cpu']:>7.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
