"""Timetracking's use cases without a nameko container: the unit of work in memory (what it
would publish, in lists) over a session on the test database that is never committed."""

from datetime import timedelta
from uuid import UUID, uuid4

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from ledgerline_contracts import Locked
from ledgerline_contracts.commands import timetracking as commands
from ledgerline_contracts.events import invoicing as billing
from ledgerline_servicekit import replicas
from ledgerline_servicekit.testing.fixtures import envelope_for
from ledgerline_servicekit.unit_of_work import InMemoryUnitOfWork

from ledgerline_timetracking.storage import tables
from ledgerline_timetracking.storage import timers as timer_storage
from ledgerline_timetracking.use_cases import locks, timers, work
from ledgerline_timetracking.use_cases.effects import TIMETRACKING_EVENTS
from timetracking_helpers import ORG, alice, invoice_event


class InMemoryWithDatabase(InMemoryUnitOfWork):
    """What the use case publishes is kept in lists; what it stores goes to ``session``."""

    def __init__(self, session: Session):
        super().__init__(TIMETRACKING_EVENTS)
        self.session = session


@pytest.fixture
def session(database_url):
    engine = create_engine(database_url)
    with Session(engine) as session:
        yield session
        session.rollback()
    engine.dispose()


@pytest.fixture
def account(session) -> UUID:
    account = billing.Account(account_id=uuid4(), version=1, name="Acme", active=True,
                              billing_email="ap@acme.example", currency="EUR", payment_terms_days=30, tax_rate="0")
    replicas.apply_account_event(session, tables.accounts, envelope_for("account.updated", ORG, account))
    return account.account_id


def record(session, account: UUID, **fields):
    uow = InMemoryWithDatabase(session)
    entry = work.record_time_entry(uow, alice, commands.NewTimeEntry.model_validate(
        {"account_id": account, "work_date": "2026-11-02", "duration_minutes": 45, "narrative": "Reset VPN tokens"}
        | fields))
    return entry, uow


def test_recording_time_publishes_the_whole_entry_and_audits_nothing(session, account):
    entry, uow = record(session, account)
    (published,) = uow.published
    assert (published.event_type, published.org_id) == ("time_entry.recorded", ORG)
    assert published.payload.entry_id == entry.id and published.payload.version == 1
    assert published.payload.duration_minutes == 45 and published.payload.user_name == "Alice"
    # Timetracking keeps no audit trail of its own (domain/events.py).
    assert uow.audited == [] and uow.committed == 1


def test_a_locked_entry_is_neither_edited_nor_deleted_and_nothing_is_published(session, account):
    entry, _ = record(session, account)
    drafted = invoice_event("invoice.drafted", uuid4(), billing.InvoiceItems(time_entry_ids=[entry.id]))
    locks.invoice_drafted(InMemoryWithDatabase(session), drafted)
    uow = InMemoryWithDatabase(session)
    with pytest.raises(Locked, match="draft invoice"):
        work.edit_time_entry(uow, alice, str(entry.id), commands.EditTimeEntry(narrative="Reworded"))
    with pytest.raises(Locked):
        work.delete_time_entry(uow, alice, str(entry.id))
    assert (uow.published, uow.committed) == ([], 0)


def test_an_edit_is_the_next_version_and_a_deletion_the_one_after(session, account):
    entry, _ = record(session, account)
    uow = InMemoryWithDatabase(session)
    work.edit_time_entry(uow, alice, str(entry.id), commands.EditTimeEntry(narrative="Reworded"))
    work.delete_time_entry(uow, alice, str(entry.id))
    edited, deleted = uow.published
    assert (edited.event_type, edited.payload.version, edited.payload.narrative) == (
        "time_entry.updated", 2, "Reworded")
    assert (deleted.event_type, deleted.payload.entry_id, deleted.payload.version) == (
        "time_entry.deleted", entry.id, 3)


def test_an_edit_that_changes_nothing_publishes_nothing(session, account):
    entry, _ = record(session, account)
    uow = InMemoryWithDatabase(session)
    assert work.edit_time_entry(uow, alice, str(entry.id),
                                commands.EditTimeEntry(narrative="Reset VPN tokens")).version == 1
    assert uow.published == []


def test_a_draft_locks_its_work_and_confirms_each_item_at_its_version(session, account):
    entry, _ = record(session, account)
    invoice_id = uuid4()
    uow = InMemoryWithDatabase(session)
    locks.invoice_drafted(uow, invoice_event("invoice.drafted", invoice_id,
                                             billing.InvoiceItems(time_entry_ids=[entry.id])))
    (confirmed,) = uow.published
    assert (confirmed.event_type, confirmed.payload.invoice_id) == ("work.locked", invoice_id)
    assert [(i.kind, i.item_id, i.version) for i in confirmed.payload.items] == [("time", entry.id, 1)]


def test_committing_a_timer_records_its_entry_then_says_how_it_was_rounded(session, account):
    uow = InMemoryWithDatabase(session)
    timer_id, started = timers.start_timer(uow, alice, commands.StartTimer(account_id=account, description="Backups"))
    timer_storage.update_timer(session, timer_id, {"running_since": started - timedelta(minutes=25, seconds=10)})
    _, _, entry = timers.commit_timer(uow, alice, str(timer_id), commands.CommitTimer())
    recorded, committed = uow.published
    assert (recorded.event_type, recorded.payload.entry_id, recorded.payload.timer_id) == (
        "time_entry.recorded", entry.id, timer_id)
    assert (committed.event_type, committed.payload.entry_id, committed.payload.rounded_minutes) == (
        "timer.committed", entry.id, 26)
    assert committed.payload.rounding_rule == "up to the next minute"
