"""Requests to the work orders service: crew and equipment with their rates, proposals, work
orders through their lifecycle, time per line item and field documentation (docs/workorders.md).

Hours and money are decimal strings ("16.90", "35.00"), never floats; times carry their zone.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AfterValidator, ConfigDict, Field, model_validator

from ledgerline_contracts.commands.base import Command, Day, Moment, Page
from ledgerline_contracts.commands.timetracking import check_period
from ledgerline_contracts.money import Amount, DecimalStr

Hours = Annotated[DecimalStr, Field(ge=0, max_digits=8, decimal_places=2)]
Percent = Annotated[DecimalStr, Field(ge=-100, le=100, max_digits=5, decimal_places=2)]
HourlyRate = Annotated[DecimalStr, Field(gt=0, max_digits=12, decimal_places=4)]
Burden = Annotated[DecimalStr, Field(ge=1, le=10, max_digits=6, decimal_places=4)]
Name = Annotated[str, Field(min_length=1, max_length=200)]
Text = Annotated[str, Field(max_length=5000)]
PricingMethod = Literal["hourly", "fixed"]
ActivityName = Literal["production", "transport", "support"]
PhotoTagName = Literal["before", "during", "after"]
WorkOrderStatusName = Literal["created", "scheduled", "in_progress", "completed", "invoiced"]
NoteKindName = Literal["crew_note", "customer_communication", "issue"]
IncidentKindName = Literal["safety_incident", "near_miss"]


def _clock_time(value: str) -> str:
    if not re.fullmatch(r"([01][0-9]|2[0-3]):[0-5][0-9]", value):
        raise ValueError("must be a time of day as HH:MM, such as 08:00")
    return value


ClockTime = Annotated[str, AfterValidator(_clock_time)]
# An employee's id in the examples (the documentation's, and the hostile tests' way past validation).
EXAMPLE_ID = "5f0c2a4e-8a43-4bb1-9b59-5f7f4d1b0c2e"


# --- crew, equipment, loadouts -------------------------------------------------------------------

class WageRateRequest(Command):
    """A wage and burden from a date on; work already done keeps the rate it was costed at."""

    hourly_wage: HourlyRate
    burden_multiplier: Burden = Field(description="labour cost per hour = wage × burden (1.7: 70 % on top)")
    effective_from: Day | None = Field(default=None, description="default: today")


class NewEmployee(WageRateRequest):
    name: Name
    user_id: UUID | None = Field(default=None, description="the login of a crew member who uses the app")
    role: str = Field(min_length=1, max_length=100, description="operator, ground crew, support, ...")
    tier: int | None = Field(default=None, ge=1, le=10)
    certifications: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(default_factory=list,
                                                                                       max_length=50)


class EditEmployee(Command):
    name: Name | None = None
    user_id: UUID | None = None
    role: str | None = Field(default=None, min_length=1, max_length=100)
    tier: int | None = Field(default=None, ge=1, le=10)
    certifications: list[Annotated[str, Field(min_length=1, max_length=100)]] | None = Field(default=None,
                                                                                              max_length=50)
    active: bool | None = None


class EquipmentRateRequest(Command):
    hourly_rate: HourlyRate
    effective_from: Day | None = Field(default=None, description="default: today")


class NewEquipment(EquipmentRateRequest):
    name: Name
    kind: str = Field(default="", max_length=100)


class EditEquipment(Command):
    name: Name | None = None
    kind: str | None = Field(default=None, max_length=100)
    active: bool | None = None


class NewLoadout(Command):
    """A named set of equipment with its default crew."""

    name: Name
    equipment_ids: list[UUID] = Field(default_factory=list, max_length=50)
    crew_employee_ids: list[UUID] = Field(default_factory=list, max_length=50)


class ResourceQuery(Page):
    active: bool | None = None


class JobSettingsRequest(Command):
    """An organization's rules for its jobs."""

    minimum_before_photos: int = Field(default=0, ge=0, le=100)
    minimum_during_photos: int = Field(default=0, ge=0, le=100)
    minimum_after_photos: int = Field(default=3, ge=0, le=100)
    margin_alert_points: Annotated[DecimalStr, Field(ge=0, le=100, max_digits=5, decimal_places=2)] = Field(
        default=Decimal(5), description="alert when the projected margin is this many points below target")
    hours_alert_percent: Annotated[DecimalStr, Field(ge=0, le=1000, max_digits=6, decimal_places=2)] = Field(
        default=Decimal(10), description="alert when the projected hours exceed the estimate by this percentage")


# --- proposals and work orders --------------------------------------------------------------------

class NewLineItem(Command):
    service_type: Name
    description: Text = Field(min_length=1)
    production_hours: Hours = Field(default=Decimal(0))
    transport_hours: Hours = Field(default=Decimal(0))
    buffer_hours: Hours = Field(default=Decimal(0))
    pricing_method: PricingMethod = "fixed"
    cost: Amount = Field(ge=0, description="the estimated cost")
    price: Amount = Field(ge=0, description="what the customer pays for it")
    target_margin_percent: Percent = Field(default=Decimal(50))


class NewProposal(Command):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "account_id": EXAMPLE_ID, "title": "Oak Street Mulching", "scheduled_on": "2026-12-02",
        "line_items": [{"service_type": "Forestry Mulching", "description": "Clear 3.5 acres - up to 6\" DBH",
                        "production_hours": "13.85", "transport_hours": "0.75", "buffer_hours": "1.46",
                        "pricing_method": "fixed", "cost": "4592.49", "price": "9184.98",
                        "target_margin_percent": "50"}]}]})

    account_id: UUID
    title: Name
    site_address: str = Field(default="", max_length=500)
    scope_included: Text = ""
    scope_excluded: Text = ""
    scheduled_on: Day = Field(description="when the crew would come, once signed")
    line_items: list[NewLineItem] = Field(min_length=1, max_length=100)


