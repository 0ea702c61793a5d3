"""Every log line a worker writes is JSON and says where it came from."""

import json
import logging

from nameko.testing.services import entrypoint_hook

from ledgerline_servicekit.logs import configure_logging

from kit_helpers import actor_json
from kit_sample import Producer


def test_worker_log_lines_carry_service_entrypoint_call_id_and_correlation_id(container_factory, sample_config,
                                                                               capsys):
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    configure_logging("invoicing", "INFO", "json")
    try:
        container = container_factory(Producer, sample_config)
        container.start()
        context = {"actor": actor_json(), "correlation_id": "req-7"}
        with entrypoint_hook(container, "count_accounts", context_data=context) as hook:
            hook()
        lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
    (handled,) = [line for line in lines if line.get("event") == "handled"]
    assert handled["service"] == "invoicing"
    assert handled["entrypoint"] == "count_accounts"
    assert handled["correlation_id"] == "req-7"
    assert handled["call_id"].startswith("invoicing.count_accounts.")
    assert handled["level"] == "info" and "timestamp" in handled
