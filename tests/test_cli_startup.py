"""Start-up of the footdrop command: what --help and plan import, checked in fresh processes."""

import json
import os
import subprocess
import sys

import pytest

#: Runs the command in this process, then prints the modules it imported as JSON.
RUN = """
import contextlib, io, json, sys
from footdrop.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    status = main(sys.argv[1:])
print(json.dumps({"status": status, "modules": sorted(sys.modules)}))
"""
MODEL_PREFIXES = (
    "footdrop.model",
    "footdrop.serialisation",
    "footdrop.scheduling",
    "footdrop.export",
)
HEAVY = ("attr", "attrs", "cattrs", "footdrop.exceptions", "footdrop.journal", "sqlite3")
#: Standard modules that only commands (or type checkers) use, not --help.
UNUSED_BY_HELP = ("typing", "pathlib", "threading", "datetime", "shutil")
JOURNAL = ("footdrop.journal", "footdrop.cli._journal_commands", "sqlite3")


def imported(*argv, env=None):
    """The exit status and the modules imported by ``footdrop *argv`` in a fresh process."""
    result = subprocess.run(
        [sys.executable, "-c", RUN, *argv],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
    )
    found = json.loads(result.stdout)
    return found["status"], set(found["modules"])


def heavy(modules):
    return sorted(
        m for m in modules if m.startswith(MODEL_PREFIXES) or m.split(".")[0] in HEAVY or m in HEAVY
    )


class TestHelp:
    @pytest.mark.parametrize(
        "argv", [("--help",), ("plan", "--help"), ("log", "--help"), ("--version",)]
    )
    def test_help_imports_nothing_it_does_not_print(self, argv):
        """--help and --version import no model module, no attrs, no cattrs, no journal."""
        status, modules = imported(*argv)
        assert (0, []) == (status, heavy(modules))

    @pytest.mark.parametrize("argv", [("--help",), ("plan", "--help"), ("log", "--help")])
    def test_help_imports_no_standard_module_it_does_not_use(self, argv):
        """--help needs no typing (annotations only), pathlib, threading, datetime or shutil."""
        status, modules = imported(*argv)
        assert (0, []) == (status, sorted(modules & set(UNUSED_BY_HELP)))

    def test_a_usage_error_imports_nothing_heavy(self):
        """An unknown option is reported without importing the models either."""
        status, modules = imported("plan", "--no-such-option")
        assert (2, []) == (status, heavy(modules))


class TestPlanWithoutJournal:
    ARGS = ("plan", "--affected", "left", "--start", "2026-11-24", "--tz", "Europe/London")

    def test_plan_imports_no_journal_code_when_there_is_none(self, tmp_path):
        """The plan command, with no journal on disk, imports neither the journal nor sqlite3."""
        env = {"FOOTDROP_JOURNAL": str(tmp_path / "none.sqlite3")}
        status, modules = imported(*self.ARGS, env=env)
        assert (0, []) == (status, sorted(modules & set(JOURNAL)))

    def test_plan_reads_a_journal_that_exists(self, tmp_path):
        """With a journal on disk, plan reads it (here: no screening on record, exit 2)."""
        from footdrop.journal import Journal

        path = tmp_path / "journal.sqlite3"
        with Journal(path):
            pass
        status, modules = imported(*self.ARGS, env={"FOOTDROP_JOURNAL": str(path)})
        assert (2, set(JOURNAL) - {"footdrop.cli._journal_commands"}) == (
            status,
            modules & set(JOURNAL) - {"footdrop.cli._journal_commands"},
        )


class TestHelpWidth:
    @pytest.mark.parametrize("columns", ["", "0", "40", "200", "wide"])
    def test_help_is_as_wide_as_shutil_says(self, monkeypatch, columns):
        """The width --help wraps to, found without shutil, is the one shutil would give."""
        import shutil

        from footdrop.cli._parser import _columns

        monkeypatch.setenv("COLUMNS", columns)
        assert shutil.get_terminal_size().columns == _columns()
