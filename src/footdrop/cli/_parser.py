"""The ``footdrop`` argument parser: the commands it lists, each built only when named.

``footdrop --help`` needs only the commands' names and one-line help, which
:data:`COMMANDS` holds; a command's own parser (its options, description and
examples, in :mod:`footdrop.cli._options`) is built when the command line names it.
So ``footdrop --help`` builds one parser, ``footdrop plan ...`` two.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import argparse
import os
import sys

from footdrop.cli._common import PROG, UsageError, final

# ``typing`` is imported only by type checkers, so the command starts without it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any, Final, NoReturn


#: Every command and the line ``footdrop --help`` gives it, in the order listed there;
#: :data:`footdrop.cli._options.DECLARE` builds each one's parser.
COMMANDS: Final = (
    ("plan", "print a plan: when to do which exercise, at what dose"),
    ("catalogue", "list the exercises, or show one in full"),
    ("check", "verify a plan; exit 1 and list the violations when any"),
    ("log", "record what you did in the journal"),
    ("history", "list the logs in the journal"),
    ("progress", "decide the next doses from the logs, and save them"),
    ("amend", "correct a log by its id (the old version stays in the audit trail)"),
    ("withdraw", "withdraw a mistaken log by its id (it stays in the audit trail)"),
    ("adherence", "compare what was planned with what was logged, per exercise and week"),
    ("review", "record a clinician's review, closing the review flags it names"),
)


@final
class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors become one line and exit status 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: The command parsers built so far, by name (on the top-level parser).
        self.commands: Mapping[str, argparse.ArgumentParser] = {}

    def error(self, message: str) -> NoReturn:
        msg = f"{message} (see '{self.prog} --help')"
        raise UsageError(msg)


@final
class _Commands(argparse._SubParsersAction):  # type: ignore[type-arg] # noqa: SLF001 - argparse's own sub-command action, made lazy
    """The ``COMMAND`` argument: lists every command, builds one's parser when it is named.

    argparse's sub-command action wants every parser made up front; this one holds the
    names and their help for ``--help`` and makes a command's parser, as
    :meth:`add_parser` would, only when the command line reaches it.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The names argparse accepts (and lists in an "invalid choice" error), apart from
        # the parsers built so far.
        self.choices = dict.fromkeys(name for name, _ in COMMANDS)
        for name, summary in COMMANDS:
            self._choices_actions.append(self._ChoicesPseudoAction(name, (), summary))

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        self.parser(values[0])
        super().__call__(parser, namespace, values, option_string)

    def parser(self, name: str) -> argparse.ArgumentParser:
        """The parser of the command *name*, built on first use."""
        built: argparse.ArgumentParser | None = self._name_parser_map.get(name)
        if built is None:
            from footdrop.cli._options import DECLARE  # noqa: PLC0415 - only for a named command

            def new(**kwargs: Any) -> argparse.ArgumentParser:
                # argparse's own add_parser (its prog, its map); no help, so no second listing.
                made: argparse.ArgumentParser = self.add_parser(
                    name, formatter_class=_formatter, **kwargs
                )
                return made

            built = DECLARE[name](new)
        return built


def _columns() -> int:
    """The terminal's width, told as :func:`shutil.get_terminal_size` tells it.

    argparse would import :mod:`shutil` (and its compression modules) to learn it;
    reading ``COLUMNS`` and the terminal here keeps that out of ``footdrop --help``.
    """
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0 and sys.__stdout__ is not None:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


def _formatter(prog: str) -> argparse.HelpFormatter:
    # argparse takes two columns off the terminal's width itself; so do we.
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=32, width=_columns() - 2)


def build_parser() -> _Parser:
    """The ``footdrop`` argument parser: every command listed, none built yet."""
    parser = _Parser(
        prog=PROG,
        formatter_class=_formatter,
        description="Home exercise programmes for foot drop: plans, logs and safe progression.",
        epilog=(
            "examples:\n"
            "  footdrop plan --affected left --window 07:30-09:00 --window 18:00-21:00\n"
            "  footdrop catalogue ankle-eversion\n"
            "  footdrop log ankle-eversion --sets 2 --reps 12 --pain 2\n"
            "  footdrop progress\n\n"
            "Run 'footdrop COMMAND --help' for a command's options. This is not medical advice: "
            "follow your clinician's programme."
        ),
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_Parser, action=_Commands
    )
    # Filled as commands are built: main() names the parser a usage error came from.
    parser.commands = commands._name_parser_map  # noqa: SLF001 - our own action's
    return parser
