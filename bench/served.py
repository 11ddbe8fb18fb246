"""What the stand-alone benchmarks share: their command line and cellule served on the filled database."""
from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager

from . import SECRET
from .run import Server


def parser(doc: str | None) -> argparse.ArgumentParser:
    """The options of a benchmark run against a database ``bench-data`` filled, served by gunicorn."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True, help="the database bench-data filled")
    parser.add_argument("--workers", type=int, default=2)
    return parser


@contextmanager
def served(database_url: str, workers: int) -> Iterator[Server]:
    """cellule under gunicorn on ``database_url`` (rate limits off), answering, stopped on exit."""
    env = {**os.environ, "CELLULE_DATABASE_URL": database_url, "CELLULE_SECRET_KEY": SECRET,
           "CELLULE_RATELIMIT_ENABLED": "false"}
    server = Server("wsgi:app", env, workers)
    try:
        server.wait("/healthz")
        yield server
    finally:
        server.stop()
