"""B0: a bare WSGI callable answering each benchmarked URL with the bytes cellule gave it.

It runs under the same gunicorn settings as cellule, so the ratio cellule/B0
shows what the application costs on top of the server, the network stack and
the load generator. ``BENCH_B0_CAPTURE`` names the JSON file written by
``bench.run`` (path → status, headers, body in base64).
"""
from __future__ import annotations

import base64
import json
import os

with open(os.environ["BENCH_B0_CAPTURE"], encoding="utf-8") as fh:
    _CAPTURE = {
        key: (entry["status"], [tuple(h) for h in entry["headers"]], base64.b64decode(entry["body"]))
        for key, entry in json.load(fh).items()
    }
_MISSING = ("404 Not Found", [("Content-Type", "text/plain")], b"not captured\n")


def app(environ, start_response):
    """Look the answer up by path (and query); a conditional request gets the captured 304."""
    key = environ.get("PATH_INFO", "/")
    if environ.get("QUERY_STRING"):
        key += "?" + environ["QUERY_STRING"]
    if environ.get("HTTP_IF_NONE_MATCH"):
        key += " (conditional)"
    status, headers, body = _CAPTURE.get(key, _MISSING)
    start_response(status, headers + [("Content-Length", str(len(body)))])
    return [body]
