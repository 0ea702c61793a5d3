"""How dunning's records are shown to the gateway."""
