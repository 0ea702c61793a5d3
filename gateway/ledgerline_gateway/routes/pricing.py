"""Rates, cost rates, the parts and services catalog, quotes, and the billing profile (owned by invoicing)."""

from __future__ import annotations

from ledgerline_contracts.commands.invoicing import (
    BillingProfile, CatalogFilters, CatalogItem, CatalogItemChanges, CostRateRequest, NewCatalogItem, Quote,
    QuoteRequest, RateFilters, RateRequest, StockAdjustment,
)
from ledgerline_contracts.views.invoicing import BillingProfileView, CostRateView, RateView
from ledgerline_gateway.api.endpoints import ApiRequest
from ledgerline_gateway.api.responses import list_of, page_of
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.routes import api


def _id(value) -> str | None:
    return str(value) if value else None


# --- rates -------------------------------------------------------------------------------------

@api.endpoint("GET", "/rates", capability=Capability.MANAGE_BILLING, tag="pricing", query=RateFilters,
              response=page_of(RateView),
              summary="List hourly rates: standard, account and matter overrides")
def list_rates(req: ApiRequest):
    q = req.query
    return req.call("invoicing", "list_rates", account_id=_id(q.account_id), matter_id=_id(q.matter_id),
                    user_id=_id(q.user_id), limit=q.limit, offset=q.offset)


@api.endpoint("PUT", "/rates", capability=Capability.MANAGE_BILLING, tag="pricing", body=RateRequest,
              response=RateView,
              summary="Set an hourly rate (replaces the rate set for the same account/matter/user/activity)")
def set_rate(req: ApiRequest):
    return req.call("invoicing", "set_rate", req.body.model_dump(mode="json"))


@api.endpoint("DELETE", "/rates/<uuid:rate_id>", capability=Capability.MANAGE_BILLING, tag="pricing", status=204,
              summary="Remove an hourly rate")
def delete_rate(req: ApiRequest):
    return req.call("invoicing", "delete_rate", str(req.path["rate_id"]))


@api.endpoint("GET", "/cost-rates", capability=Capability.MANAGE_BILLING, tag="pricing",
              response=list_of(CostRateView),
              summary="List users' cost rates (what an hour of their time costs)")
def list_cost_rates(req: ApiRequest):
    return req.call("invoicing", "list_cost_rates")


@api.endpoint("PUT", "/cost-rates/<uuid:user_id>", capability=Capability.MANAGE_BILLING, tag="pricing",
              body=CostRateRequest, response=CostRateView,
              summary="Set a user's cost rate")
def set_cost_rate(req: ApiRequest):
    return req.call("invoicing", "set_cost_rate", str(req.path["user_id"]), req.body.model_dump(mode="json"))


@api.endpoint("POST", "/quotes", capability=Capability.VIEW_PRICES, tag="pricing", body=QuoteRequest,
              response=Quote,
              summary="Price hours, expenses and parts for an account, as a draft would")
def quote(req: ApiRequest):
    return req.call("invoicing", "quote", req.body.model_dump(mode="json"))


# --- the catalog -------------------------------------------------------------------------------

@api.endpoint("GET", "/catalog-items", capability=Capability.VIEW_PRICES, tag="pricing", query=CatalogFilters,
              response=page_of(CatalogItem),
              summary="Search the catalog of parts and services")
def list_catalog_items(req: ApiRequest):
    q = req.query
    return req.call("invoicing", "list_catalog_items", q.search, limit=q.limit, offset=q.offset,
                    include_inactive=q.include_inactive)


@api.endpoint("GET", "/catalog-items/<uuid:item_id>", capability=Capability.VIEW_PRICES, tag="pricing",
              response=CatalogItem,
              summary="Show a catalog item")
def get_catalog_item(req: ApiRequest):
    return req.call("invoicing", "get_catalog_item", str(req.path["item_id"]))


@api.endpoint("POST", "/catalog-items", capability=Capability.MANAGE_BILLING, tag="pricing", status=201,
              body=NewCatalogItem, response=CatalogItem,
              summary="Add a part or service to the catalog")
def create_catalog_item(req: ApiRequest):
    return req.call("invoicing", "create_catalog_item", req.body.model_dump(mode="json"))


@api.endpoint("PATCH", "/catalog-items/<uuid:item_id>", capability=Capability.MANAGE_BILLING, tag="pricing",
              body=CatalogItemChanges, response=CatalogItem,
              summary="Change a catalog item (price, cost, tax, active ...)")
def update_catalog_item(req: ApiRequest):
    return req.call("invoicing", "update_catalog_item", str(req.path["item_id"]),
                    req.body.model_dump(mode="json", exclude_unset=True))


@api.endpoint("POST", "/catalog-items/<uuid:item_id>/stock-adjustments", capability=Capability.MANAGE_BILLING,
              tag="pricing", body=StockAdjustment, response=CatalogItem,
              summary="Record stock received or written off (with a reason)")
def adjust_stock(req: ApiRequest):
    return req.call("invoicing", "adjust_stock", str(req.path["item_id"]), req.body.model_dump(mode="json"))


# --- the organization's billing profile ----------------------------------------------------------

@api.endpoint("GET", "/billing-profile", capability=Capability.MANAGE_BILLING, tag="pricing",
              response=BillingProfileView,
              summary="Show the billing profile (who invoices come from, numbering prefixes, how to pay)")
def get_billing_profile(req: ApiRequest):
    return req.call("invoicing", "get_billing_profile")


@api.endpoint("PUT", "/billing-profile", capability=Capability.MANAGE_BILLING, tag="pricing",
              body=BillingProfile, response=BillingProfileView,
              summary="Save the billing profile")
def update_billing_profile(req: ApiRequest):
    return req.call("invoicing", "update_billing_profile", req.body.model_dump(mode="json"))
