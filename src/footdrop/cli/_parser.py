"""The ``footdrop`` argument parser: every command, its options and its examples.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from footdrop.cli._args import _date, _effort, _whole, _window, _zone
from footdrop.cli._common import (
    DEFAULT_WINDOW,
    FORMATS,
    LONG_PLAN_DAYS,
    MAX_DAYS,
    PROG,
    RESCREEN_DAYS_LIMITS,
    UsageError,
)

# ``typing`` is imported only by type checkers, so the command starts without it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO, Any, NoReturn, final
else:

    def final(cls: type) -> type:
        """At run time the decorator is a no-op: it tells only type checkers something."""
        return cls


if TYPE_CHECKING:
    from collections.abc import Callable


def _handler(module: str, name: str) -> Callable[[argparse.Namespace, IO[str], IO[str]], int]:
    """The command *name* of ``footdrop.cli.<module>``, imported only when it runs.

    ``footdrop --help`` (and a usage error) then imports none of the commands' code: no
    models, no attrs, no cattrs, no journal.
    """

    def run(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
        command = getattr(importlib.import_module(f"footdrop.cli.{module}"), name)
        status: int = command(args, out, err)
        return status

    run.__name__ = run.__qualname__ = name
    return run


@final
class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors become one line and exit status 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: The command parsers by name (on the top-level parser).
        self.commands: dict[str, argparse.ArgumentParser] = {}

    def error(self, message: str) -> NoReturn:
        msg = f"{message} (see '{self.prog} --help')"
        raise UsageError(msg)


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


def _journal_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--journal",
        metavar="PATH",
        help="the journal file (default: $FOOTDROP_JOURNAL, else the platform's data folder, "
        "e.g. ~/.local/share/footdrop/journal.sqlite3)",
    )


def _routine_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--affected",
        choices=("left", "right"),
        help="the side with foot drop (default: the routine's, else left)",
    )
    parser.add_argument(
        "--routine",
        metavar="FILE",
        help="a routine JSON document (default: the routine saved in the journal, "
        "else the default programme)",
    )


def _window_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--window",
        metavar="HH:MM-HH:MM",
        type=_window,
        action="append",
        help=f"a time of day you can exercise, every day; repeat for more (default: "
        f"{DEFAULT_WINDOW})",
    )


def _measure_options(parser: argparse.ArgumentParser) -> None:
    """The options of an exercise's own measures (each exercise takes only its own)."""
    parser.add_argument("--reps", metavar="N", type=_whole(0, 1000), help="reps in each set")
    parser.add_argument("--hold", metavar="S", type=_whole(0, 3600), help="seconds held")
    parser.add_argument(
        "--letters", metavar="N", type=_whole(0, 1000), help="letters traced (ankle alphabet)"
    )
    parser.add_argument(
        "--rounds", metavar="N", type=_whole(0, 1000), help="rounds walked (heel and toe walks)"
    )
    parser.add_argument(
        "--steps", metavar="N", type=_whole(0, 1000), help="steps each way in every round"
    )


def _screening_options(parser: argparse.ArgumentParser) -> None:
    low, default, high = RESCREEN_DAYS_LIMITS
    parser.add_argument(
        "--screening",
        metavar="FILE",
        help="a red-flag screening as footdrop JSON (footdrop.safety.Screening), taken within "
        "--rescreen-days, used instead of asking; it is stored in the journal",
    )
    parser.add_argument(
        "--rescreen",
        action="store_true",
        help="ask the red-flag questions again now (on a terminal), e.g. after a new symptom",
    )
    parser.add_argument(
        "--rescreen-days",
        metavar="N",
        type=_whole(low, high),
        default=default,
        help=f"how many days a screening vouches for before the questions are asked again "
        f"({default}; {low}-{high})",
    )


def _format_options(parser: argparse.ArgumentParser) -> None:
    calendar = parser.add_argument_group("calendar (--format ics)")
    calendar.add_argument(
        "--alarm",
        metavar="MINUTES",
        type=_whole(0, 10_080),
        action="append",
        help="a reminder this many minutes before each session; repeat for more",
    )
    calendar.add_argument(
        "--recurring",
        action="store_true",
        help="weekly recurring events with no end date, instead of one event per dated session",
    )
    fhir = parser.add_argument_group("FHIR (--format fhir)")
    fhir.add_argument(
        "--fhir-version", choices=("r4", "r5"), help="the FHIR release to write (default: r4)"
    )
    handout = parser.add_argument_group("handout (--format html, md or pdf)")
    handout.add_argument("--patient", metavar="NAME", help="the patient's name")
    handout.add_argument("--clinician", metavar="NAME", help="the clinician's name")
    handout.add_argument("--clinic", metavar="NAME", help="the clinic or service")
    handout.add_argument("--contact", metavar="TEXT", help="how to reach the clinic")
    handout.add_argument(
        "--review-on", metavar="YYYY-MM-DD", type=_date, help="the date of the next review"
    )
    handout.add_argument(
        "--paper", choices=("a4", "letter"), help="the paper to print on (default: a4)"
    )


