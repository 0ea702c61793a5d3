"""The WorkOrder aggregate: one job with its line items, crew time entries, documentation and
completion checklist.

Every change goes through one method here, which checks its rules and records a domain event
(:mod:`.events`); nothing else sets a status. Times come in from the caller (the kit's clock), so
the rules are testable without one. What only the database knows — the next number, an
employee's rate in force, a photo's stored file — is handed in as data.

Lifecycle: Created (direct work orders) → Scheduled → In progress → Completed → Invoiced.
A line item: Pending → In progress ⇄ Paused → Completed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from uuid import UUID, uuid4

from ledgerline_contracts import Actor, Conflict, NotFound, ValidationFailed

from ledgerline_workorders.domain import access, costing, events
from ledgerline_workorders.domain.rates import WageRate, cost_of


class Status(StrEnum):
    CREATED = "created"
    SCHEDULED = "scheduled"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    INVOICED = "invoiced"


class LineStatus(StrEnum):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    PAUSED = "paused"
    COMPLETED = "completed"


class Pricing(StrEnum):
    HOURLY = "hourly"
    FIXED = "fixed"


class Activity(StrEnum):
    PRODUCTION = "production"
    TRANSPORT = "transport"
    SUPPORT = "support"


class PhotoTag(StrEnum):
    BEFORE = "before"
    DURING = "during"
    AFTER = "after"


class NoteKind(StrEnum):
    CREW_NOTE = "crew_note"
    CUSTOMER_COMMUNICATION = "customer_communication"
    ISSUE = "issue"
    SAFETY_INCIDENT = "safety_incident"
    NEAR_MISS = "near_miss"


STATUS_WORDS = {Status.CREATED: "created", Status.SCHEDULED: "scheduled", Status.IN_PROGRESS: "in progress",
                Status.COMPLETED: "completed", Status.INVOICED: "invoiced"}
# How far ahead of the server's clock a device's time may be (clocks drift); beyond, it is a typo.
CLOCK_SKEW = timedelta(minutes=5)
# The completion checklist's items the crew ticks (the others are checked from the record).
CREW_CHECKS = ("walkthrough_complete", "debris_removed", "site_restored", "equipment_cleaned")


def work_order_number(day: date, sequence: int) -> str:
    """WO-YYYYMMDD-NNN: the day it was made and its place in the organization's day."""
    return f"WO-{day:%Y%m%d}-{sequence:03d}"


def _checked_time(at: datetime, now: datetime, not_before: datetime | None, what: str) -> datetime:
    """A time the crew gives: not ahead of the clock (beyond its drift), not before what it follows."""
    if at > now + CLOCK_SKEW:
        raise ValidationFailed(f"{what} cannot be in the future", "at")
    if not_before is not None and at < not_before:
        raise ValidationFailed(f"{what} cannot be before {not_before.isoformat()}, the time it follows", "at")
    return at


def require_active(resources, field: str) -> None:
    """Retired employees and machines are kept for the record, but no longer scheduled or clocked in."""
    retired = [r.name for r in resources if not r.active]
    if retired:
        raise ValidationFailed(f"{', '.join(retired)} no longer active", field)


@dataclass
class LineItem:
    id: UUID
    line_number: int
    service_type: str
    description: str
    production_hours: Decimal
    transport_hours: Decimal
    buffer_hours: Decimal
    pricing_method: Pricing
    cost: Decimal
    price: Decimal
    target_margin_percent: Decimal
    change_order: bool = False
    status: LineStatus = LineStatus.PENDING
    started_at: datetime | None = None
    completed_at: datetime | None = None
    running_since: datetime | None = None
    paused_at: datetime | None = None
    worked_minutes: int = 0

    @property
    def estimated_hours(self) -> Decimal:
        return self.production_hours + self.transport_hours + self.buffer_hours

    @property
    def completed(self) -> bool:
        return self.status is LineStatus.COMPLETED


@dataclass(frozen=True)
class EquipmentUse:
    """A machine on a time entry, at the hourly rate in force when the entry began."""

    equipment_id: UUID
    name: str
    hourly_rate: Decimal


@dataclass(frozen=True)
class CrewMember:
    employee_id: UUID
    name: str
    role: str = ""
    user_id: UUID | None = None


@dataclass(frozen=True)
class Machine:
    equipment_id: UUID
    name: str


