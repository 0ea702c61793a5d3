"""The service's nameko entrypoints, one mixin per area; ``service.InvoicingService`` combines them.

Entrypoints are thin: they validate (with the contracts' request models), call a use case (which
changes things in a unit of work) or a query in ``storage``, and answer with a view.
"""
