"""The pre-flight review of a billing run's drafts: each check is a pure function giving the
anomalies it finds, each with a weight; a draft's score is the sum (docs/billing-runs.md)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ledgerline_invoicing.domain.invoices import is_unpriced

# How much each kind of anomaly counts towards a draft's score.
WEIGHTS = {
    "zero_priced_line": 30,
    "line_without_rate": 30,
    "total_jump": 20,
    "older_work_left_out": 15,
    "no_catalog_price": 15,
    "overdue_invoices": 10,
}


@dataclass(frozen=True)
class Anomaly:
    check: str
    reason: str

    @property
    def weight(self) -> int:
        return WEIGHTS[self.check]


def zero_priced_lines(lines: Iterable) -> list[Anomaly]:
    """A line that bills nothing although it is not time without a rate (that is its own check)."""
    return [Anomaly("zero_priced_line", f"“{line.description}” is priced at 0.00")
            for line in lines if line.amount == 0 and not is_unpriced(line.kind, line.rate_source)]


def lines_without_rate(lines: Iterable) -> list[Anomaly]:
    return [Anomaly("line_without_rate", f"“{line.description}”: no rate matched this time")
            for line in lines if is_unpriced(line.kind, line.rate_source)]


def total_jump(total: Decimal, previous_totals: Sequence[Decimal], percent: Decimal) -> list[Anomaly]:
    """The draft's total departs from the average of the account's last three posted invoices by
    more than ``percent``; an account with no posted invoice has nothing to compare with."""
    previous = list(previous_totals)[:3]
    if not previous:
        return []
    average = sum(previous, Decimal(0)) / len(previous)
    if average == 0:
        return [] if total == 0 else [Anomaly("total_jump", f"total {total:.2f} after invoices of 0.00")]
    change = (total - average) / average * 100
    if abs(change) <= percent:
        return []
    return [Anomaly("total_jump", f"total {total:.2f} is {change:+.0f} % against the last {len(previous)} "
                                  f"posted invoices' average of {average:.2f}")]


def older_work_left_out(count: int, oldest: date | None, period_start: date) -> list[Anomaly]:
    """Billable work dated before the period, still unbilled: the run bills the period's work only."""
    if not count:
        return []
    return [Anomaly("older_work_left_out", f"{count} unbilled item(s) dated before {period_start.isoformat()} "
                                           f"(the oldest {oldest.isoformat() if oldest else '?'}) were left out")]


def no_catalog_price(agreement_lines: Iterable, currency: str, catalog: dict) -> list[Anomaly]:
    """An agreement line billed on the draft that names a catalog item with no active price in the
    invoice's currency (``catalog``: item id → its row), or whose price differs from the catalog's."""
    found = []
    for line in agreement_lines:
        if line.catalog_item_id is None:
            continue
        item = catalog.get(line.catalog_item_id)
        if item is None or not item.active:
            found.append(Anomaly("no_catalog_price", f"“{line.description}”: its catalog item has no active price"))
        elif item.currency != currency:
            found.append(Anomaly("no_catalog_price",
                                 f"“{line.description}”: its catalog item is priced in {item.currency}"))
        elif item.unit_price != line.unit_price:
            found.append(Anomaly("no_catalog_price", f"“{line.description}”: {line.unit_price:.2f} on the agreement, "
                                                     f"{item.unit_price:.2f} in the catalog"))
    return found


def overdue_invoices(count: int, owed: Decimal, oldest_due: date | None) -> list[Anomaly]:
    if not count:
        return []
    return [Anomaly("overdue_invoices", f"the customer has {count} overdue invoice(s), {owed:.2f} owed, "
                                        f"due since {oldest_due.isoformat() if oldest_due else '?'}")]


def score(anomalies: Iterable[Anomaly]) -> int:
    return sum(a.weight for a in anomalies)
