"""A small load generator for machines without wrk: keep-alive connections in threads.

Slower than wrk (the GIL caps it), so its ratios understate cellule less than
they understate B0; prefer wrk. Prints the same ``BENCH_JSON`` line.
"""
from __future__ import annotations

import argparse
import http.client
import json
import threading
import time
from urllib.parse import urlsplit


def run(url: str, duration: float, connections: int, headers: dict[str, str]) -> dict:
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies: list[float] = []
    bad = errors = 0
    lock = threading.Lock()
    stop = time.perf_counter() + duration

    def worker():
        nonlocal bad, errors
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        mine, my_bad, my_errors = [], 0, 0
        while time.perf_counter() < stop:
            started = time.perf_counter()
            try:
                conn.request("GET", target, headers=headers)
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                my_errors += 1
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
                continue
            mine.append(time.perf_counter() - started)
            if response.status >= 400:
                my_bad += 1
        conn.close()
        with lock:
            latencies.extend(mine)
            bad += my_bad
            errors += my_errors

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> int:
        return int(latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1e6) if latencies else 0

    return {"requests": len(latencies), "seconds": round(seconds, 3), "rps": len(latencies) / seconds,
            "p50_us": pct(0.50), "p99_us": pct(0.99), "bad": bad, "errors": errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--duration", type=float, default=5)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("-H", "--header", action="append", default=[])
    args = parser.parse_args()
    headers = dict(h.split(": ", 1) for h in args.header)
    print("BENCH_JSON " + json.dumps(run(args.url, args.duration, args.connections, headers)))


if __name__ == "__main__":
    main()
