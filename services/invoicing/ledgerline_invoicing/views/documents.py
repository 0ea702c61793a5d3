"""Documents made from invoices: the PDF a customer receives (reportlab), and exports of
invoice lists and of single invoices (a draft's review) to Excel (openpyxl) and CSV.

Everything here works on the views the service already returns (plain dicts), so a
document shows exactly what the caller may see: customers' views carry no internal notes.
"""

from __future__ import annotations

import base64
import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

import fontpkg
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ledgerline_contracts.commands.invoicing import MEDIA_TYPES

CONTENT_TYPES = {**MEDIA_TYPES, "csv": f"{MEDIA_TYPES['csv']}; charset=utf-8"}

TITLES = {"draft": "Draft invoice", "approved": "Draft invoice (approved)", "deleted": "Deleted draft"}


def attachment(data: bytes, filename: str, kind: str) -> dict:
    """How a document travels back over RPC (JSON): base64, with its name and type."""
    return {"filename": filename, "content_type": CONTENT_TYPES[kind],
            "content": base64.b64encode(data).decode("ascii")}


def amount_of(money: dict | None) -> Decimal | None:
    return Decimal(money["amount"]) if money else None


def shown(money: dict | None) -> str:
    """1,234.50 EUR: the amount as stored (already rounded to the currency), grouped, with its code."""
    return f"{format(Decimal(money['amount']), ',f')} {money['currency']}" if money else ""


def document_name(invoice: dict) -> str:
    return invoice["number"] or f"draft-{invoice['id'][:8]}"


# --- the PDF ----------------------------------------------------------------------------------

# The PDF's fonts. Helvetica (reportlab's default) has no Ł, ř or Greek: names printed as
# black boxes. Noto Sans (embedded, from the fontpkg-noto-sans package) covers Latin, Greek
# and Cyrillic; Chinese and Japanese runs use Adobe's STSong-Light, which PDF readers supply,
# so the file does not carry a CJK font of many megabytes. The package ships the variable
# font only, whose default instance is the regular weight: bold reads as regular.
FONT = "NotoSans"
CJK_FONT = "STSong-Light"
pdfmetrics.registerFont(TTFont(FONT, fontpkg.path("Noto Sans")))
pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT)
pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
CJK = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+")


def _text(text: str) -> str:
    """Paragraph markup for text from users: escaped, CJK runs in the CJK font."""
    return CJK.sub(lambda run: f'<font name="{CJK_FONT}">{run.group(0)}</font>', escape(text))


def _paragraphs(text: str, style) -> Paragraph:
    return Paragraph("<br/>".join(_text(line) for line in text.splitlines()), style)


