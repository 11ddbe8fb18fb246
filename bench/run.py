"""``make bench``: cellule under gunicorn against B0, on SQLite and PostgreSQL.

For each database: migrate, generate the dataset (``bench-data --scale N
--reset``), start gunicorn (2 workers, pinned to core 0 when ``taskset`` and
two cores exist), sign in once per role, capture every page's bytes, start B0
(the same bytes from a bare WSGI callable, same gunicorn settings), then load
each page on both from a second process on loopback (wrk pinned to core 1, or
``bench.loadgen``). Prints the table and the issue's targets.
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import redis

from . import report
from .pages import PAGES, Unavailable, resolve

ROOT = Path(__file__).resolve().parent.parent
from . import SECRET
DROP_HEADERS = {"date", "server", "content-length", "connection", "transfer-encoding", "keep-alive"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pinned(core: int, cmd: list[str]) -> list[str]:
    """Pin a command to one core when the machine has two and taskset exists."""
    if shutil.which("taskset") and (os.cpu_count() or 1) >= 2:
        return ["taskset", "-c", str(core), *cmd]
    return cmd


def flask(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "flask", "--app", "cellule", *args], cwd=ROOT, env=env, check=True)


class Server:
    """gunicorn with 2 sync workers on a free loopback port, pinned to core 0."""

    def __init__(self, app: str, env: dict, workers: int):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        cmd = [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"127.0.0.1:{self.port}",
               "--log-level", "warning", "--timeout", "60", app]
        # gunicorn.conf.py applies (same settings for cellule and B0), except worker recycling:
        # a restarted cellule worker spends ~2 s of CPU starting, B0's none, which skews a run.
        # Access lines are formatted and written as in production, to /dev/null.
        env = {**env, "GUNICORN_MAX_REQUESTS": "0", "GUNICORN_ACCESSLOG": os.devnull}
        self.process = subprocess.Popen(pinned(0, cmd), cwd=ROOT, env=env)

    def wait(self, path: str = "/", timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                urllib.request.urlopen(self.url + path, timeout=2).read()
                return
            except urllib.error.HTTPError:
                return  # it answers
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{self.url} did not answer within {timeout} s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def sign_in(base: str, email: str, password: str) -> str:
    """Sign in through the real form once; return the Cookie header to reuse."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(base + "/connexion").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    data = {"email": email, "password": password}
    if token:
        data["csrf_token"] = token.group(1)
    answer = opener.open(base + "/connexion", urllib.parse.urlencode(data).encode())
    answer.read()
    if answer.geturl().endswith("/connexion/verification"):
        # Coordinators and the council: answer the second step with the demo key's code.
        import pyotp

        from cellule.blueprints.auth.demo import DEMO_TOTP_SECRET

        html = opener.open(base + "/connexion/verification").read().decode()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
        step = {"code": pyotp.TOTP(DEMO_TOTP_SECRET).now()}
        if token:
            step["csrf_token"] = token.group(1)
        opener.open(base + "/connexion/verification", urllib.parse.urlencode(step).encode()).read()
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    check = opener.open(base + "/profil")
    if not check.geturl().endswith("/profil"):
        raise RuntimeError(f"could not sign in as {email}")
    return cookie


