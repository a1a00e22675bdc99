"""The commands about the journal: ``log``, ``history`` and ``progress``.

.. versionadded:: 0.1.0
"""

# Imports inside functions keep start-up quick: each command imports what it needs.
# ruff: noqa: PLC0415

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

from footdrop.cli._common import EXIT_OK, CommandError, UsageError, _need
from footdrop.cli._inputs import (
    _journal_path,
    _known_exercise,
    _load_routine,
    _Lookup,
    _open_journal,
    _side,
)
from footdrop.cli._log_values import check_date, dose_fields, measure_values
from footdrop.cli._output import _decision_text
from footdrop.cli._safe import terminal_safe
from footdrop.cli._screening import screening_for
from footdrop.cli._zone import _today, system_zone

if TYPE_CHECKING:
    import argparse
    import datetime as dt
    from pathlib import Path

    from footdrop import Exercise, ExerciseLog, Prescription, Routine, Side
    from footdrop.journal import Journal


def _log_context(args: argparse.Namespace) -> tuple[Exercise, Prescription, Routine | None]:
    """The exercise named, its prescription (saved, else default) and the saved routine."""
    from footdrop import Prescription, catalogue

    path = _journal_path(args)
    exercises: dict[str, Exercise] = dict(catalogue())
    prescriptions: dict[str, Prescription] = {}
    saved = None
    if path.exists():
        # Custom exercises of a saved routine may be logged too.
        with _open_journal(args, read_only=True) as journal:
            saved = journal.routine()
        if saved is not None:
            exercises.update((p.exercise.id, p.exercise) for p in saved.items)
            prescriptions.update((p.exercise.id, p) for p in saved.items)
    exercise = _known_exercise(args.exercise_id, _Lookup(exercises))
    return exercise, prescriptions.get(exercise.id) or Prescription(exercise=exercise), saved


def _report_next_morning(
    args: argparse.Namespace, out: IO[str], what: tuple[Exercise, Side | None, dt.date]
) -> int:
    """``footdrop log ID --pain-next-morning N`` alone: add the morning's pain to its log."""
    exercise, side, on = what
    with _open_journal(args) as journal:
        session = args.session
        if session is None:
            # The sitting of that day, when there is one only; else ask which.
            held = [
                entry.log.session
                for entry in journal.entries(since=on, until=on, exercise_id=exercise.id)
                if entry.log.side == side
            ]
            if len(held) > 1:
                msg = (
                    f"{exercise.id} has {len(held)} sittings logged on {on}: say which with "
                    "--session N, or use 'footdrop amend LOG_ID --pain-next-morning N'"
                )
                raise UsageError(msg)
            session = held[0] if held else 1
        journal.report_next_morning(
            on=on, exercise_id=exercise.id, side=side, session=session,
            pain=args.pain_next_morning,
        )  # fmt: skip
        path = journal.path
    out.write(
        f"recorded next-morning pain {args.pain_next_morning}/10 for {exercise.id} on {on}, "
        f"session {session} in {path}\n"
    )
    return EXIT_OK


def _check_side(exercise: Exercise, side: Side | None) -> None:
    if exercise.is_sided and side is None:
        msg = f"{exercise.id} is done one leg at a time: say which with --side left|right"
        raise UsageError(msg)
    if not exercise.is_sided and side is not None:
        msg = (
            f"{exercise.id} is {exercise.laterality.value.replace('-', ' ')}, not one leg "
            "at a time: leave out --side"
        )
        raise UsageError(msg)


