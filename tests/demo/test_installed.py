"""The demo sits on top of the product: installed for development, tests and benchmarks, never
in production, and never imported by a product app."""

import ast
import importlib
from pathlib import Path

import pytest

from tests.portal.test_settings import PRODUCTION_ENV

ROOT = Path(__file__).resolve().parents[2]
PRODUCT_APPS = ("portal", "content", "surveys", "packets")


def _installs_demo(module: str, monkeypatch) -> bool:
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)  # what production refuses to start without
    return "demo" in importlib.import_module(module).INSTALLED_APPS


@pytest.mark.parametrize(
    ("module", "installed"),
    [
        ("portal.settings.production", False),
        ("portal.settings.dev", True),
        ("portal.settings.test", True),
        ("bench.settings", True),
        ("stress.settings", True),
    ],
)
def test_the_demo_is_installed_everywhere_but_production(module, installed, monkeypatch):
    assert _installs_demo(module, monkeypatch) is installed


def _imported_modules(path: Path):
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_no_product_app_imports_the_demo():
    found = [
        (str(path.relative_to(ROOT)), name)
        for app in PRODUCT_APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        for name in _imported_modules(path)
        if name == "demo" or name.startswith("demo.")
    ]
    assert found == []
