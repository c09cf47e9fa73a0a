"""What `make run` and `make test` start on a machine with nothing but Python: Redis, web, worker."""
