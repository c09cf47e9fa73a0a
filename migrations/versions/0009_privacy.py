"""Residents' data requests with their deadlines; mark anonymised applications and erased residents.

Revision ID: 0009_privacy
Revises: 0008_catalog_versions
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_privacy"
down_revision = "0008_catalog_versions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "privacy_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("channel", sa.String(10), nullable=False),
        sa.Column("contact", sa.String(80), nullable=False),
        sa.Column("note", sa.String(300), nullable=False),
        sa.Column("recorded_by", sa.String(40), nullable=False),
        sa.Column("source_key", sa.String(120), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_by", sa.String(40), nullable=False),
        sa.Column("answer", sa.String(300), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_requests")),
        sa.UniqueConstraint("source_key", name=op.f("uq_privacy_requests_source_key")),
    )
    op.create_index(op.f("ix_privacy_requests_due_at"), "privacy_requests", ["due_at"])
    with op.batch_alter_table("applications") as batch:
        batch.add_column(sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("residents") as batch:
        batch.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("residents") as batch:
        batch.drop_column("erased_at")
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("anonymised_at")
    op.drop_index(op.f("ix_privacy_requests_due_at"), table_name="privacy_requests")
    op.drop_table("privacy_requests")
