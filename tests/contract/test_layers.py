"""Who may import whom: the shared libraries never reach up into the gateway, and the gateway's
web pages and API routes share helpers from the modules below them, never from each other."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GATEWAY = ROOT / "gateway" / "ledgerline_gateway"


def imported_modules(folder: Path) -> set[tuple[str, str]]:
    """(file, module) for every import in the Python files under ``folder``."""
    found = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add((str(path.relative_to(ROOT)), node.module))
            elif isinstance(node, ast.Import):
                found.update((str(path.relative_to(ROOT)), alias.name) for alias in node.names)
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
