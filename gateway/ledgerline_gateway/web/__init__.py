"""The web UI: server-rendered pages, one module per feature, all declared on :data:`web`.

To add a feature's pages: write ``web/<feature>.py`` declaring them with
``@web.page(...)`` (each names its capability), put its templates in
``templates/<feature>/`` extending ``base.html``, and import the module in
:func:`load_all`.
"""

from ledgerline_gateway.web.pages import Web

web = Web()


def load_all() -> Web:
    """Import every page module (declaring their pages) and return the web UI."""
    from ledgerline_gateway.web import (  # noqa: F401
        accounts, admin, auth, crew, dashboard, invoices, matters, profile, settings, stats, time, timers, timesheet,
        tokens, work_orders,
    )
    from ledgerline_gateway.web import field  # noqa: F401

    return web
