"""WhatsApp messages in and out; the channel each application and phone uses

Revision ID: 0007_whatsapp
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_whatsapp"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.add_column(sa.Column("channel", sa.String(length=10), server_default="ussd", nullable=False))
    # Applications so far came by USSD (SMS cannot apply yet): the first history row names the channel.
    op.execute("UPDATE applications SET channel = 'sms' WHERE id IN (SELECT application_id FROM "
               "status_changes WHERE from_status = '' AND reason = 'SMS')")
    with op.batch_alter_table("phone_preferences") as batch:
        batch.add_column(sa.Column("channel", sa.String(length=10), server_default="sms", nullable=False))
        batch.add_column(sa.Column("whatsapp_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "whatsapp_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=120), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("fallback_text", sa.Text(), nullable=False),
        sa.Column("template_params", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("sent_as", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("wamid", sa.String(length=160), nullable=True),
        sa.Column("last_error", sa.String(length=200), nullable=False),
        sa.Column("fallback_sms_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("send_after", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["fallback_sms_id"], ["sms_messages.id"],
                                name=op.f("fk_whatsapp_messages_fallback_sms_id_sms_messages")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_whatsapp_messages")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_whatsapp_messages_dedupe_key")),
    )
    op.create_index(op.f("ix_whatsapp_messages_phone"), "whatsapp_messages", ["phone"])
    op.create_index(op.f("ix_whatsapp_messages_status"), "whatsapp_messages", ["status"])
    op.create_index(op.f("ix_whatsapp_messages_wamid"), "whatsapp_messages", ["wamid"])
    op.create_table(
        "whatsapp_inbound",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wamid", sa.String(length=160), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("tapped", sa.String(length=200), nullable=False),
        sa.Column("keyword", sa.String(length=20), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_whatsapp_inbound")),
        sa.UniqueConstraint("wamid", name=op.f("uq_whatsapp_inbound_wamid")),
    )
    op.create_index(op.f("ix_whatsapp_inbound_phone"), "whatsapp_inbound", ["phone"])


def downgrade() -> None:
    op.drop_table("whatsapp_inbound")
    op.drop_table("whatsapp_messages")
    with op.batch_alter_table("phone_preferences") as batch:
        batch.drop_column("whatsapp_at")
        batch.drop_column("channel")
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("channel")
