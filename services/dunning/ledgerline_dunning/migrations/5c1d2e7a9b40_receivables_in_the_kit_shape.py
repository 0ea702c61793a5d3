"""receivables in the kit's shape (ledgerline_servicekit.receivables): every row is kept

Dunning's ``invoices`` becomes ``receivables``, its ``id`` ``invoice_id`` and its
``standing`` ``status``, as in every service that keeps receivables. An event that
overtakes its invoice's posting now makes a row of its own, so what only the posting
says may be empty until it arrives.

Revision ID: 5c1d2e7a9b40
Revises: 1309944eb8e5
Create Date: 2026-11-29 17:05:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '5c1d2e7a9b40'
down_revision = '1309944eb8e5'
branch_labels = None
depends_on = None

POSTING_ONLY = {'account_name': sa.Text(), 'billing_email': sa.Text(), 'due_date': sa.Date(),
                'currency': sa.Text(), 'total': sa.Numeric(precision=18, scale=4),
                'balance': sa.Numeric(precision=18, scale=4)}


def upgrade() -> None:
    op.rename_table('invoices', 'receivables')
    op.execute('ALTER INDEX invoices_pkey RENAME TO receivables_pkey')
    op.alter_column('receivables', 'id', new_column_name='invoice_id')
    op.alter_column('receivables', 'standing', new_column_name='status', server_default='open')
    for name, type_ in POSTING_ONLY.items():
        op.alter_column('receivables', name, existing_type=type_, nullable=True)
    op.add_column('receivables', sa.Column('issue_date', sa.Date(), nullable=True))
    op.create_index('receivables_account', 'receivables', ['org_id', 'account_id'], unique=False)


def downgrade() -> None:
    op.drop_index('receivables_account', table_name='receivables')
    op.drop_column('receivables', 'issue_date')
    # The old shape held posted invoices only; the others are rebuilt from their events.
    op.execute("DELETE FROM receivables WHERE due_date IS NULL")
    for name, type_ in POSTING_ONLY.items():
        op.alter_column('receivables', name, existing_type=type_, nullable=False)
    op.alter_column('receivables', 'status', new_column_name='standing', server_default=None)
    op.alter_column('receivables', 'invoice_id', new_column_name='id')
    op.execute('ALTER INDEX receivables_pkey RENAME TO invoices_pkey')
    op.rename_table('receivables', 'invoices')
