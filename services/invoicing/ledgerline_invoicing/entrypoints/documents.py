"""The organization's billing profile, invoice PDFs, exports to Excel and CSV, and how sent
invoices word the work they bill (what a customer reads)."""

from __future__ import annotations

from ledgerline_contracts import Actor, Role
from ledgerline_contracts.commands import invoicing as commands
from ledgerline_servicekit import inputs
from ledgerline_servicekit.entrypoints import rpc

from ledgerline_invoicing import storage
from ledgerline_invoicing.domain.invoices import SENT
from ledgerline_invoicing.entrypoints.invoices import INVOICE_READERS
from ledgerline_invoicing.use_cases import billing_profile
from ledgerline_invoicing.views import documents
from ledgerline_invoicing.views.accounts import account_view
from ledgerline_invoicing.views.invoices import invoice_summary


class DocumentEntrypoints:
    @rpc(allow={Role.BILLING})
    def get_billing_profile(self, actor: Actor) -> dict:
        return storage.profiles.get_profile(self.db.session, actor.org_id)

    @rpc(allow={Role.BILLING})
    def update_billing_profile(self, actor: Actor, profile: dict) -> dict:
        """Who invoices come from and how to pay them; the prefixes number what is posted next."""
        command = commands.BillingProfile.model_validate(profile)
        return billing_profile.update_billing_profile(self._unit_of_work(), actor, command)

    @rpc(allow=INVOICE_READERS)
    def invoice_pdf(self, actor: Actor, invoice_id: str) -> dict:
        invoice = self._view(actor, invoice_id)
        session = self.db.session
        account = account_view(storage.accounts.get_account(session, actor.org_id, invoice["account_id"]))
        data = documents.invoice_pdf(invoice, account, storage.profiles.get_profile(session, actor.org_id))
        return documents.attachment(data, f"{documents.document_name(invoice)}.pdf", "pdf")

    @rpc(allow=INVOICE_READERS)
    def export_invoice(self, actor: Actor, invoice_id: str, format: str = "xlsx") -> dict:
        """One invoice's lines and totals: a draft to review before approval, or a posted one."""
        inputs.one_of(format, ("xlsx", "csv"), "format")
        invoice = self._view(actor, invoice_id)
        columns = documents.invoice_line_columns(customer=actor.is_customer)
        if format == "csv":
            data = documents.to_csv(columns, invoice["lines"], documents.invoice_totals(invoice))
        else:
            data = documents.invoice_xlsx(invoice, columns)
        return documents.attachment(data, f"{documents.document_name(invoice)}.{format}", format)

    @rpc(allow=INVOICE_READERS)
    def export_invoices(self, actor: Actor, format: str = "xlsx", account_id: str | None = None,
                        status: str | None = None) -> dict:
        """Every invoice the list would show (all pages)."""
        inputs.one_of(format, ("xlsx", "csv"), "format")
        rows, _ = self._invoice_rows(actor, account_id, status, limit=None)
        summaries = [invoice_summary(r, customer=actor.is_customer) for r in rows]
        if format == "csv":
            data = documents.to_csv(documents.INVOICE_LIST, summaries)
        else:
            data = documents.invoice_list_xlsx(summaries)
        return documents.attachment(data, f"invoices.{format}", format)

    @rpc(allow={Role.CUSTOMER})
    def invoiced_wording(self, actor: Actor, entry_ids: list[str]) -> dict:
        """{entry id: words} for the customer's billed work, as their sent invoices word it
        (timetracking shows a customer their time in these words, never a narrative a partner
        reworded)."""
        ids = [inputs.parse_id(entry_id, "entry_ids") for entry_id in entry_ids]
        words = storage.invoices.invoiced_wording(self.db.session, actor.org_id, actor.account_id,
                                                  {str(s) for s in SENT}, ids)
        return {str(entry_id): text for entry_id, text in words.items()}
