"""The package surface: lazy public names, the version, and registration without imports."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys

import pytest

import footdrop


class TestPublicNames:
    def test_every_public_name_resolves(self):
        """Every name in footdrop.__all__ can be read from the package."""
        missing = [name for name in footdrop.__all__ if getattr(footdrop, name, None) is None]
        assert [] == missing

    def test_lazy_table_matches_all(self):
        """The table of lazily imported names holds exactly the names of __all__."""
        assert sorted(footdrop.__all__) == sorted(footdrop._LAZY)

    def test_all_is_sorted_without_duplicates(self):
        """__all__ is sorted (constants, classes, functions) and names each name once."""
        assert len(set(footdrop.__all__)) == len(footdrop.__all__)
        constants = [n for n in footdrop.__all__ if n.isupper()]
        assert constants == footdrop.__all__[: len(constants)]

    def test_names_come_from_their_modules(self):
        """A lazily loaded name is the very object its private module defines."""
        from footdrop.model._routine import Routine

        assert Routine is footdrop.Routine

    def test_unknown_name_raises_attribute_error(self):
        """Asking for a name the package lacks raises AttributeError naming it."""
        with pytest.raises(AttributeError, match="no attribute 'Routin'"):
            _ = footdrop.Routin

    def test_dir_lists_the_public_names(self):
        """dir(footdrop) shows every public name, loaded or not, and __version__."""
        assert set(footdrop.__all__) | {"__version__"} <= set(dir(footdrop))

    def test_version_comes_from_the_installed_metadata(self):
        """footdrop.__version__ is the installed distribution's version."""
        assert importlib.metadata.version("footdrop") == footdrop.__version__


def run_fresh(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )


class TestImportCost:
    def test_import_loads_no_model_module(self):
        """Plain `import footdrop` loads none of the implementation modules or cattrs."""
        code = (
            "import sys, footdrop\n"
            "print(sorted(m for m in sys.modules if m.startswith(('footdrop.', 'cattrs'))))"
        )
        result = run_fresh(code)
        assert 0 == result.returncode, result.stderr
        assert "[]" == result.stdout.strip()

    def test_rules_load_without_importing_progression(self):
        """A routine whose JSON names built-in rules loads in a fresh interpreter."""
        code = (
            "import footdrop\n"
            "from footdrop.serialisation import loads\n"
            "text = open(0).read()\n"
            "routine = loads(text, footdrop.Routine)\n"
            "print([type(r).__name__ for r in routine.rules])"
        )
        import attrs

        from footdrop.progression import DEFAULT_RULES
        from footdrop.serialisation import dumps

        routine = attrs.evolve(
            footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT), rules=DEFAULT_RULES
        )
        result = subprocess.run(
            [sys.executable, "-c", code],
            input=dumps(routine),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert 0 == result.returncode, result.stderr
        assert str([type(r).__name__ for r in DEFAULT_RULES]) == result.stdout.strip()
