"""USSD session outcomes and per-phone language

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ussd_session_ends",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.String(length=100), nullable=False),
        sa.Column("service_code", sa.String(length=40), nullable=False),
        sa.Column("network_code", sa.String(length=20), nullable=False),
        sa.Column("phone_masked", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("cost", sa.String(length=40), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=True),
        sa.Column("hops_count", sa.Integer(), nullable=True),
        sa.Column("error_message", sa.String(length=200), nullable=False),
        sa.Column("provider_date", sa.String(length=40), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ussd_session_ends")),
        sa.UniqueConstraint("session_id", name=op.f("uq_ussd_session_ends_session_id")),
    )
    op.create_table(
        "phone_preferences",
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("phone", name=op.f("pk_phone_preferences")),
    )


def downgrade() -> None:
    op.drop_table("phone_preferences")
    op.drop_table("ussd_session_ends")
