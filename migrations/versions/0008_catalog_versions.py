"""Catalog versions: every published catalog (its TOML, who, when, what changed) and the draft

Revision ID: 0008_catalog_versions
Revises: 0007_whatsapp
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_catalog_versions"
down_revision = "0007_whatsapp"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalog_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("toml", sa.Text(), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("problems", sa.Text(), nullable=False),
        sa.Column("based_on", sa.Integer(), nullable=True),
        sa.Column("edited_by", sa.String(length=40), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by", sa.String(length=40), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_versions")),
        sa.UniqueConstraint("number", name=op.f("uq_catalog_versions_number")),
    )


def downgrade() -> None:
    op.drop_table("catalog_versions")
