"""The event catalog: every event type, who produces it and who consumes it.

The topology command declares a queue per (consumer, event type) from this
table, the services refuse to start a handler the table does not list, a test
checks every listed consumer has a handler (an unread queue would only grow),
and ``docs/events.md`` is generated from it. Adding an event or a consumer
starts here; an event with no consumer yet is still published, for outside
subscribers.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from ledgerline_contracts.events import dunning as dn
from ledgerline_contracts.events import invoicing as inv
from ledgerline_contracts.events import timetracking as tt
from ledgerline_contracts.events import workorders as wo

TIMETRACKING = "timetracking"
WORKORDERS = "workorders"
INVOICING = "invoicing"
DUNNING = "dunning"
ANALYTICS = "analytics"

SERVICES = (TIMETRACKING, WORKORDERS, INVOICING, DUNNING, ANALYTICS)


@dataclass(frozen=True)
class EventSpec:
    event_type: str
    producer: str
    payload_model: type[BaseModel]
    consumers: tuple[str, ...]
    description: str
    # The version producers write now. Consumers read this one and every earlier one (a version
    # adds optional fields, or renames one while the model still reads the old name); a newer
    # version than they know is refused, never guessed at.
    schema_version: int = 1
    # A retired name: nothing emits it any more, but consumers keep reading it until the release
    # named in docs/events.md ("Changes"), for events queued before the rename.
    replaced_by: str | None = None
    # Work a service hands to its own replicas (one message per item on one queue, competing
    # consumers): the only kind of event its producer may consume.
    work_queue: bool = False

    @property
    def exchange(self) -> str:
        return exchange_for(self.producer)

    @property
    def schema_versions(self) -> tuple[int, ...]:
        """The versions of this event's payload a consumer built against this catalog can read."""
        return tuple(range(1, self.schema_version + 1))


def exchange_for(producer: str) -> str:
    """Each producing service publishes on its own topic exchange."""
    return f"{producer}.events"


_ACCOUNT_READERS = (TIMETRACKING, WORKORDERS)

