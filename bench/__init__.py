"""Load benchmarks of cellule against a bare-WSGI baseline (B0). Run with ``make bench``."""
