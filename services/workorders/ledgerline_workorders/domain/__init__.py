"""Work order rules, free of nameko and SQLAlchemy.

- :mod:`.rates`: effective-dated wages, burdens and equipment rates; what an hour costs.
- :mod:`.work_order`: the WorkOrder aggregate (line items, crew time, documentation, checklist).
- :mod:`.proposal`: the Proposal aggregate; signing it makes a work order.
- :mod:`.costing`: actuals per line item, the live projection, the alert crossing, performance.
- :mod:`.photos`: which photo files are accepted.
- :mod:`.access`: who may do what.
- :mod:`.events`: the domain events the aggregates record.
"""
