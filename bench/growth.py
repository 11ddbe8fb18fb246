"""How each page's cost grows with the data: in-process CPU and SQL statements at two scales.

Every page of ``bench/pages.py`` is requested through the WSGI callable (as
``bench/profile_page.py`` does: the app's whole per-request work, no HTTP) on
a dataset at each scale; the median CPU time of ``--requests`` calls (after a
warm-up) and the statements per request are printed side by side with their
ratio. Target (issue 20): every page at most 1.2× from N=1 to N=10, with the
same statement count. When the campaign CSV export is among the pages, each
scale also prints it against a raw ``csv.writer`` over a cursor writing the same
bytes (``bench/export_speed.py``; target ≥ 0.5× the raw speed).

    python -m bench.growth                           # scales 1 and 10, SQLite files instance/growth-N.sqlite
    python -m bench.growth --scales 0.1 1            # a quick run
    python -m bench.growth --database-url 'postgresql+psycopg://postgres@127.0.0.1:5432/growth_{scale}'
    python -m bench.growth --pages "region home" "council dashboard"
    python -m bench.growth --calls --scales 1 10      # function calls instead of CPU: the same on a busy machine
    python -m bench.growth -n 40 --rounds 3           # on a noisy machine: the quietest of three medians
    python -m bench.growth --paired                   # + each page over the profile page, requested in turns

``{scale}`` in ``--database-url`` is replaced by the scale (dots become underscores);
the PostgreSQL databases must exist. A dataset is generated when missing
(``--regenerate`` rebuilds it). CPU time (``time.process_time``) moves far less than
wall time on a loaded machine; still, compare only figures of the same run.
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from . import export_speed
from .profile_page import ROOT, Client, StatementCounter, make_app, prepare, repeated, sign_in, timed

TARGET_RATIO = 1.2
PROFILE_PAGE = "signed-in page (profile)"  # target 3's reference


def function_calls(call, environ_for, n: int) -> tuple[list[float], list[float]]:
    """``timed``'s shape, counting instead: Python function calls of each request (cProfile's
    total, C functions included). The load of a shared machine does not move it: two trees,
    or two scales, compare exactly."""
    calls = []
    for _ in range(n):
        environ = environ_for()
        profiler = cProfile.Profile()
        profiler.enable()
        call(environ)
        profiler.disable()
        calls.append(float(pstats.Stats(profiler).total_calls))
    return calls, calls


def paired(call, fresh, reference, n: int) -> float:
    """The page's CPU time over the reference page's (the profile page), requested in turns: the median of
    ``n`` ratios, each of two requests made one after the other. A machine whose speed moves over seconds
    moves both alike; the ratio stays (target 3 is stated against the profile page)."""
    ref_call, ref_fresh = reference
    ratios = []
    for _ in range(n):
        environ, ref_environ = fresh(), ref_fresh()
        started = time.process_time()
        call(environ)
        middle = time.process_time()
        ref_call(ref_environ)
        ratios.append((middle - started) / max(time.process_time() - middle, 1e-9))
    return statistics.median(ratios)


def page_cost(app, client: Client, counter: StatementCounter, page, n: int, warmup: int,
              meter=timed, rounds: int = 1, reference=None) -> dict:
    """CPU median (ms) and statements per request of one page, or the reason it was skipped."""
    from .pages import Unavailable, resolve

    try:
        with app.app_context():
            path = resolve(app, page)
    except Unavailable as exc:
        return {"skipped": str(exc)}
    client.cookies.clear()
    if page.signed_in:
        sign_in(app, client, page.signed_in)
    headers = dict(page.headers)
    status, got, body = client.request(path, headers=headers)
    if page.conditional:
        etag = dict((k.lower(), v) for k, v in got).get("etag")
        if not etag:
            return {"skipped": "no ETag on the cold answer"}
        headers["If-None-Match"] = etag
        status, got, body = client.request(path, headers=headers)
    expected = "304" if page.conditional else "200"
    if not status.startswith(expected):
        return {"skipped": f"{path} answered {status}"}
    fresh, call = repeated(client, client.environ(path, headers=headers), expected)
    timed(call, fresh, warmup)
    counter.count = 0
    _, cpu = meter(call, fresh, n)
    statements = counter.count / n
    best = statistics.median(cpu)
    for _round in range(rounds - 1):  # keep the quietest round: other processes only ever add CPU time
        best = min(best, statistics.median(meter(call, fresh, n)[1]))
    found = {"path": path, "cpu": best, "statements": statements, "bytes": len(body)}
    if reference is not None:
        found["paired"] = paired(call, fresh, reference, n * rounds)
    return found


def measure_scale(url: str, scale: float, names: list[str] | None, n: int, warmup: int,
                  regenerate: bool, notes: list[str], meter=timed, rounds: int = 1,
                  pair: bool = False) -> dict[str, dict]:
    from cellule.extensions import db

    from .pages import PAGES, resolve

    if url.startswith("sqlite:///"):
        Path(urlsplit(url).path).parent.mkdir(parents=True, exist_ok=True)
    app = make_app(url, ratelimit=False)
    prepare(app, scale, regenerate)
    with app.app_context():
        counter = StatementCounter(db.engine)
    client = Client(app)
    reference = None
    if pair and meter is timed:
        profile = next(p for p in PAGES if p.name == PROFILE_PAGE)
        ref_client = Client(app)
        sign_in(app, ref_client, profile.signed_in)
        with app.app_context():
            reference = repeated(ref_client, ref_client.environ(resolve(app, profile)), "200")[::-1]
        timed(reference[0], reference[1], warmup)
    results = {}
    for page in PAGES:
        if names and page.name not in names:
            continue
        results[page.name] = page_cost(app, client, counter, page, n, warmup, meter, rounds, reference)
        print(f"  N={scale:g} {page.name}: " + (f"{results[page.name]['cpu']:.2f}, "
              f"{results[page.name]['statements']:g} statements" if "cpu" in results[page.name]
              else f"skipped ({results[page.name]['skipped']})"), file=sys.stderr)
    if "cpu" in results.get("campaign CSV export", {}):
        notes.append(f"N={scale:g} " + export_speed.report(export_speed.measure(app, client)))
        print(f"  {notes[-1]}", file=sys.stderr)
    with app.app_context():
        db.engine.dispose()
    return results


def table(scales: tuple[float, float], small: dict, large: dict, load: str, calls: bool = False) -> str:
    a, b = scales
    what, unit = ("Python function calls", "calls") if calls else ("In-process CPU", "CPU ms")
    pairs = any("paired" in r for r in large.values())
    lines = [f"{what} per request (median), statements per request; load average {load}",
             f"| page | {unit} N={a:g} | {unit} N={b:g} | ratio | SQL N={a:g} | SQL N={b:g} | flat |"
             + (f" × profile N={a:g} | × profile N={b:g} | ratio, paired |" if pairs else ""),
             "| --- | ---: | ---: | ---: | ---: | ---: | --- |" + (" ---: | ---: | ---: |" if pairs else "")]
    for name, s in small.items():
        l = large.get(name, {"skipped": "not measured"})
        if "cpu" not in s or "cpu" not in l:
            lines.append(f"| {name} | — | — | — | — | — | skipped: {s.get('skipped') or l.get('skipped')} |")
            continue
        ratio = l["cpu"] / s["cpu"] if s["cpu"] else float("inf")
        flat = ratio <= TARGET_RATIO and l["statements"] == s["statements"]
        shown = "{:,.0f}" if calls else "{:.2f}"
        lines.append(f"| {name} | {shown.format(s['cpu'])} | {shown.format(l['cpu'])} | {ratio:.2f}× | {s['statements']:g} | "
                     f"{l['statements']:g} | {'yes' if flat else 'NO'} |"
                     + (f" {s.get('paired', 0):.2f}× | {l.get('paired', 0):.2f}× | "
                        f"{l.get('paired', 0) / (s.get('paired') or float('inf')):.2f}× |" if pairs else ""))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", nargs=2, type=float, default=[1.0, 10.0], metavar=("SMALL", "LARGE"))
    parser.add_argument("--database-url", help="with {scale}; default: SQLite file instance/growth-{scale}.sqlite")
    parser.add_argument("-n", "--requests", type=int, default=20, help="timed requests per page (median of)")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=1,
                        help="timed rounds of N requests per page; the round with the lowest median is kept "
                             "(a machine others use only ever adds CPU time)")
    parser.add_argument("--pages", nargs="*", help="bench/pages.py names (default: every page)")
    parser.add_argument("--regenerate", action="store_true", help="rebuild the datasets")
    parser.add_argument("--paired", action="store_true",
                        help="also each page's CPU over the profile page's, the two requested in turns "
                             "(target 3, robust to a machine whose speed moves)")
    parser.add_argument("--calls", action="store_true",
                        help="count Python function calls per request instead of timing (load-proof)")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    template = args.database_url or f"sqlite:///{ROOT / 'instance' / 'growth-{scale}.sqlite'}"
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    notes: list[str] = []
    measured = [measure_scale(template.format(scale=f"{s:g}".replace(".", "_")), s, args.pages,
                              args.requests, args.warmup, args.regenerate, notes,
                              function_calls if args.calls else timed, args.rounds, args.paired)
                for s in args.scales]
    load = f"{load} → " + " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(table(tuple(args.scales), *measured, load, calls=args.calls))
    if args.rounds > 1 and not args.calls:
        print(f"Each CPU figure: the lowest of {args.rounds} medians of {args.requests} requests.")
    if args.paired and not args.calls:
        print("× profile: the page's CPU over the profile page's, requested in turns (median of the pairs); "
              "ratio, paired: the same at N=10 over N=1 (the profile page does the same work at both scales), "
              "which a machine whose speed moves leaves in place.")
    print("\n".join(notes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
