"""What happened to what invoices are made from: accounts, rates, cost rates, the catalog and the
billing profile. Each event says who did it; ``use_cases.effects`` makes the audit entry (and,
for accounts, the event other services keep their replica from) out of it.

``account``, ``rate`` and ``item`` are the records as stored after the change (anything with
their fields): the audit trail and the events show them as they now are.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from ledgerline_contracts import Actor


@dataclass(frozen=True)
class AccountCreated:
    by: Actor
    account: Any
    hourly_rate: Decimal | None


@dataclass(frozen=True)
class AccountChanged:
    by: Actor
    account: Any
    changes: dict  # field -> new value, only the fields that changed


@dataclass(frozen=True)
class RateSet:
    by: Actor
    rate: Any


@dataclass(frozen=True)
class RateDeleted:
    by: Actor
    rate: Any


@dataclass(frozen=True)
class CostRateSet:
    by: Actor
    user_id: UUID
    rate: Decimal
    currency: str


@dataclass(frozen=True)
class CatalogItemAdded:
    by: Actor
    item_id: UUID
    fields: dict  # as the request gave them (JSON-ready)


@dataclass(frozen=True)
class CatalogItemChanged:
    by: Actor
    item_id: UUID
    changes: dict  # as the request gave them (JSON-ready)


@dataclass(frozen=True)
class StockAdjusted:
    by: Actor
    item_id: UUID
    change: int
    stock_on_hand: int
    reason: str


@dataclass(frozen=True)
class BillingProfileChanged:
    by: Actor
    changes: dict  # field -> new value, only the fields that changed
