"""Work orders' storage: the tables (``metadata``, for Alembic) and every query, one module per area."""

from ledgerline_workorders.storage import audit, proposals, resources, work_orders  # noqa: F401
from ledgerline_workorders.storage.tables import accounts, metadata  # noqa: F401
