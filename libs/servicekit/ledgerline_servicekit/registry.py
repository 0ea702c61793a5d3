"""Which services exist: each service package registers itself as an entry point.

``[project.entry-points."ledgerline.services"]`` in a service's pyproject maps
its name to its nameko service class.
"""

from __future__ import annotations

from importlib.metadata import entry_points

GROUP = "ledgerline.services"


def service_names() -> list[str]:
    return sorted(ep.name for ep in entry_points(group=GROUP))


def load_service(name: str) -> type:
    for ep in entry_points(group=GROUP):
        if ep.name == name:
            return ep.load()
    raise SystemExit(f"no service named {name!r}; installed: {', '.join(service_names()) or 'none'}")
