"""Who may do what with work orders (docs/permissions.md, docs/workorders.md)."""

from __future__ import annotations

from ledgerline_contracts import Actor, Role

# Partners and associate partners sell, schedule and assign crews.
SCHEDULERS = frozenset({Role.ASSOCIATE_PARTNER, Role.PARTNER})
# Fee earners linked to an employee are crew: they work and document their assigned jobs.
FIELD_WORKERS = SCHEDULERS | {Role.FEE_EARNER}
# The roles that may see money: wages, rates, costs, margins.
SEE_COSTS = SCHEDULERS | {Role.BILLING}
# Who manages employees, equipment, loadouts and their effective-dated rates.
RESOURCE_MANAGERS = SEE_COSTS
STAFF = frozenset(Role) - {Role.CUSTOMER}
EVERYONE = frozenset(Role)
# Proposals carry prices: the sellers, billing and the customer they are for see them.
PROPOSAL_READERS = SCHEDULERS | {Role.BILLING, Role.CUSTOMER}
# A proposal is signed by the customer, or recorded by a scheduler who watched them sign.
SIGNERS = SCHEDULERS | {Role.CUSTOMER}


def sees_costs(actor: Actor) -> bool:
    return actor.role in SEE_COSTS
