"""Keep the applicant's name and RT/RW on each application

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.add_column(sa.Column("applicant_name", sa.String(length=60), server_default="", nullable=False))
        batch.add_column(sa.Column("rt_rw", sa.String(length=7), server_default="", nullable=False))
    # Applications made before this revision take their resident's current details.
    op.execute("UPDATE applications SET applicant_name = (SELECT name FROM residents WHERE "
               "residents.id = applications.resident_id), rt_rw = (SELECT rt_rw FROM residents "
               "WHERE residents.id = applications.resident_id)")


def downgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("rt_rw")
        batch.drop_column("applicant_name")
