"""delivery reports that arrive before their message id is known

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sms_early_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider_message_id", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("failure_reason", sa.String(length=60), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sms_early_reports")),
    )
    op.create_index(op.f("ix_sms_early_reports_provider_message_id"), "sms_early_reports",
                    ["provider_message_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_sms_early_reports_provider_message_id"), table_name="sms_early_reports")
    op.drop_table("sms_early_reports")
