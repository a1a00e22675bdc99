"""For people extending footdrop: write a progression rule and prove it keeps the guarantees.

Run it with ``python examples/custom_rule.py``. It needs Hypothesis (a test dependency),
because ``footdrop.testing.check_rule`` property-tests the rule with the engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence  # noqa: TC003 - attrs and check_rule read the annotations at run time

import attrs

import footdrop
from footdrop.progression import Proposal, progress, register_rule
from footdrop.testing import check_rule


@register_rule("example-weekly-hold")
@attrs.frozen(kw_only=True)
class WeeklyHold:
    """Add one second of hold once a week, if every set of the last two sessions was done."""

    step_seconds: int = 1

    def propose(
        self,
        prescription: footdrop.Prescription,
        history: Sequence[footdrop.ExerciseLog],
        *,
        on: dt.date,
    ) -> Proposal | None:
        hold = prescription.current.hold_seconds
        if hold is None or on.weekday() != 0:  # Mondays only
            return None
        recent = sorted(history, key=lambda log: log.key)[-2:]
        if len(recent) < 2 or any(log.sets < prescription.current.sets for log in recent):
            return None
        return Proposal(
            lever="hold_seconds",
            value=hold + self.step_seconds,
            reason=f"Both recent sessions were complete: hold {self.step_seconds} s longer.",
        )


def main() -> None:
    check_rule(WeeklyHold())
    print("check_rule: WeeklyHold keeps every engine guarantee")

    routine = attrs.evolve(
        footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT, only=["ankle-eversion"]),
        rules=[WeeklyHold()],
    )
    logs = [
        footdrop.ExerciseLog(
            on=dt.date(2026, 3, day),
            exercise_id="ankle-eversion",
            side=None,
            sets=1,
            reps=10,
            hold_seconds=3,
            pain=1,
            session=session,
        )
        for day in (20, 21)
        for session in (1, 2)
    ]
    result = progress(routine, logs, on=dt.date(2026, 3, 23))
    for decision in result.decisions:
        print(
            f"{decision.on} {decision.exercise_id}: {decision.lever} "
            f"{decision.before} -> {decision.after} ({decision.outcome.value}): {decision.reason}"
        )
    print("new hold:", result.routine["ankle-eversion"].current.hold_seconds, "s")


if __name__ == "__main__":
    main()
