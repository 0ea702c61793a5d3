"""Today, as every service counts days: in UTC (docs/rules.md, rule 10), whatever the host's zone."""

from datetime import UTC, date, datetime


def today() -> date:
    return datetime.now(UTC).date()
