"""Nothing is lost, and nothing counted twice, when a database or a service goes away.

The broker going away is tested on a broker of its own: test_broker_outage.py."""

from uuid import uuid4

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine, text

from ledgerline_contracts import Envelope
from ledgerline_contracts.events.timetracking import TimeEntry
from ledgerline_devstack.testing import eventually, team_with_an_account
from ledgerline_servicekit.clock import today
from ledgerline_servicekit.outbox import ConfirmingPublisher, OutgoingMessage


def metric(platform, service: str, name: str, **labels) -> float:
    body = requests.get(f"http://127.0.0.1:{platform.metrics_ports[service]}/metrics", timeout=5).text
    total = 0.0
    for family in text_string_to_metric_families(body):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                total += sample.value
    return total


@pytest.fixture
def billable_account(platform, org):
    tech, partner, account = team_with_an_account(org, record)
    eventually(lambda: len(unbilled(partner, account["id"])) == 1, message="the warm-up entry in invoicing")
    return tech, partner, account


def record(tech, account_id, narrative):
    return tech.post("/time-entries", {"account_id": account_id, "work_date": today().isoformat(),
                                       "duration_minutes": 60, "narrative": narrative})


def unbilled(partner, account_id):
    return partner.get(f"/accounts/{account_id}/unbilled").json()["items"]


def test_entries_recorded_while_invoicing_cannot_reach_its_database_all_arrive_once(platform, billable_account):
    tech, partner, account = billable_account
    database = platform.settings.database_name("invoicing")
    admin = create_engine(f"{platform.settings.postgres_url}/postgres", isolation_level="AUTOCOMMIT")
    retries_before = metric(platform, "invoicing", "ledgerline_handler_retries_total", transient="true")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false'))
            connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                    "WHERE datname = :db AND pid <> pg_backend_pid()"), {"db": database})
        for i in range(10):
            assert record(tech, account["id"], f"during the outage {i}").status_code == 201
        eventually(lambda: metric(platform, "invoicing", "ledgerline_handler_retries_total",
                                  transient="true") > retries_before,
                   message="invoicing to fail on its database and schedule retries")
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true'))
        admin.dispose()

    items = eventually(lambda: (lambda found: found if len(found) == 11 else None)(unbilled(partner, account["id"])),
                       timeout=60, message="all eleven entries in invoicing")
    assert sorted(i["narrative"] for i in items) == sorted(["warm-up"] + [f"during the outage {i}" for i in range(10)])
    assert len({i["entry_id"] for i in items}) == 11


def test_entries_recorded_while_invoicing_is_stopped_arrive_once_it_is_back(platform, billable_account):
    tech, partner, account = billable_account
    platform.stop(["invoicing"])
    try:
        for i in range(5):
            assert record(tech, account["id"], f"while stopped {i}").status_code == 201
    finally:
        platform.start(["invoicing"])
    items = eventually(lambda: (lambda found: found if len(found) == 6 else None)(unbilled(partner, account["id"])),
                       message="the five entries after invoicing restarted")
    assert len({i["entry_id"] for i in items}) == 6


def test_the_same_event_delivered_twice_leaves_one_effect(platform, billable_account, org):
    tech, partner, account = billable_account
    duplicates_before = metric(platform, "invoicing", "ledgerline_duplicate_events_total", handler="on_time_entry")
    entry = TimeEntry(entry_id=uuid4(), version=1, user_id=tech.user_id, account_id=account["id"],
                      work_date=today(), duration_minutes=30, billable=True, narrative="delivered twice")
    envelope = Envelope(event_type="time_entry.recorded", org_id=org.org_id, producer="timetracking",
                        payload=entry.model_dump(mode="json"))
    publisher = ConfirmingPublisher(platform.settings.amqp_uri, producer="timetracking")
    message = OutgoingMessage("timetracking.events", "time_entry.recorded", envelope.model_dump_json(),
                              str(envelope.event_id), {})
    publisher.publish_batch([message, message])
    publisher.close()
    eventually(lambda: metric(platform, "invoicing", "ledgerline_duplicate_events_total",
                              handler="on_time_entry") == duplicates_before + 1,
               message="invoicing to skip the second delivery")
    narratives = [i["narrative"] for i in unbilled(partner, account["id"])]
    assert narratives.count("delivered twice") == 1
