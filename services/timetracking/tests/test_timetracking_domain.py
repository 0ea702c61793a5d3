from datetime import date
from uuid import uuid4

import pytest
from pydantic import ValidationError

from ledgerline_contracts import Locked, PermissionDenied, Role
from ledgerline_servicekit.testing.fixtures import make_actor
from ledgerline_contracts.commands.timetracking import NARRATIVE_MAX, NewTimeEntry
from ledgerline_timetracking import domain


def entry(**fields):
    return NewTimeEntry(**({"account_id": uuid4(), "work_date": date(2026, 11, 2),
                                   "duration_minutes": 30, "narrative": "Call with client"} | fields))


@pytest.mark.parametrize("minutes", [0, -5, 24 * 60 + 1])
def test_duration_must_be_positive_and_at_most_a_day(minutes):
    with pytest.raises(ValidationError, match="duration_minutes"):
        entry(duration_minutes=minutes)


def test_narrative_is_required_and_trimmed():
    assert entry(narrative="  Reviewed lease  ").narrative == "Reviewed lease"
    with pytest.raises(ValidationError, match="narrative"):
        entry(narrative="   ")
    with pytest.raises(ValidationError, match="narrative"):
        entry(narrative="x" * (NARRATIVE_MAX + 1))


def test_locked_entries_say_why():
    domain.require_unlocked("unbilled", None, "edit")
    with pytest.raises(Locked, match="locked – entry linked to posted invoice INV-2026-000007"):
        domain.require_unlocked("billed", "INV-2026-000007", "edit")
    with pytest.raises(Locked, match="draft invoice"):
        domain.require_unlocked("drafted", None, "delete")


def test_invoice_stages_only_move_forward():
    assert domain.InvoiceStage.DRAFTED < domain.InvoiceStage.POSTED < domain.InvoiceStage.RELEASED
    assert domain.ENTRY_STATUS_AT[domain.InvoiceStage.POSTED] == "billed"


def test_who_sees_whose_time():
    fee_earner = make_actor(Role.FEE_EARNER)
    delegate = uuid4()
    partner = make_actor(Role.PARTNER, delegates=(delegate,))
    assert domain.visible_user_ids(fee_earner) == {fee_earner.user_id}
    assert domain.visible_user_ids(partner) == {partner.user_id, delegate}
    assert domain.visible_user_ids(make_actor(Role.BILLING)) is None
    with pytest.raises(PermissionDenied):
        domain.visible_user_ids(make_actor(Role.CUSTOMER))
