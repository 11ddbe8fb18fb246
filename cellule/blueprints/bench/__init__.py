"""Benchmark data: ``flask --app cellule bench-data --scale N`` (no pages of its own).

The foundation's generators live in ``foundation.py``; every feature may add a
``bench.py`` exposing ``generate(ctx, scale, rng)``, run after them in
``FEATURES`` order (see docs/architecture.md).
"""
