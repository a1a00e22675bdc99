"""``footdrop adherence``: what was planned against what was logged, per exercise and week.

It wraps :func:`footdrop.adherence`. The plan is the one given with ``--plan`` (the
JSON ``footdrop plan`` wrote), else the routine planned again over the dates asked
for, in the windows given (as ``footdrop plan`` would plan them).

.. versionadded:: 0.2.0
"""

# Imports inside functions keep start-up quick: each command imports what it needs.
# ruff: noqa: PLC0415

from __future__ import annotations

import datetime as dt
from typing import IO, TYPE_CHECKING, Any

from footdrop.cli._common import EXIT_OK, PROG, UsageError, _need
from footdrop.cli._inputs import (
    _availability,
    _journal_path,
    _load_routine,
    _open_journal,
    _read_document,
)
from footdrop.cli._zone import _today, system_zone

if TYPE_CHECKING:
    import argparse

    from footdrop import ExerciseLog, Plan, Tally

#: The days ``footdrop adherence`` covers when ``--since`` is not given: a week.
DEFAULT_DAYS = 7


def _range(args: argparse.Namespace, today: dt.date, plan: Plan | None) -> tuple[dt.date, dt.date]:
    """The dates asked for: checked against today and, with ``--plan``, the plan's dates."""
    if args.until is not None and args.until > today:
        msg = (
            f"--until {args.until} is after today ({today}): adherence counts what was due "
            "and done; give --until today or earlier"
        )
        raise UsageError(msg)
    if plan is not None and plan.start is not None and plan.end is not None:
        until = args.until or min(plan.end, today)
        since = args.since or plan.start
        if since < plan.start or until > plan.end:
            msg = (
                f"{args.plan} covers {plan.start} to {plan.end}, not {since} to {until}: give "
                "--since and --until within the plan, or leave them out"
            )
            raise UsageError(msg)
    else:
        until = args.until or today
        since = args.since or until - dt.timedelta(days=DEFAULT_DAYS - 1)
    if since > until:
        msg = (
            f"--since {since} is after --until {until}, so the range holds no day: did you "
            f"mean --since {until} --until {since}?"
        )
        raise UsageError(msg)
    return since, until


def _plan_for(
    args: argparse.Namespace, err: IO[str], since: dt.date, until: dt.date
) -> tuple[Plan, str]:
    """The routine planned again over *since* to *until*, and where it came from."""
    tz = args.tz
    if tz is None:
        tz, note = system_zone()
        if note:
            err.write(f"{PROG}: note: {note}\n")
    routine, source = _load_routine(args, err)
    availability = _availability(args, tz)
    schedule = _need("footdrop", "schedule", "planning (footdrop.schedule)")
    days = (until - since).days + 1
    plan: Plan = schedule(routine, start=since, days=days, availability=availability)
    return plan, f"{source}, planned again for these dates"


def _within(plan: Plan, since: dt.date, until: dt.date) -> Plan:
    import attrs

    return attrs.evolve(plan, days=[d for d in plan.days if since <= d.date <= until])


def _tally(tally: Tally) -> dict[str, Any]:
    return {
        "planned": tally.planned,
        "done": tally.done,
        "missed": tally.missed,
        "extra": tally.extra,
        "ratio": tally.ratio,
    }


def _share(tally: Tally) -> str:
    ratio = tally.ratio
    share = "-" if ratio is None else f"{ratio:.0%}"
    extra = f", {tally.extra} extra" if tally.extra else ""
    return f"{tally.done:>3}/{tally.planned:<3} {share:>4}{extra}"


def _cmd_adherence(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from footdrop import adherence, catalogue

    today = _today(args.tz or system_zone()[0])
    loaded: Plan | None = None
    if args.plan:
        from footdrop import Plan

        loaded = _read_document(args.plan, Plan)
    since, until = _range(args, today, loaded)
    if loaded is not None:
        plan, source = _within(loaded, since, until), f"the plan in {args.plan}"
    else:
        plan, source = _plan_for(args, err, since, until)
    logs: tuple[ExerciseLog, ...] = ()
    if _journal_path(args).exists():
        with _open_journal(args, read_only=True) as journal:
            logs = journal.logs(since=since, until=until)
    planned_ids = {item.exercise_id for day in plan.days for s in day.sessions for item in s.items}
    # Logs of exercises this plan never holds cannot be matched: they are counted apart.
    unplanned = [log for log in logs if log.exercise_id not in planned_ids]
    result = adherence(plan, [log for log in logs if log.exercise_id in planned_ids])
    if args.format == "json":
        import json

        document = {
            "since": since.isoformat(),
            "until": until.isoformat(),
            "source": source,
            "total": _tally(result.total),
            "by_exercise": [
                {"exercise_id": exercise_id, **_tally(t)} for exercise_id, t in result.by_exercise
            ],
            "by_week": [{"week_of": day.isoformat(), **_tally(t)} for day, t in result.by_week],
            "by_day": [{"date": day.isoformat(), **_tally(t)} for day, t in result.by_day],
            "unplanned_logs": [
                {"exercise_id": log.exercise_id, "on": log.on.isoformat()} for log in unplanned
            ],
        }
        out.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    names = {exercise_id: e.name for exercise_id, e in catalogue().items()}
    total = result.total
    out.write(f"Adherence from {since:%a %d %b %Y} to {until:%a %d %b %Y}, against {source}\n")
    out.write(
        f"\nDone {total.done} of {total.planned} planned "
        f"({'-' if total.ratio is None else f'{total.ratio:.0%}'}), {total.missed} missed"
        f"{f', {total.extra} extra' if total.extra else ''}\n"
    )
    out.write("\nBy exercise:\n")
    for exercise_id, tally in result.by_exercise:
        out.write(f"  {names.get(exercise_id, exercise_id):<32} {_share(tally)}\n")
    out.write("\nBy week:\n")
    for monday, tally in result.by_week:
        out.write(f"  week of {monday:%a %d %b %Y}        {_share(tally)}\n")
    if unplanned:
        ids = ", ".join(sorted({log.exercise_id for log in unplanned}))
        out.write(
            f"\n{len(unplanned)} log(s) of exercises this plan does not hold ({ids}): not "
            "counted above\n"
        )
    return EXIT_OK