_SPECS = (
    # --- timetracking ---------------------------------------------------------
    EventSpec("time_entry.recorded", TIMETRACKING, tt.TimeEntry, (INVOICING,),
              "A time entry was recorded (manually or by committing a timer)."),
    EventSpec("time_entry.updated", TIMETRACKING, tt.TimeEntry, (INVOICING,),
              "A time entry changed (unbilled, or on a draft: invoicing reconciles the draft); "
              "the payload is the whole new version."),
    EventSpec("time_entry.deleted", TIMETRACKING, tt.TimeEntryDeleted, (INVOICING,),
              "An unbilled time entry was deleted."),
    EventSpec("expense.recorded", TIMETRACKING, tt.Expense, (INVOICING,),
              "An expense (travel, parking, ...) was recorded.", schema_version=2),
    EventSpec("expense.updated", TIMETRACKING, tt.Expense, (INVOICING,),
              "An expense changed (unbilled, or on a draft); the payload is the whole new version.",
              schema_version=2),
    EventSpec("expense.deleted", TIMETRACKING, tt.ExpenseDeleted, (INVOICING,),
              "An unbilled expense was deleted."),
    EventSpec("part.recorded", TIMETRACKING, tt.Part, (INVOICING,),
              "A part was used on a ticket, its price snapshotted.", schema_version=2),
    EventSpec("part.updated", TIMETRACKING, tt.Part, (INVOICING,),
              "A part used on a ticket changed (unbilled, or on a draft); the payload is the whole new version.",
              schema_version=2),
    EventSpec("part.deleted", TIMETRACKING, tt.PartDeleted, (INVOICING,),
              "An unbilled part was removed from a ticket.", schema_version=2),
    *(EventSpec(f"material.{verb}", TIMETRACKING, payload, (INVOICING,), f"Retired: the old name of `part.{verb}`.",
                replaced_by=f"part.{verb}")
      for verb, payload in (("recorded", tt.Part), ("updated", tt.Part), ("deleted", tt.PartDeleted))),
    EventSpec("matter.opened", TIMETRACKING, tt.Matter, (INVOICING,),
              "A matter or ticket was opened under an account."),
    EventSpec("matter.updated", TIMETRACKING, tt.Matter, (INVOICING,),
              "A matter or ticket changed (renamed, closed, reopened)."),
    EventSpec("timer.committed", TIMETRACKING, tt.TimerCommitted, (),
              "A timer was committed into a time entry; for outside tools."),
    EventSpec("work.locked", TIMETRACKING, tt.WorkLocked, (INVOICING,),
              "Work a draft invoice claimed is locked against changes: each item with the version it "
              "was locked at, for that invoice (invoicing approves and posts only lines locked at their version).",
              schema_version=2),
    # --- invoicing ------------------------------------------------------------
    EventSpec("account.created", INVOICING, inv.Account, _ACCOUNT_READERS,
              "A customer account was created."),
    EventSpec("account.updated", INVOICING, inv.Account, _ACCOUNT_READERS,
              "An account changed, including deactivation (active=false)."),
    EventSpec("invoice.drafted", INVOICING, inv.InvoiceDrafted, (TIMETRACKING,),
              "A draft invoice claimed unbilled work; the claimed entries are listed.", schema_version=2),
    EventSpec("invoice.items_released", INVOICING, inv.InvoiceItemsReleased, (TIMETRACKING,),
              "A draft was deleted, or lines removed from it; the released entries are listed.", schema_version=2),
    EventSpec("invoice.deleted", INVOICING, inv.InvoiceItemsReleased, (TIMETRACKING,),
              "Retired: the old name of `invoice.items_released`.", replaced_by="invoice.items_released"),
    EventSpec("invoice.approved", INVOICING, inv.InvoiceApproved, (),
              "A partner approved a draft for posting."),
    EventSpec("invoice.posted", INVOICING, inv.InvoicePosted, (TIMETRACKING, DUNNING, ANALYTICS, WORKORDERS),
              "An invoice was posted: numbered, due date set, frozen.", schema_version=2),
    EventSpec("invoice.voided", INVOICING, inv.InvoiceVoided, (TIMETRACKING, DUNNING, ANALYTICS),
              "A posted invoice was voided by a full credit note; its entries are rebillable.", schema_version=2),
    EventSpec("invoice.paid", INVOICING, inv.InvoicePaid, (TIMETRACKING, DUNNING, ANALYTICS),
              "An invoice's balance reached zero through payments."),
    EventSpec("payment.recorded", INVOICING, inv.PaymentRecorded, (TIMETRACKING, DUNNING, ANALYTICS),
              "A payment was recorded against a posted invoice."),
    EventSpec("credit_note.issued", INVOICING, inv.CreditNoteIssued, (TIMETRACKING, DUNNING, ANALYTICS),
              "A credit note reduced a posted invoice's balance."),
    EventSpec("invoice.disputed", INVOICING, inv.InvoiceDisputed, (DUNNING,),
              "The customer disputes an invoice; reminders pause."),
    EventSpec("invoice.dispute_resolved", INVOICING, inv.InvoiceDisputeResolved, (DUNNING,),
              "A dispute was resolved; reminders may resume."),
    EventSpec("agreement.created", INVOICING, inv.Agreement, (),
              "An agreement with recurring lines was made for an account."),
    EventSpec("agreement.updated", INVOICING, inv.Agreement, (),
              "An agreement was renamed or its lines changed; the payload is the whole agreement."),
    EventSpec("agreement.ended", INVOICING, inv.Agreement, (),
              "An agreement was ended: every line's end date is at most the date it ends."),
    EventSpec("billing_run.account_due", INVOICING, inv.BillingRunAccountDue, (INVOICING,),
              "One account of a billing run is due to be drafted; invoicing's replicas share these "
              "(competing consumers on one queue).", work_queue=True),
    EventSpec("billing_run.completed", INVOICING, inv.BillingRunCompleted, (),
              "Every account of a billing run was drafted, had nothing due, or was set aside."),
    # --- workorders -----------------------------------------------------------
    EventSpec("proposal.signed", WORKORDERS, wo.ProposalSigned, (),
              "A customer signed a proposal; its work order was created, Scheduled."),
    EventSpec("workorder.scheduled", WORKORDERS, wo.WorkOrderScheduled, (),
              "A work order was scheduled (date, start time, loadout, crew, equipment), or rescheduled."),
    EventSpec("workorder.started", WORKORDERS, wo.WorkOrderStarted, (),
              "The crew started a work order on site."),
    EventSpec("workorder.line_item_completed", WORKORDERS, wo.LineItemCompleted, (),
              "A work order's line item was completed, with its actual hours and costs."),
    EventSpec("workorder.margin_alert", WORKORDERS, wo.MarginAlert, (),
              "A running job's projected margin fell below target, or its projected hours over estimate "
              "(once per crossing)."),
    EventSpec("workorder.completed", WORKORDERS, wo.WorkOrderCompleted, (INVOICING,),
              "A work order was completed and signed off by the customer, with its lines and costs "
              "(invoicing drafts its invoice)."),
    EventSpec("workorder.invoiced", WORKORDERS, wo.WorkOrderInvoiced, (),
              "The invoice drafted from a work order was posted."),
    # --- dunning --------------------------------------------------------------
    EventSpec("reminder.sent", DUNNING, dn.ReminderSent, (),
              "A payment reminder was sent for an overdue (or nearly due) invoice."),
)

CATALOG: dict[str, EventSpec] = {spec.event_type: spec for spec in _SPECS}


def spec_for(event_type: str) -> EventSpec:
    try:
        return CATALOG[event_type]
    except KeyError:
        raise KeyError(f"{event_type!r} is not in the event catalog") from None


def consumers_of(event_type: str) -> tuple[str, ...]:
    return spec_for(event_type).consumers


def events_consumed_by(service: str) -> list[EventSpec]:
    return [spec for spec in CATALOG.values() if service in spec.consumers]


def events_produced_by(service: str) -> list[EventSpec]:
    return [spec for spec in CATALOG.values() if spec.producer == service]


def as_markdown() -> str:
    """The catalog as the table in docs/events.md."""
    lines = ["| Event | Producer (exchange) | Consumers | Payload | What happened |", "|---|---|---|---|---|"]
    for spec in CATALOG.values():
        consumers = ", ".join(spec.consumers) or "— (outside subscribers)"
        lines.append(f"| `{spec.event_type}` v{spec.schema_version} | {spec.producer} (`{spec.exchange}`) "
                     f"| {consumers} | `{spec.payload_model.__name__}` | {spec.description} |")
    return "\n".join(lines) + "\n"
