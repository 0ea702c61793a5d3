"""invoices drafted from work orders

Revision ID: b7e2d4a91c05
Revises: 9c4f1e2a7b30
Create Date: 2026-11-29 19:10:00.000000
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = 'b7e2d4a91c05'
down_revision = '9c4f1e2a7b30'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('invoices', sa.Column('work_order_id', postgresql.UUID(as_uuid=True), nullable=True))
    op.add_column('invoices', sa.Column('work_order_number', sa.Text(), nullable=True))
    op.create_index('invoices_one_per_work_order', 'invoices', ['org_id', 'work_order_id'], unique=True,
                    postgresql_where=sa.text('work_order_id IS NOT NULL'))


def downgrade() -> None:
    op.drop_index('invoices_one_per_work_order', table_name='invoices')
    op.drop_column('invoices', 'work_order_number')
    op.drop_column('invoices', 'work_order_id')
