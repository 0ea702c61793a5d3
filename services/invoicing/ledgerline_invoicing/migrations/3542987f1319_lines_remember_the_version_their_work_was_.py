"""lines remember the version their work was locked at

Revision ID: 3542987f1319
Revises: 7b61f7ed2942
Create Date: 2026-11-29 16:20:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '3542987f1319'
down_revision = '7b61f7ed2942'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('invoice_lines', sa.Column('locked_version', sa.Integer(), nullable=True))
    # Lines drafted before work.locked existed: timetracking locked their work when it applied
    # invoice.drafted, and from this release on it keeps locked work as it is, at the version
    # invoicing holds now. A line billing an older version still needs reconciling.
    op.execute("UPDATE invoice_lines SET locked_version = work_items.version FROM work_items "
               "WHERE work_items.id = invoice_lines.source_id")


def downgrade() -> None:
    op.drop_column('invoice_lines', 'locked_version')
