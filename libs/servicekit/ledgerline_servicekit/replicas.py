"""Local copies of other services' entities, kept from their events.

Services never read each other's tables; a service that needs to know about
accounts (to refuse work for an unknown or inactive one) keeps a replica
built from ``account.*`` events, newest version wins.
"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Boolean, Column, Integer, MetaData, Table, Text, select
from sqlalchemy.dialects.postgresql import UUID as PgUUID
from sqlalchemy.orm import Session

from ledgerline_contracts import Envelope, NotFound, ValidationFailed
from ledgerline_contracts.events.invoicing import Account
from ledgerline_servicekit.db import upsert_if_newer


def account_replica_table(metadata: MetaData) -> Table:
    return Table(
        "accounts", metadata,
        Column("id", PgUUID(as_uuid=True), primary_key=True),
        Column("org_id", PgUUID(as_uuid=True), nullable=False),
        Column("name", Text, nullable=False),
        Column("currency", Text, nullable=False),
        Column("active", Boolean, nullable=False),
        Column("version", Integer, nullable=False),
    )


def apply_account_event(session: Session, table: Table, envelope: Envelope) -> bool:
    account = envelope.payload_as(Account)
    return upsert_if_newer(session, table, {
        "id": account.account_id, "org_id": envelope.org_id, "name": account.name,
        "currency": account.currency, "active": account.active, "version": account.version,
    })


def known_account(session: Session, table: Table, org_id: UUID, account_id: UUID):
    """The account, active or not, if the organization has it; else not found."""
    row = session.execute(select(table).where(table.c.org_id == org_id, table.c.id == account_id)).first()
    if row is None:
        raise NotFound("no such account", "account_id")
    return row


def active_account(session: Session, table: Table, org_id: UUID, account_id: UUID):
    """The account, if it exists in the organization and is active; else a clear refusal."""
    row = known_account(session, table, org_id, account_id)
    if not row.active:
        raise ValidationFailed(f"account {row.name} is inactive", "account_id")
    return row
