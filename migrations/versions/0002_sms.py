"""SMS in and out, sending pauses, broadcast consent

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("phone_preferences") as batch:
        batch.add_column(sa.Column("broadcasts", sa.Boolean(), nullable=True))
    op.create_table(
        "sms_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=120), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("segments", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("provider_message_id", sa.String(length=100), nullable=True),
        sa.Column("cost", sa.String(length=40), nullable=False),
        sa.Column("last_error", sa.String(length=200), nullable=False),
        sa.Column("delivery_status", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("send_after", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sms_messages")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_sms_messages_dedupe_key")),
    )
    op.create_index(op.f("ix_sms_messages_status"), "sms_messages", ["status"])
    op.create_index(op.f("ix_sms_messages_provider_message_id"), "sms_messages", ["provider_message_id"])
    op.create_table(
        "sms_inbound",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("short_code", sa.String(length=20), nullable=False),
        sa.Column("link_id", sa.String(length=100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("keyword", sa.String(length=20), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sms_inbound")),
        sa.UniqueConstraint("provider_id", name=op.f("uq_sms_inbound_provider_id")),
    )
    op.create_table(
        "sms_sending_pauses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("paused_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resumed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resumed_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sms_sending_pauses")),
    )


def downgrade() -> None:
    op.drop_table("sms_sending_pauses")
    op.drop_table("sms_inbound")
    op.drop_index(op.f("ix_sms_messages_provider_message_id"), table_name="sms_messages")
    op.drop_index(op.f("ix_sms_messages_status"), table_name="sms_messages")
    op.drop_table("sms_messages")
    with op.batch_alter_table("phone_preferences") as batch:
        batch.drop_column("broadcasts")
