"""Extra memory while a campaign's long CSV export streams (target: 50,000 answers in ≤ 50 MB).

Two figures:

* **RSS of the gunicorn worker** serving the export, sampled from
  ``/proc/<pid>/status`` every 2 ms by a thread of this (separate) process:
  peak during the download minus the worker's RSS just before it. Every worker
  is sampled (the request may land on any); the largest growth is reported.
  The export is downloaded twice: the first download also pays for what the
  worker loads once (modules, caches), the second is the steady state.
* **tracemalloc peak** of the same export generator run in this process
  (Python allocations only; RSS also counts the database driver's buffers).

The campaign is the one with the most forwarded answers; an "answer" is one
line of the long CSV (one variable of one PTCE, or one cell of a repeated block).

    python -m bench.export_memory --database-url postgresql+psycopg://…/bench
"""
from __future__ import annotations

import os
import threading
import time
import tracemalloc
import urllib.request

from . import SECRET

TARGET_ANSWERS = 50_000
TARGET_MB = 50.0


def rss_kib(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def children(pid: int) -> list[int]:
    """The worker processes of a gunicorn master."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    return found


class Sampler(threading.Thread):
    """Peak RSS of some processes, sampled until stopped."""

    def __init__(self, pids: list[int], interval: float = 0.002):
        super().__init__(daemon=True)
        self.pids, self.interval = pids, interval
        self.before = {pid: rss_kib(pid) or 0 for pid in pids}
        self.peak = dict(self.before)
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            for pid in self.pids:
                value = rss_kib(pid)
                if value and value > self.peak[pid]:
                    self.peak[pid] = value
            time.sleep(self.interval)

    def stop(self) -> float:
        """The largest growth of one process, in MB."""
        self._done.set()
        self.join()
        return max((self.peak[p] - self.before[p]) / 1024 for p in self.pids)


def download(url: str, headers: dict) -> tuple[int, int, float]:
    """Stream the export and throw it away: lines, bytes, seconds."""
    lines = size = 0
    started = time.perf_counter()
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=600) as response:
        while chunk := response.read(64 * 1024):
            lines += chunk.count(b"\n")
            size += len(chunk)
    return lines, size, time.perf_counter() - started


def over_http(base: str, master_pid: int, path: str, cookie: str) -> list[dict]:
    runs = []
    for _ in range(2):
        sampler = Sampler(children(master_pid))
        sampler.start()
        time.sleep(0.05)
        lines, size, seconds = download(base + path, {"Cookie": cookie})
        time.sleep(0.05)
        runs.append({"extra_rss_mb": sampler.stop(), "answers": lines - 1, "bytes": size, "seconds": seconds})
    return runs


def in_process(database_url: str, campaign_id: int) -> dict:
    """tracemalloc's peak while the same generator runs here."""
    from cellule import create_app
    from cellule.blueprints.collection.exports import long_rows
    from cellule.blueprints.collection.models import Campaign
    from cellule.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": SECRET})
    with app.test_request_context():
        campaign = db.session.get(Campaign, campaign_id)
        for _ in long_rows(campaign):  # warm: imports, definition parsing, connection
            break
        db.session.rollback()
        campaign = db.session.get(Campaign, campaign_id)
        tracemalloc.start()
        lines = sum(chunk.count("\n") for chunk in long_rows(campaign))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return {"tracemalloc_peak_mb": peak / 1024 / 1024, "answers": lines - 1}


def export_path(app) -> tuple[str, int]:
    """The CSV export of the campaign with the most forwarded answers (bench.pages' choice)."""
    from flask import url_for

    from .pages import PAGES

    page = next(p for p in PAGES if p.endpoint == "collection.export_csv")
    with app.test_request_context():
        values = page.values()
        return url_for(page.endpoint, **values), values["campaign_id"]


def measure(base: str, master_pid: int, cookie: str, database_url: str) -> dict:
    from cellule import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": SECRET})
    with app.app_context():
        path, campaign_id = export_path(app)
    return {"path": path, "http": over_http(base, master_pid, path, cookie),
            "in_process": in_process(database_url, campaign_id)}


def describe(r: dict) -> str:
    first, second = r["http"]
    peak = max(first["extra_rss_mb"], second["extra_rss_mb"])
    answers = first["answers"]
    met = "met" if peak <= TARGET_MB else "MISSED"
    note = "" if answers >= TARGET_ANSWERS else f" (only {answers:,} answers at this scale: use --scale 10)"
    return (f"streamed CSV export {r['path']}: {answers:,} answers, {first['bytes'] / 1024 / 1024:.1f} MB in "
            f"{first['seconds']:.1f} s; worker RSS +{first['extra_rss_mb']:.1f} MB (first download), "
            f"+{second['extra_rss_mb']:.1f} MB (second); tracemalloc peak "
            f"{r['in_process']['tracemalloc_peak_mb']:.1f} MB; target ≤ {TARGET_MB:.0f} MB extra for "
            f"{TARGET_ANSWERS:,} answers — {met}{note}")


def main(argv: list[str] | None = None) -> int:
    from bench.data.context import BENCH_ACCOUNTS, BENCH_PASSWORD

    from .run import sign_in
    from .served import parser, served

    args = parser(__doc__).parse_args(argv)
    with served(args.database_url, args.workers) as server:
        cookie = sign_in(server.url, BENCH_ACCOUNTS["council_admin"], BENCH_PASSWORD)
        print(describe(measure(server.url, server.process.pid, cookie, args.database_url)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
