"""work items and invoice lines say part, not material

Revision ID: 9c4f1e2a7b30
Revises: 3542987f1319
Create Date: 2026-11-29 17:20:00.000000
"""

from alembic import op


revision = '9c4f1e2a7b30'
down_revision = '3542987f1319'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE work_items SET kind = 'part' WHERE kind = 'material'")
    op.execute("UPDATE invoice_lines SET kind = 'part' WHERE kind = 'material'")


def downgrade() -> None:
    op.execute("UPDATE invoice_lines SET kind = 'material' WHERE kind = 'part'")
    op.execute("UPDATE work_items SET kind = 'material' WHERE kind = 'part'")
