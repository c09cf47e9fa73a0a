"""Alembic environment: runs migrations on the connection or URL gateway.schema hands over."""

from alembic import context

from gateway import models, records  # noqa: F401  (registers the tables on Base.metadata)
from gateway.db import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with 'flask --app gateway db upgrade' (gateway.schema)")
context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