@dataclass
class CrewTimeEntry:
    id: UUID
    line_item_id: UUID
    employee_id: UUID
    employee_name: str
    activity: Activity
    clock_in: datetime
    hourly_wage: Decimal
    burden_multiplier: Decimal
    equipment: tuple[EquipmentUse, ...] = ()
    clock_out: datetime | None = None
    duration_minutes: int | None = None
    labour_cost: Decimal | None = None
    equipment_cost: Decimal | None = None


@dataclass(frozen=True)
class Photo:
    id: UUID
    tag: PhotoTag
    filename: str
    content_type: str
    size: int
    file_key: str
    caption: str
    line_item_id: UUID | None
    taken_by: UUID
    taken_by_name: str
    uploaded_at: datetime


@dataclass(frozen=True)
class FieldNote:
    """A crew note, customer communication, issue encountered, safety incident or near miss."""

    id: UUID
    kind: NoteKind
    text: str
    at: datetime
    author_id: UUID
    author_name: str


@dataclass(frozen=True)
class Signoff:
    printed_name: str
    signed_at: datetime
    signature_key: str


@dataclass(frozen=True)
class Settings:
    """An organization's rules for its jobs: photo minimums per tag and the alert thresholds."""

    minimum_photos: dict = field(default_factory=lambda: {PhotoTag.BEFORE: 0, PhotoTag.DURING: 0,
                                                          PhotoTag.AFTER: 3})
    thresholds: costing.AlertThresholds = costing.AlertThresholds()