def _cmd_log(args: argparse.Namespace, out: IO[str], _err: IO[str]) -> int:  # noqa: C901 - the log command checks each input in the order a person typed it
    from footdrop import BorgCR10, ExerciseLog
    from footdrop.exceptions import JournalRecordError

    exercise, prescription, saved = _log_context(args)
    side = _side(args.side)
    _check_side(exercise, side)
    today = _today(system_zone()[0])
    on = args.on or today
    check_date(on, today)
    values = measure_values(args)
    if args.sets is None and args.pain_next_morning is not None and not any(values.values()):
        return _report_next_morning(args, out, (exercise, side, on))
    if args.sets is None:
        msg = (
            "say how many sets were done with --sets N (or report the next morning of a "
            "logged session with --pain-next-morning N alone)"
        )
        raise UsageError(msg)
    fields = dose_fields(prescription, values, args.support)
    if args.sets == 0 and args.effort is not None:
        msg = "--sets 0 records a skipped exercise: leave out --effort"
        raise UsageError(msg)

    def make(session: int) -> ExerciseLog:
        return ExerciseLog(
            on=on,
            exercise_id=exercise.id,
            side=side,
            session=session,
            pain=args.pain,
            pain_next_morning=args.pain_next_morning,
            effort=None if args.effort is None else BorgCR10(value=args.effort),
            fell=args.fell,
            notes=args.notes,
            **fields,
        )

    if saved is not None and exercise.id in saved.ids:
        from footdrop.progression import check_sides

        # affected-side work takes logs of the affected side only (refused before recording)
        check_sides(saved[exercise.id], [make(args.session or 1)], affected=saved.affected)
    with _open_journal(args) as journal:
        for attempt in range(3):
            session = args.session or journal.next_session(on, exercise.id, side)
            log = make(session)
            try:
                log_id = journal.add_log(log)
                break
            except JournalRecordError as exc:
                # Another process may have logged the same sitting meanwhile: take the next.
                if args.session is not None or attempt == 2:
                    raise CommandError(_clash(journal, log, exc)) from None
        path = journal.path
    where = f" ({log.side.value})" if log.side is not None else ""
    done = "skipped" if log.sets == 0 else "logged"
    out.write(
        f"{done} {log.exercise_id}{where} on {log.on}, session {log.session}, as log {log_id} "
        f"in {path}\n"
    )
    most = prescription.timing.sessions_per_day.max
    if log.session > most:
        out.write(
            f"note: this is sitting {log.session} of {exercise.id} on {log.on}; the "
            f"prescription asks for at most {most} a day: tell your clinician if this is usual\n"
        )
    if log.fell or (log.pain is not None and log.pain > 5):
        out.write(
            "note: pain above 5/10 or a fall holds progression back; tell your clinician, "
            "and seek urgent care for new weakness, numbness or loss of bladder control\n"
        )
    return EXIT_OK


def _clash(journal: Journal, log: ExerciseLog, exc: Exception) -> str:
    """The duplicate-log message, naming the log that holds the sitting and how to correct it."""
    held = [
        entry.id
        for entry in journal.entries(since=log.on, until=log.on, exercise_id=log.exercise_id)
        if entry.log.key == log.key
    ]
    if not held:
        return str(exc)
    log_id = held[0]
    return (
        f"log {log_id} already records {log.exercise_id} on {log.on}, session {log.session}: "
        f"nothing was recorded; correct it with 'footdrop amend {log_id} ...', withdraw it "
        f"with 'footdrop withdraw {log_id}', or leave out --session to log the next sitting"
    )


def _checked(journal: Journal, err: IO[str], *, skip_bad: bool = False) -> None:
    """Run the journal's quick check; a damaged journal is an error unless *skip_bad*."""
    if journal.is_immutable:
        err.write(
            f"note: {journal.path} is on read-only media: it can be read, but nothing can "
            "be recorded in it\n"
        )
    problems = journal.quick_check()
    if not problems:
        return
    shown = "; ".join(problems[:3]) + (
        f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
    )
    if skip_bad:
        err.write(terminal_safe(f"warning: the journal {journal.path} is damaged: {shown}\n"))
        return
    msg = (
        f"the journal {journal.path} is damaged ({shown}): restore it from a backup; "
        "'footdrop history --skip-bad' shows what can still be read"
    )
    raise CommandError(msg)


