"""Count what a request costs: Redis round trips and SQL statements, on the app's own clients."""

from sqlalchemy import event

from gateway.services import services_of


def count_round_trips(app, sent: list[bytes] | None = None) -> list[int]:
    """Make every command or pipeline the app's Redis client sends add one to the counter (and,
    given `sent`, append what it sent there: one bytes value a round trip)."""
    pool = services_of(app).redis.connection_pool
    pool.reset()  # drop pooled connections so new ones are made from the counting class
    counter = [0]
    base = pool.connection_class

    class Counting(base):
        def send_packed_command(self, command, check_health=True):
            counter[0] += 1
            if sent is not None:
                sent.append(command if isinstance(command, bytes) else b"".join(command))
            return super().send_packed_command(command, check_health)

    pool.connection_class = Counting
    return counter


def record_statements(app) -> list[str]:
    """Return a list that every SQL statement the app's database engine runs is appended to."""
    statements: list[str] = []
    event.listen(services_of(app).database, "before_cursor_execute",
                 lambda conn, cursor, statement, *rest: statements.append(statement))
    return statements
