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
from footdrop.cli._output import _decision_text, terminal_safe
from footdrop.cli._screening import screening_for
from footdrop.cli._zone import _today, system_zone

if TYPE_CHECKING:
    import argparse

    from footdrop import Exercise
    from footdrop.journal import Journal


def _cmd_log(args: argparse.Namespace, out: IO[str], _err: IO[str]) -> int:
    from footdrop import BorgCR10, ExerciseLog, SupportLevel, catalogue

    path = _journal_path(args)
    exercises: dict[str, Exercise] = dict(catalogue())
    saved = None
    if path.exists():
        # Custom exercises of a saved routine may be logged too.
        with _open_journal(args, read_only=True) as journal:
            saved = journal.routine()
        if saved is not None:
            exercises.update((p.exercise.id, p.exercise) for p in saved.items)
    exercise = _known_exercise(args.exercise_id, _Lookup(exercises))
    side = _side(args.side)
    if exercise.is_sided and side is None:
        msg = f"{exercise.id} is done one leg at a time: say which with --side left|right"
        raise UsageError(msg)
    if not exercise.is_sided and side is not None:
        msg = (
            f"{exercise.id} is {exercise.laterality.value.replace('-', ' ')}, not one leg "
            "at a time: leave out --side"
        )
        raise UsageError(msg)
    on = args.on or _today(system_zone()[0])
    if (
        args.sets is None
        and args.reps is None
        and args.hold is None
        and args.pain_next_morning is not None
    ):
        # only --pain-next-morning: the morning's report on a session logged already
        with _open_journal(args) as journal:
            journal.report_next_morning(
                on=on, exercise_id=exercise.id, side=side, session=args.session,
                pain=args.pain_next_morning,
            )  # fmt: skip
        out.write(
            f"recorded next-morning pain {args.pain_next_morning}/10 for {exercise.id} on {on}, "
            f"session {args.session} in {path}\n"
        )
        return EXIT_OK
    if args.sets is None:
        msg = (
            "say how many sets were done with --sets N (or report the next morning of a "
            "logged session with --pain-next-morning N alone)"
        )
        raise UsageError(msg)
    if args.reps is None and args.hold is None:
        msg = "say what was done with --reps N and/or --hold S"
        raise UsageError(msg)
    log = ExerciseLog(
        on=on,
        exercise_id=exercise.id,
        side=side,
        sets=args.sets,
        session=args.session,
        reps=args.reps,
        hold_seconds=args.hold,
        support=None if args.support is None else SupportLevel(args.support),
        pain=args.pain,
        pain_next_morning=args.pain_next_morning,
        effort=None if args.effort is None else BorgCR10(value=args.effort),
        fell=args.fell,
        notes=args.notes,
    )
    if saved is not None and exercise.id in saved.ids:
        from footdrop.progression import check_sides

        # affected-side work takes logs of the affected side only (refused before recording)
        check_sides(saved[exercise.id], [log], affected=saved.affected)
    with _open_journal(args) as journal:
        journal.add_log(log)
    where = f" ({log.side.value})" if log.side is not None else ""
    out.write(f"logged {log.exercise_id}{where} on {log.on}, session {log.session} in {path}\n")
    if log.fell or (log.pain is not None and log.pain > 5):
        out.write(
            "note: pain above 5/10 or a fall holds progression back; tell your clinician, "
            "and seek urgent care for new weakness, numbness or loss of bladder control\n"
        )
    return EXIT_OK


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


def _cmd_history(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:  # noqa: C901 - the command's filters, formats and damaged-row handling in one place
    from footdrop.serialisation import dumps

    path = _journal_path(args)
    if path.exists():
        with _open_journal(args, read_only=True) as journal:
            _checked(journal, err, skip_bad=args.skip_bad)
            logs = _readable_logs(journal, args, err)
    else:
        logs = ()
    if args.format == "json":
        out.write(dumps(list(logs), indent=2) + "\n")
        return EXIT_OK
    if not logs:
        out.write(f"no logs in {path} yet: record one with 'footdrop log'\n")
        return EXIT_OK
    out.write(f"{'date':<10}  {'exercise':<24} {'side':<5} {'#':>2}  dose\n")
    for log in logs:
        side = log.side.value if log.side is not None else "-"
        dose = f"{log.sets} x {log.reps}" if log.reps is not None else f"{log.sets} sets"
        extras = []
        if log.hold_seconds is not None:
            extras.append(f"hold {log.hold_seconds} s")
        if log.support is not None:
            extras.append(log.support.value)
        if log.pain is not None:
            extras.append(f"pain {log.pain}/10")
        if log.pain_next_morning is not None:
            extras.append(f"next morning {log.pain_next_morning}/10")
        if log.effort is not None:
            extras.append(f"effort {log.effort.value:g}")
        if log.fell:
            extras.append("FELL")
        tail = (", " + ", ".join(extras)) if extras else ""
        out.write(
            f"{log.on.isoformat():<10}  {log.exercise_id:<24} {side:<5} {log.session:>2}  "
            f"{dose}{tail}\n"
        )
    out.write(f"\n{len(logs)} log(s) in {path}\n")
    return EXIT_OK


def _cmd_progress(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from footdrop.export.text import describe_level
    from footdrop.serialisation import unstructure

    screening = screening_for(args, err, allow_unscreened=False)
    on = args.on or _today(system_zone()[0])
    progress = _need("footdrop.progression", "progress", "progression (footdrop.progression)")
    with _open_journal(args) as journal:
        # Progression never runs on part of the logs: a lost log may be the one with pain.
        _checked(journal, err)
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
        journal.record_progress(result.routine, decisions, on=on)
        where = journal.path
    if args.format == "json":
        import json

        document = {
            "on": on.isoformat(),
            "decisions": [unstructure(d) for d in decisions],
            "routine": unstructure(result.routine),
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
    out.write(f"\nSaved the new routine in {where}\n")
    return EXIT_OK
