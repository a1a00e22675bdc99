"""The ``footdrop`` command: plans, the catalogue, checks, logs and progression from a shell.

Built on the standard library's :mod:`argparse`: it adds no dependency and
starts quickly. Heavy or optional modules (the exports, the scheduler's
search, progression) are imported only by the command that needs them.

This package is the only part of footdrop that reads the clock or the environment:
``--start`` and ``--on`` default to today in the chosen time zone, ``--tz``
defaults to the system's zone and ``--journal`` to ``$FOOTDROP_JOURNAL`` or
the platform's data folder.

Exit status: 0 on success, 1 when the command fails (an unreadable file, an
invalid document, a plan with violations, a journal that cannot be written),
2 for a usage error (an unknown option, a bad date, a window that ends before
it starts, pain 11, an unknown exercise id) or when ``plan`` or ``progress`` has
no valid red-flag screening and no terminal to ask on, and 3 when a red flag
stops the command (the urgent-care message is on stderr). Errors are one line on stderr,
``footdrop: error: ...``, never a traceback.

Its private modules, by concept: ``_common`` (exit statuses, the errors that end a
command), ``_zone`` (the system's time zone and today's date: the only clock read),
``_args`` (option value types), ``_parser`` (the parser, which lists the commands and builds
a command's parser only when it is named), ``_options`` (every command's options and
examples), ``_safe`` (the escaper all printed text goes through), ``_inputs`` (reading
documents, the journal, routines and windows), ``_output`` (writing results, the progress
indicator, text renderings), ``_plan_commands``
(``plan``, ``catalogue``, ``check``) and ``_journal_commands`` (``log``, ``history``,
``progress``). Each imports only the standard library and :mod:`footdrop.exceptions`
at the top.

.. versionadded:: 0.1.0
"""

# The command's parts live in this package's private modules; this is its public face.
# Imports inside functions keep start-up quick: each command imports what it needs.
# ruff: noqa: PLC0415

from __future__ import annotations

import os
import sys

from footdrop.cli._common import (
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_RED_FLAG,
    EXIT_USAGE,
    PROG,
    CommandError,
    UsageError,
    _one_line,
)
from footdrop.cli._parser import build_parser

# ``typing`` is imported only by type checkers, so the command starts without it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import IO, cast

    from footdrop.cli._zone import system_zone
else:

    def cast(_type: object, value: object) -> object:
        """At run time a cast is the value itself."""
        return value

# footdrop.exceptions is not imported here: it brings attrs, which ``footdrop --help``
# must not pay for. The errors it defines are recognised by _footdrop_error() below.
# Nor are system_zone (see __getattr__) and the escaper (see _shown), which --help does not need.

__all__ = ["EXIT_FAILURE", "EXIT_OK", "EXIT_RED_FLAG", "EXIT_USAGE", "main", "system_zone"]


def __getattr__(name: str) -> object:
    if name == "system_zone":
        from footdrop.cli._zone import system_zone

        return system_zone
    msg = f"module 'footdrop.cli' has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("footdrop")
    except PackageNotFoundError:  # pragma: no cover - footdrop run from a source tree
        return "unknown"


def _shown(text: str) -> str:
    """*text* made inert for a terminal, by :func:`footdrop.cli._safe.terminal_safe`."""
    from footdrop.cli._safe import terminal_safe

    return terminal_safe(text)


def _stdout() -> IO[str]:
    """Standard output through an escaper: no text reaches the terminal raw."""
    from footdrop.cli._safe import SafeStream

    return cast("IO[str]", SafeStream(sys.stdout))


def _footdrop_error(exc: Exception) -> str | None:
    """``"RedFlagError"``, ``"FootdropError"``, or ``None`` for an error footdrop did not raise.

    Recognised without importing :mod:`footdrop.exceptions`: if no command imported
    it, *exc* cannot be one of its errors.
    """
    module = sys.modules.get("footdrop.exceptions")
    if module is None:
        return None
    if isinstance(exc, module.RedFlagError):
        return "RedFlagError"
    if isinstance(exc, module.FootdropError):
        return "FootdropError"
    return None


def main(argv: Sequence[str] | None = None) -> int:  # noqa: C901 - one except clause per way a command ends, each with its exit status
    """Run the ``footdrop`` command line and return its exit status.

    Args:
        argv: The arguments after the program name (``sys.argv[1:]`` if not given).

    Returns:
        0 on success, 1 when the command failed, 2 for a usage error (or no valid
        red-flag screening), 3 when a red flag stopped the command.

    Example:
        >>> from footdrop.cli import main
        >>> main(["catalogue", "--format", "nope"])
        2

    .. versionadded:: 0.1.0
    """
    err = sys.stderr
    parser = build_parser()
    try:
        args, extra = parser.parse_known_args(argv)
        if extra:
            # Name the command whose options were wrong, not the top level.
            command = parser.commands.get(args.command or "", parser)
            command.error(f"unrecognized arguments: {' '.join(extra)}")
        if args.version:
            _stdout().write(f"{PROG} {_version()}\n")
            return EXIT_OK
        if args.command is None:
            err.write(f"{PROG}: error: name a command (see '{PROG} --help')\n")
            return EXIT_USAGE
        status: int = args.handler(args, _stdout(), err)
    except SystemExit as exc:  # --help and --version exit through argparse
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except UsageError as exc:
        err.write(f"{PROG}: error: {_shown(str(exc))}\n")
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (footdrop plan | head): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILURE
    except (CommandError, OSError) as exc:
        err.write(f"{PROG}: error: {_shown(_one_line(exc))}\n")
        return EXIT_FAILURE
    except Exception as exc:
        kind = _footdrop_error(exc)
        if kind is None:
            raise
        if kind == "RedFlagError":
            flags, advice = exc.flags, exc.advice  # type: ignore[attr-defined]
            err.write(
                f"{PROG}: RED FLAG ({', '.join(flags)}): do not start or continue the exercise "
                f"plan.\n\n{advice}\n"
            )
            return EXIT_RED_FLAG
        err.write(f"{PROG}: error: {_shown(_one_line(exc))}\n")
        return EXIT_FAILURE
    except KeyboardInterrupt:
        err.write(f"{PROG}: interrupted\n")
        return 130
    return status
