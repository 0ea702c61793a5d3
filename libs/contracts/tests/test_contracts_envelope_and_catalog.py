from datetime import datetime, timezone, timedelta
from uuid import uuid4

import pytest

from ledgerline_contracts import CATALOG, Envelope, spec_for
from ledgerline_contracts.catalog import SERVICES, events_consumed_by
from ledgerline_contracts.events.invoicing import Account


def test_envelope_round_trips_and_tolerates_unknown_fields():
    org = uuid4()
    payload = Account(account_id=uuid4(), version=1, name="Acme", billing_email="ap@acme.test",
                      currency="EUR", payment_terms_days=30, tax_rate="0.20")
    envelope = Envelope(event_type="account.created", org_id=org, producer="invoicing",
                        correlation_id="req-1", payload=payload.model_dump(mode="json"))
    wire = envelope.model_dump(mode="json")
    wire["added_by_a_newer_producer"] = True
    wire["payload"]["also_new"] = 1
    again = Envelope.model_validate(wire)
    assert again.event_id == envelope.event_id
    assert again.parsed_payload() == payload
    assert wire["payload"]["tax_rate"] == "0.20"


def test_occurred_at_is_stored_in_utc():
    local = datetime(2026, 11, 21, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    envelope = Envelope(event_type="account.created", org_id=uuid4(), producer="invoicing",
                        occurred_at=local, payload={})
    assert envelope.occurred_at.utcoffset() == timedelta(0)
    assert envelope.occurred_at.hour == 10


def test_catalog_is_consistent():
    for event_type, spec in CATALOG.items():
        assert spec.event_type == event_type
        assert spec.producer in SERVICES
        assert set(spec.consumers) <= set(SERVICES)
        if spec.work_queue:  # work for the producer's own replicas, and only for them
            assert spec.consumers == (spec.producer,), f"{event_type} is work for {spec.producer} alone"
        else:
            assert spec.producer not in spec.consumers, f"{event_type} is consumed by its own producer"
        assert event_type.count(".") == 1, "routing keys are <entity>.<past-tense verb>"
    assert spec_for("invoice.posted").exchange == "invoicing.events"
    assert {s.event_type for s in events_consumed_by("timetracking")} >= {
        "invoice.drafted", "invoice.items_released", "invoice.posted", "invoice.voided", "account.created"}
    assert not any("material" in event_type for event_type, spec in CATALOG.items() if spec.replaced_by is None)
    with pytest.raises(KeyError, match="not in the event catalog"):
        spec_for("invoice.exploded")


def test_docs_events_is_generated_from_the_catalog():
    from pathlib import Path

    from ledgerline_contracts.catalog import as_markdown

    committed = (Path(__file__).resolve().parents[3] / "docs" / "events.md").read_text()
    assert as_markdown() in committed, "regenerate with: .venv/bin/ledgerline-topology catalog-doc"


def test_a_retired_event_name_is_still_read_by_the_consumers_of_its_new_name():
    retired = {spec.event_type: spec.replaced_by for spec in CATALOG.values() if spec.replaced_by}
    assert retired == {"material.recorded": "part.recorded", "material.updated": "part.updated",
                       "material.deleted": "part.deleted", "invoice.deleted": "invoice.items_released"}
    for old, new in retired.items():
        was, now = spec_for(old), spec_for(new)
        assert (was.producer, was.consumers, was.payload_model) == (now.producer, now.consumers, now.payload_model)
        assert was.schema_version in now.schema_versions


def test_events_queued_before_the_part_rename_read_in_the_new_words():
    part_id, item_id, account_id, invoice_id = uuid4(), uuid4(), uuid4(), uuid4()
    old_part = Envelope(event_type="material.recorded", org_id=uuid4(), producer="timetracking", payload={
        "material_id": str(part_id), "version": 1, "user_id": str(uuid4()), "account_id": str(account_id),
        "used_on": "2026-11-02", "sku": "SSD-1TB", "name": "1 TB SSD", "quantity": "2",
        "unit_price": {"amount": "99.00", "currency": "EUR"}}).parsed_payload()
    assert (old_part.part_id, old_part.work_date.isoformat()) == (part_id, "2026-11-02")
    old_expense = Envelope(event_type="expense.recorded", org_id=uuid4(), producer="timetracking", payload={
        "expense_id": str(uuid4()), "version": 1, "user_id": str(uuid4()), "account_id": str(account_id),
        "incurred_on": "2026-11-03", "category": "parking", "description": "Garage",
        "amount": {"amount": "8.40", "currency": "EUR"}, "billable": True}).parsed_payload()
    assert old_expense.work_date.isoformat() == "2026-11-03"
    released = Envelope(event_type="invoice.deleted", org_id=uuid4(), producer="invoicing", payload={
        "invoice_id": str(invoice_id), "account_id": str(account_id),
        "released": {"material_ids": [str(part_id)]}}).parsed_payload()
    assert released.released.part_ids == [part_id]
    locked = Envelope(event_type="work.locked", org_id=uuid4(), producer="timetracking", payload={
        "invoice_id": str(invoice_id), "items": [{"kind": "material", "item_id": str(item_id), "version": 3}]})
    assert locked.parsed_payload().items[0].kind == "part"
    new = old_part.model_dump(mode="json")
    assert "part_id" in new and "work_date" in new and "material_id" not in new and "used_on" not in new
