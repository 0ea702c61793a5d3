"""The event catalog and the services' handlers agree.

A consumer listed in the catalog without a handler would leave a queue that
only grows; a handler not in the catalog would never get a queue (the kit
refuses to start it).
"""

import inspect

import pytest

from ledgerline_contracts.catalog import SERVICES, events_consumed_by
from ledgerline_servicekit.events import EventHandler
from ledgerline_servicekit.registry import load_service, service_names


def handled_event_types(service_cls) -> set[str]:
    handled = set()
    for _, method in inspect.getmembers(service_cls, callable):
        for entrypoint in getattr(method, "nameko_entrypoints", ()):
            if isinstance(entrypoint, EventHandler):
                handled.add(entrypoint.event_type)
    return handled


def test_every_service_in_the_catalog_is_installed():
    assert sorted(SERVICES) == service_names()


@pytest.mark.parametrize("service", SERVICES)
def test_handlers_match_the_catalog(service):
    service_cls = load_service(service)
    assert service_cls.name == service
    assert handled_event_types(service_cls) == {spec.event_type for spec in events_consumed_by(service)}
