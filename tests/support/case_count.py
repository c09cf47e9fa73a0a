"""How many requests schemathesis made in this run (reported at the end of the run)."""

cases = 0
