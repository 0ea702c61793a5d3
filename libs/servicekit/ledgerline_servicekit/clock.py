"""Today and now, as every service counts them: in UTC (docs/rules.md, rule 10), whatever the host's zone."""

from datetime import UTC, date, datetime


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return now().date()
