"""Time entries through the whole pipeline, against raw pika on the same broker, in one run.

Pipeline: N time entries recorded by RPC to timetracking (8 callers at once),
each written with its event to the outbox, relayed in confirmed batches,
consumed by invoicing's idempotent handler and applied to its work in progress;
the clock stops when invoicing holds all N.

Baseline: raw pika on the same broker: N persistent messages of the same size
published with publisher confirms, while a second connection consumes and acks
them; the clock stops when the last one is consumed.

Absolute rates on a shared machine mean little; the ratio is the figure.

    .venv/bin/python bench/pipeline_vs_pika.py [-n 2000]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from uuid import uuid4

import pika
from sqlalchemy import create_engine, text

from ledgerline_contracts import Actor, Envelope, Role
from ledgerline_contracts.events.invoicing import Account
from ledgerline_contracts.events.timetracking import TimeEntry
from ledgerline_devstack.platform import Platform, free_port, prepare
from ledgerline_servicekit.config import Settings
from ledgerline_servicekit.outbox import ConfirmingPublisher, OutgoingMessage
from ledgerline_servicekit.rpc_client import RpcClient

CALLERS = 8


def settings_for_bench() -> Settings:
    base = Settings()
    return base.model_copy(update={
        "amqp_uri": f"{base.amqp_uri.rsplit('/', 1)[0]}/ledgerline_bench",
        "database_prefix": "ledgerline_bench", "metrics_port": 0, "log_level": "WARNING",
        "log_format": "console"})


def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.02)


def bench_pipeline(settings: Settings, n: int) -> tuple[float, int]:
    org, user = uuid4(), uuid4()
    actor = Actor(user_id=user, org_id=org, role=Role.FEE_EARNER, name="Bench")
    account_id = uuid4()
    # Tell timetracking about an account, as invoicing would.
    publisher = ConfirmingPublisher(settings.amqp_uri, producer="invoicing")
    account = Account(account_id=account_id, version=1, name="Bench Co", billing_email="b@bench.example",
                      currency="EUR", payment_terms_days=30, tax_rate="0")
    envelope = Envelope(event_type="account.created", org_id=org, producer="invoicing",
                        payload=account.model_dump(mode="json"))
    publisher.publish_batch([OutgoingMessage("invoicing.events", "account.created", envelope.model_dump_json(),
                                             str(envelope.event_id), {})])
    publisher.close()

    invoicing = create_engine(settings.database_url_for("invoicing"))
    timetracking = create_engine(settings.database_url_for("timetracking"))

    def known() -> bool:
        with timetracking.connect() as c:
            return c.execute(text("SELECT 1 FROM accounts WHERE id = :id"), {"id": account_id}).first() is not None

    def applied() -> int:
        with invoicing.connect() as c:
            return c.execute(text("SELECT count(*) FROM work_items WHERE org_id = :org"), {"org": org}).scalar_one()

    wait_for(known, 30, "timetracking to learn the account")
    local = threading.local()
    clients: list[RpcClient] = []

    def record(i: int) -> None:
        client = getattr(local, "client", None)
        if client is None:
            client = local.client = RpcClient(settings.amqp_uri)
            clients.append(client)
        client.call("timetracking", "record_time_entry", {
            "account_id": str(account_id), "work_date": date.today().isoformat(), "duration_minutes": 15,
            "narrative": f"Bench entry {i:06d} — patched and rebooted the file server"}, actor=actor)

    started = time.perf_counter()
    with ThreadPoolExecutor(CALLERS) as pool:
        list(pool.map(record, range(n)))
    recorded = time.perf_counter() - started
    print(f"  recorded {n} in {recorded:.1f}s; invoicing had applied {applied()}", flush=True)
    wait_for(lambda: applied() >= n, 600, "invoicing to apply every entry")
    elapsed = time.perf_counter() - started
    for client in clients:
        client.close()

    entry = TimeEntry(entry_id=uuid4(), version=1, user_id=user, user_name="Bench", account_id=account_id,
                      work_date=date.today(), duration_minutes=15, billable=True,
                      narrative="Bench entry 000000 — patched and rebooted the file server")
    size = len(Envelope(event_type="time_entry.recorded", org_id=org, producer="timetracking",
                        payload=entry.model_dump(mode="json")).model_dump_json())
    invoicing.dispose()
    timetracking.dispose()
    return n / elapsed, size


def bench_pika(settings: Settings, n: int, size: int) -> float:
    params = pika.URLParameters(settings.amqp_uri)
    queue = f"bench.pika.{uuid4().hex[:8]}"
    setup = pika.BlockingConnection(params)
    setup.channel().queue_declare(queue, durable=True)
    setup.close()
    body = b"x" * size
    done = threading.Event()

    def consume() -> None:
        connection = pika.BlockingConnection(params)
        channel = connection.channel()
        channel.basic_qos(prefetch_count=100)
        seen = 0
        for method, _props, _body in channel.consume(queue, inactivity_timeout=60):
            if method is None:
                break
            channel.basic_ack(method.delivery_tag)
            seen += 1
            if seen == n:
                break
        channel.cancel()
        connection.close()
        done.set()

    consumer = threading.Thread(target=consume)
    started = time.perf_counter()
    consumer.start()
    connection = pika.BlockingConnection(params)
    channel = connection.channel()
    channel.confirm_delivery()
    properties = pika.BasicProperties(delivery_mode=2, content_type="application/json")
    for _ in range(n):
        channel.basic_publish("", queue, body, properties)
    done.wait(600)
    elapsed = time.perf_counter() - started
    channel.queue_delete(queue)
    connection.close()
    consumer.join()
    return n / elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="time entries (and messages) to send")
    args = parser.parse_args()
    settings = settings_for_bench()
    print(f"preparing a fresh bench platform (vhost ledgerline_bench) for n={args.n} ...", flush=True)
    prepare(settings, fresh=True)
    platform = Platform(settings, log_dir=Path(tempfile.mkdtemp(prefix="ledgerline-bench-")),
                        gateway_port=free_port())
    platform.start([name for name in ("timetracking", "invoicing")])
    try:
        pipeline_rate, size = bench_pipeline(settings, args.n)
    finally:
        platform.stop()
    pika_rate = bench_pika(settings, args.n, size)
    print(f"pipeline (RPC → outbox → relay → broker → invoicing handler): {pipeline_rate:8.0f} entries/s")
    print(f"raw pika publish-with-confirms + consume ({size}-byte messages): {pika_rate:8.0f} messages/s")
    print(f"ratio pipeline / raw pika: {pipeline_rate / pika_rate:.2f}")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("LEDGERLINE_LOG_LEVEL", "WARNING")
    sys.exit(main())
