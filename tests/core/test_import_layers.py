"""The import layers of README "Project layout": apps import only downward, nothing in a circle, and no import is
hidden inside a function to get round a circle.

The contracts are in pyproject.toml ([tool.importlinter]); import-linter builds the graph of every import of the
project's packages, those inside functions included, so a cycle cannot hide in a function either.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIRST_PARTY = (
    "api", "config", "contacts", "core", "demo", "imports", "meetings", "network", "offline", "organizations",
    "permissions", "territory", "benchmarks",
)  # fmt: skip
# Imports made inside a function on purpose, and why (none may be there to get round a circle).
# The apps above organizations register what they add to it (the card's sections, the receivers of
# organization_moved) in AppConfig.ready(), Django's place for it: those modules need the models loaded first.
LAZY_ON_PURPOSE: dict[str, str] = {}


def test_every_layer_contract_is_kept():
    """A cycle between apps would need an import upward somewhere, so the layers contract also rules out cycles."""
    run = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


def _function_imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        # AppConfig.ready() is where Django wants an app to import what registers itself (signal receivers, the
        # sections an app adds to another's page) once every model is loaded: not a way round a circle.
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not (
            path.name == "apps.py" and node.name == "ready"
        ):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and inner.level == 0 and inner.module:
                    names = [inner.module]
                elif isinstance(inner, ast.Import):
                    names = [alias.name for alias in inner.names]
                else:
                    continue
                for name in names:
                    if name.split(".")[0] in FIRST_PARTY:
                        yield inner.lineno, name


@pytest.mark.parametrize("package", FIRST_PARTY)
def test_no_project_module_is_imported_inside_a_function(package):
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
        for line, name in _function_imports(path)
        if f"{path.relative_to(ROOT)}:{name}" not in LAZY_ON_PURPOSE
    ]
    assert found == []
