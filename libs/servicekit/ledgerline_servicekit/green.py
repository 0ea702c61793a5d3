"""Turn the process green: call before anything opens a socket or imports psycopg."""

import os


def monkey_patch() -> None:
    os.environ.setdefault("PSYCOPG_WAIT_FUNC", "wait_select")
    import eventlet

    eventlet.monkey_patch()
