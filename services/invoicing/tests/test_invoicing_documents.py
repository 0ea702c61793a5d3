"""The PDF invoice, and exports to Excel and CSV, read back with pypdf and openpyxl."""

import base64
import csv
import io
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from ledgerline_contracts import NotFound, PermissionDenied, ValidationFailed
from ledgerline_servicekit.testing.fixtures import call_as

from invoicing_helpers import ORG, billing, customer_of, draft, new_account, partner, posted_invoice, record_time

PROFILE = {"name": "Northwind Legal & IT", "address": "1 Harbour Road\nPortsmouth", "email": "accounts@nw.example",
           "tax_id": "GB123456789", "payment_instructions": "IBAN GB33 BUKB 2020 1555 5555 55, ref. invoice number",
           "footer": "Thank you for your business."}


def content(attachment: dict) -> bytes:
    return base64.b64decode(attachment["content"])


@pytest.fixture
def account(invoicing):
    call_as(invoicing, billing, "update_billing_profile", PROFILE)
    account = new_account(invoicing, name="Acme Dental", hourly_rate="150", tax_rate="0.20", currency="EUR",
                          address="12 Main St, Springfield")
    record_time(invoicing, account["id"], minutes=90, narrative="Replaced the failing RAID disk")
    record_time(invoicing, account["id"], minutes=45, narrative="VPN access for the new hygienist")
    return account


def test_the_pdf_shows_number_lines_tax_totals_due_date_and_how_to_pay(invoicing, account):
    invoice = posted_invoice(invoicing, account)
    call_as(invoicing, billing, "add_note", invoice["id"], {"body": "INTERNAL: client disputes often"})
    pdf = call_as(invoicing, billing, "invoice_pdf", invoice["id"])
    assert pdf["content_type"] == "application/pdf" and pdf["filename"] == f"{invoice['number']}.pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content(pdf))).pages)
    for expected in (invoice["number"], "Northwind Legal & IT", "GB123456789", "Acme Dental", "12 Main St",
                     "Replaced the failing RAID disk", "VPN access for the new hygienist",
                     "225.00 EUR", "112.50 EUR",  # the lines
                     "Subtotal", "337.50 EUR", "67.50 EUR", "405.00 EUR",  # subtotal, tax, total
                     invoice["due_date"], "IBAN GB33 BUKB", "Thank you for your business."):
        assert expected in text, expected
    assert "INTERNAL" not in text


def test_customers_get_their_own_pdf_and_nothing_else(invoicing, account):
    invoice = posted_invoice(invoicing, account)
    customer = customer_of(account)
    text = PdfReader(io.BytesIO(content(call_as(invoicing, customer, "invoice_pdf", invoice["id"])))).pages[0]
    assert invoice["number"] in text.extract_text()
    with pytest.raises(NotFound):
        call_as(invoicing, customer_of(new_account(invoicing)), "invoice_pdf", invoice["id"])


def test_a_customers_export_carries_only_what_their_invoice_shows(invoicing, account):
    invoice = posted_invoice(invoicing, account)
    customer = customer_of(account)
    header, *rows = list(csv.reader(io.StringIO(content(
        call_as(invoicing, customer, "export_invoice", invoice["id"], "csv")).decode())))
    assert header == ["Line", "Date", "Description", "Quantity", "Unit price", "Amount", "Tax rate", "Tax"]
    assert [row[2] for row in rows[:2]] == ["Replaced the failing RAID disk", "VPN access for the new hygienist"]
    sheet = load_workbook(io.BytesIO(content(call_as(invoicing, customer, "export_invoice", invoice["id"],
                                                     "xlsx")))).active
    cells = {cell.value for row in sheet.iter_rows() for cell in row}
    assert "Needs reconciling" not in cells and "Kind" not in cells
    assert {"Amount", "Total", 405} <= cells
    staff_header = next(csv.reader(io.StringIO(content(
        call_as(invoicing, billing, "export_invoice", invoice["id"], "csv")).decode())))
    assert "Needs reconciling" in staff_header


