"""Unit tests: how claims from invoicing's events become locks, and what a lock refuses."""

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from ledgerline_contracts import Locked

from ledgerline_timetracking.domain.locks import (
    UNLOCKED, Claim, EntryStatus, InvoiceStage, Lock, lock_from_claims, newly_locked, require_deletable,
    require_editable,
)

DRAFT, POSTED, GONE = uuid4(), uuid4(), uuid4()


def test_no_claim_no_lock():
    assert lock_from_claims([]) == Lock(EntryStatus.UNBILLED)


def test_a_live_claim_of_a_draft_locks_it_as_drafted():
    assert lock_from_claims([Claim(DRAFT, False, InvoiceStage.DRAFTED)]) == Lock(EntryStatus.DRAFTED, DRAFT)


def test_a_posted_claim_bills_it_with_the_invoice_number():
    lock = lock_from_claims([Claim(POSTED, False, InvoiceStage.POSTED, "INV-2026-000007")])
    assert lock == Lock(EntryStatus.BILLED, POSTED, "INV-2026-000007")


@pytest.mark.parametrize("claim", [
    Claim(DRAFT, True, InvoiceStage.DRAFTED),  # line removed from the draft
    Claim(GONE, False, InvoiceStage.RELEASED),  # draft deleted, or invoice voided
    Claim(DRAFT, False, None),  # the invoice's own drafted event has not arrived yet
    Claim(POSTED, True, InvoiceStage.POSTED),  # not among the posted invoice's final items
])
def test_released_or_unconfirmed_claims_do_not_lock(claim):
    assert lock_from_claims([claim]).status is EntryStatus.UNBILLED


def test_the_furthest_live_claim_wins():
    claims = [Claim(GONE, False, InvoiceStage.RELEASED), Claim(DRAFT, False, InvoiceStage.DRAFTED),
              Claim(POSTED, False, InvoiceStage.POSTED, "INV-2026-000009")]
    assert lock_from_claims(claims).invoice_id == POSTED
    assert lock_from_claims(claims[:2]) == Lock(EntryStatus.DRAFTED, DRAFT)


def test_between_two_live_drafts_the_newer_claim_locks():
    """Draft A's release is still on its way when draft B's claim arrives: the lock is B's."""
    now = datetime.now(UTC)
    older, newer = Claim(GONE, False, InvoiceStage.DRAFTED, changed_at=now), \
        Claim(DRAFT, False, InvoiceStage.DRAFTED, changed_at=now + timedelta(seconds=1))
    assert lock_from_claims([newer, older]).invoice_id == DRAFT
    assert lock_from_claims([older, newer]).invoice_id == DRAFT


@pytest.mark.parametrize(("before", "after", "confirm"), [
    (UNLOCKED, Lock(EntryStatus.DRAFTED, DRAFT), True),  # the draft's claim arrived
    (Lock(EntryStatus.DRAFTED, GONE), Lock(EntryStatus.DRAFTED, DRAFT), True),  # the old draft's release arrived
    (Lock(EntryStatus.DRAFTED, DRAFT), Lock(EntryStatus.DRAFTED, DRAFT), False),  # already confirmed
    (Lock(EntryStatus.DRAFTED, DRAFT), Lock(EntryStatus.BILLED, DRAFT, "INV-2026-000001"), False),  # posted
    (Lock(EntryStatus.DRAFTED, DRAFT), UNLOCKED, False),  # released: nothing to confirm
])
def test_an_item_is_confirmed_to_the_invoice_it_becomes_locked_for(before, after, confirm):
    assert newly_locked(before, after) is confirm


def test_unbilled_work_may_be_changed_and_deleted():
    require_editable("unbilled", None)
    require_deletable("unbilled", None)


def test_billed_work_is_immutable_and_says_which_invoice():
    with pytest.raises(Locked, match="locked – entry linked to posted invoice INV-2026-000007"):
        require_editable("billed", "INV-2026-000007")
    with pytest.raises(Locked, match="locked – expense linked to posted invoice INV-2026-000007"):
        require_deletable("billed", "INV-2026-000007", "expense")


def test_drafted_work_never_changes_in_place():
    with pytest.raises(Locked, match="locked – entry linked to a draft invoice; it cannot be deleted"):
        require_deletable("drafted", None)
    with pytest.raises(Locked, match="locked – part linked to a draft invoice; it cannot change until its line "
                                     "is removed from the draft or the draft is deleted"):
        require_editable("drafted", None, "part")
