"""Which provider sent each message; delivery reports kept in our words (state, opted out)

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sms_messages") as batch:
        batch.add_column(sa.Column("provider", sa.String(length=20), server_default="", nullable=False))
    with op.batch_alter_table("sms_early_reports") as batch:
        batch.add_column(sa.Column("state", sa.String(length=10), server_default="pending", nullable=False))
        batch.add_column(sa.Column("opted_out", sa.Boolean(), server_default=sa.false(), nullable=False))
    # Reports kept before this revision came from Africa's Talking: read its words.
    op.execute("UPDATE sms_early_reports SET state = 'delivered' WHERE status = 'Success'")
    op.execute("UPDATE sms_early_reports SET state = 'failed' "
               "WHERE status IN ('Failed', 'Rejected', 'Expired')")
    op.execute("UPDATE sms_early_reports SET opted_out = true WHERE failure_reason = 'UserInBlackList'")


def downgrade() -> None:
    with op.batch_alter_table("sms_early_reports") as batch:
        batch.drop_column("opted_out")
        batch.drop_column("state")
    with op.batch_alter_table("sms_messages") as batch:
        batch.drop_column("provider")
