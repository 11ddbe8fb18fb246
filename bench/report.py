"""The benchmark's table, the issue's targets, and a description of the machine."""
from __future__ import annotations

import os
import platform
import subprocess
import sys
from importlib.metadata import version

# Issue 20, stated against what Flask itself allows so that a machine change does not move them:
# the typical signed-in page ≥ 0.5× the « ORM get + Jinja » floor app (stretch 0.7×), the 304 ≥ 0.5× B0.
TARGET_TYPICAL = 0.5
STRETCH_TYPICAL = 0.7
TARGET_304 = 0.5


def _cmd(*args: str) -> str:
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=10, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine() -> dict:
    """What the figures were measured on."""
    cpu = next((l.split(":", 1)[1].strip() for l in _cmd("lscpu").splitlines() if l.startswith("Model name")), "?")
    mem = "0"
    if os.path.exists("/proc/meminfo"):
        with open("/proc/meminfo") as fh:
            mem = next((line.split()[1] for line in fh if line.startswith("MemTotal")), "0")
    wrk = _cmd("wrk", "--version").splitlines()
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(int(mem) / 1024 / 1024, 1),
        "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "os": platform.platform(), "python": sys.version.split()[0], "gunicorn": version("gunicorn"),
        "sqlalchemy": version("sqlalchemy"), "load_generator": wrk[0] if wrk else "bench.loadgen (Python)",
        "postgresql": _cmd("psql", "--version"), "sqlite": __import__("sqlite3").sqlite_version,
    }


def _ms(us: int) -> str:
    return f"{us / 1000:.2f}"


def render(results: list[dict], machine: dict, args) -> str:
    lines = ["Machine: " + ", ".join(f"{k}={v}" for k, v in machine.items()),
             f"Settings: scale={args.scale}, {args.workers} gunicorn workers (sync), "
             f"{args.connections} connections, {args.duration} s per page and server, {args.warmup} s warm-up",
             "",
             "| database | page | req/s | p50 ms | p99 ms | B0 req/s | B0 p50 ms | ratio to B0 | floor | ratio to floor |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |"]
    skipped = []
    floors = {(r["database"], r["floor"]): r["app"]["rps"] for r in results if "floor" in r and "page" not in r}
    b0s: dict[str, list[float]] = {}
    for r in results:
        if "b0" in r:
            b0s.setdefault(r["database"], []).append(r["b0"]["rps"])
    for r in results:
        if "target" in r or ("floor" in r and "page" not in r):
            continue
        if "skipped" in r:
            skipped.append(f"- {r['database']}: {r['page']} — skipped: {r['skipped']}")
            continue
        a, b = r["app"], r["b0"]
        bad = f" ({a['bad']} bad answers)" if a["bad"] or a["errors"] else ""
        floor = floors.get((r["database"], r.get("floor")))
        to_floor = f"{a['rps'] / floor:.3f}" if floor else "—"
        lines.append(f"| {r['database']} | {r['page']}{bad} | {a['rps']:.0f} | {_ms(a['p50_us'])} | "
                     f"{_ms(a['p99_us'])} | {b['rps']:.0f} | {_ms(b['p50_us'])} | {a['rps'] / b['rps']:.3f} | "
                     f"{r.get('floor', '—')} | {to_floor} |")
    if floors:
        lines += ["", "Floor apps (bench/floor.py), ratio to the median B0 req/s of the same database:"]
        for (db, name), rps in sorted(floors.items()):
            median_b0 = sorted(b0s.get(db, [0]))[len(b0s.get(db, [0])) // 2]
            lines.append(f"- {db}: {name} {rps:.0f} req/s" + (f", {rps / median_b0:.3f}× B0" if median_b0 else ""))
    lines += ["", *skipped, "", "Targets:"]
    lines += targets(results)
    return "\n".join(lines)


def targets(results: list[dict]) -> list[str]:
    """Each target of the issue, met, missed, or not measurable yet."""
    out = []
    measured = [r for r in results if "app" in r]
    floors = {(r["database"], r["floor"]): r["app"]["rps"] for r in measured if "floor" in r and "page" not in r}
    for db in sorted({r["database"] for r in results}):
        mine = [r for r in measured if r["database"] == db]
        typical = next((r for r in mine if r.get("typical")), None)
        floor = floors.get((db, "orm"))
        if typical and floor:
            ratio = typical["app"]["rps"] / floor
            verdict = ("met, stretch met" if ratio >= STRETCH_TYPICAL else "met") if ratio >= TARGET_TYPICAL else "MISSED"
            out.append(f"- {db}: typical signed-in page ({typical['page']}) {ratio:.3f}× the « ORM get + Jinja » "
                       f"floor, target ≥ {TARGET_TYPICAL}× (stretch {STRETCH_TYPICAL}×) — {verdict}")
        elif typical:
            out.append(f"- {db}: typical signed-in page — the ORM floor app was not measured")
        cond = next((r for r in mine if r.get("conditional")), None)
        if cond:
            ratio = cond["app"]["rps"] / cond["b0"]["rps"]
            out.append(f"- {db}: ICS 304 path {ratio:.3f}× B0, target ≥ {TARGET_304}× — "
                       f"{'met' if ratio >= TARGET_304 else 'MISSED'}")
        else:
            out.append(f"- {db}: ICS 304 path ≥ {TARGET_304}× B0 — not measured (the 304 page was skipped)")
        for r in results:
            if r["database"] == db and "target" in r:
                out.append(f"- {db}: {r['text']}")
    if not any("target" in r for r in results):
        out.append("- cold ICS feed, export memory and speed, contended registrations — not measured (--skip-targets)")
    return out
