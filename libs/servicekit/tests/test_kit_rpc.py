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
