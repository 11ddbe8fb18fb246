"""Load benchmarks of cellule against a bare-WSGI baseline (B0). Run with ``make bench``."""

# The secret key of every benchmark app and server: TOTP keys in the dataset are encrypted
# with a key derived from it, so every process reading people must share it.
SECRET = "bench-secret-key-not-for-production"
