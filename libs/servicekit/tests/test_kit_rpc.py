"""RPC methods: the acting user, permissions, commit-before-reply, errors, green database waits."""

from datetime import datetime

import eventlet
import pytest
from nameko.testing.services import entrypoint_hook
from sqlalchemy import func, select

from ledgerline_contracts import Actor, PermissionDenied, Role, ValidationFailed
from ledgerline_servicekit.rpc_client import RpcClient
from ledgerline_servicekit.tables import outbox

from kit_helpers import actor_json
from kit_sample import Producer, accounts


@pytest.fixture
def producer(container_factory, sample_config):
    container = container_factory(Producer, sample_config)
    container.start()
    return container


def call(container, method, *args, role=Role.BILLING, **context):
    with entrypoint_hook(container, method, context_data={"actor": actor_json(role), **context}) as hook:
        return hook(*args)


def test_a_refused_request_changes_nothing(producer, sample_engines):
    with pytest.raises(ValidationFailed) as refused:
        call(producer, "create_then_refuse", "Nope")
    assert refused.value.field == "name"
    with sample_engines["invoicing"].connect() as connection:
        assert connection.execute(select(func.count()).select_from(accounts)).scalar_one() == 0
        assert connection.execute(select(func.count()).select_from(outbox)).scalar_one() == 0


def test_roles_not_allowed_are_refused_before_anything_runs(producer):
    with pytest.raises(PermissionDenied, match="^A fee earner may not create account; ask a member of the billing team.$"):
        call(producer, "create_account", "Acme", role=Role.FEE_EARNER)
    assert call(producer, "count_accounts") == 0


def test_a_call_without_an_acting_user_is_refused(producer):
    with entrypoint_hook(producer, "count_accounts") as hook, pytest.raises(PermissionDenied):
        hook()


def test_the_change_is_committed_before_the_caller_gets_the_reply(producer, sample_engines):
    result = call(producer, "create_account", "Acme")
    with sample_engines["invoicing"].connect() as connection:  # another connection sees it at once
        names = connection.execute(select(accounts.c.name)).scalars().all()
    assert names == ["Acme"] and result["account_id"]


def test_over_the_broker_the_actor_and_correlation_id_arrive_and_errors_keep_their_type(producer, sample_settings):
    client = RpcClient(sample_settings.amqp_uri, timeout=10)
    actor = Actor.model_validate_json(actor_json(Role.PARTNER))
    try:
        seen = client.call("invoicing", "whoami", actor=actor, correlation_id="req-42")
        assert seen["actor"]["user_id"] == str(actor.user_id)
        assert seen["actor"]["role"] == "partner"
        assert seen["correlation_id"] == "req-42"
        with pytest.raises(ValidationFailed) as refused:
            client.call("invoicing", "create_then_refuse", "x", actor=actor.model_copy(update={"role": Role.BILLING}))
        assert (refused.value.message, refused.value.field) == ("name is not allowed", "name")
    finally:
        client.close()


def test_database_waits_are_green_two_sleeps_overlap_on_the_server(producer, sample_settings):
    """With psycopg's C wait the second query could not even start until the first ended."""
    actor = Actor.model_validate_json(actor_json(Role.BILLING))

    def sleep_once():
        client = RpcClient(sample_settings.amqp_uri, timeout=10)
        try:
            return client.call("invoicing", "sleep_on_server", 1, actor=actor)
        finally:
            client.close()

    first, second = eventlet.spawn(sleep_once), eventlet.spawn(sleep_once)
    a, b = first.wait(), second.wait()
    a_start, a_end = datetime.fromisoformat(a["started"]), datetime.fromisoformat(a["ended"])
    b_start, b_end = datetime.fromisoformat(b["started"]), datetime.fromisoformat(b["ended"])
    assert a_start < b_end and b_start < a_end, (a, b)


def test_a_database_that_cannot_be_reached_is_a_503_and_nothing_is_kept(producer, sample_engines):
    from ledgerline_contracts import Unavailable

    with pytest.raises(Unavailable, match="nothing was changed"):
        call(producer, "lose_the_database")
    assert count_rows(sample_engines["invoicing"], accounts) == 0


