"""RQ jobs: plain importable functions with JSON-friendly arguments, run by `python -m workers`."""
