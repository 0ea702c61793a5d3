"""Checks on RPC arguments that every service makes the same way."""

from __future__ import annotations

from uuid import UUID

from ledgerline_contracts import ValidationFailed

MAX_PAGE_SIZE = 100


def parse_id(value, field: str) -> UUID:
    try:
        return value if isinstance(value, UUID) else UUID(str(value))
    except ValueError:
        raise ValidationFailed(f"{field} is not a valid id", field) from None


def page(limit: int, offset: int) -> tuple[int, int]:
    """A page request, checked: at most MAX_PAGE_SIZE rows."""
    if not isinstance(limit, int) or not 1 <= limit <= MAX_PAGE_SIZE:
        raise ValidationFailed(f"limit must be between 1 and {MAX_PAGE_SIZE}", "limit")
    if not isinstance(offset, int) or offset < 0:
        raise ValidationFailed("offset must not be negative", "offset")
    return limit, offset


def one_of(value: str | None, allowed, field: str) -> str | None:
    if value is not None and value not in {str(a) for a in allowed}:
        raise ValidationFailed(f"{field} must be one of {', '.join(str(a) for a in allowed)}", field)
    return value


def paged(items: list, total: int, limit: int, offset: int) -> dict:
    return {"items": items, "total": total, "limit": limit, "offset": offset}