def test_what_the_database_refuses_is_a_validation_error_naming_the_column(producer):
    with pytest.raises(ValidationFailed) as refused:
        call(producer, "create_unnamed")
    assert refused.value.field == "name" and "must not be empty" in refused.value.message


def test_a_call_to_another_service_has_a_deadline_and_an_unanswered_request_never_runs_later(
        container_factory, sample_config, sample_engines):
    from ledgerline_contracts import Unavailable
    from ledgerline_servicekit.config import nameko_config

    from kit_sample import Caller

    settings = sample_config["LEDGERLINE"].model_copy(update={"rpc_timeout_seconds": 1.0})
    caller = container_factory(Caller, nameko_config(settings))
    caller.start()
    # invoicing is not running: the call gives up after a second, with a clear error ...
    with pytest.raises(Unavailable, match="invoicing did not answer in time"):
        call(caller, "ask_invoicing", "create_account", "Late Ltd")
    # ... and when invoicing starts, the request has expired unread instead of running now.
    container_factory(Producer, sample_config).start()
    eventlet.sleep(1.5)
    with sample_engines["invoicing"].connect() as connection:
        assert connection.execute(select(func.count()).select_from(accounts)).scalar_one() == 0


# --- request keys: at most once -------------------------------------------------------------

def count_rows(engine, table) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def test_a_request_key_runs_once_and_a_repeat_gets_the_first_answer(producer, sample_engines):
    first = call(producer, "create_account", "Acme", request_key="req-1")
    again = call(producer, "create_account", "Acme", request_key="req-1")
    other = call(producer, "create_account", "Acme", request_key="req-2")
    assert again == first and other != first
    assert count_rows(sample_engines["invoicing"], accounts) == 2
    assert count_rows(sample_engines["invoicing"], outbox) == 2


def test_a_refused_request_keeps_no_key_so_a_retry_runs_again(producer, sample_engines):
    for _ in range(2):
        with pytest.raises(ValidationFailed):
            call(producer, "create_then_refuse", "Nope", request_key="req-refused")
    assert count_rows(sample_engines["invoicing"], accounts) == 0


def test_a_request_the_broker_delivers_twice_is_applied_once_and_both_answers_agree(producer, sample_settings,
                                                                                      sample_engines):
    """What RabbitMQ does when the connection drops before the ack: the same request again."""
    import kombu

    with kombu.Connection(sample_settings.amqp_uri) as connection:
        channel = connection.channel()
        # nameko answers through its RPC exchange, by the reply queue's name.
        reply_queue = kombu.Queue("kit-test-replies", exchange=kombu.Exchange("nameko-rpc", type="topic"),
                                  routing_key="kit-test-replies", exclusive=True, channel=channel)
        reply_queue.declare()
        producer_ = kombu.Producer(channel)
        for _ in range(2):
            producer_.publish({"args": ["Twice Ltd"], "kwargs": {}}, exchange="nameko-rpc",
                              routing_key="invoicing.create_account", serializer="json",
                              reply_to=reply_queue.name, correlation_id="corr-1",
                              headers={"nameko.actor": actor_json(Role.BILLING),
                                       "nameko.request_key": "delivered-twice"})
        replies = []
        deadline = 50
        while len(replies) < 2 and deadline:
            message = reply_queue.get(no_ack=True)
            if message is None:
                eventlet.sleep(0.1)
                deadline -= 1
                continue
            replies.append(message.decode())
    assert len(replies) == 2 and replies[0] == replies[1] and replies[0]["error"] is None
    assert count_rows(sample_engines["invoicing"], accounts) == 1


def test_calls_to_another_service_carry_keys_of_their_own(container_factory, sample_config, sample_engines):
    from kit_sample import Caller

    container_factory(Producer, sample_config).start()
    caller = container_factory(Caller, sample_config)
    caller.start()
    first = call(caller, "ask_invoicing_for_each", "create_account", ["One", "Two"], request_key="outer")
    # Two calls in one request are two requests to invoicing; the whole request repeated is neither.
    assert call(caller, "ask_invoicing_for_each", "create_account", ["One", "Two"], request_key="outer") == first
    assert count_rows(sample_engines["invoicing"], accounts) == 2
