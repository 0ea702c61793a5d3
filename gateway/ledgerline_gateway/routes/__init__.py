"""The REST API's endpoints, one module per area; all declared on :data:`api`."""

from ledgerline_gateway.api.endpoints import Api

api = Api()


def load_all() -> Api:
    """Import every route module (declaring their endpoints) and return the API."""
    from ledgerline_gateway.routes import (  # noqa: F401
        accounts, auth, invoices, pricing, reports, time, tokens, users, workorders,
    )
    from ledgerline_gateway.routes import (  # noqa: F401  (time tracking)
        activity_codes, expenses, matters, parts, stats, timers, timesheet,
    )
    from ledgerline_gateway.routes import crew, proposals  # noqa: F401  (work orders)
    from ledgerline_gateway.routes import agreements, billing_runs  # noqa: F401  (recurring billing)

    return api
