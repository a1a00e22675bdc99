"""The commands that correct the journal: ``amend`` and ``withdraw``, by log id.

Both keep the log as it was in the journal's audit trail
(:meth:`footdrop.journal.Journal.corrections`); ``footdrop history`` shows the ids.

.. versionadded:: 0.2.0
"""

# Imports inside functions keep start-up quick: each command imports what it needs.
# ruff: noqa: PLC0415

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

from footdrop.cli._common import EXIT_OK, CommandError, UsageError
from footdrop.cli._inputs import _open_journal
from footdrop.cli._log_values import (
    DESTINATIONS,
    check_date,
    count_measure,
    dose_fields,
    held_values,
    measure_values,
)
from footdrop.cli._zone import _today, system_zone

if TYPE_CHECKING:
    import argparse

    from footdrop import ExerciseLog, Prescription
    from footdrop.journal import Journal, LogEntry


def _entry(journal: Journal, log_id: int) -> LogEntry:
    from footdrop.exceptions import JournalRecordError

    try:
        return journal.entry(log_id)
    except JournalRecordError as exc:
        raise UsageError(str(exc)) from None


def _prescription(journal: Journal, exercise_id: str) -> Prescription:
    """The exercise's prescription in the saved routine, else its default one."""
    from footdrop import Prescription, catalogue

    saved = journal.routine()
    if saved is not None:
        for p in saved.items:
            if p.exercise.id == exercise_id:
                return p
    exercises = catalogue()
    if exercise_id not in exercises:
        msg = (
            f"{exercise_id} is neither in the routine saved in the journal nor in the "
            "catalogue, so its measures cannot be checked: withdraw the log and record it "
            "again once the routine holds the exercise"
        )
        raise CommandError(msg)
    return Prescription(exercise=exercises[exercise_id])


def _describe(log: ExerciseLog) -> str:
    side = f" ({log.side.value})" if log.side is not None else ""
    return f"{log.exercise_id}{side} on {log.on}, session {log.session}"


def _changes(before: ExerciseLog, after: ExerciseLog, count: str) -> list[str]:
    """What differs between two logs, field by field (``reps`` named as the count it holds)."""
    import attrs

    def shown(value: Any) -> str:
        if value is None:
            return "none"
        return str(getattr(value, "value", value))

    return [
        f"{(count if field.name == 'reps' else field.name).replace('_', ' ')} "
        f"{shown(getattr(before, field.name))} -> "
        f"{shown(getattr(after, field.name))}"
        for field in attrs.fields(type(before))
        if getattr(before, field.name) != getattr(after, field.name)
    ]


def _cmd_amend(args: argparse.Namespace, out: IO[str], _err: IO[str]) -> int:  # noqa: C901 - one check per option that may be amended
    import attrs

    from footdrop import BorgCR10

    today = _today(system_zone()[0])
    if args.on is not None:
        check_date(args.on, today)
    with _open_journal(args) as journal:
        entry = _entry(journal, args.log_id)
        before = entry.log
        prescription = _prescription(journal, before.exercise_id)
        values = held_values(prescription, before)
        given = measure_values(args)
        if args.sets == 0:
            # A sitting corrected to "skipped" keeps none of the dose it had.
            values = dict.fromkeys(DESTINATIONS)
        values.update((name, value) for name, value in given.items() if value is not None)
        support = args.support
        if support is None and before.support is not None and args.sets != 0:
            support = before.support.value
        fields = dose_fields(prescription, values, support)
        effort = before.effort if args.effort is None else BorgCR10(value=args.effort)
        if fields["sets"] == 0 and args.effort is not None:
            msg = "--sets 0 records a skipped exercise: leave out --effort"
            raise UsageError(msg)
        if fields["sets"] == 0:
            effort = None
        changes: dict[str, Any] = {
            "on": args.on or before.on,
            "session": args.session or before.session,
            "effort": effort,
            **fields,
        }
        for name in ("pain", "pain_next_morning", "fell", "notes"):
            if getattr(args, name) is not None:
                changes[name] = getattr(args, name)
        if fields["sets"] != before.sets or any(
            fields[name] != getattr(before, name) for name in ("reps", "hold_seconds", "steps")
        ):
            changes["set_results"] = ()  # per-set detail no longer matches the corrected dose
        after = attrs.evolve(before, **changes)
        counted = count_measure(prescription)
        what = _changes(before, after, "reps" if counted is None else counted.name)
        if not what:
            msg = (
                f"log {entry.id} already says that: nothing to amend; give the values to "
                "correct (see 'footdrop amend --help')"
            )
            raise UsageError(msg)
        journal.amend_log(entry.id, after, on=today, reason=args.reason)
    out.write(f"amended log {entry.id} ({_describe(before)}): {'; '.join(what)}\n")
    out.write("the version it replaced stays in the journal's audit trail\n")
    if after.fell or (after.pain is not None and after.pain > 5):
        out.write(
            "note: pain above 5/10 or a fall holds progression back; tell your clinician, "
            "and seek urgent care for new weakness, numbness or loss of bladder control\n"
        )
    return EXIT_OK


def _cmd_withdraw(args: argparse.Namespace, out: IO[str], _err: IO[str]) -> int:
    today = _today(system_zone()[0])
    with _open_journal(args) as journal:
        entry = _entry(journal, args.log_id)
        journal.withdraw_log(entry.id, on=today, reason=args.reason)
    out.write(
        f"withdrew log {entry.id} ({_describe(entry.log)}); it stays in the journal's audit "
        "trail, and its sitting can be logged again\n"
    )
    return EXIT_OK
