"""Who may import whom, and where things live: the shared libraries never reach up into the
gateway; the gateway's web pages and API routes share helpers from the modules below them, never
from each other; every service has the one shape (docs/architecture.md, "Each service's shape"),
with a domain that knows neither nameko, nor SQLAlchemy, nor its storage, and use cases that
know nothing of nameko."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GATEWAY = ROOT / "gateway" / "ledgerline_gateway"
SERVICES = sorted(path for path in (ROOT / "services").iterdir() if path.is_dir())
LAYERS = ("domain", "use_cases", "storage", "entrypoints", "views")
# The one shape: the layers (each a package), the Alembic revisions, and nothing else.
SHAPE = {"__init__.py", *LAYERS, "migrations"}


def package_parts(path: Path) -> list[str]:
    """The dotted package a Python file is in, as its parts."""
    parts, folder = [], path.parent
    while (folder / "__init__.py").is_file():
        parts.insert(0, folder.name)
        folder = folder.parent
    return parts


def imported_modules(folder: Path) -> set[tuple[str, str]]:
    """(file, module) for every import in the Python files under ``folder``; ``from a import b``
    counts as importing both ``a`` and ``a.b`` (``b`` may be a module), and relative imports
    are resolved."""
    found = set()
    for path in folder.rglob("*.py"):
        here = str(path.relative_to(ROOT))
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom):
                module = node.module or ""
                if node.level:
                    package = package_parts(path)
                    module = ".".join([*package[:len(package) - node.level + 1], *filter(None, [module])])
                found.add((here, module))
                found.update((here, f"{module}.{alias.name}") for alias in node.names)
            elif isinstance(node, ast.Import):
                found.update((here, alias.name) for alias in node.names)
    return found


@pytest.mark.parametrize("library", ["contracts", "servicekit", "devstack"])
def test_no_library_imports_the_gateway(library):
    reaching_up = [(path, module) for path, module in imported_modules(ROOT / "libs" / library)
                   if module.split(".")[0] == "ledgerline_gateway"]
    assert reaching_up == []


@pytest.mark.parametrize(("folder", "other"), [("web", "routes"), ("routes", "web")])
def test_web_pages_and_api_routes_do_not_import_each_other(folder, other):
    sideways = [(path, module) for path, module in imported_modules(GATEWAY / folder)
                if module == f"ledgerline_gateway.{other}" or module.startswith(f"ledgerline_gateway.{other}.")]
    assert sideways == []


def package_of(service: Path) -> Path:
    return service / f"ledgerline_{service.name}"


@pytest.mark.parametrize("service", SERVICES, ids=lambda service: service.name)
def test_every_service_has_the_one_shape(service):
    package = package_of(service)
    assert {path.name for path in package.iterdir() if path.name != "__pycache__"} == SHAPE
    assert [layer for layer in LAYERS if not (package / layer / "__init__.py").is_file()] == []


def reaching(service: Path, layer: str, forbidden: tuple[str, ...]) -> list[tuple[str, str]]:
    """The imports in ``layer`` of modules in (or under) ``forbidden``."""
    return sorted((path, module) for path, module in imported_modules(package_of(service) / layer)
                  if any(module == name or module.startswith(f"{name}.") for name in forbidden))


@pytest.mark.parametrize("service", SERVICES, ids=lambda service: service.name)
def test_a_domain_knows_neither_nameko_nor_sqlalchemy_nor_its_storage(service):
    assert reaching(service, "domain", ("nameko", "sqlalchemy", f"ledgerline_{service.name}.storage")) == []


@pytest.mark.parametrize("service", SERVICES, ids=lambda service: service.name)
def test_use_cases_know_nothing_of_nameko(service):
    assert reaching(service, "use_cases", ("nameko",)) == []
