"""Dunning's nameko entrypoints; ``service.DunningService`` combines them."""
