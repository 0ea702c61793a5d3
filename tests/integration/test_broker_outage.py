"""The broker goes away for a minute: nothing dies, the API says 503 at once, nothing is done twice.

These tests stop RabbitMQ, so they run the whole platform on a node of their own
(:class:`~ledgerline_devstack.private_broker.PrivateBroker`): the shared broker
other test runs use is never touched.
"""

import signal
import threading
import time
from pathlib import Path
from uuid import uuid4

import pytest
import requests

from ledgerline_devstack.private_broker import PrivateBroker
from ledgerline_devstack.testing import Organization, eventually, running_platform, team_with_an_account
from ledgerline_servicekit.clock import today

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
OUTAGE_SECONDS = 60
# A refusal must come at once, not after the RPC timeout: a request still unanswered after this fails.
PROMPT_SECONDS = 10


@pytest.fixture(scope="module")
def broker():
    node = PrivateBroker().start()
    yield node
    node.close()


@pytest.fixture(scope="module")
def outage_platform(broker):
    with running_platform("outage", log_dir=ARTIFACTS / "logs", amqp_uri=broker.amqp_uri) as running:
        yield running


@pytest.fixture
def people(outage_platform):
    return team_with_an_account(Organization(outage_platform.settings, outage_platform.url), record)


def record(tech, account_id: str, narrative: str, key: str | None = None) -> requests.Response:
    headers = {"Authorization": f"Bearer {tech.token}", **({"Idempotency-Key": key} if key else {})}
    return requests.post(f"{tech.base_url}/api/v1/time-entries", headers=headers, timeout=PROMPT_SECONDS, json={
        "account_id": account_id, "work_date": today().isoformat(), "duration_minutes": 5,
        "narrative": narrative})


def narratives(tech, account_id: str) -> list[str]:
    found, offset = [], 0
    while page := tech.get(f"/time-entries?account_id={account_id}&limit=100&offset={offset}").json()["items"]:
        found += [e["narrative"] for e in page]
        offset += len(page)
    return found


def unbilled(partner, account_id: str) -> list[str]:
    return [i["narrative"] for i in partner.get(f"/accounts/{account_id}/unbilled").json()["items"]]


class BusyClient(threading.Thread):
    """Records entries back to back, as a busy integration does, so some are in flight when the broker
    goes; it retries each refused one with its Idempotency-Key until it is taken."""

    def __init__(self, tech, account_id: str, name: str):
        super().__init__(daemon=True)
        self.tech, self.account_id, self.label = tech, account_id, name
        self.taken: list[str] = []
        self.unexpected: list[str] = []
        self.finish = threading.Event()

    def run(self) -> None:
        try:
            n = 0
            while not self.finish.is_set():
                narrative, key = f"{self.label} {n}", uuid4().hex
                while (response := record(self.tech, self.account_id, narrative, key)).status_code == 503:
                    time.sleep(0.5)
                if response.status_code == 201:
                    self.taken.append(narrative)
                else:
                    self.unexpected.append(f"{narrative}: {response.status_code} {response.text}")
                n += 1
                time.sleep(0.05)
        except Exception as exc:  # noqa: BLE001 — reported by the test, not lost in the thread
            self.unexpected.append(repr(exc))


def everyone_alive(platform) -> None:
    dead = [name for name, process in platform.processes.items() if not process.alive()]
    assert not dead, f"{', '.join(dead)} exited; see {platform.log_dir}"


def test_a_minute_without_the_broker_kills_nothing_refuses_promptly_and_applies_each_request_once(
        outage_platform, broker, people):
    tech, partner, account = people
    answered: dict[str, requests.Response] = {}  # narrative → the answer its client saw last
    keys: dict[str, str] = {}

    def attempt(narrative: str) -> requests.Response:
        keys.setdefault(narrative, uuid4().hex)
        answered[narrative] = record(tech, account["id"], narrative, keys[narrative])
        return answered[narrative]

    for i in range(3):
        assert attempt(f"before {i}").status_code == 201
    busy = [BusyClient(tech, account["id"], f"busy {n}") for n in range(3)]
    for client in busy:
        client.start()
    time.sleep(1)
    broker.stop_app()
    try:
        stopped = time.monotonic()
        i = 0
        while time.monotonic() - stopped < OUTAGE_SECONDS:
            response = attempt(f"during {i}")
            assert response.status_code == 503, response.text
            assert response.json()["error"]["code"] == "unavailable"
            assert int(response.headers["Retry-After"]) > 0
            everyone_alive(outage_platform)
            i += 1
            time.sleep(2)
    finally:
        broker.start_app()
    everyone_alive(outage_platform)

    # Each client retries its refused request with the same Idempotency-Key until it is taken.
    for narrative in [n for n, r in answered.items() if r.status_code != 201]:
        eventually(lambda: attempt(narrative).status_code == 201, timeout=60,
                   message=f"timetracking to take {narrative!r} after the outage")
    assert attempt("after").status_code == 201
    for client in busy:
        client.finish.set()
        client.join(60)
        assert not client.is_alive() and client.unexpected == []
    everyone_alive(outage_platform)

    expected = sorted(["warm-up", *answered, *(n for client in busy for n in client.taken)])
    assert sorted(narratives(tech, account["id"])) == expected  # every one exactly once
    eventually(lambda: sorted(unbilled(partner, account["id"])) == expected, timeout=60,
               message="every entry, once, in invoicing's work in progress")


def test_events_waiting_in_a_queue_survive_a_broker_restart(outage_platform, broker, people):
    tech, partner, account = people
    outage_platform.stop(["invoicing"])  # its events wait in its durable queue meanwhile
    try:
        for i in range(5):
            assert record(tech, account["id"], f"before the restart {i}").status_code == 201
        broker.stop_app()
        broker.start_app()
        # Every service, and the gateway, reconnect by themselves.
        key = uuid4().hex  # a retry of a request that may have been applied must not apply it again
        eventually(lambda: record(tech, account["id"], "after the restart", key).status_code == 201, timeout=60,
                   message="timetracking to answer again")
    finally:
        outage_platform.start(["invoicing"])
    expected = sorted(["warm-up", "after the restart", *(f"before the restart {i}" for i in range(5))])
    eventually(lambda: sorted(unbilled(partner, account["id"])) == expected, timeout=60,
               message="every entry, from before and after the restart, once")


def test_a_process_that_dies_is_started_again_while_the_rest_keep_running(outage_platform):
    """What `./dev up` does: one process dying no longer stops the whole platform."""
    dunning = outage_platform.processes["dunning"]
    dunning.signal(signal.SIGKILL)
    dunning.popen.wait(30)
    dead = [name for name, p in outage_platform.processes.items() if not p.alive()]
    assert dead == ["dunning"]
    assert outage_platform.revive() == ["dunning"]  # started, and answering its ping again
    everyone_alive(outage_platform)
