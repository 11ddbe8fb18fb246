"""The typical signed-in page against the « ORM get + Jinja » floor, in-process (issue 20, target 4).

    python -m bench.floor_ratio --database-url sqlite:///instance/growth-1.sqlite
    python -m bench.floor_ratio --database-url postgresql+psycopg://postgres@127.0.0.1:5432/growth_1

The coordinator's ``/profil`` and ``bench.floor:orm`` are called through their WSGI callables
(as ``bench.profile_page`` does), in interleaved rounds; each round prints both CPU medians and
their ratio (floor / page: 1.0 would be the floor itself). Interleaving keeps the ratio fair on a
machine others are using. The database must hold a ``bench-data`` dataset (any scale).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys

from .profile_page import Client, make_app, repeated, sign_in, timed


def per_request(client, path: str, n: int) -> float:
    """CPU milliseconds of one request to ``path`` (median of ``n``, after 50 unmeasured)."""
    fresh, call = repeated(client, client.environ(path))
    timed(call, fresh, 50)
    return statistics.median(timed(call, fresh, n)[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("-n", "--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    os.environ["CELLULE_DATABASE_URL"] = args.database_url  # read by bench.floor when imported
    from . import floor  # here: it binds its engine to CELLULE_DATABASE_URL when imported

    app = make_app(args.database_url, ratelimit=False)
    page = Client(app)
    sign_in(app, page, "coordinator")
    orm = Client(floor.orm)
    ratios = []
    for number in range(args.rounds):
        mine, least = per_request(page, "/profil", args.requests), per_request(orm, floor.PATH, args.requests)
        ratios.append(least / mine)
        print(f"round {number + 1}: /profil {mine:.3f} ms CPU, floor orm {least:.3f} ms, ratio {least / mine:.2f}")
    print(f"median ratio to the floor: {statistics.median(ratios):.2f} (target ≥ 0.5, stretch 0.7)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
