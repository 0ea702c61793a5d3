"""The work order rules, without a database: every transition and refusal, the cost arithmetic,
the projection rule and the alert crossing."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from uuid import uuid4

import pytest

from ledgerline_contracts import Conflict, NotFound, Role, ValidationFailed
from ledgerline_servicekit.testing.fixtures import make_actor
from ledgerline_servicekit.unit_of_work import InMemoryUnitOfWork

from ledgerline_workorders.domain import costing
from ledgerline_workorders.domain.photos import checked_image
from ledgerline_workorders.domain.proposal import Proposal, ProposalStatus
from ledgerline_workorders.domain.rates import WageRate, cost_of, hours, rate_in_force
from ledgerline_workorders.domain.work_order import (
    Activity, CrewMember, EquipmentUse, LineItem, LineStatus, Machine, Photo, PhotoTag, Pricing, Settings, Signoff,
    Status, WorkOrder, work_order_number,
)
from ledgerline_workorders.use_cases.effects import WORKORDERS_EVENTS

ORG = uuid4()
partner = make_actor(Role.PARTNER, ORG)
crew_user = make_actor(Role.FEE_EARNER, ORG)
customer_account = uuid4()
customer = make_actor(Role.CUSTOMER, ORG, account_id=customer_account)
billing = make_actor(Role.BILLING, ORG)
JOHN = CrewMember(uuid4(), "John Smith", "operator", crew_user.user_id)
MIKE = CrewMember(uuid4(), "Mike Johnson", "ground crew")
SEED_RATE = WageRate(date(2026, 1, 1), Decimal(35), Decimal("1.7"))
MULCHER = EquipmentUse(uuid4(), "Supertrak SK200TR", Decimal("150.00"))
T0 = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
TODAY = date(2026, 12, 1)
PNG = base64.b64encode(bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                                     "1f15c4890000000d49444154789c6300010000050001 0d0a2db40000000049454e44ae426082"
                                     .replace(" ", ""))).decode()


def at(hours_after: float) -> datetime:
    return T0 + timedelta(hours=hours_after)


def line(estimated="16", price="9000", cost="4500", service_type="Forestry Mulching", margin="50") -> LineItem:
    return LineItem(id=uuid4(), line_number=0, service_type=service_type, description="Clear 3.5 acres",
                    production_hours=Decimal(estimated), transport_hours=Decimal(0), buffer_hours=Decimal(0),
                    pricing_method=Pricing.FIXED, cost=Decimal(cost), price=Decimal(price),
                    target_margin_percent=Decimal(margin))


def direct_order(*lines: LineItem, contract="15000") -> WorkOrder:
    order = WorkOrder.direct_order(
        partner, number="WO-20261201-001", account_id=customer_account, account_name="Oak Street HOA",
        currency="USD", now=at(-24), title="Storm cleanup", site_address="123 Oak St",
        contract_amount=Decimal(contract) if contract else None,
        estimated_cost=None, target_margin_percent=Decimal(50), po_number="INS-2024-1234",
        special_instructions="Insurance claim - document everything", lines=[])
    for item in lines:
        order.add_line(partner, item)
    return order


def scheduled(*lines: LineItem, **kwargs) -> WorkOrder:
    order = direct_order(*(lines or (line(),)), **kwargs)
    order.schedule(partner, today=TODAY, scheduled_on=date(2026, 12, 2), start_time="08:00", loadout_id=None,
                   crew=[JOHN, MIKE], equipment=[Machine(MULCHER.equipment_id, MULCHER.name)])
    return order


def started(*lines: LineItem, **kwargs) -> WorkOrder:
    order = scheduled(*lines, **kwargs)
    order.start(crew_user, now=T0, weather="Clear, 75°F", briefing_at=T0, attendees=[JOHN.employee_id],
                ppe_verified=True, site_conditions={"terrain": "Sloped"})
    return order


def events_of(order) -> list[str]:
    return [type(e).__name__ for e in order.pull_events()]


# --- cost arithmetic ------------------------------------------------------------------------------

def test_the_seed_example_costs_1005_55_per_crew_member():
    assert hours(1014) == Decimal("16.90")
    assert cost_of(1014, SEED_RATE.hourly_cost, "USD") == Decimal("1005.55")


def test_labour_is_rounded_half_up_per_entry_before_it_is_summed():
    # 1 minute at $59.50/h is $0.991666…: $0.99 per entry, $1.98 for two, not $1.98333 rounded once.
    assert cost_of(1, SEED_RATE.hourly_cost, "USD") == Decimal("0.99")
    assert cost_of(3, Decimal("0.10"), "USD") == Decimal("0.01")  # 0.005 rounds up


def test_two_crew_members_on_the_seed_line_cost_2011_10_with_the_mulcher():
    order = started(line())
    item = order.lines[0]
    order.start_line(crew_user, item.id, T0)
    order.clock_in(crew_user, item.id, [(JOHN, SEED_RATE), (MIKE, SEED_RATE)], [MULCHER], Activity.PRODUCTION,
                   at=T0, now=T0)
    order.clock_out(crew_user, item.id, [JOHN.employee_id, MIKE.employee_id], at=at(16.9), now=at(16.9))
    entries = order.entries
    assert [e.labour_cost for e in entries] == [Decimal("1005.55")] * 2
    assert [e.equipment_cost for e in entries] == [Decimal("2535.00")] * 2  # 16.9 h × $150 each
    actuals = order.line_actuals(at(16.9))[item.id]
    assert actuals.labour_cost == Decimal("2011.10") and actuals.equipment_cost == Decimal("5070.00")


def test_a_wage_change_in_the_middle_of_a_job_applies_from_its_date_and_never_rewrites_costs():
    rates = [SEED_RATE, WageRate(date(2026, 12, 3), Decimal(40), Decimal("1.7"))]
    order = started(line())
    item = order.lines[0]
    order.start_line(crew_user, item.id, T0)
    for day in range(2):  # 2 December at the old wage, 3 December at the new
        start = T0 + timedelta(days=day)
        rate = rate_in_force(rates, start.date(), "John Smith", "employee_ids")
        order.clock_in(crew_user, item.id, [(JOHN, rate)], [], Activity.PRODUCTION, at=start, now=start)
        order.clock_out(crew_user, item.id, [JOHN.employee_id], at=start + timedelta(hours=8),
                        now=start + timedelta(hours=8))
    assert [e.labour_cost for e in order.entries] == [Decimal("476.00"), Decimal("544.00")]
    with pytest.raises(ValidationFailed) as refused:
        rate_in_force(rates, date(2025, 12, 31), "John Smith", "employee_ids")
    assert refused.value.field == "employee_ids"


# --- the lifecycle --------------------------------------------------------------------------------

def test_a_direct_work_order_is_created_then_scheduled_started_completed_and_invoiced():
    order = direct_order(line())
    assert order.status is Status.CREATED and order.direct
    assert events_of(order) == ["WorkOrderCreated", "LineItemAdded"]
    order.schedule(partner, today=TODAY, scheduled_on=date(2026, 12, 2), start_time="08:00", loadout_id=None,
                   crew=[JOHN], equipment=[])
    assert order.status is Status.SCHEDULED
    order.start(crew_user, now=T0, weather="Clear", briefing_at=T0, attendees=[JOHN.employee_id], ppe_verified=True,
                site_conditions={})
    assert order.status is Status.IN_PROGRESS and order.started_at == T0
    item = order.lines[0]
    order.start_line(crew_user, item.id, T0)
    order.complete_line(crew_user, item.id, at(2))
    for n in range(3):
        order.add_photo(crew_user, photo(PhotoTag.AFTER))
    order.tick_checklist(crew_user, {"walkthrough_complete": True, "debris_removed": True, "site_restored": True,
                                     "equipment_cleaned": True})
    order.complete(crew_user, now=at(3), signoff=Signoff("Jane Oak", at(3), "key"), settings=Settings())
    assert order.status is Status.COMPLETED
    assert order.mark_invoiced(uuid4(), "INV-2026-000001", at(30)) is True
    assert order.status is Status.INVOICED
    assert order.mark_invoiced(uuid4(), "INV-2026-000001", at(31)) is False  # a repeat changes nothing
    assert "WorkOrderInvoiced" in events_of(order)


def photo(tag: PhotoTag, line_item_id=None) -> Photo:
    return Photo(id=uuid4(), tag=tag, filename="p.png", content_type="image/png", size=10, file_key="k",
                 caption="", line_item_id=line_item_id, taken_by=crew_user.user_id, taken_by_name="John",
                 uploaded_at=T0)


@pytest.mark.parametrize("status_of", ["completed", "invoiced"])
def test_nothing_is_scheduled_started_or_added_after_completion(status_of):
    order = started(line())
    order.status = Status(status_of)
    for change in (lambda: order.schedule(partner, today=TODAY, scheduled_on=TODAY, start_time=None,
                                          loadout_id=None, crew=[JOHN], equipment=[]),
                   lambda: order.add_line(partner, line()),
                   lambda: order.start(crew_user, now=T0, weather="x", briefing_at=T0, attendees=[JOHN.employee_id],
                                       ppe_verified=True, site_conditions={}),
                   lambda: order.add_photo(crew_user, photo(PhotoTag.AFTER))):
        with pytest.raises(Conflict, match=f"is {status_of}"):
            change()


def test_scheduling_refuses_a_day_in_the_past_and_an_empty_crew():
    order = direct_order(line())
    with pytest.raises(ValidationFailed) as refused:
        order.schedule(partner, today=TODAY, scheduled_on=date(2026, 11, 30), start_time=None, loadout_id=None,
                       crew=[JOHN], equipment=[])
    assert refused.value.field == "scheduled_on"
    with pytest.raises(ValidationFailed) as refused:
        order.schedule(partner, today=TODAY, scheduled_on=TODAY, start_time=None, loadout_id=None, crew=[],
                       equipment=[])
    assert refused.value.field == "crew_employee_ids"
    assert order.status is Status.CREATED


def test_starting_needs_a_scheduled_job_with_line_items_ppe_and_a_briefing_of_its_crew():
    with pytest.raises(Conflict, match="only a scheduled work order can be started"):
        direct_order(line()).start(crew_user, now=T0, weather="x", briefing_at=T0, attendees=[JOHN.employee_id],
                                   ppe_verified=True, site_conditions={})
    empty = direct_order()
    empty.schedule(partner, today=TODAY, scheduled_on=TODAY, start_time=None, loadout_id=None, crew=[JOHN],
                   equipment=[])
    with pytest.raises(Conflict, match="no line items"):
        empty.start(crew_user, now=T0, weather="x", briefing_at=T0, attendees=[JOHN.employee_id], ppe_verified=True,
                    site_conditions={})
    order = scheduled(line())
    for kwargs, field in [({"ppe_verified": False}, "ppe_verified"), ({"attendees": [uuid4()]}, "safety_attendees"),
                          ({"briefing_at": at(2)}, "safety_briefing_at")]:
        with pytest.raises(ValidationFailed) as refused:
            order.start(crew_user, **{"now": T0, "weather": "x", "briefing_at": T0, "attendees": [JOHN.employee_id],
                                      "ppe_verified": True, "site_conditions": {}, **kwargs})
        assert refused.value.field == field
    assert order.status is Status.SCHEDULED


def test_a_line_item_starts_pauses_resumes_and_completes_counting_only_working_time():
    order = started(line())
    item = order.lines[0]
    order.start_line(crew_user, item.id, T0)
    order.clock_in(crew_user, item.id, [(JOHN, SEED_RATE)], [], Activity.PRODUCTION, at=T0, now=T0)
    order.pause_line(crew_user, item.id, at(2))
    assert item.status is LineStatus.PAUSED and order.open_entry(JOHN.employee_id) is None  # pausing clocks out
    with pytest.raises(Conflict, match="not in progress"):
        order.clock_in(crew_user, item.id, [(JOHN, SEED_RATE)], [], Activity.PRODUCTION, at=at(2.5), now=at(2.5))
    order.start_line(crew_user, item.id, at(3))  # resume after an hour's lunch
    order.complete_line(crew_user, item.id, at(4))
    assert item.status is LineStatus.COMPLETED and item.worked_minutes == 180
    with pytest.raises(Conflict, match="only a pending or paused line item can be started"):
        order.start_line(crew_user, item.id, at(5))
    with pytest.raises(Conflict, match="start it before completing"):
        order.complete_line(crew_user, order.add_line(partner, line()).id, at(5))
    with pytest.raises(NotFound):
        order.start_line(crew_user, uuid4(), at(5))


def test_times_sent_later_must_follow_each_other():
    order = started(line())
    item = order.lines[0]
    for early in (lambda: order.start_line(crew_user, item.id, at(-1), at(5)),  # before the job started
                  lambda: order.start_line(crew_user, item.id, at(6), at(5))):  # ahead of the clock
        with pytest.raises(ValidationFailed) as refused:
            early()
        assert refused.value.field == "at"
    order.start_line(crew_user, item.id, at(1), at(5))  # recorded offline, sent at 5
    with pytest.raises(ValidationFailed) as refused:
        order.pause_line(crew_user, item.id, at(0.5), at(5))
    assert refused.value.field == "at"
    order.pause_line(crew_user, item.id, at(2), at(5))
    with pytest.raises(ValidationFailed):
        order.start_line(crew_user, item.id, at(1.5), at(5))  # resumed before it was paused
    order.start_line(crew_user, item.id, at(3), at(5))
    order.complete_line(crew_user, item.id, at(4), at(5))
    assert item.worked_minutes == 120 and item.completed_at == at(4)


def test_clocking_refuses_strangers_doubles_the_future_and_negative_hours():
    order = started(line(), line())
    first, second = order.lines
    order.start_line(crew_user, first.id, T0)
    order.start_line(crew_user, second.id, T0)
    stranger = CrewMember(uuid4(), "Pat Stranger")
    with pytest.raises(ValidationFailed, match="Pat Stranger") as refused:
        order.clock_in(crew_user, first.id, [(stranger, SEED_RATE)], [], Activity.PRODUCTION, at=T0, now=T0)
    assert refused.value.field == "employee_ids"
    with pytest.raises(ValidationFailed) as refused:
        order.clock_in(crew_user, first.id, [(JOHN, SEED_RATE)], [], Activity.PRODUCTION, at=at(1), now=T0)
    assert refused.value.field == "at"
    order.clock_in(crew_user, first.id, [(JOHN, SEED_RATE)], [], Activity.PRODUCTION, at=at(1), now=at(1))
    with pytest.raises(Conflict, match="already clocked in"):
        order.clock_in(crew_user, second.id, [(JOHN, SEED_RATE)], [], Activity.PRODUCTION, at=at(1), now=at(1))
    with pytest.raises(ValidationFailed, match="not clocked in") as refused:  # clock-out without clock-in
        order.clock_out(crew_user, first.id, [MIKE.employee_id], at=at(2), now=at(2))
    assert refused.value.field == "employee_ids"
    with pytest.raises(ValidationFailed, match="negative hours") as refused:
        order.clock_out(crew_user, first.id, [JOHN.employee_id], at=T0, now=at(2))
    assert refused.value.field == "at"
    assert order.open_entry(JOHN.employee_id).clock_out is None  # nothing changed


def test_a_change_order_on_a_started_job_is_counted_with_its_hours():
    order = started(line())
    added = order.add_line(partner, line(estimated="2.5"))
    assert added.change_order and added.line_number == 2
    assert sum(1 for item in order.lines if item.change_order) == 1
    assert not direct_order(line()).lines[0].change_order


def test_completing_refuses_an_unmet_checklist_naming_each_item():
    order = started(line())
    order.add_photo(crew_user, photo(PhotoTag.AFTER))
    with pytest.raises(Conflict) as refused:
        order.complete(crew_user, now=at(3), signoff=Signoff("Jane", at(3), "k"), settings=Settings())
    assert refused.value.field == "checklist"
    message = refused.value.message
    for item in ("all line items completed (still open: 1)", "3 after photos (have 1)", "walkthrough complete",
                 "debris removed", "site restored", "equipment cleaned"):
        assert item in message
    assert order.status is Status.IN_PROGRESS
    strict = Settings(minimum_photos={PhotoTag.BEFORE: 2, PhotoTag.AFTER: 1})
    assert "2 before photos (have 0)" in order.unmet(strict)


# --- proposals --------------------------------------------------------------------------------------

def test_signing_a_proposal_makes_a_scheduled_work_order_with_copies_of_its_line_items():
    proposal = Proposal.make(partner, now=T0, account_id=customer_account, account_name="Oak Street HOA",
                             currency="USD", title="Oak Street Mulching", site_address="123 Oak St",
                             scope_included="Mulch 3.5 acres", scope_excluded="Stumps", scheduled_on=date(2026, 12, 9),
                             lines=[line(price="9184.98", margin="50"), line(price="815.02", margin="40")])
    assert [item.line_number for item in proposal.lines] == [1, 2]
    assert proposal.target_margin_percent == Decimal("49.18")  # (50 × 9184.98 + 40 × 815.02) ÷ 10000
    assert proposal.allowed_actions(customer) == ["sign"] and proposal.allowed_actions(billing) == []
    order = proposal.sign(customer, signed_by="John Smith", signature_key="k", now=at(1), number="WO-20261202-001")
    assert proposal.status is ProposalStatus.SIGNED and proposal.work_order_id == order.id
    assert (order.status, order.proposal_id, order.scheduled_on) == (Status.SCHEDULED, proposal.id, date(2026, 12, 9))
    assert [i.description for i in order.lines] == [i.description for i in proposal.lines]
    assert {i.id for i in order.lines}.isdisjoint({i.id for i in proposal.lines})
    assert order.contract_price == Decimal("10000.00")
    with pytest.raises(Conflict, match="already signed"):
        proposal.sign(customer, signed_by="x", signature_key="k", now=at(2), number="WO-20261202-002")
    assert [type(e).__name__ for e in proposal.pull_events()] == ["ProposalMade", "ProposalSigned"]


def test_work_orders_are_numbered_by_day():
    assert work_order_number(date(2026, 12, 2), 7) == "WO-20261202-007"


# --- projection and alerts ---------------------------------------------------------------------------

def test_the_projection_scales_unfinished_lines_by_the_overrun_of_finished_ones():
    order = started(line(estimated="10", cost="1000"), line(estimated="10", cost="1000"), contract="4000")
    first, second = order.lines
    order.start_line(crew_user, first.id, T0)
    order.clock_in(crew_user, first.id, [(JOHN, SEED_RATE)], [], Activity.PRODUCTION, at=T0, now=T0)
    order.complete_line(crew_user, first.id, at(12))  # 12 h against 10: 20 % over
    projection = order.projection(at(12))
    assert projection.overrun_factor == Decimal("1.2000")
    assert projection.actual_hours == Decimal("12.00") and projection.actual_cost == Decimal("714.00")
    # The second line: 10 h × 1.2 = 12 h at the job's $59.50 an hour so far.
    assert projection.projected_hours == Decimal("24.00")
    assert projection.projected_cost == Decimal("1428.00")
    assert projection.projected_margin_percent == Decimal("64.30")
    # A running line is never projected below what it has already taken.
    order.start_line(crew_user, second.id, at(12))
    assert order.projection(at(12 + 15)).projected_hours == Decimal("27.00")


def test_before_any_line_is_done_unfinished_lines_cost_their_estimate():
    order = started(line(estimated="10", cost="1000"), contract="1500")
    projection = order.projection(T0)
    assert (projection.projected_hours, projection.projected_cost) == (Decimal("10.00"), Decimal("1000.00"))
    assert projection.projected_margin_percent == Decimal("33.33")


def test_an_alert_is_raised_once_per_crossing_not_on_every_tick():
    thresholds = costing.AlertThresholds(margin_points=Decimal(1000), hours_percent=Decimal(10))
    order = started(line(estimated="10", cost="500"), contract="2000")
    item = order.lines[0]
    order.start_line(crew_user, item.id, T0)
    order.clock_in(crew_user, item.id, [(JOHN, SEED_RATE)], [], Activity.PRODUCTION, at=T0, now=T0)
    order.pull_events()
    order.review_projection(at(5), thresholds)
    assert order.alerts == []
    order.review_projection(at(11.5), thresholds)  # 11.5 h against 10: more than 10 % over
    assert [a["reason"] for a in order.alerts] == ["hours"]
    for tick in (12, 13, 14):
        order.review_projection(at(tick), thresholds)
    assert [a["reason"] for a in order.alerts] == ["hours"]
    assert events_of(order) == ["MarginAlertRaised"]
    order.add_line(partner, line(estimated="30", cost="0", price="0"))  # a change order: 14 + 30 h of 40 is within
    order.review_projection(at(14), thresholds)
    assert order.alerting == set()
    order.review_projection(at(23), thresholds)  # 23 + 30 h of 40: over again, a second crossing, a second alert
    assert [a["reason"] for a in order.alerts] == ["hours", "hours"]


def test_a_margin_alert_when_the_projected_margin_falls_below_target_by_the_points():
    thresholds = costing.AlertThresholds(margin_points=Decimal(5), hours_percent=Decimal(1000))
    order = started(line(estimated="10", cost="500"), contract="1200")  # target 50 %
    item = order.lines[0]
    order.start_line(crew_user, item.id, T0)
    order.clock_in(crew_user, item.id, [(JOHN, SEED_RATE), (MIKE, SEED_RATE)], [], Activity.PRODUCTION, at=T0, now=T0)
    order.review_projection(at(1), thresholds)  # $119 an hour × 10 h = $1,190 of $1,200: 0.83 % margin
    assert [a["reason"] for a in order.alerts] == ["margin"]
    assert order.alerts[0]["projected_margin_percent"] == "0.83"


# --- who may do what -----------------------------------------------------------------------------------

def test_allowed_actions_follow_the_rules_for_each_caller():
    order = scheduled(line())
    assert order.allowed_actions(partner) == ["schedule", "start", "add_line_item", "add_photo", "add_note",
                                              "report_incident", "record_site_conditions"]
    assert order.allowed_actions(crew_user, [JOHN.employee_id]) == ["start", "add_photo", "add_note",
                                                                    "report_incident", "record_site_conditions"]
    assert order.allowed_actions(crew_user, [uuid4()]) == []
    assert order.allowed_actions(customer) == [] and order.allowed_actions(billing) == []
    assert order.visible_to(customer) and not order.visible_to(make_actor(Role.CUSTOMER, ORG, account_id=uuid4()))
    assert not order.visible_to(crew_user, [uuid4()]) and order.visible_to(crew_user, [JOHN.employee_id])


# --- photos ----------------------------------------------------------------------------------------------

def test_a_photo_must_be_an_image_of_the_declared_type_within_the_limit():
    assert checked_image(PNG, "image/png", 1000, "photo").content_type == "image/png"
    pdf = base64.b64encode(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n").decode()
    for content, declared, limit, field in [(pdf, "application/pdf", 1000, "photo.content_type"),
                                            (PNG, "image/jpeg", 1000, "photo.content_type"),
                                            (PNG, "image/png", 10, "photo.content_base64"),
                                            ("not base64!", "image/png", 1000, "photo.content_base64")]:
        with pytest.raises(ValidationFailed) as refused:
            checked_image(content, declared, limit, "photo")
        assert refused.value.field == field


# --- performance and the events ---------------------------------------------------------------------------

def completed_job() -> WorkOrder:
    order = started(line(estimated="10", cost="1000", price="3000"), contract=None)
    item = order.lines[0]
    order.start_line(crew_user, item.id, T0)
    order.clock_in(crew_user, item.id, [(JOHN, SEED_RATE)], [MULCHER], Activity.PRODUCTION, at=T0, now=T0)
    order.clock_out(crew_user, item.id, [JOHN.employee_id], at=at(8), now=at(8))
    order.clock_in(crew_user, item.id, [(JOHN, SEED_RATE)], [], Activity.TRANSPORT, at=at(8), now=at(8))
    order.complete_line(crew_user, item.id, at(10.5))
    for n in range(3):
        order.add_photo(crew_user, photo(PhotoTag.AFTER))
    order.tick_checklist(crew_user, dict.fromkeys(("walkthrough_complete", "debris_removed", "site_restored",
                                                   "equipment_cleaned"), True))
    order.complete(crew_user, now=at(11), signoff=Signoff("Jane Oak", at(11), "k"), settings=Settings())
    return order


def test_performance_compares_estimate_and_actuals_and_scores_the_estimate():
    order = completed_job()
    figures = costing.performance(order.lines, order.line_actuals(at(11)), order.projection(at(11)))
    assert figures["estimated_total_hours"] == Decimal("10.00") and figures["actual_total_hours"] == Decimal("10.50")
    assert figures["total_variance_percent"] == Decimal("5.00") and figures["accuracy_score"] == Decimal("95.00")
    # The line's 10.5 h split as its crew minutes were: 8 h production, 2.5 h transport.
    assert figures["actual_production_hours"] == Decimal("8.00")
    assert figures["actual_transport_hours"] == Decimal("2.50")
    # 10.5 h × $59.50 = $624.75 labour; 8 h × $150 = $1,200 mulcher: 39.18 % margin on $3,000.
    assert figures["actual_cost"] == Decimal("1824.75") and figures["actual_margin_percent"] == Decimal("39.18")
    report = costing.estimate_accuracy([figures, {**figures, "total_variance_percent": Decimal("25.00"),
                                                  "actual_margin_percent": Decimal("30.00")}])
    assert (report.jobs, report.within_estimate, report.within_estimate_percent) == (2, 1, Decimal("50.00"))
    assert report.average_margin_percent == Decimal("34.59")
    assert report.efficiency_by_service_type["Forestry Mulching"]["efficiency_percent"] == Decimal("95.24")


def test_completion_becomes_workorder_completed_with_each_line_at_its_actuals():
    order = completed_job()
    uow = InMemoryUnitOfWork(WORKORDERS_EVENTS)
    with uow:
        uow.collect(order)
    completed = next(e for e in uow.published if e.event_type == "workorder.completed").payload
    assert completed.number == order.number and completed.contract_amount is None
    (billed,) = completed.lines
    assert (billed.pricing_method, str(billed.price.amount), str(billed.actual_hours)) == ("fixed", "3000.00", "10.50")
    assert str(completed.labour_cost.amount) == "624.75" and str(completed.total_cost.amount) == "1824.75"
    assert {e.event_type for e in uow.published} >= {"workorder.scheduled", "workorder.started",
                                                      "workorder.line_item_completed", "workorder.completed"}
    assert {a.action for a in uow.audited} >= {"create_direct", "schedule", "start", "clock_in", "clock_out",
                                               "complete_line", "add_photo", "checklist", "complete"}
