"""Customer accounts (owned by invoicing)."""

from __future__ import annotations

from ledgerline_contracts.commands.base import Page
from ledgerline_contracts.commands.invoicing import AccountChanges, NewAccount
from ledgerline_contracts.views.invoicing import AccountView
from ledgerline_gateway.api.endpoints import ApiRequest
from ledgerline_gateway.api.responses import page_of
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.routes import api


@api.endpoint("POST", "/accounts", capability=Capability.MANAGE_BILLING, tag="accounts", status=201,
              summary="Create a customer account", body=NewAccount, response=AccountView)
def create_account(req: ApiRequest):
    return req.call("invoicing", "create_account", req.body.model_dump(mode="json"))


@api.endpoint("GET", "/accounts", capability=Capability.VIEW_ACCOUNTS, tag="accounts",
              summary="List customer accounts", query=Page, response=page_of(AccountView))
def list_accounts(req: ApiRequest):
    if req.actor.is_customer:
        account = req.call("invoicing", "get_account", str(req.actor.account_id))
        return {"items": [account], "total": 1, "limit": req.query.limit, "offset": 0}
    return req.call("invoicing", "list_accounts", limit=req.query.limit, offset=req.query.offset)


@api.endpoint("GET", "/accounts/<uuid:account_id>", capability=Capability.VIEW_ACCOUNTS, tag="accounts",
              summary="Show a customer account", response=AccountView)
def get_account(req: ApiRequest):
    return req.call("invoicing", "get_account", str(req.path["account_id"]))


@api.endpoint("PATCH", "/accounts/<uuid:account_id>", capability=Capability.MANAGE_BILLING, tag="accounts",
              body=AccountChanges, response=AccountView,
              summary="Change a customer account (active=false deactivates it)")
def update_account(req: ApiRequest):
    return req.call("invoicing", "update_account", str(req.path["account_id"]),
                    req.body.model_dump(mode="json", exclude_unset=True))
