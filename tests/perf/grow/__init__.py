"""Row growers of the list pages, one module per feature; the registry is ``tests/perf/pages.py``."""