def fetch(url: str, headers: dict) -> tuple[int, list, bytes]:
    """GET without following redirects: status, headers, body."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        response = opener.open(urllib.request.Request(url, headers=headers), timeout=60)
        return response.status, response.getheaders(), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.items(), exc.read()


def load(url: str, headers: dict, duration: float, connections: int) -> dict:
    """Load one URL from a second process, pinned to core 1; the BENCH_JSON figures."""
    header_args = [a for name, value in headers.items() for a in ("-H", f"{name}: {value}")]
    if shutil.which("wrk"):
        cmd = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(duration))}s", "--timeout", "10s",
               "-s", str(ROOT / "bench" / "latency.lua"), *header_args, url]
    else:
        cmd = [sys.executable, "-m", "bench.loadgen", url, "--duration", str(duration),
               "--connections", str(connections), *header_args]
    out = subprocess.run(pinned(1, cmd), cwd=ROOT, capture_output=True, text=True, check=True).stdout
    line = next(l for l in out.splitlines() if l.startswith("BENCH_JSON "))
    return json.loads(line.removeprefix("BENCH_JSON "))


def ensure_database(url: str) -> None:
    """Create the PostgreSQL benchmark database when missing (a fresh machine has none)."""
    import psycopg
    from psycopg import sql

    target = urllib.parse.urlsplit(url.replace("postgresql+psycopg://", "postgresql://"))
    name = target.path.lstrip("/")
    admin = target._replace(path="/postgres").geturl()
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                print(f"created database {name}", flush=True)
    except psycopg.OperationalError as exc:
        raise SystemExit(f"PostgreSQL unreachable at {admin}: {exc}\n"
                         "start it, set BENCH_PG_URL, or pass --databases sqlite") from None


def usable_redis(url: str) -> str:
    """``url`` if that Redis answers, else "" (the bench then serves without one, and says so)."""
    if not url:
        return ""
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        print(f"Redis unreachable at {url} ({exc}): served without it", flush=True)
        return ""
    return url


def forget_redis(url: str, prefix: str) -> None:
    client = redis.Redis.from_url(url)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


def bench_database(label: str, url: str, args) -> list[dict]:
    """Generate the dataset on one database and measure every page there and on B0."""
    from cellule import create_app
    from bench.data.context import BENCH_ACCOUNTS, BENCH_PASSWORD

    env = {**os.environ, "CELLULE_DATABASE_URL": url, "CELLULE_SECRET_KEY": SECRET,
           "CELLULE_RATELIMIT_ENABLED": "false", "PYTHONPATH": str(ROOT)}
    if args.redis_url:  # as in production: the signed-in identities and the feed states in Redis
        env.update(CELLULE_IDENTITY_CACHE_URL=args.redis_url, CELLULE_IDENTITY_CACHE_PREFIX=f"bench-{label}:")
        forget_redis(args.redis_url, f"cellule:bench-{label}:")  # nothing kept from an earlier dataset
    print(f"\n== {label}: {url}", flush=True)
    if url.startswith("postgresql"):
        ensure_database(url)
    if not args.skip_generate:
        flask(env, "db", "upgrade")
        started = time.perf_counter()
        flask(env, "bench-data", "--scale", str(args.scale), "--reset")
        print(f"dataset generated in {time.perf_counter() - started:.1f} s", flush=True)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET})
    results, plans = [], []
    with app.app_context():
        for page in PAGES:
            if args.pages and page.name not in args.pages:
                continue
            try:
                plans.append((page, resolve(app, page)))
            except Unavailable as exc:
                results.append({"database": label, "page": page.name, "skipped": str(exc)})
    server = Server("wsgi:app", env, args.workers)
    b0 = None
    try:
        server.wait("/healthz")
        cookies = {role: sign_in(server.url, BENCH_ACCOUNTS[role], BENCH_PASSWORD)
                   for role in sorted({p.signed_in for p, _ in plans if p.signed_in})}
        capture, measured = {}, []
        for page, path in plans:
            headers = {**page.headers, **({"Cookie": cookies[page.signed_in]} if page.signed_in else {})}
            status, got, body = fetch(server.url + path, headers)
            key = path
            if page.conditional:
                etag = dict((k.lower(), v) for k, v in got).get("etag")
                if not etag:
                    results.append({"database": label, "page": page.name, "skipped": "no ETag on the cold answer"})
                    continue
                headers = {**headers, "If-None-Match": etag}
                status, got, body = fetch(server.url + path, headers)
                key += " (conditional)"
            if status != (304 if page.conditional else 200):
                results.append({"database": label, "page": page.name, "skipped": f"answered {status}"})
                continue
            capture[key] = {"status": f"{status} {'Not Modified' if status == 304 else 'OK'}",
                            "headers": [(k, v) for k, v in got if k.lower() not in DROP_HEADERS],
                            "body": base64.b64encode(body).decode()}
            measured.append((page, path, headers, len(body)))
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
            json.dump(capture, fh)
        b0 = Server("bench.b0:app", {**env, "BENCH_B0_CAPTURE": fh.name}, args.workers)
        b0.wait()
        for page, path, headers, size in measured:
            print(f"  {page.name} …", flush=True)
            if args.warmup:
                load(server.url + path, headers, args.warmup, args.connections)
            app_figures = load(server.url + path, headers, args.duration, args.connections)
            b0_figures = load(b0.url + path, headers, args.duration, args.connections)
            results.append({"database": label, "page": page.name, "path": path, "bytes": size,
                            "typical": page.typical, "conditional": page.conditional, "floor": page.floor,
                            "app": app_figures, "b0": b0_figures})
        b0.stop()
        b0 = None
        from . import floor
        results += floor.measure(label, env, args)
        if not args.skip_targets:
            results += measure_targets(label, url, server, cookies, args)
    finally:
        server.stop()
        if b0:
            b0.stop()
    return results


def measure_targets(label: str, url: str, server: Server, cookies: dict, args) -> list[dict]:
    """The targets that need their own measurement: cold ICS feed, export memory and speed (against a raw
    ``csv.writer``), contended registrations."""
    from bench.data.context import BENCH_ACCOUNTS, BENCH_PASSWORD

    from . import contention, export_memory, export_speed, ics_cold

    out = []

    def record(name: str, module, measure) -> None:
        print(f"  {name} …", flush=True)
        try:
            figures = measure()
            text = module.describe(figures)
        except Exception as exc:  # a benchmark reports what failed and goes on with the rest
            figures, text = {"error": repr(exc)}, f"{name}: FAILED ({exc!r})"
        out.append({"database": label, "target": name, "figures": figures, "text": text})

    record("cold ICS feed", ics_cold, lambda: ics_cold.measure(url, args.ics_iterations, SECRET))
    cookie = cookies.get("council_admin") or sign_in(server.url, BENCH_ACCOUNTS["council_admin"], BENCH_PASSWORD)
    record("export memory", export_memory,
           lambda: export_memory.measure(server.url, server.process.pid, cookie, url))
    record("export speed", export_speed, lambda: export_speed.measure_database(url))
    record("contended registrations", contention,
           lambda: contention.run(server.url, url, args.contention_people, args.contention_seats))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=10, help="dataset scale (10: the growth case)")
    parser.add_argument("--duration", type=float, default=10, help="seconds of load per page and server")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of unmeasured load first")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--sqlite-path", default=str(ROOT / "instance" / "bench.sqlite"))
    parser.add_argument("--pg-url", default=os.environ.get(
        "BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/bench"))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
                        help="the Redis the served app keeps identities and feed states in, as production "
                             "does ('' for none: in-process identities, feed states from the database)")
    parser.add_argument("--skip-generate", action="store_true", help="reuse the dataset already there")
    parser.add_argument("--pages", nargs="+", metavar="NAME",
                        help="only these bench/pages.py pages, by name (default: every page)")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--skip-targets", action="store_true",
                        help="only the pages: no cold ICS, export memory or speed, contended registrations")
    parser.add_argument("--ics-iterations", type=int, default=30, help="cold feed requests (bench.ics_cold)")
    parser.add_argument("--contention-people", type=int, default=200)
    parser.add_argument("--contention-seats", type=int, default=20)
    args = parser.parse_args(argv)
    unknown = set(args.pages or ()) - {page.name for page in PAGES}
    if unknown:
        parser.error(f"unknown pages: {', '.join(sorted(unknown))}")
    args.redis_url = usable_redis(args.redis_url)
    urls = {"sqlite": f"sqlite:///{Path(args.sqlite_path).resolve()}", "postgresql": args.pg_url}
    Path(args.sqlite_path).parent.mkdir(parents=True, exist_ok=True)
    results = []
    for label in args.databases.split(","):
        results += bench_database(label, urls[label], args)
    machine = report.machine()
    print()
    print(report.render(results, machine, args))
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": machine, "args": vars(args), "results": results},
                                              indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
