"""Rates (standard, account and matter overrides), cost rates, the catalog and quotes."""

from __future__ import annotations

from uuid import uuid4

from ledgerline_contracts import Actor, NotFound, Role, ValidationFailed
from ledgerline_contracts.commands import invoicing as commands
from ledgerline_servicekit import inputs
from ledgerline_servicekit.entrypoints import STAFF, rpc

from ledgerline_invoicing import domain, storage
from ledgerline_invoicing.domain.pricing import RateScope, scope_of
from ledgerline_invoicing.use_cases.pricing import price_book
from ledgerline_invoicing.views.pricing import catalog_item, cost_rate_view, rate_view


class PricingEndpoints:
    # --- bill rates ---------------------------------------------------------------

    @rpc(allow={Role.BILLING})
    def set_rate(self, actor: Actor, request: dict) -> dict:
        """Set the hourly rate for a place in the resolution order (replacing what was there)."""
        command = commands.RateRequest.model_validate(request)
        session = self.db.session
        scope = scope_of(command.account_id, command.matter_id)
        account_id, currency = command.account_id, command.currency
        if scope is RateScope.MATTER:
            matter = storage.work.get_matter(session, actor.org_id, command.matter_id)
            if matter is None:
                raise ValidationFailed("no such matter (or its opening has not reached invoicing yet)", "matter_id")
            if account_id is not None and account_id != matter.account_id:
                raise ValidationFailed("the matter belongs to another account", "matter_id")
            account_id = matter.account_id
        if scope is not RateScope.STANDARD:
            account = storage.accounts.get_account(session, actor.org_id, account_id)
            if currency is not None and currency != account.currency:
                raise ValidationFailed(f"this account bills in {account.currency}", "currency")
            currency = account.currency
        elif currency is None:
            raise ValidationFailed("a standard rate needs a currency", "currency")
        row = storage.rates.set_rate(session, {
            "org_id": actor.org_id, "scope": scope, "account_id": account_id, "matter_id": command.matter_id,
            "user_id": command.user_id, "activity_code": command.activity_code, "rate": command.rate,
            "currency": currency, "updated_by": actor.user_id})
        view = rate_view(row)
        storage.audit.record(session, actor, "set_rate", "rate", row.id, view)
        return view

    @rpc(allow={Role.BILLING})
    def delete_rate(self, actor: Actor, rate_id: str) -> None:
        session = self.db.session
        row = storage.rates.get_rate(session, actor.org_id, inputs.parse_id(rate_id, "rate_id"))
        storage.rates.delete_rate(session, row.id)
        storage.audit.record(session, actor, "delete_rate", "rate", row.id, rate_view(row))

    @rpc(allow={Role.BILLING})
    def list_rates(self, actor: Actor, account_id: str | None = None, matter_id: str | None = None,
                   user_id: str | None = None, limit: int = 50, offset: int = 0) -> dict:
        limit, offset = inputs.page(limit, offset)
        session = self.db.session
        account = inputs.parse_id(account_id, "account_id") if account_id else None
        matter = inputs.parse_id(matter_id, "matter_id") if matter_id else None
        if account is not None:  # another organization's: not found, like the account itself
            storage.accounts.get_account(session, actor.org_id, account)
        if matter is not None and storage.invoices.matter_of(session, actor.org_id, matter) is None:
            raise NotFound("no such matter or ticket", "matter_id")
        rows, total = storage.rates.list_rates(
            session, actor.org_id, account_id=account, matter_id=matter,
            user_id=inputs.parse_id(user_id, "user_id") if user_id else None, limit=limit, offset=offset)
        return inputs.paged([rate_view(r) for r in rows], total, limit, offset)

    @rpc(allow={Role.BILLING})
    def set_cost_rate(self, actor: Actor, user_id: str, request: dict) -> dict:
        command = commands.CostRateRequest.model_validate(request)
        session = self.db.session
        user = inputs.parse_id(user_id, "user_id")
        storage.rates.set_cost_rate(session, {"org_id": actor.org_id, "user_id": user, "rate": command.rate,
                                              "currency": command.currency, "updated_by": actor.user_id})
        storage.audit.record(session, actor, "set_cost_rate", "user", user,
                             {"rate": format(command.rate, "f"), "currency": command.currency})
        (row,) = [r for r in storage.rates.list_cost_rates(session, actor.org_id) if r.user_id == user]
        return cost_rate_view(row)

    @rpc(allow={Role.BILLING})
    def list_cost_rates(self, actor: Actor) -> dict:
        rows = storage.rates.list_cost_rates(self.db.session, actor.org_id)
        return {"items": [cost_rate_view(r) for r in rows]}

    # --- quotes (timetracking's live totals) -----------------------------------------

    @rpc(allow=STAFF)
    def quote(self, actor: Actor, request: dict) -> commands.Quote:
        """Price hours, expenses and parts for an account as a draft would."""
        command = commands.QuoteRequest.model_validate(request)
        session = self.db.session
        account = storage.accounts.get_account(session, actor.org_id, command.account_id)
        if command.matter_id is not None and storage.work.get_matter(session, actor.org_id, command.matter_id) is None:
            raise NotFound("no such matter or ticket", "matter_id")
        book = price_book(session, account, item_ids=[p.catalog_item_id for p in command.parts])
        for i, part in enumerate(command.parts):
            if part.catalog_item_id is not None and part.catalog_item_id not in book.items:
                raise NotFound("no such catalog item", f"parts.{i}.catalog_item_id")
        quoted: list[tuple[commands.QuotedLine, domain.pricing.Priced]] = []
        for time in command.time:
            priced = book.time(user_id=time.user_id, activity_code=time.activity_code, minutes=time.duration_minutes,
                               matter_id=command.matter_id)
            label = f"{domain.pricing.hours_and_minutes(time.duration_minutes)} h" + (
                f" {time.activity_code}" if time.activity_code else "")
            quoted.append((commands.QuotedLine(kind="time", description=label, amount=priced.line.amount,
                                               hourly_rate=priced.line.unit_price), priced))
        for i, expense in enumerate(command.expenses):
            priced = book.expense(expense, field=f"expenses.{i}")
            quoted.append((commands.QuotedLine(kind="expense", description="Expense", amount=priced.line.amount),
                           priced))
        for i, part in enumerate(command.parts):
            priced = book.part(catalog_item_id=part.catalog_item_id, quantity=part.quantity,
                               unit_price=part.unit_price, field=f"parts.{i}.unit_price")
            name = book.part_name(part.catalog_item_id) or "Part"
            quoted.append((commands.QuotedLine(kind="part", description=f"{format(part.quantity, 'f')} × {name}",
                                               amount=priced.line.amount), priced))
        sums = domain.pricing.totals([(p.line.amount, p.line.tax) for _, p in quoted], account.currency)
        return commands.Quote(currency=account.currency, lines=[line for line, _ in quoted],
                              subtotal=sums.subtotal, tax=sums.tax, total=sums.total)

    # --- the catalog -------------------------------------------------------------------

    @rpc(allow={Role.BILLING})
    def create_catalog_item(self, actor: Actor, item: dict) -> commands.CatalogItem:
        command = commands.NewCatalogItem.model_validate(item)
        session = self.db.session
        if storage.catalog.sku_taken(session, actor.org_id, command.sku):
            raise ValidationFailed(f"SKU {command.sku!r} is already in the catalog", "sku")
        item_id = uuid4()
        storage.catalog.insert_item(session, {"id": item_id, "org_id": actor.org_id, **command.model_dump()})
        row = storage.catalog.get_item(session, actor.org_id, item_id)
        storage.audit.record(session, actor, "create", "catalog_item", item_id, command.model_dump(mode="json"))
        return catalog_item(row, with_cost=True)

    @rpc(allow={Role.BILLING})
    def update_catalog_item(self, actor: Actor, item_id: str, changes: dict) -> commands.CatalogItem:
        command = commands.CatalogItemChanges.model_validate(changes)
        session = self.db.session
        row = storage.catalog.get_item(session, actor.org_id, inputs.parse_id(item_id, "item_id"), for_update=True)
        values = command.model_dump(exclude_unset=True)
        for field, value in values.items():
            if value is None:
                raise ValidationFailed(f"{field} cannot be empty", field)
        if "sku" in values and storage.catalog.sku_taken(session, actor.org_id, values["sku"], other_than=row.id):
            raise ValidationFailed(f"SKU {values['sku']!r} is already in the catalog", "sku")
        if values:
            storage.catalog.update_item(session, row.id, **values)
            storage.audit.record(session, actor, "update", "catalog_item", row.id,
                                 command.model_dump(mode="json", exclude_unset=True))
        return catalog_item(storage.catalog.get_item(session, actor.org_id, row.id), with_cost=True)

    @rpc(allow={Role.BILLING})
    def adjust_stock(self, actor: Actor, item_id: str, adjustment: dict) -> commands.CatalogItem:
        """Stock received or written off (a count); parts used on tickets move it by themselves."""
        command = commands.StockAdjustment.model_validate(adjustment)
        session = self.db.session
        row = storage.catalog.get_item(session, actor.org_id, inputs.parse_id(item_id, "item_id"), for_update=True)
        if row.stock_on_hand is None:
            raise ValidationFailed(f"{row.name} is not a stocked item", "item_id")
        storage.catalog.move_stock(session, actor.org_id, row.id, command.change)
        storage.audit.record(session, actor, "adjust_stock", "catalog_item", row.id,
                             {"change": command.change, "stock_on_hand": row.stock_on_hand + command.change},
                             reason=command.reason)
        return catalog_item(storage.catalog.get_item(session, actor.org_id, row.id), with_cost=True)

    @rpc(allow=STAFF)
    def list_catalog_items(self, actor: Actor, search: str | None = None, limit: int = 50, offset: int = 0,
                           include_inactive: bool = False) -> dict:
        limit, offset = inputs.page(limit, offset)
        search = (search or "").strip() or None
        rows, total = storage.catalog.list_items(self.db.session, actor.org_id, search=search,
                                                 include_inactive=bool(include_inactive), limit=limit,
                                                 offset=offset)
        with_cost = actor.role is Role.BILLING
        return inputs.paged([catalog_item(r, with_cost=with_cost) for r in rows], total, limit, offset)

    @rpc(allow=STAFF)
    def get_catalog_item(self, actor: Actor, item_id: str) -> commands.CatalogItem:
        row = storage.catalog.get_item(self.db.session, actor.org_id, inputs.parse_id(item_id, "item_id"))
        return catalog_item(row, with_cost=actor.role is Role.BILLING)
