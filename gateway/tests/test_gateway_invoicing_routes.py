"""Invoicing's API routes in the gateway: files, headers, validation and who may call what."""

import base64

import pytest
from gateway_helpers import invoice_view
from werkzeug.http import parse_options_header

from ledgerline_contracts import Role

INVOICE = "0b8d7f0e-3c53-4c39-9a57-5d0f6c3f2a10"
LINE = "6a1f6a64-5a3e-4b9b-8a55-0f6d7b0a9e11"


def test_a_pdf_is_sent_as_a_download(client, rpc, login):
    rpc.reply = {"filename": "INV-2026-000007.pdf", "content_type": "application/pdf",
                 "content": base64.b64encode(b"%PDF-1.4 ...").decode()}
    response = client.get(f"/api/v1/invoices/{INVOICE}/pdf", headers=login(Role.CUSTOMER))
    assert response.status_code == 200 and response.data == b"%PDF-1.4 ..."
    assert response.headers["Content-Type"] == "application/pdf"
    assert parse_options_header(response.headers["Content-Disposition"]) == (
        "attachment", {"filename": "INV-2026-000007.pdf"})
    (_, method, args, _, actor, _), = rpc.calls
    assert (method, args, actor.role) == ("invoice_pdf", (INVOICE,), Role.CUSTOMER)


def test_exports_take_their_format_and_filters_from_the_query(client, rpc, login):
    rpc.reply = {"filename": "invoices.csv", "content_type": "text/csv; charset=utf-8",
                 "content": base64.b64encode(b"Number,Status\n").decode()}
    headers = login(Role.BILLING)
    response = client.get("/api/v1/invoices/export?format=csv&status=posted", headers=headers)
    assert response.status_code == 200 and response.headers["Content-Type"] == "text/csv; charset=utf-8"
    (_, method, args, kwargs, _, _), = rpc.calls
    assert (method, args, kwargs) == ("export_invoices", ("csv",), {"account_id": None, "status": "posted"})
    refused = client.get("/api/v1/invoices/export?format=pdf", headers=headers)
    assert refused.status_code == 422 and refused.json["error"]["field"] == "format"


def test_the_idempotency_key_header_travels_with_the_payment(client, rpc, login):
    body = {"amount": "40.00", "received_on": "2026-11-20", "method": "check", "reference": "1001"}
    response = client.post(f"/api/v1/invoices/{INVOICE}/payments", json=body,
                           headers={**login(Role.BILLING), "Idempotency-Key": "chk-1001"})
    assert response.status_code == 201
    (_, method, args, _, _, _), = rpc.calls
    assert method == "record_payment" and args[1]["idempotency_key"] == "chk-1001"


def test_a_credit_note_needs_an_amount_or_lines_and_a_reason(client, rpc, login):
    headers = login(Role.BILLING)
    url = f"/api/v1/invoices/{INVOICE}/credit-notes"
    assert client.post(url, json={"reason": "goodwill"}, headers=headers).status_code == 422
    missing_reason = client.post(url, json={"amount": "10.00"}, headers=headers)
    assert missing_reason.status_code == 422 and missing_reason.json["error"]["field"] == "reason"
    assert client.post(url, json={"amount": "10.00", "reason": "goodwill"}, headers=headers).status_code == 201
    assert [c[1] for c in rpc.calls] == ["issue_credit_note"]


def test_changes_send_only_the_fields_given(client, rpc, login):
    headers = login(Role.BILLING)
    client.patch(f"/api/v1/accounts/{INVOICE}", json={"active": False}, headers=headers)
    client.patch(f"/api/v1/catalog-items/{INVOICE}", json={"unit_price": "12.50"}, headers=headers)
    assert [c[2][1] for c in rpc.calls] == [{"active": False}, {"unit_price": "12.50"}]


def test_removing_a_line_answers_with_the_draft(client, rpc, login):
    rpc.reply = invoice_view("draft", lines=[])
    response = client.delete(f"/api/v1/invoices/{INVOICE}/lines/{LINE}", headers=login(Role.PARTNER))
    assert response.status_code == 200 and response.json == invoice_view("draft", lines=[])
    rpc.reply = None
    assert client.delete(f"/api/v1/invoices/{INVOICE}", headers=login(Role.BILLING)).status_code == 204


@pytest.mark.parametrize(("role", "method", "path", "body", "status"), [
    (Role.FEE_EARNER, "post", "/quotes", {"account_id": INVOICE}, 200),
    (Role.ADMIN, "get", "/catalog-items", None, 200),
    (Role.CUSTOMER, "get", "/catalog-items", None, 403),
    (Role.CUSTOMER, "post", "/quotes", {"account_id": INVOICE}, 403),
    (Role.PARTNER, "put", "/rates", {"rate": "100", "currency": "USD"}, 403),
    (Role.BILLING, "put", "/rates", {"rate": "100", "currency": "USD"}, 200),
    (Role.PARTNER, "post", f"/invoices/{INVOICE}/void", {"reason": "x"}, 403),
    (Role.BILLING, "post", f"/invoices/{INVOICE}/lines", {"description": "Fee", "unit_price": "10"}, 403),
    (Role.ASSOCIATE_PARTNER, "post", f"/invoices/{INVOICE}/lines", {"description": "Fee", "unit_price": "10"}, 201),
    (Role.CUSTOMER, "post", f"/invoices/{INVOICE}/notes", {"body": "hi"}, 403),
    (Role.BILLING, "get", "/billing-profile", None, 200),
])
def test_who_may_call_invoicing_routes(client, rpc, login, role, method, path, body, status):
    kwargs = {"json": body} if body is not None else {}
    response = getattr(client, method)(f"/api/v1{path}", headers=login(role), **kwargs)
    assert response.status_code == status, response.json


@pytest.mark.parametrize(("role", "action"), [(Role.PARTNER, "approve"), (Role.BILLING, "post")])
def test_approving_and_posting_pass_the_confirmation_for_time_without_a_rate(client, rpc, login, role, action):
    headers = login(role)
    assert client.post(f"/api/v1/invoices/{INVOICE}/{action}", headers=headers).status_code == 200
    assert client.post(f"/api/v1/invoices/{INVOICE}/{action}?confirm_unpriced=true", headers=headers).status_code == 200
    assert [(method, args, kwargs) for _, method, args, kwargs, _, _ in rpc.calls] == [
        (f"{action}_invoice", (INVOICE,), {"confirm_unpriced": False}),
        (f"{action}_invoice", (INVOICE,), {"confirm_unpriced": True})]
    refused = client.post(f"/api/v1/invoices/{INVOICE}/{action}?confirm_unpriced=maybe", headers=headers)
    assert refused.status_code == 422 and refused.json["error"]["field"] == "confirm_unpriced"
