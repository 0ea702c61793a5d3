"""Rules about users, roles and delegations, checked directly."""

from uuid import uuid4

import pytest

from ledgerline_contracts import Conflict, Role, ValidationFailed
from ledgerline_gateway import domain


def test_a_customer_user_needs_exactly_one_account_and_staff_none():
    domain.check_account_for_role(Role.CUSTOMER, uuid4())
    domain.check_account_for_role(Role.BILLING, None)
    with pytest.raises(ValidationFailed) as missing:
        domain.check_account_for_role(Role.CUSTOMER, None)
    assert missing.value.field == "account_id"
    with pytest.raises(ValidationFailed):
        domain.check_account_for_role(Role.PARTNER, uuid4())


@pytest.mark.parametrize(("principal", "delegate", "field"), [
    (Role.FEE_EARNER, Role.FEE_EARNER, "principal_id"),
    (Role.BILLING, Role.FEE_EARNER, "principal_id"),
    (Role.PARTNER, Role.CUSTOMER, "delegate_id"),
    (Role.PARTNER, Role.ADMIN, "delegate_id"),
])
def test_only_partners_oversee_and_only_people_who_record_time_are_overseen(principal, delegate, field):
    with pytest.raises(ValidationFailed) as refused:
        domain.check_delegation(uuid4(), principal, uuid4(), delegate)
    assert refused.value.field == field


def test_partners_oversee_fee_earners_and_associates_but_not_themselves():
    domain.check_delegation(uuid4(), Role.PARTNER, uuid4(), Role.ASSOCIATE_PARTNER)
    domain.check_delegation(uuid4(), Role.ASSOCIATE_PARTNER, uuid4(), Role.FEE_EARNER)
    same = uuid4()
    with pytest.raises(ValidationFailed, match="own delegate"):
        domain.check_delegation(same, Role.PARTNER, same, Role.PARTNER)
    with pytest.raises(ValidationFailed, match="cannot oversee each other"):
        domain.check_delegation(uuid4(), Role.ASSOCIATE_PARTNER, uuid4(), Role.PARTNER,
                                delegate_oversees_principal=True)


def test_the_last_active_admin_stays():
    with pytest.raises(Conflict):
        domain.check_admins_remain(1, was_active_admin=True, stays_active_admin=False)
    domain.check_admins_remain(2, was_active_admin=True, stays_active_admin=False)
    domain.check_admins_remain(1, was_active_admin=True, stays_active_admin=True)
    domain.check_admins_remain(0, was_active_admin=False, stays_active_admin=False)


def test_only_overseeing_roles_keep_delegations():
    assert domain.keeps_delegations(Role.PARTNER) and domain.keeps_delegations(Role.ASSOCIATE_PARTNER)
    assert not any(domain.keeps_delegations(r) for r in (Role.FEE_EARNER, Role.BILLING, Role.ADMIN, Role.CUSTOMER))
