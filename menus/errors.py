"""Errors raised by the pure engine."""


class CatalogError(ValueError):
    """A catalog file is not valid; `problems` lists every finding, each naming file and field."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        listing = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{source}: {len(problems)} problem(s) in the catalog:\n{listing}")