def _readable_logs(journal: Journal, args: argparse.Namespace, err: IO[str]) -> tuple[Any, ...]:
    """The logs *args* asks for; with --skip-bad, every readable one and a warning per bad row."""
    if not args.skip_bad:
        return journal.logs(since=args.since, until=args.until, exercise_id=args.exercise)
    logs, bad = journal.readable_logs()
    for problem in bad:
        err.write(terminal_safe(f"warning: skipped {problem}\n"))
    return tuple(
        log
        for log in logs
        if (args.since is None or log.on >= args.since)
        and (args.until is None or log.on <= args.until)
        and (args.exercise is None or log.exercise_id == args.exercise)
    )


def _history_filters(args: argparse.Namespace, journal: Journal | None) -> None:
    """Refuse an empty date range and an exercise id the journal cannot hold (exit 2)."""
    from footdrop import catalogue

    if args.since is not None and args.until is not None and args.since > args.until:
        msg = (
            f"--since {args.since} is after --until {args.until}, so the range holds no day: "
            f"did you mean --since {args.until} --until {args.since}?"
        )
        raise UsageError(msg)
    if args.exercise is None:
        return
    known: dict[str, Exercise] = dict(catalogue())
    if journal is not None:
        saved = journal.routine()
        if saved is not None:
            known.update((p.exercise.id, p.exercise) for p in saved.items)
        logged = {entry.log.exercise_id for entry in journal.entries()}
        if args.exercise in logged:
            return
    _known_exercise(args.exercise, _Lookup(known))


