"""Unit tests: how claims from invoicing's events become locks, and what a lock refuses."""

from uuid import uuid4

import pytest

from ledgerline_contracts import Locked

from ledgerline_timetracking.domain.locks import (
    Claim, EntryStatus, InvoiceStage, Lock, lock_from_claims, require_deletable, require_editable,
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


def test_unbilled_work_may_be_changed_and_deleted():
    require_editable("unbilled", None, {"account_id", "narrative"})
    require_deletable("unbilled", None)


def test_billed_work_is_immutable_and_says_which_invoice():
    with pytest.raises(Locked, match="locked – entry linked to posted invoice INV-2026-000007"):
        require_editable("billed", "INV-2026-000007", {"narrative"})
    with pytest.raises(Locked, match="locked – expense linked to posted invoice INV-2026-000007"):
        require_deletable("billed", "INV-2026-000007", "expense")


def test_drafted_work_may_be_corrected_but_not_deleted_nor_moved():
    require_editable("drafted", None, {"narrative", "duration_minutes", "billable"})
    with pytest.raises(Locked, match="locked – entry linked to a draft invoice; it cannot be deleted"):
        require_deletable("drafted", None)
    with pytest.raises(Locked, match="its account and matter cannot change") as refused:
        require_editable("drafted", None, {"matter_id", "narrative"})
    assert refused.value.field == "matter_id"
