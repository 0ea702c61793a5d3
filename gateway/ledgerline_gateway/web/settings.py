"""Billing settings: who invoices come from, how they are numbered and how to pay them (printed on
every invoice PDF)."""

from __future__ import annotations

from flask import request

from ledgerline_contracts import ValidationFailed
from ledgerline_contracts.commands.invoicing import BillingProfile
from ledgerline_gateway.permissions import Capability
from ledgerline_gateway.web import web
from ledgerline_gateway.web.pages import Form, call, done, read_form, render


@web.page("GET", "/settings/billing", capability=Capability.MANAGE_BILLING, title="See the billing settings",
          nav="Billing settings", order=60)
def billing_settings_page(form: Form | None = None, status: int = 200):
    form = form or Form(values=call("invoicing", "get_billing_profile"))
    return render("settings/billing.html", status, form=form)


@web.page("POST", "/settings/billing", capability=Capability.MANAGE_BILLING, title="Change the billing settings")
def save_billing_settings():
    command, form = read_form(BillingProfile, request.form)
    if command is not None:
        try:
            call("invoicing", "update_billing_profile", command.model_dump(mode="json"))
        except ValidationFailed as error:
            form.fail(error)
        else:
            return done("Billing settings saved; invoices print them from now on.", "web.billing_settings_page")
    return billing_settings_page(form, 422)
