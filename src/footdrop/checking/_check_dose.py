"""check_plan()'s rules about doses: measures, ranges, the current level, fallbacks, sides.

Each item of a plan is compared with its prescription: every measure the dose
uses is given and no other (``missing-measure``, ``extra-measure``), each lies
within the dose's range (``above-ceiling``, ``below-floor``) and at most the
current level (``above-current``), and anything below the current level is
recorded by a Fallback (``unrecorded-fallback``). The items of one exercise in a
session work the prescribed sides in order (``wrong-side``), and every item names
an exercise of the routine (``unknown-exercise``). Like :mod:`footdrop.checking._check`,
this shares no code with the scheduler.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING, Any, Final

from footdrop._validators import nearest_ids
from footdrop.checking._check_time import plain_date
from footdrop.model._measures import TABLE

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from footdrop.checking._check import Report
    from footdrop.model._kinds import Side, SupportLevel
    from footdrop.model._plan import DayPlan, Plan, PlanItem, Session
    from footdrop.model._range import Range
    from footdrop.model._routine import Prescription, Routine

__all__ = ["Recorded", "check_items", "recorded_fallbacks"]

#: Every numeric measure of a dose, from the measures table (the support rung is checked apart).
_DOSE_MEASURES: Final = tuple(m.name for m in TABLE)
#: How a planned amount is said in a message: "12 rep(s)", "5 s hold".
_UNITS: Final = {m.name: "s hold" if m.wording == "hold" else f"{m.one}(s)" for m in TABLE}


def _level_value(prescription: Prescription, name: str) -> Any:
    return getattr(prescription.current, name)


#: The fallbacks a plan records, as (date, exercise id, lever).
Recorded = frozenset[tuple[dt.date, str, str]]


def recorded_fallbacks(plan: Plan) -> Recorded:
    """Every fallback of the plan, keyed by its own date (``Fallback.on``)."""
    return frozenset(
        (plain_date(f.on), f.exercise_id, f.lever) for d in plan.days for f in d.fallbacks
    )


def _check_item_dose(  # noqa: C901 - one branch per dose rule, each reported separately
    where: tuple[dt.date, int],
    item: PlanItem,
    prescription: Prescription,
    recorded: Recorded,
    report: Report,
) -> None:
    """Measures, floors, ceilings, the current level and recorded fallbacks of one item."""
    date, index = where
    eid = item.exercise_id
    dose = prescription.dose
    side = f" ({item.side.value} side)" if item.side is not None else ""

    def add(rule: str, message: str) -> None:
        report.add(rule, message, date=date, session=index, exercise_id=eid)

    for name in _DOSE_MEASURES:
        allowed: Range | None = getattr(dose, name)
        value: int | None = getattr(item, name)
        unit = _UNITS[name]
        if allowed is None:
            if value is not None:
                add(
                    "extra-measure",
                    f"{eid}{side} gives {name}={value}, but its prescription has no {name}: "
                    f"drop it.",
                )
            continue
        if value is None:
            add(
                "missing-measure",
                f"{eid}{side} gives no {name}, but its prescription asks for {allowed} "
                f"{unit}: give {name}.",
            )
            continue
        if value > allowed.max:
            add(
                "above-ceiling",
                f"{eid}{side} plans {value} {unit}, {value - allowed.max} above the "
                f"prescribed ceiling of {allowed.max}: lower it to at most {allowed.max}.",
            )
            continue
        if value < allowed.min:
            add(
                "below-floor",
                f"{eid}{side} plans {value} {unit}, {allowed.min - value} below the "
                f"prescribed floor of {allowed.min}: raise it to at least {allowed.min}.",
            )
            continue
        current = _level_value(prescription, name)
        if current is None:
            continue
        if value > current:
            add(
                "above-current",
                f"{eid}{side} plans {value} {unit}, {value - current} above the current "
                f"level of {current}: plan {current} until progression raises it.",
            )
        elif value < current and (date, eid, name) not in recorded:
            add(
                "unrecorded-fallback",
                f"{eid}{side} plans {value} {unit}, {current - value} below the current "
                f"level of {current}, and the day records no fallback for {name}: plan "
                f"{current} or record a Fallback.",
            )
    _check_support(item, prescription, (date, recorded), add)


def _check_support(
    item: PlanItem,
    prescription: Prescription,
    where: tuple[dt.date, Recorded],
    add: Any,
) -> None:
    eid = item.exercise_id
    allowed = prescription.dose.support
    value: SupportLevel | None = item.support
    if allowed is None:
        if value is not None:
            add(
                "extra-measure",
                f"{eid} gives support={value.value}, but its prescription has no support "
                "level: drop it.",
            )
        return
    if value is None:
        add(
            "missing-measure",
            f"{eid} gives no support level, but its prescription allows {allowed}: give support.",
        )
        return
    if value > allowed.hardest:
        add(
            "above-ceiling",
            f"{eid} plans support {value.value!r}, {value.rank - allowed.hardest.rank} rung(s) "
            f"harder than the prescribed hardest {allowed.hardest.value!r}: use "
            f"{allowed.hardest.value!r} or easier.",
        )
        return
    if value < allowed.easiest:
        add(
            "below-floor",
            f"{eid} plans support {value.value!r}, {allowed.easiest.rank - value.rank} rung(s) "
            f"easier than the prescribed easiest {allowed.easiest.value!r}: use "
            f"{allowed.easiest.value!r} or harder.",
        )
        return
    current = prescription.current.support
    if current is None:
        return
    if value > current:
        add(
            "above-current",
            f"{eid} plans support {value.value!r}, harder than the current "
            f"{current.value!r}: plan {current.value!r} until progression moves it.",
        )
    elif value < current and (where[0], eid, "support") not in where[1]:
        add(
            "unrecorded-fallback",
            f"{eid} plans support {value.value!r}, easier than the current "
            f"{current.value!r}, and the day records no fallback for support: plan "
            f"{current.value!r} or record a Fallback.",
        )


def _check_sides(
    session: Session,
    where: tuple[dt.date, int],
    routine: Routine,
    report: Report,
) -> None:
    sides: dict[str, list[Side | None]] = defaultdict(list)
    for item in session.items:
        if item.exercise_id in routine:
            sides[item.exercise_id].append(item.side)
    for eid, got in sides.items():
        wanted = routine[eid].sides_for(routine.affected)
        if tuple(got) != wanted:

            def show(values: Iterable[Side | None]) -> str:
                return ", ".join("together" if s is None else s.value for s in values)

            report.add(
                "wrong-side",
                f"{eid} is planned for side(s) [{show(got)}] in this session, but its "
                f"prescription ({routine[eid].sides.value}, {routine.affected.value} side "
                f"affected) asks for [{show(wanted)}], in that order: plan one item per side.",
                date=where[0],
                session=where[1],
                exercise_id=eid,
            )


def check_items(
    days: Sequence[tuple[dt.date, DayPlan]],
    routine: Routine,
    recorded: Recorded,
    report: Report,
) -> None:
    for date, day in days:
        for index, session in enumerate(day.sessions):
            for item in session.items:
                if item.exercise_id not in routine:
                    hint = nearest_ids(item.exercise_id, routine.ids)
                    did = f"did you mean {hint[0]!r}? " if hint else ""
                    report.add(
                        "unknown-exercise",
                        f"{item.exercise_id!r} is not in the routine: {did}use one of the "
                        "routine's exercise ids or add a prescription for it.",
                        date=date,
                        session=index,
                        exercise_id=item.exercise_id,
                    )
                    continue
                prescription = routine[item.exercise_id]
                _check_item_dose((date, index), item, prescription, recorded, report)
            _check_sides(session, (date, index), routine, report)
