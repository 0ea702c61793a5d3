"""How analytics' figures are shown to the gateway."""
