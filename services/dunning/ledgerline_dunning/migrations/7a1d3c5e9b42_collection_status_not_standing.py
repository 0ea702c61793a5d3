"""an invoice's collection status (open, paid, voided), not its standing

Revision ID: 7a1d3c5e9b42
Revises: 1309944eb8e5
Create Date: 2026-11-29 17:30:00.000000
"""

from alembic import op


revision = '7a1d3c5e9b42'
down_revision = '1309944eb8e5'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.alter_column('invoices', 'standing', new_column_name='collection_status')


def downgrade() -> None:
    op.alter_column('invoices', 'collection_status', new_column_name='standing')