def build_parser() -> _Parser:  # noqa: PLR0915 - the whole command line declared in one place, a statement per option
    """The ``footdrop`` argument parser, with every command."""
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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    plan = commands.add_parser(
        "plan",
        help="print a plan: when to do which exercise, at what dose",
        formatter_class=_formatter,
        description="Plan the routine over the coming days and print it.\n\n"
        "Red-flag screening: on a terminal, the red-flag questions are asked before the first "
        "plan and again when the last screening is older than --rescreen-days; the answers are "
        "stored in the journal. Without a terminal, give --screening FILE. A red flag stops "
        "the command with exit status 3 and the urgent-care message; no valid screening and no "
        "terminal exits 2. With no journal and no terminal, the plan is a first look, printed "
        "'not screened'.",
        epilog=(
            "examples:\n"
            "  footdrop plan --affected left\n"
            "  footdrop plan --start 2026-11-24 --days 14 --window 07:30-09:00 "
            "--window 18:00-21:00\n"
            "  footdrop plan --format ics --alarm 15 -o week.ics\n"
            "  footdrop plan --format ics --recurring -o routine.ics\n"
            "  footdrop plan --format pdf --patient 'Anna Smith' -o handout.pdf\n"
            "  footdrop plan --format json | footdrop check /dev/stdin"
        ),
    )
    _routine_options(plan)
    plan.add_argument(
        "--start", metavar="YYYY-MM-DD", type=_date, help="the first day (default: today)"
    )
    plan.add_argument(
        "--days", metavar="N", type=_whole(1, MAX_DAYS), default=7, help="how many days (7)"
    )
    _window_options(plan)
    plan.add_argument(
        "--tz", metavar="ZONE", type=_zone, help="the IANA time zone (default: the system's)"
    )
    plan.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="the output format (text): json, ics (calendar), fhir, html, md or pdf (handout), "
        "csv (a row per session item)",
    )
    plan.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    _format_options(plan)
    plan.add_argument(
        "--progress",
        action="store_true",
        help=f"show progress on stderr (shown anyway on a terminal for {LONG_PLAN_DAYS}+ days)",
    )
    _journal_option(plan)
    _screening_options(plan)
    plan.set_defaults(handler=_handler("_plan_commands", "_cmd_plan"))

    cat = commands.add_parser(
        "catalogue",
        help="list the exercises, or show one in full",
        formatter_class=_formatter,
        description="List the exercises, or show one with its steps, cautions, dose and where "
        "each number came from.",
        epilog="examples:\n  footdrop catalogue\n  footdrop catalogue ankle-eversion\n"
        "  footdrop catalogue --format json",
    )
    cat.add_argument("exercise_id", metavar="ID", nargs="?", help="an exercise id")
    cat.add_argument("--format", choices=("text", "json"), default="text", help="text or json")
    cat.set_defaults(handler=_handler("_plan_commands", "_cmd_catalogue"))

    check = commands.add_parser(
        "check",
        help="verify a plan; exit 1 and list the violations when any",
        formatter_class=_formatter,
        description="Verify a plan JSON document against a routine and the windows it was "
        "made for. Give the same --window values as to 'footdrop plan'.",
        epilog="examples:\n  footdrop plan --format json -o plan.json && footdrop check plan.json\n"
        "  footdrop check plan.json --routine routine.json --window 07:30-21:30",
    )
    check.add_argument("plan_file", metavar="PLAN.json", help="the plan, as footdrop JSON")
    _routine_options(check)
    _window_options(check)
    _journal_option(check)
    check.set_defaults(handler=_handler("_plan_commands", "_cmd_check"))

    log = commands.add_parser(
        "log",
        help="record what you did in the journal",
        formatter_class=_formatter,
        description="Record one exercise done on one side in the journal.",
        epilog=(
            "examples:\n"
            "  footdrop log hip-rotation-slides --side left --sets 2 --reps 12 --pain 2\n"
            "  footdrop log single-leg-stance --side left --sets 3 --hold 20 --support one-hand\n"
            "  footdrop log ankle-eversion --sets 1 --reps 10 --on 2026-11-24\n"
            "  footdrop log ankle-alphabet --side left --sets 1 --letters 26\n"
            "  footdrop log heel-and-toe-walks --sets 1 --rounds 4 --steps 10\n"
            "  footdrop log towel-scrunches --sets 0 --notes 'no towel today'"
        ),
    )
    log.add_argument("exercise_id", metavar="EXERCISE_ID", help="the exercise's id")
    log.add_argument(
        "--side", choices=("left", "right"), help="the side worked (for one-leg exercises)"
    )
    log.add_argument(
        "--sets",
        type=_whole(0, 10),
        help="sets done (0-10; 0: skipped; needed unless only reporting the morning)",
    )
    _measure_options(log)
    log.add_argument(
        "--pain", metavar="N", type=_whole(0, 10), help="pain during it, 0 (none) to 10"
    )
    log.add_argument(
        "--pain-next-morning", metavar="N", type=_whole(0, 10), help="pain the next morning, 0-10"
    )
    log.add_argument("--effort", metavar="N", type=_effort, help="effort, Borg CR10 (0-12)")
    log.add_argument(
        "--support",
        choices=("two-hands", "one-hand", "one-finger", "no-hands", "eyes-closed"),
        help="the balance support used",
    )
    log.add_argument("--fell", action="store_true", help="a fall or near-fall happened")
    log.add_argument("--notes", metavar="TEXT", help="a free-text note")
    log.add_argument(
        "--session",
        metavar="N",
        type=_whole(1, 12),
        help="sitting of the day (default: the next one not yet logged)",
    )
    log.add_argument("--on", metavar="YYYY-MM-DD", type=_date, help="the date (default: today)")
    _journal_option(log)
    log.set_defaults(handler=_handler("_journal_commands", "_cmd_log"))

    history = commands.add_parser(
        "history",
        help="list the logs in the journal",
        formatter_class=_formatter,
        description="List the logs in the journal, by date.",
        epilog="examples:\n  footdrop history\n  footdrop history --format json > logs.json\n"
        "  footdrop history --since 2026-11-01 --exercise ankle-eversion",
    )
    history.add_argument("--format", choices=("text", "json"), default="text", help="text or json")
    history.add_argument("--since", metavar="YYYY-MM-DD", type=_date, help="from this date")
    history.add_argument("--until", metavar="YYYY-MM-DD", type=_date, help="up to this date")
    history.add_argument("--exercise", metavar="ID", help="only this exercise")
    history.add_argument(
        "--skip-bad",
        action="store_true",
        help="on a damaged journal, list every log that can be read and warn about the rest",
    )
    _journal_option(history)
    history.set_defaults(handler=_handler("_journal_commands", "_cmd_history"))

    progress = commands.add_parser(
        "progress",
        help="decide the next doses from the logs, and save them",
        formatter_class=_formatter,
        description="Apply the progression rules to the logs in the journal, show each "
        "decision and the next doses, and save the new routine in the journal.\n\n"
        "Progression runs only under a current, clear red-flag screening: the questions are "
        "asked on a terminal, or given with --screening FILE (see 'footdrop plan --help').",
        epilog="examples:\n  footdrop progress\n  footdrop progress --dry-run\n"
        "  footdrop progress --on 2026-12-01\n"
        "  footdrop progress --affected right --routine routine.json",
    )
    progress.add_argument(
        "--on", metavar="YYYY-MM-DD", type=_date, help="the date (default: today)"
    )
    _routine_options(progress)
    progress.add_argument("--format", choices=("text", "json"), default="text", help="text or json")
    progress.add_argument(
        "--dry-run",
        action="store_true",
        help="show the decisions and next doses, but save nothing",
    )
    _journal_option(progress)
    _screening_options(progress)
    progress.set_defaults(handler=_handler("_journal_commands", "_cmd_progress"))
    _correction_parsers(commands)
    _adherence_parser(commands)
    _review_parser(commands)
    parser.commands.update(commands.choices)
    return parser


