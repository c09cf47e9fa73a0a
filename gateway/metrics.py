"""The counters the web processes keep in memory (hops, their latency, limits hit).

Under gunicorn, PROMETHEUS_MULTIPROC_DIR must be set before this module is imported (devstack,
docker-compose.yml and the systemd units set it; gunicorn.conf.py empties it at start), so that every
worker process writes its counts there and /metrics adds them up. What the database or Redis knows
(messages, queue depth, workers) is read when /metrics is scraped: see gateway/ops/metrics.py.
A counter increment costs a few microseconds and no I/O: cheap enough for every hop.
"""

from prometheus_client import Counter, Histogram

HOPS = Counter("sapa_ussd_hops", "USSD hops answered, by outcome and the screen shown",
               ["outcome", "screen"])
HOP_SECONDS = Histogram("sapa_ussd_hop_seconds", "Time taken to answer a USSD hop",
                        buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 8.0))
LIMITS = Counter("sapa_limits_hit", "Requests stopped by a limit: a body too large, a locked log-in",
                 ["limit"])
