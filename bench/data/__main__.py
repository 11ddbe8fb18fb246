"""``python -m bench.data --scale N``: the benchmark dataset, without the ``flask`` command line.

Same options as ``flask --app cellule bench-data``; the database is the app's
(``CELLULE_DATABASE_URL``, default the SQLite file in instance/).
"""
from __future__ import annotations

from cellule import create_app

from .cli import bench_data

if __name__ == "__main__":
    app = create_app()
    with app.app_context():
        bench_data.main(prog_name="python -m bench.data")