def invoice_pdf(invoice: dict, account: dict, profile: dict) -> bytes:
    """The invoice as the customer receives it: who it is from, to whom, lines with tax,
    totals, what is still owed, by when, and how to pay."""
    styles = getSampleStyleSheet()
    small = ParagraphStyle("small", parent=styles["Normal"], fontName=FONT, fontSize=8.5, leading=11)
    right = ParagraphStyle("right", parent=small, alignment=TA_RIGHT)
    heading = ParagraphStyle("heading", parent=styles["Heading1"], fontName=FONT, fontSize=18, spaceAfter=2)
    subheading = ParagraphStyle("subheading", parent=styles["Heading2"], fontName=FONT)
    buffer = io.BytesIO()
    title = TITLES.get(invoice["status"], "Invoice")
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                                 topMargin=16 * mm, bottomMargin=16 * mm, initialFontName=FONT,
                                 title=f"{title} {invoice['number'] or ''}".strip(), author=profile["name"])
    story: list = []

    contact = " · ".join(p for p in (profile["email"], profile["phone"], profile["website"]) if p)
    sender = (profile["address"], contact, f"Tax ID {profile['tax_id']}" if profile["tax_id"] else "")
    story.append(Paragraph(_text(profile["name"] or "Invoice"), heading))
    story.append(_paragraphs("\n".join(line for line in sender if line), small))
    story.append(Spacer(1, 6 * mm))

    status_note = {"voided": "VOIDED — cancelled by credit note", "paid": "PAID",
                   "credited": "CREDITED"}.get(invoice["status"])
    facts = [("Invoice number", invoice["number"] or "— (assigned when posted)"),
             ("Issue date", invoice["issue_date"] or "—"), ("Due date", invoice["due_date"] or "—")]
    if invoice.get("matter"):
        facts.append(("Matter", f"{invoice['matter']['reference']} — {invoice['matter']['title']}"))
    if invoice.get("work_order"):
        facts.append(("Work order", invoice["work_order"]["number"]))
    if status_note:
        facts.append(("Status", status_note))
    bill_to = "\n".join(p for p in (account["name"], account["address"], account["billing_email"],
                                    f"Tax ID {account['tax_id']}" if account.get("tax_id") else "") if p)
    facts_table = Table([[Paragraph(f"<b>{escape(k)}</b>", small), Paragraph(_text(v), small)] for k, v in facts],
                        colWidths=[32 * mm, 55 * mm], style=[("FONT", (0, 0), (-1, -1), FONT)])
    header = Table([[Paragraph(f"<b>{escape(title)}</b>", subheading), ""],
                    [_paragraphs("Bill to:\n" + bill_to, small), facts_table]],
                   colWidths=[87 * mm, 87 * mm])
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("SPAN", (0, 0), (1, 0)),
                                ("FONT", (0, 0), (-1, -1), FONT)]))
    story += [header, Spacer(1, 6 * mm)]

    rows = [["Date", "Description", "Qty", "Unit price", "Tax", "Amount"]]
    for line in invoice["lines"]:
        tax = f"{Decimal(line['tax_rate']) * 100:g} %" if line["tax_rate"] is not None else ""
        description = _text(line["description"]) + (" <i>(credited)</i>" if line["credited"] else "")
        rows.append([line["work_date"] or "", Paragraph(description, small), line["shown_quantity"],
                     shown(line["unit_price"]), tax, shown(line["amount"])])
    lines_table = Table(rows, colWidths=[20 * mm, 70 * mm, 16 * mm, 26 * mm, 14 * mm, 28 * mm], repeatRows=1)
    lines_table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, 8.5),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f3f4f6")]),
    ]))
    story += [lines_table, Spacer(1, 4 * mm)]

    sums = [("Subtotal", invoice["subtotal"]), ("Tax", invoice["tax"]), ("Total", invoice["total"])]
    if amount_of(invoice["amount_paid"]):
        sums.append(("Paid", invoice["amount_paid"]))
    if amount_of(invoice["credited"]):
        sums.append(("Credited", invoice["credited"]))
    sums.append(("Balance due", invoice["balance"]))
    totals_table = Table([[Paragraph(f"<b>{k}</b>" if k in ("Total", "Balance due") else k, right), shown(v)]
                          for k, v in sums], colWidths=[146 * mm, 28 * mm])
    totals_table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 9), ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                                      ("LINEABOVE", (0, 2), (-1, 2), 0.8, colors.black)]))
    story += [totals_table, Spacer(1, 6 * mm)]

    if invoice["credit_notes"]:
        story.append(_paragraphs("Credit notes: " + "; ".join(
            f"{c['number']} ({c['issue_date']}): {shown(c['amount'])}" for c in invoice["credit_notes"]), small))
        story.append(Spacer(1, 3 * mm))
    if invoice["due_date"] and amount_of(invoice["balance"]):
        story.append(Paragraph(f"<b>Please pay {escape(shown(invoice['balance']))} by {invoice['due_date']}"
                               f"{', quoting ' + escape(invoice['number']) if invoice['number'] else ''}.</b>", small))
    if profile["payment_instructions"]:
        story.append(_paragraphs("How to pay:\n" + profile["payment_instructions"], small))
    if profile["footer"]:
        story += [Spacer(1, 6 * mm), _paragraphs(profile["footer"], small)]
    document.build(story)
    return buffer.getvalue()


# --- spreadsheets and CSV --------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    title: str
    value: Callable[[dict], object]  # str, Decimal, date or None
    money: bool = False


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


INVOICE_LIST = (
    Column("Number", lambda i: i["number"]),
    Column("Status", lambda i: i["status"]),
    Column("Account", lambda i: i["account_name"]),
    Column("Issue date", lambda i: _day(i["issue_date"])),
    Column("Due date", lambda i: _day(i["due_date"])),
    Column("Currency", lambda i: i["currency"]),
    Column("Total", lambda i: amount_of(i["total"]), money=True),
    Column("Balance", lambda i: amount_of(i["balance"]), money=True),
    Column("Disputed", lambda i: "yes" if i["disputed"] else "no"),
)

