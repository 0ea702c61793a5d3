"""The kit's request_keys table: at-most-once RPC commands.

Revision ID: kit_0002
Revises: kit_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "kit_0002"
down_revision = "kit_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "request_keys",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("method", sa.Text, nullable=False),
        sa.Column("result", sa.Text, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_index("request_keys_created", "request_keys", ["created_at"])


def downgrade() -> None:
    op.drop_index("request_keys_created", table_name="request_keys")
    op.drop_table("request_keys")
