"""The soak test with faults: `make soak` (about ten minutes) and `make soak-short` (CI, under five).

Two web processes (gunicorn) and two RQ workers, under devstack's supervisor, on their own Redis
(append-only, on a loopback port) and a PostgreSQL database of their own reached through a TCP proxy,
sending through a local stand-in for Africa's Talking. Simulated residents run whole journeys while
the soak SIGKILLs a worker mid-send, restarts Redis, cuts the database off and makes the provider
fail; then it checks that every code shown exists, every SMS promised went exactly once or failed
with a reason, no hop got a 5xx or a refused connection, and how long each fault took to recover.
"""