class ImageUpload(Command):
    """An image, base64-encoded; its type is checked against its bytes."""

    filename: str = Field(default="image", min_length=1, max_length=200)
    content_type: str = Field(min_length=1, max_length=100, description="image/jpeg, image/png, image/webp or "
                                                                         "image/heic")
    content_base64: str = Field(min_length=1)


class SignProposal(Command):
    signed_by: Name = Field(description="the signer's name, as they type it")
    signature: ImageUpload


class ProposalQuery(Page):
    status: Literal["open", "signed"] | None = None
    account_id: UUID | None = None


class NewDirectWorkOrder(Command):
    """A work order without a proposal: insurance, government, emergency or repeat work at an agreed price."""

    account_id: UUID
    title: Name = Field(description="the project's name")
    site_address: str = Field(default="", max_length=500)
    contract_amount: Amount = Field(ge=0)
    estimated_cost: Amount | None = Field(default=None, ge=0)
    target_margin_percent: Percent = Field(default=Decimal(50))
    po_number: str | None = Field(default=None, max_length=100)
    special_instructions: Text = ""
    line_items: list[NewLineItem] = Field(default_factory=list, max_length=100)


class WorkOrderQuery(Page):
    status: WorkOrderStatusName | None = None
    account_id: UUID | None = None
    proposal_id: UUID | None = None
    direct: bool | None = None
    mine: bool = Field(default=False, description="only the jobs I am on the crew of")
    date_from: Day | None = None
    date_to: Day | None = None

    @model_validator(mode="after")
    def _period(self) -> WorkOrderQuery:
        check_period(self.date_from, self.date_to)
        return self


class ScheduleWorkOrder(Command):
    scheduled_on: Day
    start_time: ClockTime | None = None
    loadout_id: UUID | None = Field(default=None, description="its crew and equipment are the defaults")
    crew_employee_ids: list[UUID] | None = Field(default=None, max_length=50)
    equipment_ids: list[UUID] | None = Field(default=None, max_length=50)


class SiteConditions(Command):
    weather: str | None = Field(default=None, max_length=200)
    access_notes: str | None = Field(default=None, max_length=2000)
    hazards: list[Annotated[str, Field(min_length=1, max_length=200)]] | None = Field(default=None, max_length=50)
    terrain: str | None = Field(default=None, max_length=100)
    soil: str | None = Field(default=None, max_length=100)
    vegetation_density: str | None = Field(default=None, max_length=100)
    access_difficulty: int | None = Field(default=None, ge=1, le=10, description="1 (easy) to 10")


class StartWorkOrder(Command):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "weather": "Clear, 75°F", "safety_briefing_at": "2026-12-02T08:00:00-05:00",
        "safety_attendees": [EXAMPLE_ID], "ppe_verified": True}]})

    weather: str = Field(min_length=1, max_length=200)
    safety_briefing_at: Moment
    safety_attendees: list[UUID] = Field(min_length=1, max_length=50, description="employee ids")
    ppe_verified: bool
    site_conditions: SiteConditions | None = None
    started_at: Moment | None = Field(default=None, description="default: now; a time the crew's device recorded")


class LineItemTime(Command):
    """When a line item was started, paused or completed."""

    at: Moment | None = Field(default=None, description="default: now; a time the crew's device recorded")


class ClockIn(Command):
    model_config = ConfigDict(json_schema_extra={"examples": [{"employee_ids": [EXAMPLE_ID],
                                                               "activity": "production"}]})

    employee_ids: list[UUID] = Field(min_length=1, max_length=50)
    equipment_ids: list[UUID] = Field(default_factory=list, max_length=50)
    activity: ActivityName = "production"
    at: Moment | None = Field(default=None, description="default: now")


class ClockOut(Command):
    model_config = ConfigDict(json_schema_extra={"examples": [{"employee_ids": [EXAMPLE_ID]}]})

    employee_ids: list[UUID] = Field(min_length=1, max_length=50)
    at: Moment | None = Field(default=None, description="default: now")


class NewPhoto(ImageUpload):
    tag: PhotoTagName
    caption: str = Field(default="", max_length=500)
    line_item_id: UUID | None = None


class NewNote(Command):
    kind: NoteKindName = "crew_note"
    text: Text = Field(min_length=1)


class NewIncident(Command):
    kind: IncidentKindName
    description: Text = Field(min_length=1)
    occurred_at: Moment | None = Field(default=None, description="default: now")


class Checklist(Command):
    """The crew's completion checks; the line items and photos are checked from the record."""

    walkthrough_complete: bool | None = None
    debris_removed: bool | None = None
    site_restored: bool | None = None
    equipment_cleaned: bool | None = None
    completion_notes: Text | None = None


class CompleteWorkOrder(Command):
    """The customer's sign-off."""

    printed_name: Name
    signature: ImageUpload
    signed_at: Moment | None = Field(default=None, description="default: now")


class ReportQuery(Command):
    """Jobs completed in a period (by default, all)."""

    date_from: Day | None = None
    date_to: Day | None = None

    @model_validator(mode="after")
    def _period(self) -> ReportQuery:
        check_period(self.date_from, self.date_to)
        return self