def _correction_parsers(commands: Any) -> None:
    """``footdrop amend`` and ``footdrop withdraw``."""
    amend = commands.add_parser(
        "amend",
        help="correct a log by its id (the old version stays in the audit trail)",
        formatter_class=_formatter,
        description="Correct a log in the journal: give its id (see 'footdrop history') and "
        "only the values to change. The version it replaces stays in the journal's audit "
        "trail. The exercise and side cannot change: withdraw the log and log it again.",
        epilog=(
            "examples:\n"
            "  footdrop amend 7 --pain-next-morning 3\n"
            "  footdrop amend 7 --reps 12 --reason 'typed 21 for 12'\n"
            "  footdrop amend 7 --sets 0 --notes 'skipped: too tired'"
        ),
    )
    amend.add_argument("log_id", metavar="LOG_ID", type=_whole(1, 2**62), help="the log's id")
    amend.add_argument("--sets", type=_whole(0, 10), help="sets done (0: skipped)")
    _measure_options(amend)
    amend.add_argument("--pain", metavar="N", type=_whole(0, 10), help="pain during it, 0-10")
    amend.add_argument(
        "--pain-next-morning", metavar="N", type=_whole(0, 10), help="pain the next morning, 0-10"
    )
    amend.add_argument("--effort", metavar="N", type=_effort, help="effort, Borg CR10 (0-12)")
    amend.add_argument(
        "--support",
        choices=("two-hands", "one-hand", "one-finger", "no-hands", "eyes-closed"),
        help="the balance support used",
    )
    amend.add_argument(
        "--fell",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="a fall or near-fall happened (--no-fell: it did not)",
    )
    amend.add_argument("--notes", metavar="TEXT", help="a free-text note (replaces the old one)")
    amend.add_argument("--session", metavar="N", type=_whole(1, 12), help="sitting of the day")
    amend.add_argument("--on", metavar="YYYY-MM-DD", type=_date, help="the date it was done")
    amend.add_argument("--reason", metavar="TEXT", help="why, kept in the audit trail")
    _journal_option(amend)
    amend.set_defaults(handler=_handler("_correction_commands", "_cmd_amend"))

    withdraw = commands.add_parser(
        "withdraw",
        help="withdraw a mistaken log by its id (it stays in the audit trail)",
        formatter_class=_formatter,
        description="Take a log out of the history by its id (see 'footdrop history'). It "
        "stays in the journal's audit trail, and its sitting can be logged again.",
        epilog="examples:\n  footdrop withdraw 7\n"
        "  footdrop withdraw 7 --reason 'logged the wrong exercise'",
    )
    withdraw.add_argument("log_id", metavar="LOG_ID", type=_whole(1, 2**62), help="the log's id")
    withdraw.add_argument("--reason", metavar="TEXT", help="why, kept in the audit trail")
    _journal_option(withdraw)
    withdraw.set_defaults(handler=_handler("_correction_commands", "_cmd_withdraw"))


