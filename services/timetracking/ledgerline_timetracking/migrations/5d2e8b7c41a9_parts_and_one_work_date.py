"""parts (not materials) and one name for the date of work

Revision ID: 5d2e8b7c41a9
Revises: 6e18067090b4
Create Date: 2026-11-29 17:20:00.000000
"""

from alembic import op


revision = '5d2e8b7c41a9'
down_revision = '6e18067090b4'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.rename_table('materials', 'parts')
    op.alter_column('parts', 'used_on', new_column_name='work_date')
    op.alter_column('expenses', 'incurred_on', new_column_name='work_date')
    for suffix in ('user_date', 'account', 'matter'):
        op.execute(f'ALTER INDEX materials_{suffix} RENAME TO parts_{suffix}')
    op.execute("ALTER TABLE parts RENAME CONSTRAINT materials_pkey TO parts_pkey")
    op.execute("UPDATE invoice_claims SET item_kind = 'part' WHERE item_kind = 'material'")


def downgrade() -> None:
    op.execute("UPDATE invoice_claims SET item_kind = 'material' WHERE item_kind = 'part'")
    op.execute("ALTER TABLE parts RENAME CONSTRAINT parts_pkey TO materials_pkey")
    for suffix in ('user_date', 'account', 'matter'):
        op.execute(f'ALTER INDEX parts_{suffix} RENAME TO materials_{suffix}')
    op.alter_column('expenses', 'work_date', new_column_name='incurred_on')
    op.alter_column('parts', 'work_date', new_column_name='used_on')
    op.rename_table('parts', 'materials')
