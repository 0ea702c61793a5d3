"""What the work orders service answers: crew, equipment and loadouts with their rates, proposals,
work orders with their line items, time, documents and costing, and the performance reports.

Hours and percentages are the decimal strings the service wrote ("16.90"); money is ``Money``.
Fields about money (``costs``, ``rates``, ``costing``, ``alerts``) are null or empty for the roles
that may not see it (docs/permissions.md).
"""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, Field

from ledgerline_contracts.money import Money


# --- crew, equipment, loadouts ----------------------------------------------------------------------

class WageRateView(BaseModel):
    effective_from: str
    hourly_wage: str
    burden_multiplier: str
    hourly_cost: str = Field(description="wage × burden")


class WageRates(BaseModel):
    current: WageRateView | None = Field(description="in force today (null before the first rate's date)")
    history: list[WageRateView]


class EmployeeView(BaseModel):
    id: UUID
    name: str
    user_id: UUID | None = Field(description="the login of a crew member who uses the app")
    role: str
    tier: int | None
    certifications: list[str]
    active: bool
    rates: WageRates | None = Field(description="only for roles that see money")


class EquipmentRateView(BaseModel):
    effective_from: str
    hourly_rate: str


class EquipmentRates(BaseModel):
    current: EquipmentRateView | None
    history: list[EquipmentRateView]


class EquipmentView(BaseModel):
    id: UUID
    name: str
    kind: str
    active: bool
    rates: EquipmentRates | None = Field(description="only for roles that see money")


class LoadoutView(BaseModel):
    id: UUID
    name: str
    equipment_ids: list[UUID]
    crew_employee_ids: list[UUID]


class JobSettingsView(BaseModel):
    minimum_before_photos: int
    minimum_during_photos: int
    minimum_after_photos: int
    margin_alert_points: str
    hours_alert_percent: str


# --- proposals ---------------------------------------------------------------------------------------

class ProposalLineView(BaseModel):
    line_number: int
    service_type: str
    description: str
    pricing_method: str
    estimated_hours: str
    production_hours: str
    transport_hours: str
    buffer_hours: str
    price: Money
    cost: Money | None = Field(description="only for roles that see money")
    target_margin_percent: str | None


class ProposalView(BaseModel):
    id: UUID
    status: str = Field(description="open or signed")
    account_id: UUID
    account_name: str
    title: str
    site_address: str
    scope_included: str
    scope_excluded: str
    scheduled_on: str
    total_price: Money
    target_margin_percent: str | None
    line_items: list[ProposalLineView]
    signed_by: str | None
    signed_at: str | None
    work_order_id: UUID | None
    allowed_actions: list[str]


# --- work orders -------------------------------------------------------------------------------------

class CrewMemberView(BaseModel):
    employee_id: UUID
    name: str
    role: str


class MachineView(BaseModel):
    equipment_id: UUID
    name: str


class WorkOrderSummary(BaseModel):
    """A work order as a list shows it."""

    id: UUID
    number: str = Field(examples=["WO-20261202-001"])
    status: str = Field(description="created, scheduled, in_progress, completed or invoiced")
    direct: bool = Field(description="made without a proposal")
    account_id: UUID
    account_name: str
    title: str
    site_address: str
    proposal_id: UUID | None
    scheduled_on: str | None
    start_time: str | None
    crew: list[CrewMemberView]
    line_items: int
    line_items_completed: int
    alert_count: int
    allowed_actions: list[str]


class LineCosts(BaseModel):
    estimated_cost: Money
    price: Money
    target_margin_percent: str
    labour_cost: Money
    equipment_cost: Money
    total_cost: Money
    profit: Money | None
    margin_percent: str | None


class LineItemView(BaseModel):
    id: UUID
    line_number: int
    service_type: str
    description: str
    pricing_method: str
    status: str = Field(description="pending, in_progress, paused or completed")
    change_order: bool
    production_hours: str
    transport_hours: str
    buffer_hours: str
    estimated_hours: str
    actual_hours: str
    variance_hours: str
    started_at: str | None
    completed_at: str | None
    running: bool
    clocked_in: list[str]
    costs: LineCosts | None = Field(description="only for roles that see money")


class EntryCosts(BaseModel):
    hourly_wage: Money
    burden_multiplier: str
    labour_cost: Money
    equipment_cost: Money


