"""A bounded schemathesis run over the whole OpenAPI document against the real services: whatever
a client sends, within the document or not, the answer is never a 5xx.

Each operation is called as the first of ``ROLES`` allowed to use it, so the request reaches past the
permission check into the services. Kept to about two minutes: ten examples per operation, no
shrinking, no deadline.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error

from ledgerline_contracts import Role
from ledgerline_devstack.testing import Firm, Organization
from ledgerline_gateway.api.openapi import openapi_document
from ledgerline_gateway.permissions import Capability, allows
from ledgerline_gateway.routes import load_all

# Signing in is left out: failed attempts count against the client address (127.0.0.1 for every test).
schema = schemathesis.openapi.from_dict(openapi_document(load_all(), "Ledgerline API", "fuzz")).exclude(
    operation_id="issue_token")
ROLES = (Role.BILLING, Role.PARTNER, Role.FEE_EARNER, Role.ADMIN, Role.CUSTOMER)


@pytest.fixture(scope="module")
def tokens(platform):
    """A bearer token for each role, in an organization of their own with one account."""
    org = Organization(platform.settings, platform.url, "Fuzz")
    account = Firm(org).account()
    users = {role: org.user(role, account_id=account["id"] if role is Role.CUSTOMER else None) for role in ROLES}
    return {role: user.token for role, user in users.items()}


@schema.parametrize()
@settings(max_examples=10, phases=[Phase.explicit, Phase.generate], deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_no_request_gets_a_server_error(case, platform, tokens):
    capability = case.operation.definition.raw.get("x-capability")
    role = next(r for r in ROLES if allows(Capability(capability), r)) if capability else None
    headers = {"Authorization": f"Bearer {tokens[role]}"} if role else {}
    case.call_and_validate(base_url=platform.url, headers=headers, checks=[not_a_server_error], timeout=30)
