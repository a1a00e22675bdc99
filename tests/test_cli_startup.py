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
#: Every command, as footdrop --help lists them.
COMMANDS = (
    "plan", "catalogue", "check", "log", "history", "progress", "amend", "withdraw",
    "adherence", "review",
)  # fmt: skip
#: The footdrop modules footdrop --help needs: the package, the command's entry point,
#: its constants and the top-level parser. A command's --help adds its options' modules.
TOP_LEVEL_HELP = ("footdrop", "footdrop.cli", "footdrop.cli._common", "footdrop.cli._parser")
COMMAND_HELP = (
    *TOP_LEVEL_HELP,
    "footdrop.cli._options",
    "footdrop.cli._args",
    "footdrop.cli._zone",
)


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


def ours(modules):
    return sorted(m for m in modules if m.split(".")[0] == "footdrop")


class TestHelp:
    @pytest.mark.parametrize(
        "argv", [("--help",), ("--version",), *((command, "--help") for command in COMMANDS)]
    )
    def test_help_imports_nothing_it_does_not_print(self, argv):
        """--help and --version import no model module, no attrs, no cattrs, no journal."""
        status, modules = imported(*argv)
        assert (0, []) == (status, heavy(modules))

    def test_top_level_help_imports_only_the_parser_of_the_command_list(self):
        """The top-level help imports no command's options, value types, escaper or output code."""
        status, modules = imported("--help")
        assert (0, sorted(TOP_LEVEL_HELP)) == (status, ours(modules))

    @pytest.mark.parametrize("command", COMMANDS)
    def test_command_help_imports_only_the_command_declarations(self, command):
        """A command's help adds only the modules declaring the commands' options."""
        status, modules = imported(command, "--help")
        assert (0, sorted(COMMAND_HELP)) == (status, ours(modules))

    @pytest.mark.parametrize("argv", [("--help",), *((command, "--help") for command in COMMANDS)])
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

    @pytest.mark.parametrize(
        "more", [(), ("--format", "json"), ("--format", "csv"), ("--days", "28", "--progress")]
    )
    def test_plan_imports_no_journal_code_when_there_is_none(self, tmp_path, more):
        """The plan command, with no journal on disk, imports neither the journal nor sqlite3."""
        env = {"FOOTDROP_JOURNAL": str(tmp_path / "none.sqlite3")}
        status, modules = imported(*self.ARGS, *more, env=env)
        assert (0, []) == (status, sorted(modules & set(JOURNAL)))
        assert not (tmp_path / "none.sqlite3").exists()

    @pytest.mark.parametrize("argv", [("catalogue",), ("catalogue", "ankle-eversion")])
    def test_catalogue_imports_no_journal_code(self, tmp_path, argv):
        """The catalogue reads no journal, so it imports none of its code."""
        env = {"FOOTDROP_JOURNAL": str(tmp_path / "none.sqlite3")}
        status, modules = imported(*argv, env=env)
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
