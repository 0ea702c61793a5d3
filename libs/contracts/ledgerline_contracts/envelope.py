"""The one envelope every Ledgerline event travels in."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, TypeVar
from uuid import UUID, uuid4

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

P = TypeVar("P", bound=BaseModel)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Envelope(BaseModel):
    # Consumers tolerate fields added by newer producers.
    model_config = ConfigDict(extra="ignore", frozen=True)

    event_id: UUID = Field(default_factory=uuid4)
    event_type: str
    schema_version: int = 1
    occurred_at: AwareDatetime = Field(default_factory=utcnow)
    org_id: UUID
    producer: str
    correlation_id: str | None = None
    payload: dict[str, Any]

    @field_validator("occurred_at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return value.astimezone(UTC)

    def payload_as(self, model: type[P]) -> P:
        return model.model_validate(self.payload)

    def parsed_payload(self) -> BaseModel:
        """The payload as the catalog's model for this event type."""
        from ledgerline_contracts.catalog import spec_for

        return self.payload_as(spec_for(self.event_type).payload_model)