@dataclass
class WorkOrder:
    id: UUID
    org_id: UUID
    number: str
    account_id: UUID
    account_name: str
    currency: str
    title: str
    site_address: str
    status: Status
    created_by: UUID
    created_at: datetime
    direct: bool = False
    proposal_id: UUID | None = None
    contract_amount: Decimal | None = None
    estimated_cost: Decimal | None = None
    target_margin_percent: Decimal = Decimal(0)
    po_number: str | None = None
    special_instructions: str = ""
    scope_included: str = ""
    scope_excluded: str = ""
    scheduled_on: date | None = None
    start_time: str | None = None
    loadout_id: UUID | None = None
    crew: list[CrewMember] = field(default_factory=list)
    equipment: list[Machine] = field(default_factory=list)
    started_at: datetime | None = None
    safety: dict = field(default_factory=dict)
    site_conditions: dict = field(default_factory=dict)
    checklist: dict = field(default_factory=dict)
    signoff: Signoff | None = None
    completed_at: datetime | None = None
    invoice_id: UUID | None = None
    invoice_number: str | None = None
    alerts: list[dict] = field(default_factory=list)
    alerting: set[str] = field(default_factory=set)
    lines: list[LineItem] = field(default_factory=list)
    entries: list[CrewTimeEntry] = field(default_factory=list)
    photos: list[Photo] = field(default_factory=list)
    notes: list[FieldNote] = field(default_factory=list)
    _events: list = field(default_factory=list, repr=False)

    # --- making one -----------------------------------------------------------------------

    @classmethod
    def direct_order(cls, by: Actor, *, number: str, account_id: UUID, account_name: str, currency: str, now: datetime,
                     title: str, site_address: str, contract_amount: Decimal, estimated_cost: Decimal | None,
                     target_margin_percent: Decimal, po_number: str | None, special_instructions: str,
                     lines: list[LineItem]) -> WorkOrder:
        """A work order without a proposal (insurance, emergency, fixed price): status Created."""
        order = cls(id=uuid4(), org_id=by.org_id, number=number, account_id=account_id, account_name=account_name,
                    currency=currency, title=title, site_address=site_address, status=Status.CREATED,
                    created_by=by.user_id, created_at=now, direct=True, contract_amount=contract_amount,
                    estimated_cost=estimated_cost, target_margin_percent=target_margin_percent,
                    po_number=po_number, special_instructions=special_instructions, lines=lines)
        order._events.append(events.WorkOrderCreated(order, by))
        return order

    def pull_events(self) -> list:
        pulled, self._events = self._events, []
        return pulled

    # --- who ------------------------------------------------------------------------------

    def on_crew(self, employee_ids) -> bool:
        return any(member.employee_id in set(employee_ids) for member in self.crew)

    def visible_to(self, actor: Actor, my_employee_ids=()) -> bool:
        if actor.is_customer:
            return actor.account_id == self.account_id
        if actor.role in access.SCHEDULERS or actor.sees_whole_org:
            return True
        return self.on_crew(my_employee_ids)

    def may_work(self, actor: Actor, my_employee_ids=()) -> bool:
        """Schedulers work any job; fee earners only the jobs they are crew on."""
        return actor.role in access.SCHEDULERS or (actor.role in access.FIELD_WORKERS
                                                   and self.on_crew(my_employee_ids))

    def allowed_actions(self, actor: Actor, my_employee_ids=(), settings: Settings | None = None) -> list[str]:
        """What the caller may do next, from the same rules the methods check."""
        scheduler = actor.role in access.SCHEDULERS
        crew = self.may_work(actor, my_employee_ids)
        actions = []
        if scheduler and self.status in (Status.CREATED, Status.SCHEDULED):
            actions.append("schedule")
        if crew and self.status is Status.SCHEDULED and self.crew and self.lines:
            actions.append("start")
        if scheduler and self.status in (Status.CREATED, Status.SCHEDULED, Status.IN_PROGRESS):
            actions.append("add_line_item")
        if crew and self.status is Status.IN_PROGRESS:
            actions += ["clock_in", "clock_out", "checklist"]
            if not self.unmet(settings or Settings()):
                actions.append("complete")
        if crew and self.status in (Status.CREATED, Status.SCHEDULED, Status.IN_PROGRESS):
            actions += ["add_photo", "add_note", "report_incident", "record_site_conditions"]
        return actions

    def line_actions(self, line: LineItem, actor: Actor, my_employee_ids=()) -> list[str]:
        """What the caller may do next to one line item, from the rules start_line, pause_line,
        complete_line, clock_in and clock_out check."""
        if self.status is not Status.IN_PROGRESS or not self.may_work(actor, my_employee_ids):
            return []
        return {LineStatus.PENDING: ["start_line"], LineStatus.PAUSED: ["resume_line", "complete_line"],
                LineStatus.IN_PROGRESS: ["pause_line", "complete_line", "clock_in", "clock_out"]}.get(line.status, [])

    # --- the lifecycle --------------------------------------------------------------------

    def _require(self, *statuses: Status, to: str) -> None:
        if self.status not in statuses:
            wanted = " or ".join(STATUS_WORDS[s] for s in statuses)
            raise Conflict(f"work order {self.number} is {STATUS_WORDS[self.status]}; only a {wanted} work order "
                           f"can {to}")

    def schedule(self, by: Actor, *, today: date, scheduled_on: date, start_time: str | None,
                 loadout_id: UUID | None, crew: list[CrewMember], equipment: list[Machine]) -> None:
        """Set (or change) the date, start time, loadout, crew and equipment."""
        self._require(Status.CREATED, Status.SCHEDULED, to="be scheduled")
        if scheduled_on < today:
            raise ValidationFailed(f"scheduled_on {scheduled_on.isoformat()} is in the past", "scheduled_on")
        if not crew:
            raise ValidationFailed("a scheduled job needs at least one crew member", "crew_employee_ids")
        self.scheduled_on, self.start_time, self.loadout_id = scheduled_on, start_time, loadout_id
        self.crew, self.equipment = list(crew), list(equipment)
        self.status = Status.SCHEDULED
        self._events.append(events.WorkOrderScheduled(self, by))

    def start(self, by: Actor, *, now: datetime, weather: str, briefing_at: datetime, attendees: list[UUID],
              ppe_verified: bool, site_conditions: dict, at: datetime | None = None) -> None:
        """The crew is on site: weather, the safety briefing (time, attendees) and PPE recorded.
        ``at``: when work started, if the crew's device sends it later (default: now)."""
        self._require(Status.SCHEDULED, to="be started")
        at = _checked_time(at or now, now, None, "the start")
        if not self.lines:
            raise Conflict(f"work order {self.number} has no line items to work on; add one first")
        if not ppe_verified:
            raise ValidationFailed("personal protective equipment must be verified before work starts",
                                   "ppe_verified")
        if briefing_at > now + CLOCK_SKEW:
            raise ValidationFailed("the safety briefing cannot be in the future", "safety_briefing_at")
        strangers = [a for a in attendees if not self.on_crew([a])]
        if strangers:
            raise ValidationFailed(f"{len(strangers)} attendee(s) are not on this job's crew", "safety_attendees")
        if not attendees:
            raise ValidationFailed("name who attended the safety briefing", "safety_attendees")
        self.started_at = at
        self.safety = {"weather": weather, "briefing_at": briefing_at.isoformat(),
                       "attendees": [str(a) for a in attendees], "ppe_verified": True}
        self.site_conditions = {**self.site_conditions, **site_conditions}
        self.status = Status.IN_PROGRESS
        self._events.append(events.WorkOrderStarted(self, by))

    def add_line(self, by: Actor, line: LineItem) -> LineItem:
        """A line item; once the job has started it is a change order (counted, with its hours)."""
        self._require(Status.CREATED, Status.SCHEDULED, Status.IN_PROGRESS, to="take new line items")
        line.line_number = max((existing.line_number for existing in self.lines), default=0) + 1
        line.change_order = self.status is Status.IN_PROGRESS
        self.lines.append(line)
        self._events.append(events.LineItemAdded(self, line, by))
        return line

    def line(self, line_id: UUID) -> LineItem:
        for line in self.lines:
            if line.id == line_id:
                return line
        raise NotFound("no such line item on this work order", "line_id")

    def _working_line(self, line_id: UUID, to: str) -> LineItem:
        self._require(Status.IN_PROGRESS, to=to)
        return self.line(line_id)

    # A line item's clock takes the time it happened (``at``), which a crew's device may send later
    # (default: now); the times of one line item must follow each other.

    def start_line(self, by: Actor, line_id: UUID, at: datetime, now: datetime | None = None) -> None:
        """Start a pending line item, or resume a paused one."""
        line = self._working_line(line_id, "have its line items started")
        if line.status not in (LineStatus.PENDING, LineStatus.PAUSED):
            raise Conflict(f"line item {line.line_number} is {line.status.value.replace('_', ' ')}; only a pending or "
                           "paused line item can be started")
        at = _checked_time(at, now or at, line.paused_at or self.started_at, "a line item's start")
        action = "resume_line" if line.status is LineStatus.PAUSED else "start_line"
        line.status, line.running_since, line.paused_at = LineStatus.IN_PROGRESS, at, None
        line.started_at = line.started_at or at
        self._events.append(events.LineItemChanged(self, line, action, by))

    def _stop_clock(self, by: Actor, line: LineItem, at: datetime, now: datetime) -> None:
        """Bank the running interval and clock out whoever is still clocked in on the line."""
        _checked_time(at, now, line.running_since or line.paused_at, "stopping a line item")
        if line.running_since is not None:
            line.worked_minutes += costing.minutes_between(line.running_since, at)
            line.running_since = None
        still_in = [e.employee_id for e in self.entries if e.line_item_id == line.id and e.clock_out is None]
        if still_in:
            self.clock_out(by, line.id, still_in, at=at, now=now)

    def pause_line(self, by: Actor, line_id: UUID, at: datetime, now: datetime | None = None) -> None:
        line = self._working_line(line_id, "have its line items paused")
        if line.status is not LineStatus.IN_PROGRESS:
            raise Conflict(f"line item {line.line_number} is not in progress; only running work can be paused")
        self._stop_clock(by, line, at, now or at)
        line.status, line.paused_at = LineStatus.PAUSED, at
        self._events.append(events.LineItemChanged(self, line, "pause_line", by))

    def complete_line(self, by: Actor, line_id: UUID, at: datetime, now: datetime | None = None) -> None:
        line = self._working_line(line_id, "have its line items completed")
        if line.status not in (LineStatus.IN_PROGRESS, LineStatus.PAUSED):
            raise Conflict(f"line item {line.line_number} is {line.status.value.replace('_', ' ')}; start it before "
                           "completing it")
        self._stop_clock(by, line, at, now or at)
        line.status, line.completed_at, line.paused_at = LineStatus.COMPLETED, at, None
        self._events.append(events.LineItemCompleted(self, line, self.line_actuals(now or at)[line.id], by))

    # --- crew time ------------------------------------------------------------------------

    def clock_in(self, by: Actor, line_id: UUID, crew: list[tuple[CrewMember, WageRate]], equipment: list[EquipmentUse],
                 activity: Activity, at: datetime, now: datetime) -> list[CrewTimeEntry]:
        """Clock crew members in on a running line item, each at the wage and burden in force."""
        line = self._working_line(line_id, "have crew clocked in")
        if line.status is not LineStatus.IN_PROGRESS:
            raise Conflict(f"line item {line.line_number} is not in progress; start it before clocking crew in")
        _checked_time(at, now, line.running_since, "a clock-in")
        strangers = [member.name for member, _ in crew if not self.on_crew([member.employee_id])]
        if strangers:
            raise ValidationFailed(f"{', '.join(strangers)} not on this job's crew; a scheduler assigns crew",
                                   "employee_ids")
        busy = [member.name for member, _ in crew if self.open_entry(member.employee_id) is not None]
        if busy:
            raise Conflict(f"{', '.join(busy)} already clocked in on this job; clock out first")
        entries = [CrewTimeEntry(id=uuid4(), line_item_id=line.id, employee_id=member.employee_id,
                                 employee_name=member.name, activity=activity, clock_in=at,
                                 hourly_wage=rate.hourly_wage, burden_multiplier=rate.burden_multiplier,
                                 equipment=tuple(equipment)) for member, rate in crew]
        self.entries.extend(entries)
        self._events.append(events.CrewClocked(self, line, tuple(entries), "clock_in", by))
        return entries

    def open_entry(self, employee_id: UUID) -> CrewTimeEntry | None:
        return next((e for e in self.entries if e.employee_id == employee_id and e.clock_out is None), None)

    def clock_out(self, by: Actor, line_id: UUID, employee_ids: list[UUID], at: datetime,
                  now: datetime) -> list[CrewTimeEntry]:
        """Close each member's entry: its minutes, labour cost and equipment cost, rounded per entry."""
        line = self._working_line(line_id, "have crew clocked out")
        _checked_time(at, now, None, "a clock-out")
        closing = []
        for employee_id in employee_ids:
            entry = next((e for e in self.entries if e.employee_id == employee_id and e.line_item_id == line.id
                          and e.clock_out is None), None)
            if entry is None:
                raise ValidationFailed(f"employee {employee_id} is not clocked in on line item {line.line_number}",
                                       "employee_ids")
            if at < entry.clock_in:
                raise ValidationFailed(f"{entry.employee_name} clocked in at {entry.clock_in.isoformat()}; clocking "
                                       "out earlier would make negative hours", "at")
            closing.append(entry)
        for entry in closing:
            entry.clock_out = at
            entry.duration_minutes = costing.minutes_between(entry.clock_in, at)
            entry.labour_cost = cost_of(entry.duration_minutes, entry.hourly_wage * entry.burden_multiplier,
                                        self.currency)
            entry.equipment_cost = sum((cost_of(entry.duration_minutes, use.hourly_rate, self.currency)
                                        for use in entry.equipment), Decimal(0))
        self._events.append(events.CrewClocked(self, line, tuple(closing), "clock_out", by))
        return closing

    # --- documentation --------------------------------------------------------------------

    def _document(self, by: Actor, action: str, details: dict) -> None:
        self._require(Status.CREATED, Status.SCHEDULED, Status.IN_PROGRESS, to="be documented")
        self._events.append(events.Documented(self, action, details, by))

    def add_photo(self, by: Actor, photo: Photo) -> None:
        if photo.line_item_id is not None:
            self.line(photo.line_item_id)
        self._document(by, "add_photo", {"photo_id": str(photo.id), "tag": photo.tag.value, "size": photo.size})
        self.photos.append(photo)

    def add_note(self, by: Actor, note: FieldNote) -> None:
        self._document(by, "add_" + note.kind.value, {"note_id": str(note.id)})
        self.notes.append(note)

    def record_site_conditions(self, by: Actor, conditions: dict) -> None:
        self._document(by, "record_site_conditions", conditions)
        self.site_conditions = {**self.site_conditions, **conditions}

    def tick_checklist(self, by: Actor, items: dict) -> None:
        """The crew's checklist items and completion notes; completion checks them with the rest."""
        self._require(Status.IN_PROGRESS, to="have its checklist ticked")
        self.checklist = {**self.checklist, **items}
        self._events.append(events.Documented(self, "checklist", items, by))

    def photo_count(self, tag: PhotoTag) -> int:
        return sum(1 for photo in self.photos if photo.tag is tag)

    def unmet(self, settings: Settings) -> list[str]:
        """The completion checklist's items not met yet, in words."""
        missing = []
        pending = [line.line_number for line in self.lines if not line.completed]
        if pending or not self.lines:
            missing.append("all line items completed" + (f" (still open: {', '.join(map(str, pending))})"
                                                         if pending else ""))
        for tag, minimum in settings.minimum_photos.items():
            have = self.photo_count(PhotoTag(tag))
            if have < minimum:
                missing.append(f"{minimum} {PhotoTag(tag).value} photos (have {have})")
        missing += [item.replace("_", " ") for item in CREW_CHECKS if not self.checklist.get(item)]
        return missing

    def checklist_view(self, settings: Settings) -> dict:
        unmet = self.unmet(settings)
        return {"all_line_items_completed": bool(self.lines) and all(line.completed for line in self.lines),
                "photos": {PhotoTag(tag).value: {"minimum": minimum, "uploaded": self.photo_count(PhotoTag(tag))}
                           for tag, minimum in settings.minimum_photos.items()},
                **{item: bool(self.checklist.get(item)) for item in CREW_CHECKS},
                "completion_notes": self.checklist.get("completion_notes", ""),
                "unmet": unmet, "met": not unmet}

    def complete(self, by: Actor, *, now: datetime, signoff: Signoff, settings: Settings) -> None:
        """The customer signed off: every checklist item must be met."""
        self._require(Status.IN_PROGRESS, to="be completed")
        unmet = self.unmet(settings)
        if unmet:
            raise Conflict("the completion checklist is not met: " + "; ".join(unmet), "checklist")
        if signoff.signed_at > now + CLOCK_SKEW:
            raise ValidationFailed("the customer's signature cannot be dated in the future", "signed_at")
        self.signoff, self.completed_at, self.status = signoff, now, Status.COMPLETED
        self._events.append(events.WorkOrderCompleted(self, self.line_actuals(now), by))

    def mark_invoiced(self, invoice_id: UUID, invoice_number: str, at: datetime) -> bool:
        """The invoice drafted from this job was posted. A repeat changes nothing."""
        if self.status is Status.INVOICED:
            return False
        self._require(Status.COMPLETED, to="be invoiced")
        self.invoice_id, self.invoice_number, self.status = invoice_id, invoice_number, Status.INVOICED
        self._events.append(events.WorkOrderInvoiced(self, at))
        return True

    # --- costing --------------------------------------------------------------------------

    @property
    def contract_price(self) -> Decimal:
        """What the customer pays: the agreed contract amount, else the line items' prices."""
        if self.contract_amount is not None:
            return self.contract_amount
        return sum((line.price for line in self.lines), Decimal(0))

    @property
    def estimated_total_cost(self) -> Decimal:
        """The line items' estimated costs; a direct work order's own estimate while they have none."""
        lines = sum((line.cost for line in self.lines), Decimal(0))
        return self.estimated_cost if not lines and self.estimated_cost is not None else lines

    def line_actuals(self, now: datetime) -> dict:
        return {line.id: costing.line_actuals(line, self.entries, now, self.currency) for line in self.lines}

    def projection(self, now: datetime) -> costing.Projection:
        return costing.project(self.lines, self.line_actuals(now), self.contract_price, self.target_margin_percent,
                               self.estimated_total_cost, self.currency)

    def review_projection(self, now: datetime, thresholds: costing.AlertThresholds) -> None:
        """Raise an alert for each threshold the projection has newly crossed (once per crossing)."""
        if self.status is not Status.IN_PROGRESS:
            return
        projection = self.projection(now)
        reasons = costing.alert_reasons(projection, thresholds)
        for reason in sorted(costing.new_crossings(self.alerting, reasons)):
            alert = {"reason": reason, "raised_at": now.isoformat(),
                     "projected_margin_percent": (None if projection.projected_margin_percent is None
                                                  else str(projection.projected_margin_percent)),
                     "target_margin_percent": str(projection.target_margin_percent),
                     "projected_hours": str(projection.projected_hours),
                     "estimated_hours": str(projection.estimated_hours),
                     "projected_cost": str(projection.projected_cost)}
            self.alerts.append(alert)
            self._events.append(events.MarginAlertRaised(self, alert))
        self.alerting = reasons
