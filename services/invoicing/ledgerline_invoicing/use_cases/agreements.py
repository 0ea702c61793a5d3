"""Making, changing and ending agreements (the Agreement aggregate, domain/agreements.py)."""

from __future__ import annotations

from uuid import UUID, uuid4

from ledgerline_contracts import Actor, ValidationFailed
from ledgerline_contracts.commands import invoicing as commands
from ledgerline_servicekit import inputs
from ledgerline_servicekit.unit_of_work import SqlUnitOfWork

from ledgerline_invoicing import storage
from ledgerline_invoicing.domain.agreements import Agreement, AgreementLine


def _lines(command_lines: list[commands.AgreementLineInput], known: set[UUID]) -> list[AgreementLine]:
    lines = []
    for index, line in enumerate(command_lines):
        if line.id is not None and line.id not in known:
            raise ValidationFailed("no such line on this agreement", f"lines.{index}.id")
        lines.append(AgreementLine(id=line.id or uuid4(), description=line.description,
                                   catalog_item_id=line.catalog_item_id, quantity=line.quantity,
                                   unit_price=line.unit_price, cycle=line.cycle, timing=line.timing,
                                   start_date=line.start_date, end_date=line.end_date))
    return lines


def _check_catalog(session, actor: Actor, command_lines: list[commands.AgreementLineInput]) -> None:
    ids = {line.catalog_item_id for line in command_lines if line.catalog_item_id}
    found = storage.catalog.items_by_id(session, actor.org_id, ids) if ids else {}
    for index, line in enumerate(command_lines):
        if line.catalog_item_id and line.catalog_item_id not in found:
            raise ValidationFailed("no such catalog item", f"lines.{index}.catalog_item_id")


def create_agreement(uow: SqlUnitOfWork, actor: Actor, command: commands.NewAgreement) -> UUID:
    with uow:
        session = uow.session
        account = storage.accounts.get_account(session, actor.org_id, command.account_id)
        _check_catalog(session, actor, command.lines)
        if any(line.id is not None for line in command.lines):
            raise ValidationFailed("a new agreement's lines have no ids yet", "lines")
        agreement = Agreement.create(actor, account_id=account.id, account_active=account.active,
                                     currency=account.currency, name=command.name, lines=_lines(command.lines, set()))
        uow.agreements.add(agreement, actor.user_id)
        uow.collect(agreement)
        return agreement.id


def change_agreement(uow: SqlUnitOfWork, actor: Actor, agreement_id, command: commands.AgreementChanges) -> UUID:
    with uow:
        agreement = uow.agreements.get(actor.org_id, inputs.parse_id(agreement_id, "agreement_id"))
        lines = None
        if command.lines is not None:
            _check_catalog(uow.session, actor, command.lines)
            lines = _lines(command.lines, {line.id for line in agreement.lines})
        agreement.change(actor, name=command.name, lines=lines,
                         billed_line_ids=uow.agreements.billed_line_ids(agreement.id))
        uow.agreements.save(agreement)
        uow.collect(agreement)
        return agreement.id


def end_agreement(uow: SqlUnitOfWork, actor: Actor, agreement_id, command: commands.EndAgreement) -> UUID:
    with uow:
        agreement = uow.agreements.get(actor.org_id, inputs.parse_id(agreement_id, "agreement_id"))
        agreement.end(actor, command.end_date)
        uow.agreements.save(agreement)
        uow.collect(agreement)
        return agreement.id
