"""How proposals, work orders and crew resources are shown to the gateway: JSON dicts, decimals as
strings, costs only for the roles that may see money, and ``allowed_actions`` for the caller."""
