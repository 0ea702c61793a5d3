"""Rates (standard, account and matter overrides), cost rates, the catalog and quotes; the changes
are use cases in :mod:`ledgerline_invoicing.use_cases.rates` and ``.catalog``."""

from __future__ import annotations

from ledgerline_contracts import Actor, NotFound, Role
from ledgerline_contracts.commands import invoicing as commands
from ledgerline_servicekit import inputs
from ledgerline_servicekit.entrypoints import STAFF, rpc

from ledgerline_invoicing import domain, storage
from ledgerline_invoicing.use_cases import catalog, rates
from ledgerline_invoicing.use_cases.pricing import price_book
from ledgerline_invoicing.views.pricing import catalog_item, cost_rate_view, rate_view


class PricingEntrypoints:
    # --- bill rates ---------------------------------------------------------------

    @rpc(allow={Role.BILLING})
    def set_rate(self, actor: Actor, request: dict) -> dict:
        """Set the hourly rate for a place in the resolution order (replacing what was there)."""
        command = commands.RateRequest.model_validate(request)
        return rate_view(rates.set_rate(self._unit_of_work(), actor, command))

    @rpc(allow={Role.BILLING})
    def delete_rate(self, actor: Actor, rate_id: str) -> None:
        rates.delete_rate(self._unit_of_work(), actor, rate_id)

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
        return cost_rate_view(rates.set_cost_rate(self._unit_of_work(), actor, user_id, command))

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
        return catalog_item(catalog.create_catalog_item(self._unit_of_work(), actor, command), with_cost=True)

    @rpc(allow={Role.BILLING})
    def update_catalog_item(self, actor: Actor, item_id: str, changes: dict) -> commands.CatalogItem:
        command = commands.CatalogItemChanges.model_validate(changes)
        return catalog_item(catalog.update_catalog_item(self._unit_of_work(), actor, item_id, command),
                            with_cost=True)

    @rpc(allow={Role.BILLING})
    def adjust_stock(self, actor: Actor, item_id: str, adjustment: dict) -> commands.CatalogItem:
        """Stock received or written off (a count); parts used on tickets move it by themselves."""
        command = commands.StockAdjustment.model_validate(adjustment)
        return catalog_item(catalog.adjust_stock(self._unit_of_work(), actor, item_id, command), with_cost=True)

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