def _cmd_history(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from footdrop.serialisation import dumps

    path = _journal_path(args)
    prescriptions: dict[str, Prescription] = {}
    amended: set[int] = set()
    if path.exists():
        with _open_journal(args, read_only=True) as journal:
            _checked(journal, err, skip_bad=args.skip_bad)
            _history_filters(args, journal)
            entries = _history_entries(journal, args, err)
            total = journal.count_logs()
            saved = journal.routine()
            if saved is not None:
                prescriptions.update((p.exercise.id, p) for p in saved.items)
            amended = {c.log_id for c in journal.corrections() if c.action == "amended"}
    else:
        _history_filters(args, None)
        entries, total = (), 0
    if args.format == "json":
        out.write(dumps([entry.log for entry in entries], indent=2) + "\n")
        return EXIT_OK
    if not entries:
        if total:
            out.write(
                f"no logs match in {path} (it holds {total} log(s)): widen --since/--until "
                "or leave out --exercise\n"
            )
        else:
            out.write(f"no logs in {path} yet: record one with 'footdrop log'\n")
        return EXIT_OK
    out.write(f"{'id':>4}  {'date':<10}  {'exercise':<24} {'side':<5} {'#':>2}  dose\n")
    for entry in entries:
        out.write(_history_row(entry, prescriptions, is_amended=entry.id in amended))
    out.write(
        f"\n{len(entries)} log(s) in {path}; correct one with 'footdrop amend ID' or "
        "'footdrop withdraw ID'\n"
    )
    return EXIT_OK


def _history_row(entry: Any, prescriptions: dict[str, Prescription], *, is_amended: bool) -> str:
    """One line of ``footdrop history``: id, date, exercise, side, sitting, dose and the rest."""
    from footdrop.cli._log_values import dose_text

    log = entry.log
    side = log.side.value if log.side is not None else "-"
    prescription = prescriptions.get(log.exercise_id) or _default_prescription(log.exercise_id)
    extras = [
        text
        for text, shown in (
            (f"hold {log.hold_seconds} s", log.hold_seconds is not None),
            (log.support.value if log.support is not None else "", log.support is not None),
            (f"pain {log.pain}/10", log.pain is not None),
            (f"next morning {log.pain_next_morning}/10", log.pain_next_morning is not None),
            (
                f"effort {log.effort.value:g}" if log.effort is not None else "",
                log.effort is not None,
            ),
            ("FELL", log.fell),
            ("amended", is_amended),
        )
        if shown
    ]
    tail = (", " + ", ".join(extras)) if extras else ""
    shown_id = str(entry.id) if entry.id else "?"
    return (
        f"{shown_id:>4}  {log.on.isoformat():<10}  {log.exercise_id:<24} {side:<5} "
        f"{log.session:>2}  {dose_text(prescription, log)}{tail}\n"
    )


def _history_entries(journal: Journal, args: argparse.Namespace, err: IO[str]) -> tuple[Any, ...]:
    """The logs asked for with their ids; with --skip-bad the readable ones, with no ids (0)."""
    from footdrop.journal import LogEntry

    if not args.skip_bad:
        return journal.entries(since=args.since, until=args.until, exercise_id=args.exercise)
    # A damaged journal's rows are read one by one: their ids are not known here.
    return tuple(LogEntry(id=0, log=log) for log in _readable_logs(journal, args, err))


def _default_prescription(exercise_id: str) -> Prescription | None:
    from footdrop import Prescription, catalogue

    exercises = catalogue()
    return Prescription(exercise=exercises[exercise_id]) if exercise_id in exercises else None


def _cmd_progress(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    screening = screening_for(args, err, allow_unscreened=False)
    on = args.on or _today(system_zone()[0])
    progress = _need("footdrop.progression", "progress", "progression (footdrop.progression)")
    # A dry run saves no routine and no decisions; a screening answered is still recorded
    # (screening_for above), as every screening is a safety record.
    with _open_journal(args, read_only=args.dry_run) as journal:
        # Progression never runs on part of the logs: a lost log may be the one with pain.
        _checked(journal, err)
        _check_progress_date(journal, on)
        if args.routine:
            routine, source = _load_routine(args, err)
        else:
            saved = journal.routine()
            if saved is None:
                routine, source = _load_routine(args, err)
            else:
                routine, source = saved, f"the routine saved in the journal {journal.path}"
                if args.affected is not None and saved.affected.value != args.affected:
                    msg = (
                        f"--affected {args.affected} disagrees with {source}, which "
                        f"is for the {saved.affected.value} side: leave out --affected"
                    )
                    raise CommandError(msg)
        history = journal.logs(until=on)
        # the audit trail lets a late next-morning report step a rise back down
        result = progress(
            routine,
            history,
            on=on,
            decisions=journal.decisions(),
            reviews=journal.reviews(),
            screening=screening,
        )
        decisions = tuple(result.decisions)
        if not args.dry_run:
            journal.record_progress(result.routine, decisions, on=on)
        where = journal.path
    return _show_progress(args, out, on, (result, decisions, history, source), where)


def _check_progress_date(journal: Journal, on: dt.date) -> None:
    """Refuse an --on earlier than the journal's last progression (exit 2), naming its date."""
    saved = journal.routines()
    if saved and on < saved[-1][0]:
        last = saved[-1][0]
        msg = (
            f"--on {on.isoformat()} is earlier than the last progression, on "
            f"{last.isoformat()}: progression moves forward only; give --on {last.isoformat()} "
            "or later"
        )
        raise UsageError(msg)


def _show_progress(
    args: argparse.Namespace,
    out: IO[str],
    on: dt.date,
    outcome: tuple[Any, tuple[Any, ...], tuple[Any, ...], str],
    where: Path,
) -> int:
    from footdrop.export.text import describe_level
    from footdrop.serialisation import unstructure

    result, decisions, history, source = outcome
    if args.format == "json":
        import json

        document = {
            "on": on.isoformat(),
            "decisions": [unstructure(d) for d in decisions],
            "routine": unstructure(result.routine),
            "is_saved": not args.dry_run,
        }
        out.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    out.write(f"Progression on {on:%a %d %b %Y} from {len(history)} log(s), using {source}\n")
    if decisions:
        out.write("\nDecisions:\n")
        out.writelines(f"  - {_decision_text(decision)}\n" for decision in decisions)
    else:
        out.write("\nNo changes: nothing qualified yet.\n")
    out.write("\nNext doses:\n")
    for p in result.routine.items:
        held = " (held for a clinician's review)" if p.review else ""
        out.write(f"  - {p.exercise.name}: {describe_level(p, result.routine.affected)}{held}\n")
    if args.dry_run:
        out.write(f"\nDry run: nothing was saved in {where} (run without --dry-run to save)\n")
    else:
        out.write(f"\nSaved the new routine in {where}\n")
    return EXIT_OK
