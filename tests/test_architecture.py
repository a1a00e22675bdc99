"""The package's layers: imports point down, and no module is part of an import circle."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent

#: The one sanctioned upward edge set: the model layer's hooks module (display, catalogue).
HOOKS = "footdrop.model._hooks"


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("footdrop", exclude_type_checking_imports=True, cache_dir=None)


class TestLayers:
    def test_import_linter_contracts_hold(self):
        """`lint-imports` keeps every contract declared in pyproject.toml."""
        done = subprocess.run(
            [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert 0 == done.returncode, done.stdout + done.stderr
        assert "0 broken" in done.stdout

    def test_no_import_circle_but_the_hooks(self, graph):
        """No module reaches itself through imports (inside functions too), except via the hooks."""
        modules = sorted(m for m in graph.modules if m != HOOKS)
        circles = []
        for module in modules:
            for imported in graph.find_modules_directly_imported_by(module):
                if imported in {HOOKS, module}:
                    continue
                chain = graph.find_shortest_chain(importer=imported, imported=module)
                if chain is not None and HOOKS not in chain:
                    circles.append((module, *chain))
        assert [] == circles

    def test_models_import_nothing_above_them(self, graph):
        """The model layer imports only itself, the validators and the exceptions (hooks aside)."""
        allowed = ("footdrop.model", "footdrop._validators", "footdrop.exceptions")
        found = {
            (module, imported)
            for module in graph.find_children("footdrop.model") | {"footdrop.model"}
            if module != HOOKS
            for imported in graph.find_modules_directly_imported_by(module)
            if not imported.startswith(allowed)
        }
        assert set() == found
