"""The commands about plans and exercises: ``plan``, ``catalogue`` and ``check``.

.. versionadded:: 0.1.0
"""

# Imports inside functions keep start-up quick: each command imports what it needs.
# ruff: noqa: PLC0415

from __future__ import annotations

import argparse
from typing import IO, TYPE_CHECKING

from footdrop.cli._common import (
    EXIT_FAILURE,
    EXIT_OK,
    LONG_PLAN_DAYS,
    PROG,
    CommandError,
    _need,
)
from footdrop.cli._inputs import _availability, _known_exercise, _load_routine, _read_document
from footdrop.cli._output import _exercise_text, _Progress, _render_plan, _write_output
from footdrop.cli._screening import screening_for
from footdrop.cli._zone import _today, system_zone

if TYPE_CHECKING:
    from footdrop import Plan, Routine


def _cmd_plan(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    screening = screening_for(args, err, allow_unscreened=True)
    tz = args.tz
    if tz is None:
        tz, note = system_zone()
        if note:
            err.write(f"{PROG}: note: {note}\n")
    start = args.start or _today(tz)
    routine, source = _load_routine(args, err)
    availability = _availability(args, tz)
    show = args.progress or (err.isatty() and args.days >= LONG_PLAN_DAYS)
    progress = _Progress(err, enabled=show)
    progress.step(f"planning {args.days} day(s)")
    schedule = _need("footdrop", "schedule", "planning (footdrop.schedule)")
    plan: Plan = schedule(
        routine, start=start, days=args.days, availability=availability, screening=screening
    )
    progress.step(f"writing the plan as {args.format}")
    data = _render_plan(plan, routine, args, source, availability)
    _write_output(data, args.output, out)
    progress.done()
    return EXIT_OK


def _cmd_catalogue(args: argparse.Namespace, out: IO[str], _err: IO[str]) -> int:
    from footdrop import catalogue
    from footdrop.serialisation import dumps

    exercises = catalogue()
    if args.exercise_id is None:
        if args.format == "json":
            out.write(dumps(exercises, indent=2) + "\n")
            return EXIT_OK
        width = max(len(i) for i in exercises)
        for exercise in exercises.values():
            out.write(f"{exercise.id:<{width}}  {exercise.name} ({exercise.category.value})\n")
        out.write(f"\n{len(exercises)} exercises; 'footdrop catalogue ID' shows one in full.\n")
        return EXIT_OK
    exercise = _known_exercise(args.exercise_id, exercises)
    if args.format == "json":
        out.write(dumps(exercise, indent=2) + "\n")
    else:
        out.write(_exercise_text(exercise))
    return EXIT_OK


def _cmd_check(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from footdrop import Plan

    plan: Plan = _read_document(args.plan_file, Plan)
    routine, source = _routine_of_plan(args, plan, err)
    availability = (
        plan.availability
        if args.window is None and plan.availability is not None
        else _availability(args, plan.tz)
    )
    check_plan = _need("footdrop", "check_plan", "checking plans (footdrop.check_plan)")
    violations = tuple(check_plan(plan, routine, availability))
    if not violations:
        out.write(f"{args.plan_file}: no violations against {source}\n")
        return EXIT_OK
    out.write(f"{args.plan_file}: {len(violations)} violation(s) against {source}:\n")
    out.writelines(f"  - {violation}\n" for violation in violations)
    return EXIT_FAILURE


def _routine_of_plan(args: argparse.Namespace, plan: Plan, err: IO[str]) -> tuple[Routine, str]:
    """The routine to check *plan* against: as for ``plan``, on the side the plan records."""
    import io

    from footdrop import Routine

    if args.affected is not None or plan.affected is None:
        return _load_routine(args, err)
    # The plan says which side it was made for: no note, no --affected to retype.
    quiet = argparse.Namespace(**{**vars(args), "affected": None})
    routine, source = _load_routine(quiet, io.StringIO())
    if args.routine is None and source == "the default programme":
        return Routine.from_catalogue(affected=plan.affected), source
    if routine.affected is not plan.affected:
        msg = (
            f"{args.plan_file} was made for the {plan.affected.value} side, but {source} is "
            f"for the {routine.affected.value} side: check the plan against the routine it "
            "was made from (--routine FILE)"
        )
        raise CommandError(msg)
    return routine, source
