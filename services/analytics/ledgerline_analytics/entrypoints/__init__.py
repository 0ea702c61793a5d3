"""Analytics' nameko entrypoints; ``service.AnalyticsService`` combines them."""