def _adherence_parser(commands: Any) -> None:
    """``footdrop adherence``."""
    adherence = commands.add_parser(
        "adherence",
        help="compare what was planned with what was logged, per exercise and week",
        formatter_class=_formatter,
        description="Count the planned sittings done, missed and extra, per exercise and per "
        "week (footdrop.adherence). The plan is the one given with --plan, else the routine "
        "planned again over the dates, in the windows given (as 'footdrop plan' plans).",
        epilog=(
            "examples:\n"
            "  footdrop adherence                           # the last 7 days\n"
            "  footdrop adherence --since 2026-11-01 --until 2026-11-30 --format json\n"
            "  footdrop adherence --plan plan.json          # against the plan you followed"
        ),
    )
    adherence.add_argument(
        "--since", metavar="YYYY-MM-DD", type=_date, help="from this date (default: 6 days ago)"
    )
    adherence.add_argument(
        "--until", metavar="YYYY-MM-DD", type=_date, help="up to this date (default: today)"
    )
    adherence.add_argument(
        "--plan", metavar="PLAN.json", help="the plan followed, as written by 'footdrop plan'"
    )
    _routine_options(adherence)
    _window_options(adherence)
    adherence.add_argument(
        "--tz", metavar="ZONE", type=_zone, help="the IANA time zone (default: the system's)"
    )
    adherence.add_argument(
        "--format", choices=("text", "json"), default="text", help="text or json"
    )
    _journal_option(adherence)
    adherence.set_defaults(handler=_handler("_adherence_command", "_cmd_adherence"))


def _review_parser(commands: Any) -> None:
    """``footdrop review``."""
    review = commands.add_parser(
        "review",
        help="record a clinician's review, closing the review flags it names",
        formatter_class=_formatter,
        description="Record a clinician's review in the journal: who, when and what was "
        "decided. It closes the review flag of each exercise named (all flagged ones if none "
        "is named), so progression starts again from the sessions after the review. Change "
        "the routine first if the review calls for it.",
        epilog=(
            "examples:\n"
            "  footdrop review single-leg-stance --by 'A. Physio' "
            "--decision 'A trip on a rug; keep two hands on the counter'\n"
            "  footdrop review --by 'A. Physio' --decision 'Pain settled' --on 2026-11-30"
        ),
    )
    review.add_argument(
        "exercises", nargs="*", metavar="EXERCISE", help="the exercises whose flags it closes"
    )
    review.add_argument("--by", required=True, metavar="NAME", help="who reviewed")
    review.add_argument(
        "--decision", required=True, metavar="TEXT", help="what was decided, in a sentence"
    )
    review.add_argument(
        "--on", metavar="YYYY-MM-DD", type=_date, help="the day of the review (default: today)"
    )
    _journal_option(review)
    review.set_defaults(handler=_handler("_review_command", "_cmd_review"))
