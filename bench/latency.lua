-- wrk script: print the figures bench.run reads, as one JSON line at the end.
-- Latencies are in microseconds; "bad" counts answers that were not 2xx/3xx.
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "seconds": %.3f, "rps": %.2f, "p50_us": %d, "p99_us": %d, ' ..
    '"bad": %d, "errors": %d}\n',
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50),
    latency:percentile(99), summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