class CrewTimeEntryView(BaseModel):
    id: UUID
    line_item_id: UUID
    employee_id: UUID
    employee_name: str
    activity: str
    clock_in: str
    clock_out: str | None
    duration_minutes: int = Field(description="so far, while clocked in")
    equipment: list[str]
    costs: EntryCosts | None


class ChangeOrders(BaseModel):
    count: int
    impact_hours: str


class PhotoView(BaseModel):
    id: UUID
    tag: str = Field(description="before, during or after")
    filename: str
    content_type: str
    size: int
    caption: str
    line_item_id: UUID | None
    taken_by_name: str
    uploaded_at: str


class JobNoteView(BaseModel):
    id: UUID
    kind: str = Field(description="crew_note, customer_communication, issue, safety_incident or near_miss")
    text: str
    at: str
    author_name: str


class PhotoRequirement(BaseModel):
    minimum: int
    uploaded: int


class ChecklistView(BaseModel):
    all_line_items_completed: bool
    photos: dict[str, PhotoRequirement]
    walkthrough_complete: bool
    debris_removed: bool
    site_restored: bool
    equipment_cleaned: bool
    completion_notes: str
    unmet: list[str]
    met: bool


class SignoffView(BaseModel):
    printed_name: str
    signed_at: str


class ProjectionView(BaseModel):
    actual_hours: str
    estimated_hours: str
    projected_hours: str
    actual_cost: Money
    estimated_cost: Money
    projected_cost: Money
    contract_price: Money
    target_margin_percent: str
    projected_margin_percent: str | None
    overrun_factor: str


class AlertView(BaseModel):
    reason: str = Field(description="margin or hours")
    raised_at: str
    projected_margin_percent: str | None
    target_margin_percent: str
    projected_hours: str
    estimated_hours: str
    projected_cost: str


class CostingView(BaseModel):
    """The live job costing: actuals so far per line item and for the job, and the projection."""

    work_order_id: UUID
    number: str
    status: str
    as_of: str
    labour_cost: Money
    equipment_cost: Money
    total_cost: Money
    projection: ProjectionView
    lines: list[LineItemView]
    alerts: list[AlertView]


class WorkOrderView(WorkOrderSummary):
    """One work order in full."""

    po_number: str | None
    special_instructions: str
    scope_included: str
    scope_excluded: str
    loadout_id: UUID | None
    equipment: list[MachineView]
    started_at: str | None
    completed_at: str | None
    safety: dict = Field(description="weather, briefing_at, attendees, ppe_verified")
    site_conditions: dict
    lines: list[LineItemView]
    time_entries: list[CrewTimeEntryView]
    change_orders: ChangeOrders
    photos: list[PhotoView]
    notes: list[JobNoteView]
    safety_incidents: int
    near_misses: int
    checklist: ChecklistView
    signoff: SignoffView | None
    invoice_id: UUID | None
    invoice_number: str | None
    costing: CostingView | None = Field(description="only for roles that see money")
    alerts: list[AlertView]


class PhotoFile(BaseModel):
    filename: str
    content_type: str
    size: int
    content_base64: str


# --- performance ---------------------------------------------------------------------------------------

class ServiceTypeHours(BaseModel):
    estimated_hours: str
    actual_hours: str
    crew_hours: str


class PerformanceView(BaseModel):
    """What a completed job teaches: estimated against actual hours, variance, cost, margin, accuracy."""

    work_order_id: UUID
    completed_on: str
    estimated_production_hours: str
    estimated_transport_hours: str
    estimated_total_hours: str
    actual_production_hours: str
    actual_transport_hours: str
    actual_total_hours: str
    production_variance_percent: str | None
    total_variance_percent: str | None
    estimated_cost: Money
    actual_cost: Money
    contract_price: Money
    target_margin_percent: str
    actual_margin_percent: str | None
    accuracy_score: str | None = Field(description="100 − |total variance %|, never below 0")
    by_service_type: dict[str, ServiceTypeHours]
    site_factors: dict


class ServiceTypeEfficiency(BaseModel):
    service_type: str
    jobs: int
    estimated_hours: str
    actual_hours: str
    crew_hours: str
    efficiency_percent: str | None = Field(description="estimated ÷ actual hours: above 100 the crews beat it")


class EstimateAccuracyReport(BaseModel):
    date_from: str | None
    date_to: str | None
    jobs: int
    within_estimate: int = Field(description="jobs whose hours came within 10 % of the estimate")
    within_estimate_percent: str | None
    average_margin_percent: str | None
    average_target_margin_percent: str | None
    efficiency_by_service_type: list[ServiceTypeEfficiency]
