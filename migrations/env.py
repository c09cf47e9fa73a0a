"""Alembic environment: runs migrations on the connection gateway.store.schema hands over."""

from alembic import context

from gateway.store.schema import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with 'flask --app gateway db upgrade' (gateway.store.schema)")
context.configure(connection=connection, target_metadata=metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
