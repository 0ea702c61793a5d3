"""The organization's billing profile: how its invoices present it and are numbered."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from ledgerline_invoicing.storage.tables import billing_profiles

PROFILE_FIELDS = ("name", "address", "email", "phone", "tax_id", "website", "invoice_prefix",
                  "credit_note_prefix", "payment_instructions", "footer")


def get_profile(session: Session, org_id: UUID) -> dict:
    """The saved profile, or the defaults (prefixes INV and CN, everything else blank)."""
    row = session.execute(select(billing_profiles).where(billing_profiles.c.org_id == org_id)).first()
    if row is None:
        return {field: billing_profiles.c[field].server_default.arg for field in PROFILE_FIELDS}
    return {field: getattr(row, field) for field in PROFILE_FIELDS}


def save_profile(session: Session, org_id: UUID, values: dict, updated_by: UUID) -> None:
    statement = pg_insert(billing_profiles).values(org_id=org_id, updated_by=updated_by, **values)
    session.execute(statement.on_conflict_do_update(
        index_elements=[billing_profiles.c.org_id],
        set_={**{field: statement.excluded[field] for field in values},
              "updated_by": statement.excluded.updated_by, "updated_at": func.now()}))
