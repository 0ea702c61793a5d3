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
        assert spec.producer not in spec.consumers, f"{event_type} is consumed by its own producer"
        assert event_type.count(".") == 1, "routing keys are <entity>.<past-tense verb>"
    assert spec_for("invoice.posted").exchange == "invoicing.events"
    assert {s.event_type for s in events_consumed_by("timetracking")} >= {
        "invoice.drafted", "invoice.deleted", "invoice.posted", "invoice.voided", "account.created"}
    with pytest.raises(KeyError, match="not in the event catalog"):
        spec_for("invoice.exploded")


def test_docs_events_is_generated_from_the_catalog():
    from pathlib import Path

    from ledgerline_contracts.catalog import as_markdown

    committed = (Path(__file__).resolve().parents[3] / "docs" / "events.md").read_text()
    assert as_markdown() in committed, "regenerate with: .venv/bin/ledgerline-topology catalog-doc"