def test_a_draft_pdf_says_it_is_a_draft(invoicing, account):
    invoice = draft(invoicing, account)
    text = PdfReader(io.BytesIO(content(call_as(invoicing, partner, "invoice_pdf", invoice["id"])))).pages[0]
    assert "Draft invoice" in text.extract_text() and "assigned when posted" in text.extract_text()


def test_a_draft_exports_to_excel_with_its_lines_and_totals(invoicing, account):
    invoice = draft(invoicing, account)
    export = call_as(invoicing, partner, "export_invoice", invoice["id"], "xlsx")
    assert export["filename"].endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(content(export))).active
    rows = [tuple(c for c in row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:2] == ("Invoice", "Draft invoice") and rows[1][:2] == ("Status", "draft")
    header = rows.index(("Line", "Kind", "Date", "Description", "Quantity", "Unit price", "Amount", "Tax rate",
                         "Tax", "Needs reconciling"))
    lines = rows[header + 1:header + 3]
    # Spreadsheets hold numbers, and dates as dates.
    assert sorted((r[2].date(), r[3], r[4], r[6], r[8]) for r in lines) == [
        (date(2026, 11, 2), "Replaced the failing RAID disk", "1:30 h", 225, 45),
        (date(2026, 11, 2), "VPN access for the new hygienist", "0:45 h", 112.5, 22.5)]
    totals = {r[5]: r[6] for r in rows[header + 3:] if r[5]}
    assert totals == {"Subtotal": 337.5, "Tax": 67.5, "Total": 405, "Balance": 405}


def test_invoice_lists_export_to_excel_and_csv(invoicing, account):
    first = posted_invoice(invoicing, account)
    record_time(invoicing, account["id"], minutes=60, narrative="Follow-up")
    second = draft(invoicing, account)
    sheet = load_workbook(io.BytesIO(content(call_as(invoicing, billing, "export_invoices", "xlsx")))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Number", "Status", "Account", "Issue date", "Due date", "Currency", "Total", "Balance",
                       "Disputed")
    assert sorted((r[0] or "", r[1], r[2], r[6]) for r in rows[1:]) == [
        ("", "draft", "Acme Dental", 180), (first["number"], "posted", "Acme Dental", 405)]
    posted_only = call_as(invoicing, billing, "export_invoices", "csv", status="posted")
    assert posted_only["content_type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(content(posted_only).decode())))
    assert table[0][0] == "Number" and [r[0] for r in table[1:]] == [first["number"]]
    assert table[1][6:8] == ["405.00", "405.00"]
    lines = list(csv.reader(io.StringIO(content(call_as(invoicing, partner, "export_invoice", second["id"],
                                                       "csv")).decode())))
    assert [r[3] for r in lines[1:2]] == ["Follow-up"] and lines[2] == []  # then its totals
    customer = customer_of(account)
    mine = list(csv.reader(io.StringIO(content(call_as(invoicing, customer, "export_invoices", "csv")).decode())))
    assert [r[0] for r in mine[1:]] == [first["number"]]  # no drafts for customers
    with pytest.raises(ValidationFailed) as refused:
        call_as(invoicing, billing, "export_invoices", "pdf")
    assert refused.value.field == "format"


def test_the_billing_profile_is_billing_only_and_audited(invoicing):
    assert call_as(invoicing, billing, "get_billing_profile")["invoice_prefix"] == "INV"
    with pytest.raises(ValidationFailed) as refused:
        call_as(invoicing, billing, "update_billing_profile", {"invoice_prefix": "INV 2026"})
    assert refused.value.field == "invoice_prefix"
    with pytest.raises(PermissionDenied):
        call_as(invoicing, partner, "update_billing_profile", PROFILE)
    saved = call_as(invoicing, billing, "update_billing_profile", PROFILE)
    assert saved["name"] == "Northwind Legal & IT" and saved["invoice_prefix"] == "INV"
    call_as(invoicing, billing, "update_billing_profile", PROFILE)  # no change, nothing to audit
    (change,) = call_as(invoicing, billing, "audit_trail", str(ORG))["items"]
    assert (change["action"], change["actor_name"], change["details"]["name"]) == (
        "update", "Bea Billing", "Northwind Legal & IT")


def test_text_that_looks_like_a_formula_stays_text_in_exports(invoicing, account):
    record_time(invoicing, account["id"], minutes=30, narrative='=HYPERLINK("http://evil.example","x")')
    invoice = draft(invoicing, account)
    sheet = load_workbook(io.BytesIO(content(call_as(invoicing, partner, "export_invoice", invoice["id"],
                                                     "xlsx")))).active
    cells = [cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)
             and "HYPERLINK" in cell.value]
    assert [(c.value, c.data_type) for c in cells] == [("'=HYPERLINK(\"http://evil.example\",\"x\")", "s")]
    lines = list(csv.reader(io.StringIO(content(call_as(invoicing, partner, "export_invoice", invoice["id"],
                                                       "csv")).decode())))
    assert "'=HYPERLINK(\"http://evil.example\",\"x\")" in [cell for row in lines for cell in row]


def multiplies_out(quantity: str, unit_price: Decimal) -> Decimal:
    """What a reader computes from a shown quantity: "0:25 h" is 25/60 hours, "2" two units."""
    if quantity.endswith(" h"):
        hours, minutes = quantity.removesuffix(" h").split(":")
        quantity_value = Decimal(hours) + Decimal(minutes) / 60
    else:
        quantity_value = Decimal(quantity)
    return (quantity_value * unit_price).quantize(Decimal("0.01"), ROUND_HALF_UP)


def test_every_shown_quantity_times_its_price_is_its_amount_on_the_invoice_pdf_and_exports(invoicing):
    account = new_account(invoicing, hourly_rate="150")
    for minutes in (25, 1, 90, 7):
        record_time(invoicing, account["id"], minutes=minutes, narrative=f"{minutes} minutes of work")
    invoice = draft(invoicing, account)
    shown = {line["description"]: line["shown_quantity"] for line in invoice["lines"]}
    assert shown == {"25 minutes of work": "0:25 h", "1 minutes of work": "0:01 h", "90 minutes of work": "1:30 h",
                     "7 minutes of work": "0:07 h"}
    for line in invoice["lines"]:  # what the invoice page shows
        assert multiplies_out(line["shown_quantity"], Decimal(line["unit_price"]["amount"])) == \
            Decimal(line["amount"]["amount"]), line
    header, *rows = list(csv.reader(io.StringIO(content(
        call_as(invoicing, partner, "export_invoice", invoice["id"], "csv")).decode())))
    at = {title: header.index(title) for title in ("Quantity", "Unit price", "Amount")}
    lines = rows[:len(invoice["lines"])]
    assert sorted(r[at["Quantity"]] for r in lines) == ["0:01 h", "0:07 h", "0:25 h", "1:30 h"]
    for row in lines:
        assert multiplies_out(row[at["Quantity"]], Decimal(row[at["Unit price"]])) == Decimal(row[at["Amount"]])
    sheet = load_workbook(io.BytesIO(content(call_as(invoicing, partner, "export_invoice", invoice["id"],
                                                     "xlsx")))).active
    cells = [cell.value for row in sheet.iter_rows() for cell in row]
    assert {"0:25 h", "0:01 h"} <= set(cells) and 0.42 not in cells
    text = PdfReader(io.BytesIO(content(call_as(invoicing, partner, "invoice_pdf", invoice["id"])))).pages[0]
    for line in invoice["lines"]:
        assert f"{line['shown_quantity']}\n{line['unit_price']['amount']} EUR" in text.extract_text()


def test_the_one_invoice_csv_ends_with_its_totals(invoicing, account):
    invoice = posted_invoice(invoicing, account)
    call_as(invoicing, billing, "record_payment", invoice["id"],
            {"amount": "100.00", "received_on": "2026-11-20", "method": "bank_transfer"})
    header, *rows = list(csv.reader(io.StringIO(content(
        call_as(invoicing, customer_of(account), "export_invoice", invoice["id"], "csv")).decode())))
    amount = header.index("Amount")
    assert rows[2] == []  # after the two lines
    assert {r[amount - 1]: r[amount] for r in rows[3:]} == {
        "Subtotal": "337.50", "Tax": "67.50", "Total": "405.00", "Paid": "100.00", "Balance": "305.00"}


def test_the_invoice_list_is_newest_first_with_numbers_running_down(invoicing):
    account = new_account(invoicing)
    drafts = []
    for narrative in ("first", "second", "third"):
        record_time(invoicing, account["id"], narrative=narrative)
        drafts.append(draft(invoicing, account))
    for invoice in (drafts[1], drafts[2], drafts[0]):  # posted in another order than drafted
        call_as(invoicing, partner, "approve_invoice", invoice["id"])
        call_as(invoicing, billing, "post_invoice", invoice["id"])
    record_time(invoicing, account["id"], narrative="fourth")
    newest = draft(invoicing, account)
    listed = call_as(invoicing, billing, "list_invoices", account_id=account["id"])["items"]
    assert [i["id"] for i in listed] == [newest["id"], drafts[0]["id"], drafts[2]["id"], drafts[1]["id"]]
    numbers = [i["number"] for i in listed[1:]]
    assert numbers == sorted(numbers, reverse=True)


def test_names_in_polish_czech_greek_and_chinese_print_in_the_pdf(invoicing):
    call_as(invoicing, billing, "update_billing_profile", PROFILE | {"name": "Dvořák & Søn s.r.o."})
    account = new_account(invoicing, name="Łukasz Żółć — Γιώργος Παπαδόπουλος — 王小明",
                          address="ul. Świętokrzyska 12, Kraków")
    record_time(invoicing, account["id"], minutes=60, narrative="Konfigurace sítě pro paní Růženu Čermákovou")
    invoice = draft(invoicing, account)
    reader = PdfReader(io.BytesIO(content(call_as(invoicing, partner, "invoice_pdf", invoice["id"]))))
    text = reader.pages[0].extract_text()
    for name in ("Dvořák & Søn", "Łukasz Żółć", "Γιώργος Παπαδόπουλος", "王小明", "Świętokrzyska 12, Kraków",
                 "Růženu Čermákovou"):
        assert name in text, name
    resources = reader.pages[0]["/Resources"]["/Font"]
    used = set(re.findall(r"(/\S+) [\d.]+ Tf", reader.pages[0].get_contents().get_data().decode("latin-1")))
    fonts = {font["/BaseFont"]: font for font in (resources[name].get_object() for name in used)}
    # Every font the text is set in is Noto Sans, embedded, or the CJK font readers supply.
    for base_font, font in fonts.items():
        if base_font == "/STSong-Light":
            continue
        assert "NotoSans" in base_font, base_font
        descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font)
        assert "/FontFile2" in descriptor["/FontDescriptor"].get_object(), base_font
    assert "/STSong-Light" in fonts