INVOICE_LINES = (
    Column("Line", lambda l: l["position"]),
    Column("Kind", lambda l: l["kind"]),
    Column("Date", lambda l: _day(l["work_date"])),
    Column("Description", lambda l: l["description"]),
    Column("Quantity", lambda l: l["shown_quantity"]),  # time as "0:25 h": times the unit price, the amount
    Column("Unit price", lambda l: amount_of(l["unit_price"]), money=True),
    Column("Amount", lambda l: amount_of(l["amount"]), money=True),
    Column("Tax rate", lambda l: Decimal(l["tax_rate"]) if l["tax_rate"] is not None else None),
    Column("Tax", lambda l: amount_of(l["tax"]), money=True),
    Column("Needs reconciling", lambda l: "yes" if l.get("stale") else "no"),
)
# How the firm produced a line is the firm's: a customer's export carries what their invoice shows.
INTERNAL_LINE_COLUMNS = frozenset({"Kind", "Needs reconciling"})


def invoice_line_columns(*, customer: bool) -> tuple[Column, ...]:
    return tuple(c for c in INVOICE_LINES if not (customer and c.title in INTERNAL_LINE_COLUMNS))


# A spreadsheet treats text starting with these as a formula: a narrative like
# '=HYPERLINK("http://…")' would run when billing opens the export.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value):
    """Text that cannot become a formula (numbers and dates are left as they are)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_cell(value) -> str:
    if value is None:
        return ""
    return format(value, "f") if isinstance(value, Decimal) else inert(str(value))


def to_csv(columns: tuple[Column, ...], records: list[dict], totals: list[tuple[str, Decimal]] = ()) -> bytes:
    """``totals`` (label, amount) close the file under the Amount column, after an empty row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.title for c in columns])
    for record in records:
        writer.writerow([_csv_cell(c.value(record)) for c in columns])
    if totals:
        writer.writerow([])
    for label, amount in totals:
        writer.writerow(_under_amount(columns, label, _csv_cell(amount), ""))
    return out.getvalue().encode("utf-8")


def invoice_totals(invoice: dict) -> list[tuple[str, Decimal]]:
    """What closes one invoice's export: its sums, what was paid and credited, and what is owed."""
    sums = [("Subtotal", "subtotal"), ("Tax", "tax"), ("Total", "total")]
    sums += [(label, key) for label, key in (("Paid", "amount_paid"), ("Credited", "credited"))
             if amount_of(invoice[key])]
    return [(label, amount_of(invoice[key])) for label, key in sums + [("Balance", "balance")]]


def _under_amount(columns: tuple[Column, ...], label: str, amount, empty) -> list:
    """A totals row: the label beside the Amount column, the amount in it."""
    at = [c.title for c in columns].index("Amount")
    row = [empty] * (at + 1)
    row[at - 1], row[at] = label, amount
    return row


def _sheet(workbook: Workbook, title: str, columns: tuple[Column, ...], records: list[dict],
           preamble: list[tuple[str, object]] = ()) -> None:
    sheet = workbook.active
    sheet.title = title[:31]
    for label, value in preamble:
        sheet.append([label, inert(value)])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    if preamble:
        sheet.append([])
    sheet.append([c.title for c in columns])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    for record in records:
        sheet.append([inert(c.value(record)) for c in columns])
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(row=sheet.max_row, column=index)
            if column.money:
                cell.number_format = "#,##0.00"
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    for index, column in enumerate(columns, start=1):
        widest = max([len(column.title)] + [len(str(column.value(r) or "")) for r in records])
        sheet.column_dimensions[get_column_letter(index)].width = min(60, widest + 2)
    sheet.freeze_panes = f"A{header_row + 1}"  # set last: touching a cell would add a row


def _workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def invoice_list_xlsx(invoices: list[dict]) -> bytes:
    workbook = Workbook()
    _sheet(workbook, "Invoices", INVOICE_LIST, invoices)
    return _workbook_bytes(workbook)


def invoice_xlsx(invoice: dict, columns: tuple[Column, ...]) -> bytes:
    """One invoice's lines (a draft's review before approval) with its totals."""
    workbook = Workbook()
    preamble = [("Invoice", invoice["number"] or TITLES.get(invoice["status"], "Invoice")),
                ("Status", invoice["status"]), ("Account", invoice["account_name"]),
                ("Currency", invoice["currency"]), ("Issue date", _day(invoice["issue_date"])),
                ("Due date", _day(invoice["due_date"]))]
    _sheet(workbook, document_name(invoice), columns, invoice["lines"], preamble)
    sheet = workbook.active
    sheet.append([])
    amount_column = [c.title for c in columns].index("Amount") + 1
    for label, amount in invoice_totals(invoice):
        sheet.append(_under_amount(columns, label, amount, None))
        sheet.cell(row=sheet.max_row, column=amount_column).number_format = "#,##0.00"
        sheet.cell(row=sheet.max_row, column=amount_column - 1).font = Font(bold=True)
    return _workbook_bytes(workbook)
