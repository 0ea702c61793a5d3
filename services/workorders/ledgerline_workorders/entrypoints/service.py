"""The work orders service: crews and equipment with their rates, proposals, and field jobs from
signing to invoicing. The entrypoints live in one mixin per area; every change runs a use case
(:mod:`ledgerline_workorders.use_cases`) in the kit's unit of work."""

from __future__ import annotations

from ledgerline_servicekit.files import StoredFiles
from ledgerline_servicekit.service import LedgerlineService
from ledgerline_servicekit.unit_of_work import SqlUnitOfWork

from ledgerline_workorders.domain.photos import DEFAULT_MAX_BYTES
from ledgerline_workorders.entrypoints.accounts import AccountEntrypoints
from ledgerline_workorders.entrypoints.field import FieldEntrypoints
from ledgerline_workorders.entrypoints.invoices import InvoiceEntrypoints
from ledgerline_workorders.entrypoints.proposals import ProposalEntrypoints
from ledgerline_workorders.entrypoints.reports import ReportEntrypoints
from ledgerline_workorders.entrypoints.resources import ResourceEntrypoints
from ledgerline_workorders.entrypoints.work_orders import WorkOrderEntrypoints
from ledgerline_workorders.use_cases.effects import WORKORDERS_EVENTS


class WorkordersService(AccountEntrypoints, InvoiceEntrypoints, ResourceEntrypoints, ProposalEntrypoints,
                        WorkOrderEntrypoints, FieldEntrypoints, ReportEntrypoints, LedgerlineService):
    name = "workorders"
    # Job photos and signatures (LEDGERLINE_PHOTOS_DIR, LEDGERLINE_PHOTOS_MAX_BYTES).
    photos = StoredFiles("photos", DEFAULT_MAX_BYTES)

    def _unit_of_work(self) -> SqlUnitOfWork:
        """A use case's unit of work in this worker's transaction (see use_cases/effects.py)."""
        return SqlUnitOfWork(self.db, WORKORDERS_EVENTS)
