"""Every command's options, descriptions and examples: what ``footdrop COMMAND --help`` prints.

:mod:`footdrop.cli._parser` lists the commands and imports this module only when the
command line names one, so ``footdrop --help`` builds none of these parsers.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import argparse

from footdrop.cli._args import _date, _effort, _whole, _window, _zone
from footdrop.cli._common import (
    DEFAULT_WINDOW,
    FORMATS,
    LONG_PLAN_DAYS,
    MAX_DAYS,
    RESCREEN_DAYS_LIMITS,
)

# ``typing`` is imported only by type checkers, so the command starts without it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import IO, Final

    #: Makes a command's parser (its ``prog`` and formatter already set) from its
    #: description and epilog.
    New = Callable[..., argparse.ArgumentParser]


def _handler(module: str, name: str) -> Callable[[argparse.Namespace, IO[str], IO[str]], int]:
    """The command *name* of ``footdrop.cli.<module>``, imported only when it runs.

    Building a command's parser (for its ``--help``, or a usage error) then imports none of
    the commands' code: no models, no attrs, no cattrs, no journal.
    """

    def run(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
        import importlib  # noqa: PLC0415 - only when a command runs

        command = getattr(importlib.import_module(f"footdrop.cli.{module}"), name)
        status: int = command(args, out, err)
        return status

    run.__name__ = run.__qualname__ = name
    return run


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


def _plan(new: New) -> argparse.ArgumentParser:
    """``footdrop plan``."""
    plan = new(
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
    return plan


def _catalogue(new: New) -> argparse.ArgumentParser:
    """``footdrop catalogue``."""
    cat = new(
        description="List the exercises, or show one with its steps, cautions, dose and where "
        "each number came from.",
        epilog="examples:\n  footdrop catalogue\n  footdrop catalogue ankle-eversion\n"
        "  footdrop catalogue --format json",
    )
    cat.add_argument("exercise_id", metavar="ID", nargs="?", help="an exercise id")
    cat.add_argument("--format", choices=("text", "json"), default="text", help="text or json")
    cat.set_defaults(handler=_handler("_plan_commands", "_cmd_catalogue"))
    return cat


def _check(new: New) -> argparse.ArgumentParser:
    """``footdrop check``."""
    check = new(
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
    return check


def _log(new: New) -> argparse.ArgumentParser:
    """``footdrop log``."""
    log = new(
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
    return log


def _history(new: New) -> argparse.ArgumentParser:
    """``footdrop history``."""
    history = new(
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
    return history


def _progress(new: New) -> argparse.ArgumentParser:
    """``footdrop progress``."""
    progress = new(
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
    return progress


def _amend(new: New) -> argparse.ArgumentParser:
    """``footdrop amend``."""
    amend = new(
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
    return amend


def _withdraw(new: New) -> argparse.ArgumentParser:
    """``footdrop withdraw``."""
    withdraw = new(
        description="Take a log out of the history by its id (see 'footdrop history'). It "
        "stays in the journal's audit trail, and its sitting can be logged again.",
        epilog="examples:\n  footdrop withdraw 7\n"
        "  footdrop withdraw 7 --reason 'logged the wrong exercise'",
    )
    withdraw.add_argument("log_id", metavar="LOG_ID", type=_whole(1, 2**62), help="the log's id")
    withdraw.add_argument("--reason", metavar="TEXT", help="why, kept in the audit trail")
    _journal_option(withdraw)
    withdraw.set_defaults(handler=_handler("_correction_commands", "_cmd_withdraw"))
    return withdraw


def _adherence(new: New) -> argparse.ArgumentParser:
    """``footdrop adherence``."""
    adherence = new(
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
    return adherence


def _review(new: New) -> argparse.ArgumentParser:
    """``footdrop review``."""
    review = new(
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
    return review


#: Each command's parser, by name, in the order ``footdrop --help`` lists them
#: (:data:`footdrop.cli._parser.COMMANDS` gives the same names with their one-line help).
DECLARE: Final[dict[str, Callable[[New], argparse.ArgumentParser]]] = {
    "plan": _plan,
    "catalogue": _catalogue,
    "check": _check,
    "log": _log,
    "history": _history,
    "progress": _progress,
    "amend": _amend,
    "withdraw": _withdraw,
    "adherence": _adherence,
    "review": _review,
}
