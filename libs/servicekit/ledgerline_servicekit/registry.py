"""Which services exist: each service package registers itself as an entry point.

``[project.entry-points."ledgerline.services"]`` in a service's pyproject maps
its name to its nameko service class; its Alembic migrations live in a
``migrations`` folder beside that class's package.
"""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

GROUP = "ledgerline.services"


def service_names() -> list[str]:
    return sorted(ep.name for ep in entry_points(group=GROUP))


def load_service(name: str) -> type:
    for ep in entry_points(group=GROUP):
        if ep.name == name:
            return ep.load()
    raise SystemExit(f"no service named {name!r}; installed: {', '.join(service_names()) or 'none'}")


def migrations_dir(name: str) -> Path:
    for ep in entry_points(group=GROUP):
        if ep.name == name:
            package = ep.module.split(".")[0]
            spec = __import__(package)
            return Path(spec.__file__).parent / "migrations"
    raise SystemExit(f"no service named {name!r}")