def test_customers_get_their_sent_invoices_wording_of_the_work_they_bill(invoicing, account):
    reworded = record_time(invoicing, account["id"], minutes=30, narrative="Undid Terry's DNS mess")
    invoice = draft(invoicing, account)
    line = next(l for l in invoice["lines"] if l["source_id"] == str(reworded.entry_id))
    call_as(invoicing, partner, "edit_line", invoice["id"], line["id"], {"narrative": "DNS configuration"})
    ids = [line["source_id"] for line in invoice["lines"]]
    customer = customer_of(account)
    assert call_as(invoicing, customer, "invoiced_wording", ids) == {}  # a draft is not theirs to read yet
    call_as(invoicing, partner, "approve_invoice", invoice["id"])
    call_as(invoicing, billing, "post_invoice", invoice["id"])
    words = call_as(invoicing, customer, "invoiced_wording", ids)
    assert words[str(reworded.entry_id)] == "DNS configuration"
    assert set(words.values()) == {"DNS configuration", "Replaced the failing RAID disk",
                                   "VPN access for the new hygienist"}
    assert call_as(invoicing, customer_of(new_account(invoicing)), "invoiced_wording", ids) == {}
    with pytest.raises(PermissionDenied):
        call_as(invoicing, partner, "invoiced_wording", ids)
