"""The campaign CSV export against the speed of the disk: a raw ``csv.writer`` over a database cursor.

Target (issue 20, 7): the export served by cellule (the WSGI callable, its whole
request) reaches at least half the speed of the simplest program that writes the
same bytes: ``csv.writer`` over a cursor reading the export's cells, already
formatted, from one table (``bench_export_floor``, filled once from the export's
own records and not timed). Both are timed in the same run, one after the other;
the bytes are compared. Figures: median CPU (``time.process_time``) and wall time.

    python -m bench.export_speed --database-url sqlite:///instance/growth-5.sqlite
    (bench.growth runs it at each scale when the export page is measured)
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import statistics
import sys
import time

import sqlalchemy as sa

from cellule.blueprints.collection import exports
from cellule.blueprints.collection.models import Campaign
from cellule.extensions import db
from cellule.spreadsheet import STANDARD, format_value

from .pages import PAGES, resolve
from .profile_page import ROOT, Client, make_app, prepare, sign_in

TABLE = "bench_export_floor"
COLUMNS = 10


def fill_floor(campaign) -> int:
    """Write the export's cells (formatted as the CSV holds them) into the floor table; rows written."""
    conn = db.session.connection()
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {TABLE}")
    conn.exec_driver_sql(f"CREATE TABLE {TABLE} (n INTEGER PRIMARY KEY, "
                         + ", ".join(f"c{i} TEXT" for i in range(COLUMNS)) + ")")
    insert = sa.text(f"INSERT INTO {TABLE} VALUES (:n, " + ", ".join(f":c{i}" for i in range(COLUMNS)) + ")")
    batch, n = [], 0
    for n, record in enumerate(exports.long_records(campaign), start=1):
        batch.append({"n": n, **{f"c{i}": format_value(v, STANDARD) for i, v in enumerate(record)}})
        if len(batch) >= 5000:
            conn.execute(insert, batch)
            batch = []
    if batch:
        conn.execute(insert, batch)
    db.session.commit()
    return n


def raw_export(header: list[str]) -> bytes:
    """csv.writer over a cursor on the floor table: the same bytes as the export's."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    with db.engine.connect() as conn:
        writer.writerows(conn.exec_driver_sql(
            f"SELECT {', '.join(f'c{i}' for i in range(COLUMNS))} FROM {TABLE} ORDER BY n"))
    return out.getvalue().encode()


def _times(work, n: int) -> tuple[float, float, object]:
    cpu, wall, result = [], [], None
    for _ in range(n):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = work()
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    return statistics.median(cpu), statistics.median(wall), result


def measure(app, client: Client, n: int = 5) -> dict:
    """Both exports' median CPU and wall ms, their bytes, and the ratio raw / cellule (CPU)."""
    page = next(p for p in PAGES if p.endpoint == "collection.export_csv")
    with app.app_context():
        path = resolve(app, page)
        campaign_id = page.values()["campaign_id"]
    client.cookies.clear()
    sign_in(app, client, page.signed_in)
    status, _, served = client.request(path)  # also stores lines still missing (first download)
    if not status.startswith("200"):
        raise SystemExit(f"{path} answered {status}")
    environ = client.environ(path)
    raw_input = environ["wsgi.input"].read()

    def cellule_export() -> bytes:
        fresh = dict(environ)
        fresh["wsgi.input"] = io.BytesIO(raw_input)
        return client.call(fresh)[2]

    with app.app_context():
        lines = fill_floor(db.session.get(Campaign, campaign_id))
        header = [c.code for c in exports.LONG]
        raw_export(header)  # warm-up
        raw_cpu, raw_wall, raw = _times(lambda: raw_export(header), n)
        db.session.remove()
    cellule_export()  # warm-up
    app_cpu, app_wall, body = _times(cellule_export, n)
    return {"path": path, "lines": lines, "bytes": len(body), "identical": body == raw == served,
            "cellule_cpu": app_cpu, "cellule_wall": app_wall, "raw_cpu": raw_cpu, "raw_wall": raw_wall,
            "ratio": raw_cpu / app_cpu if app_cpu else float("inf")}


def report(r: dict) -> str:
    """One line: sizes, whether the bytes match, both timings and the ratio."""
    parts = [f"campaign CSV export {r['path']}: {r['lines']:,} lines, {r['bytes'] / 1024 / 1024:.1f} MB",
             "bytes identical to the raw writer's: " + ("yes" if r["identical"] else "NO"),
             f"cellule {r['cellule_cpu']:.1f} ms CPU ({r['cellule_wall']:.1f} wall)",
             f"raw csv.writer over a cursor {r['raw_cpu']:.1f} ms CPU ({r['raw_wall']:.1f} wall)",
             f"cellule at {r['ratio']:.2f}× the raw speed (target ≥ 0.5×)"]
    return "; ".join(parts)


def measure_database(url: str, n: int = 5) -> dict:
    """``measure`` on the dataset at ``url``, in this process (``make bench`` calls it per database)."""
    app = make_app(url, ratelimit=False)
    return measure(app, Client(app), n)


describe = report  # the name bench.run's targets are described by


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=f"sqlite:///{ROOT / 'instance' / 'profile.sqlite'}")
    parser.add_argument("--scale", type=float, default=0.1, help="dataset scale when generating")
    parser.add_argument("-n", "--requests", type=int, default=5, help="timed exports of each kind (median of)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    app = make_app(args.database_url, ratelimit=False)
    prepare(app, args.scale, False)
    print(report(measure(app, Client(app), args.requests)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
