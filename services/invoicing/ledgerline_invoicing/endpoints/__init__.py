"""The service's entrypoints, one mixin per area; ``service.InvoicingService`` combines them.

Entrypoints are thin: they validate (with the contracts' request models), load through
``storage``, decide through ``domain`` and record events and audit entries.
"""
