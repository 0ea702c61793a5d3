"""agreements and billing runs

Revision ID: c3d9a1f0e6b2
Revises: b7e2d4a91c05
Create Date: 2026-11-29 20:05:00.000000
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


revision = 'c3d9a1f0e6b2'
down_revision = 'b7e2d4a91c05'
branch_labels = None
depends_on = None

UUID = postgresql.UUID(as_uuid=True)
MONEY = sa.Numeric(18, 4)


def upgrade() -> None:
    op.create_table(
        'agreements',
        sa.Column('id', UUID, primary_key=True),
        sa.Column('org_id', UUID, nullable=False),
        sa.Column('account_id', UUID, sa.ForeignKey('accounts.id'), nullable=False),
        sa.Column('name', sa.Text(), nullable=False),
        sa.Column('status', sa.Text(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_by', UUID, nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    )
    op.create_index('agreements_by_account', 'agreements', ['org_id', 'account_id'])
    op.create_table(
        'agreement_lines',
        sa.Column('id', UUID, primary_key=True),
        sa.Column('agreement_id', UUID, sa.ForeignKey('agreements.id'), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('catalog_item_id', UUID, nullable=True),
        sa.Column('quantity', sa.Numeric(14, 3), nullable=False),
        sa.Column('unit_price', MONEY, nullable=False),
        sa.Column('cycle', sa.Text(), nullable=False),
        sa.Column('timing', sa.Text(), nullable=False),
        sa.Column('start_date', sa.Date(), nullable=False),
        sa.Column('end_date', sa.Date(), nullable=True),
    )
    op.create_table(
        'billing_runs',
        sa.Column('id', UUID, primary_key=True),
        sa.Column('org_id', UUID, nullable=False),
        sa.Column('period', sa.Text(), nullable=False),
        sa.Column('status', sa.Text(), nullable=False),
        sa.Column('started_by', UUID, nullable=False),
        sa.Column('started_by_name', sa.Text(), server_default='', nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint('org_id', 'period', name='billing_runs_one_per_period'),
    )
    op.create_table(
        'billing_run_accounts',
        sa.Column('run_id', UUID, sa.ForeignKey('billing_runs.id'), primary_key=True),
        sa.Column('account_id', UUID, sa.ForeignKey('accounts.id'), primary_key=True),
        sa.Column('status', sa.Text(), nullable=False),
        sa.Column('invoice_id', UUID, sa.ForeignKey('invoices.id'), nullable=True),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    )
    op.create_table(
        'billed_periods',
        sa.Column('line_id', UUID, sa.ForeignKey('agreement_lines.id'), primary_key=True),
        sa.Column('period_start', sa.Date(), primary_key=True),
        sa.Column('org_id', UUID, nullable=False),
        sa.Column('invoice_id', UUID, sa.ForeignKey('invoices.id'), nullable=False),
        sa.Column('run_id', UUID, sa.ForeignKey('billing_runs.id'), nullable=True),
        sa.Column('billed_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('billed_periods')
    op.drop_table('billing_run_accounts')
    op.drop_table('billing_runs')
    op.drop_table('agreement_lines')
    op.drop_index('agreements_by_account', table_name='agreements')
    op.drop_table('agreements')
