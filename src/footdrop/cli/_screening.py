"""The red-flag screening a ``plan`` or ``progress`` command runs under.

Where the screening comes from, in this order:

1. ``--screening FILE``: a :class:`footdrop.safety.Screening` JSON document. It must be
   complete and not due (older than ``--rescreen-days``, or dated in the future);
   it is stored in the journal.
2. The journal's last screening, unless ``--rescreen`` asks for a new one: used
   while it is clear and not due. A red flag on record halts the command until a
   newer, clear screening is recorded.
3. On a terminal, the questions are asked now and the answers stored in the journal.
4. Without a terminal: ``plan`` with no journal at all (a first look, as in the
   README) runs "not screened" with a note on stderr; otherwise the command stops
   with exit status 2 and says how to give a screening.

.. versionadded:: 0.1.0
"""

# Imports inside functions keep start-up quick: each command imports what it needs.
# ruff: noqa: PLC0415

from __future__ import annotations

import sys
from typing import IO, TYPE_CHECKING

from footdrop.cli._common import PROG, UsageError
from footdrop.cli._inputs import _journal_path, _open_journal, _read_document
from footdrop.cli._zone import _now

if TYPE_CHECKING:
    import argparse
    import datetime as dt

    from footdrop.safety import Screening

#: How ``--screening FILE`` is described in messages.
_HOW: str = (
    "answer the red-flag questions on a terminal (run the command in one, with --rescreen "
    "to ask again), or pass --screening FILE, a footdrop.safety.Screening JSON document "
    "taken within the last {days} day(s) (see 'footdrop plan --help')"
)


def _when(moment: dt.datetime | None) -> str:
    return "undated" if moment is None else f"{moment:%Y-%m-%d %H:%M %z}"


def _from_file(args: argparse.Namespace, now: dt.datetime) -> Screening:
    from footdrop.safety import Screening

    screening: Screening = _read_document(args.screening, Screening)
    period = args.rescreen_days
    if screening.flags:
        return screening  # a red flag stops the command whatever else the file lacks
    if not screening.is_complete:
        missing = ", ".join(screening.missing) or "the time it was taken ('taken_at')"
        msg = (
            f"{args.screening}: the screening is incomplete (missing: {missing}); an unanswered "
            "question is never read as 'no': answer every question of footdrop.safety.RED_FLAGS"
        )
        raise UsageError(msg)
    if screening.is_due(at=now, period_days=period):
        msg = (
            f"{args.screening}: the screening was taken at {_when(screening.taken_at)}, which is "
            f"not within the last {period} day(s) (now {_when(now)}): take it again; "
            + _HOW.format(days=period)
        )
        raise UsageError(msg)
    return screening


def _ask(err: IO[str], now: dt.datetime) -> Screening:
    """Ask every red-flag question on the terminal (answers on stdin, prompts on stderr)."""
    from footdrop import safety

    err.write(
        "Before footdrop plans or progresses your exercises, answer these red-flag questions "
        "about your symptoms (y or n).\n"
        "An answer you leave out is never taken as 'no'.\n"
    )
    answers: dict[str, bool] = {}
    for n, flag in enumerate(safety.RED_FLAGS, start=1):
        answers[flag.id] = _yes_or_no(err, f"{n}. {flag.question}")
    return safety.screen(answers, taken_at=now, answered_by=_respondent(err))


def _respondent(err: IO[str]) -> str | None:
    """Who answered: ``"patient"``, ``"clinician"``, or ``None`` when skipped with Enter."""
    choices = {"p": "patient", "patient": "patient", "c": "clinician", "clinician": "clinician"}
    while True:
        err.write("Who answered: the patient (p) or a clinician (c)? [p/c, Enter to skip] ")
        err.flush()
        line = sys.stdin.readline()
        answer = line.strip().lower()
        if not answer:
            return None
        if answer in choices:
            return choices[answer]
        err.write("  please answer p (patient), c (clinician), or press Enter to skip\n")


def _yes_or_no(err: IO[str], question: str) -> bool:
    while True:
        err.write(f"{question} [y/n] ")
        err.flush()
        line = sys.stdin.readline()
        if not line:
            msg = (
                "the red-flag screening was not finished (input ended): nothing was planned; "
                "answer every question, or pass --screening FILE"
            )
            raise UsageError(msg)
        answer = line.strip().lower()
        if answer in ("y", "yes"):
            return True
        if answer in ("n", "no"):
            return False
        err.write("  please answer y (yes) or n (no)\n")


def _store(args: argparse.Namespace, screening: Screening) -> None:
    with _open_journal(args) as journal:
        journal.add_screening(screening)


def _last_on_record(args: argparse.Namespace) -> Screening | None:
    """The journal's last screening, read without writing unless the journal needs migrating."""
    from footdrop.exceptions import JournalError

    try:
        with _open_journal(args, read_only=True) as journal:
            return journal.last_screening()
    except JournalError:
        # An older journal (no screenings table yet) is brought forward; any other
        # problem is raised again by the writable open, with its own message.
        with _open_journal(args) as journal:
            return journal.last_screening()


def _halt_on_flags(screening: Screening, err: IO[str], *, on_record: bool) -> None:
    from footdrop.safety import require_clear

    if screening.flags and on_record:
        err.write(
            f"{PROG}: the last red-flag screening ({_when(screening.taken_at)}) raised a red "
            "flag. Once a clinician has assessed you, record a new screening: run the command "
            "on a terminal with --rescreen, or pass --screening FILE.\n"
        )
    require_clear(screening)


def screening_for(
    args: argparse.Namespace, err: IO[str], *, allow_unscreened: bool
) -> Screening | None:
    """The clear screening the command runs under, or ``None`` ("not screened").

    Args:
        args: The command's options (``screening``, ``rescreen``, ``rescreen_days``, ``journal``).
        err: Where notes, prompts and the urgent-care message go.
        allow_unscreened: Whether a first look with no journal and no terminal may
            run "not screened" (``plan`` only).

    Raises:
        footdrop.exceptions.RedFlagError: The screening raises a red flag.
        UsageError: No valid screening and no terminal to ask on (exit status 2).
    """
    now = _now()
    period = args.rescreen_days
    if args.screening:
        screening = _from_file(args, now)
        _store(args, screening)
        _halt_on_flags(screening, err, on_record=False)
        return screening
    path = _journal_path(args)
    last = None
    if path.exists():
        last = _last_on_record(args)
    if last is not None and not args.rescreen:
        _halt_on_flags(last, err, on_record=True)
        if not last.is_due(at=now, period_days=period):
            err.write(f"{PROG}: note: planning under the {last.describe()}\n")
            return last
    if sys.stdin.isatty():
        screening = _ask(err, now)
        _store(args, screening)
        _halt_on_flags(screening, err, on_record=False)
        err.write(f"{PROG}: note: recorded the {screening.describe()}\n")
        return screening
    if allow_unscreened and not path.exists() and not args.rescreen:
        err.write(
            f"{PROG}: note: not screened for red flags (no terminal to ask on and no journal): "
            "this plan is a first look. Before you start, " + _HOW.format(days=period) + "\n"
        )
        return None
    if args.rescreen:
        why = "--rescreen asks the questions again, but there is no terminal to ask on"
    elif last is None:
        why = f"no red-flag screening is on record in {path}"
    else:
        why = f"the last red-flag screening ({_when(last.taken_at)}) is older than {period} day(s)"
    msg = f"{why}: " + _HOW.format(days=period)
    raise UsageError(msg)
