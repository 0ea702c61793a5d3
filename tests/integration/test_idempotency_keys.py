"""Idempotency keys through the API: scoped so no client can reach another operation's key."""

from uuid import uuid4

import kombu

from ledgerline_contracts import Actor, Role
from ledgerline_devstack.testing import eventually
from ledgerline_servicekit.clock import today


def posted_invoice(firm) -> dict:
    account = firm.account()
    firm.record(account)
    return firm.posted(account)


def pay(firm, invoice: dict, amount: str, key: str):
    return firm.billing.post(f"/invoices/{invoice['id']}/payments",
                             {"amount": amount, "received_on": today().isoformat(), "method": "check"},
                             headers={"Idempotency-Key": key})


def test_a_payment_sent_with_mark_as_paids_own_key_does_not_stop_mark_as_paid(firm):
    invoice = posted_invoice(firm)
    assert pay(firm, invoice, "10.00", f"mark-paid:{invoice['id']}").status_code == 201
    paid = firm.billing.post(f"/invoices/{invoice['id']}/mark-paid", {}, expect=200).json()
    assert (paid["status"], paid["balance"]["amount"]) == ("paid", "0.00")
    assert len(paid["payments"]) == 2  # the client's 10.00, then the rest


def test_a_key_reused_with_a_different_body_is_refused_naming_the_header(firm):
    invoice = posted_invoice(firm)
    first = pay(firm, invoice, "10.00", "chk-2001")
    assert first.status_code == 201
    repeat = pay(firm, invoice, "10.00", "chk-2001")
    assert repeat.status_code == 201 and repeat.json() == first.json()
    reused = pay(firm, invoice, "12.00", "chk-2001")
    assert reused.status_code == 422 and reused.json()["error"]["field"] == "Idempotency-Key"
    payments = firm.billing.get(f"/invoices/{invoice['id']}").json()["payments"]
    assert [p["amount"]["amount"] for p in payments] == ["10.00"]



def test_an_rpc_request_the_broker_delivers_twice_records_the_entry_once(platform, org, firm):
    """What RabbitMQ does when a service's connection drops before its ack: the same request again."""
    account = firm.account()
    firm.record(account, narrative="warm-up")  # timetracking knows the account by now
    actor = Actor(user_id=firm.tech.user_id, org_id=org.org_id, role=Role.FEE_EARNER, name="Terry Tech")
    entry = {"account_id": account["id"], "work_date": today().isoformat(), "duration_minutes": 30,
             "narrative": "delivered twice"}
    headers = {"nameko.actor": actor.model_dump_json(), "nameko.request_key": uuid4().hex}
    answers = []
    with kombu.Connection(platform.settings.amqp_uri) as connection:
        channel = connection.channel()
        name = f"test-replies-{uuid4().hex}"
        # nameko answers through its RPC exchange, by the reply queue's name.
        replies = kombu.Queue(name, exchange=kombu.Exchange("nameko-rpc", type="topic"), routing_key=name,
                              exclusive=True, channel=channel)
        replies.declare()
        for _ in range(2):
            kombu.Producer(channel).publish({"args": [entry], "kwargs": {}}, exchange="nameko-rpc",
                                            routing_key="timetracking.record_time_entry", serializer="json",
                                            reply_to=name, correlation_id=uuid4().hex, headers=headers)

        def both_answered():
            while (message := replies.get(no_ack=True)) is not None:
                answers.append(message.decode())
            return len(answers) == 2

        eventually(both_answered, message="both deliveries answered")
    assert answers[0] == answers[1] and answers[0]["error"] is None
    recorded = firm.tech.get(f"/time-entries?account_id={account['id']}").json()["items"]
    assert [e["narrative"] for e in recorded].count("delivered twice") == 1
