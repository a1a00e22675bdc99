"""``footdrop review``: a clinician's review, recorded in the journal, closes review flags.

A fall, a pain trend, repeated flares, a plateau or a short single-leg stance flag
an exercise for review (``Prescription.review``), and progression holds it until a
review is recorded. This command records one: who reviewed, when, what was
decided, and which exercises' flags it closes
(:func:`footdrop.progression.record_review`), then keeps the review in the
journal's audit trail beside the decisions and saves the routine.

.. versionadded:: 0.2.0
"""

# Imports inside functions keep start-up quick: each command imports what it needs.
# ruff: noqa: PLC0415

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from footdrop.cli._common import EXIT_OK, PROG, CommandError, UsageError
from footdrop.cli._inputs import _journal_path, _open_journal
from footdrop.cli._zone import _today, system_zone

if TYPE_CHECKING:
    import argparse


def _cmd_review(args: argparse.Namespace, out: IO[str], _err: IO[str]) -> int:
    from footdrop.progression import Review, record_review

    today = _today(system_zone()[0])
    on = args.on or today
    if on > today:
        msg = f"--on {on} is after today ({today}): record a review on the day it took place"
        raise UsageError(msg)
    path = _journal_path(args)
    if not path.exists():
        msg = f"no journal at {path}: a review closes flags of the routine the journal holds"
        raise CommandError(msg)
    with _open_journal(args) as journal:
        routine = journal.routine()
        if routine is None:
            msg = f"the journal at {path} holds no routine, so no flag is open to review"
            raise CommandError(msg)
        open_flags = {p.exercise.id: p.review for p in routine.items if p.review is not None}
        closes = tuple(dict.fromkeys(args.exercises)) if args.exercises else tuple(open_flags)
        if not closes:
            out.write("no exercise is flagged for review: nothing to close\n")
            return EXIT_OK
        review = Review(on=on, by=args.by, decision=args.decision, closes=closes)
        reviewed = record_review(routine, review)
        journal.add_review(review)
        journal.save_routine(reviewed, on=on)
    for exercise_id in closes:
        out.write(f"closed the review flag of {exercise_id}: {open_flags.get(exercise_id)}\n")
    out.write(
        f"recorded the review by {review.by} on {on} in {path}; progression starts again from "
        f"sessions after {on} ('{PROG} progress')\n"
    )
    return EXIT_OK
