"""The help the footdrop command prints, and its parser built lazily, command by command.

``footdrop --help`` builds only the top-level parser, and a command's parser is built when the
command line names it (``footdrop.cli._parser``). These tests pin that the text and the
parsing are what they were when every command's parser was built up front.
"""

import argparse
import contextlib
import io
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from footdrop.cli import main
from footdrop.cli._common import PROG, UsageError
from footdrop.cli._options import DECLARE
from footdrop.cli._parser import COMMANDS, _formatter, _Parser, build_parser

#: The help texts as printed before the parser was made lazy, at 80 columns (Python 3.11's
#: argparse; other versions lay some lines out differently).
RECORDED = Path(__file__).parent / "help"
NAMES = [name for name, _ in COMMANDS]


def eager_parser():
    """The command line as it was built before: argparse's own sub-commands, all made up front."""
    lazy = build_parser()
    parser = _Parser(
        prog=PROG,
        formatter_class=_formatter,
        description=lazy.description,
        epilog=lazy.epilog,
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, summary in COMMANDS:

        def new(name=name, summary=summary, **kwargs):
            return commands.add_parser(name, help=summary, formatter_class=_formatter, **kwargs)

        DECLARE[name](new)
    parser.commands = commands.choices
    return parser


def outcome(parser, argv):
    """What parsing *argv* gives: the options and values, or the help or error it ends in."""
    stdout = io.StringIO()
    try:
        with contextlib.redirect_stdout(stdout):
            args, extra = parser.parse_known_args(argv)
    except UsageError as exc:
        return ("usage error", str(exc))
    except SystemExit as exc:
        return ("exit", exc.code, stdout.getvalue())
    found = vars(args)
    handler = found.pop("handler", None)
    return ("parsed", found, extra, getattr(handler, "__name__", None))


def printed(argv, monkeypatch, columns):
    """What ``footdrop *argv`` prints on stdout and its exit status, at *columns* wide."""
    monkeypatch.setenv("COLUMNS", str(columns))
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        status = main(argv)
    return status, stdout.getvalue()


class TestHelpText:
    @pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="recorded with 3.11's argparse")
    @pytest.mark.parametrize("name", ["", *NAMES])
    def test_help_is_the_text_recorded_before(self, monkeypatch, name):
        """The top-level help and every command's help print what they printed before."""
        argv = [name, "--help"] if name else ["--help"]
        recorded = RECORDED / (f"footdrop-{name}.txt" if name else "footdrop.txt")
        assert (0, recorded.read_text()) == printed(argv, monkeypatch, 80)

    @pytest.mark.parametrize("columns", [30, 60, 80, 132, 200])
    @pytest.mark.parametrize("name", ["", *NAMES])
    def test_help_is_what_argparse_prints_with_every_command_built(
        self, monkeypatch, name, columns
    ):
        """At any width, each help text is the one argparse's own sub-commands would print."""
        argv = [name, "--help"] if name else ["--help"]
        monkeypatch.setenv("COLUMNS", str(columns))
        expected = outcome(eager_parser(), argv)
        assert ("exit", 0) == expected[:2]
        assert expected == outcome(build_parser(), argv)

    def test_every_command_is_declared_once_in_the_listed_order(self):
        """The list --help prints and the parsers that can be built name the same commands."""
        assert NAMES == list(DECLARE)


class TestLazyParsing:
    def test_help_builds_no_command_parser(self):
        """Parsing ``--help`` builds the top-level parser only."""
        parser = build_parser()
        outcome(parser, ["--help"])
        assert {} == dict(parser.commands)

    def test_a_command_builds_its_own_parser_only(self):
        """Naming a command builds that command's parser, and no other."""
        parser = build_parser()
        outcome(parser, ["history", "--since", "2026-11-01"])
        assert ["history"] == list(parser.commands)

    def test_an_unknown_command_is_refused_naming_every_command(self):
        """A misspelt command gets argparse's own message, listing every command in order."""
        expected = outcome(eager_parser(), ["plam"])
        assert "usage error" == expected[0]
        assert all(repr(name) in expected[1] for name in NAMES)
        assert expected == outcome(build_parser(), ["plam"])

    @settings(max_examples=300, deadline=None)
    @given(
        st.lists(
            st.sampled_from(
                [
                    *NAMES, "--help", "-h", "--version", "--vers", "--days", "0", "3", "--tz",
                    "Europe/London", "--format", "json", "ics", "-o", "--window", "07:30-09:00",
                    "--sets", "2", "--reps", "--on", "2026-11-24", "--since", "--by", "A",
                    "--decision", "--no-such-option", "--", "-", "ankle-eversion", "7",
                ]
            ),
            max_size=6,
        )
    )  # fmt: skip
    def test_parsing_is_what_it_was_with_every_command_built(self, argv):
        """Any command line parses to the same values, help or error as with eager parsers."""
        assert outcome(eager_parser(), argv) == outcome(build_parser(), argv)


class TestEagerReference:
    def test_the_reference_uses_argparse_own_sub_commands(self):
        """The eager parser the tests compare with is built by argparse's add_parser."""
        parser = eager_parser()
        assert isinstance(parser._subparsers._group_actions[0], argparse._SubParsersAction)
        assert NAMES == list(parser.commands)
