"""Requests to the work orders service."""

from __future__ import annotations

from uuid import UUID

from pydantic import Field

from ledgerline_contracts.commands.base import Command, Day


class NewWorkOrder(Command):
    account_id: UUID
    title: str = Field(min_length=1, max_length=200)
    scheduled_on: Day
    site_address: str = Field(default="", max_length=500)
