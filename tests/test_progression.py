"""The progression engine: its guarantees for any rules and any history, and its decisions."""

from __future__ import annotations

import datetime as dt
import hashlib
import random

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import footdrop
from footdrop import LEVERS, ExerciseLog, Level, Routine, Side, SupportLevel
from footdrop.exceptions import InvalidTypeError, InvalidValueError
from footdrop.model._decision import hardness
from footdrop.progression import (
    ENGINE,
    Limits,
    Outcome,
    Programme,
    Proposal,
    is_gated,
    progress,
    register_rule,
    reviewed,
    since_change,
    volume,
)
from footdrop.testing.strategies import progression_cases

DAY = dt.date(2026, 11, 24)
#: Seven session days before DAY (days ago): a week at the level, its mornings come.
WEEK = tuple(range(1, 8))


def _log(exercise_id: str, day: int, **kwargs) -> ExerciseLog:
    fields = {"side": None, "sets": 2, "reps": 10, "pain": 1, "pain_next_morning": 0}
    fields.update(kwargs)
    return ExerciseLog(on=DAY - dt.timedelta(days=day), exercise_id=exercise_id, **fields)


def _toe_raises() -> Routine:
    return Routine.from_catalogue(affected=Side.LEFT, only=["toe-raise-negatives"])


def _at(routine: Routine, exercise_id: str, **level) -> Routine:
    p = routine[exercise_id]
    return routine.replace(attrs.evolve(p, current=attrs.evolve(p.current, **level)))


@register_rule("test-chaos")
@attrs.frozen
class Chaos:
    """A deterministic rule that proposes arbitrary levers and values, often invalid."""

    seed: int = 0

    def propose(self, prescription, history, *, on):
        text = f"{self.seed}|{prescription!r}|{history!r}|{on}"
        rng = random.Random(hashlib.sha256(text.encode()).hexdigest())  # noqa: S311
        roll = rng.randrange(6)
        if roll == 0:
            return None
        if roll == 1:
            return Proposal.review("Chaos asks for a review.")
        if roll == 2:
            return Proposal.hold("Chaos holds.")
        lever = rng.choice(LEVERS)
        if lever == "support":
            return Proposal(lever=lever, value=rng.choice(tuple(SupportLevel)), reason="Chaos.")
        resets = tuple(rng.sample([n for n in LEVERS if n != lever], rng.randrange(2)))
        return Proposal(lever=lever, value=rng.randrange(1, 40), reason="Chaos.", resets=resets)


def _changed_levers(before: Level, after: Level) -> list[str]:
    return [name for name in LEVERS if getattr(before, name) != getattr(after, name)]


def _check_guarantees(routine: Routine, history, on) -> None:
    result = progress(routine, history, on=on)
    for before, after in zip(routine.items, result.routine.items, strict=True):
        # Nothing passes a ceiling or floor.
        assert () == after.current.problems_against(after.dose, after.timing)
        assert before.dose == after.dose
        assert before.timing == after.timing
        moved = _changed_levers(before.current, after.current)
        applied = [
            d
            for d in result.decisions
            if d.exercise_id == before.exercise_id and d.is_applied and d.lever in LEVERS
        ]
        # At most one lever per exercise per step (plus levers reset to their floor).
        assert len(applied) <= 1
        if applied:
            lever = applied[0].lever
            for name in moved:
                assert name == lever or getattr(after.current, name) == getattr(after.floor, name)
        else:
            assert moved == []
        # changed_on is set exactly when the level changed.
        if moved:
            assert on == after.changed_on
        else:
            assert before.changed_on == after.changed_on
        # Locked prescriptions never change their level, except after a fall (one logged on the
        # day of the last change counts too: a fall overrides a lock, whatever the change was).
        fell = any(
            log.fell
            for log in history
            if log.exercise_id == before.exercise_id
            and (before.changed_on is None or log.on >= before.changed_on)
        )
        if before.is_locked and not fell:
            assert before.current == after.current
        # Every rise is within the step limits, after a week at the level, with no open flag.
        for name in moved:
            b, a = getattr(before.current, name), getattr(after.current, name)
            if hardness(a) > hardness(b):
                assert hardness(a) - hardness(b) <= Limits().max_rise(name, hardness(b))
                assert before.review is None
                since = before.changed_on or min(
                    log.on for log in history if log.exercise_id == before.exercise_id
                )
                assert (on - since).days >= Limits().min_days_at_level
                assert volume(after.current) <= volume(before.current) * 1.3
        # No progression after a pain or fall gate.
        window = since_change(before, history)
        if any(is_gated(log, baseline_pain=routine.baseline_pain) for log in window):
            for name in moved:
                b, a = getattr(before.current, name), getattr(after.current, name)
                assert hardness(a) <= hardness(b)
    # Same inputs, same decisions; and the order of the history does not matter.
    assert result == progress(routine, history, on=on)
    assert result == progress(routine, tuple(reversed(history)), on=on)


class TestLimitsProperties:
    @given(
        st.sampled_from(("sets", "reps", "letters", "rounds", "steps", "sessions_per_day")),
        st.integers(1, 1000),
        st.floats(0.02, 0.10),
    )
    def test_a_counted_step_is_at_most_the_fraction_or_one_unit(self, lever, value, fraction):
        """max_rise of a counted lever is max(1, floor(value x fraction)), never more."""
        rise = Limits(step_fraction=fraction).max_rise(lever, value)
        assert rise >= 1
        assert rise == 1 or rise <= value * fraction

    @given(st.integers(1, 3600), st.integers(1, 5), st.floats(0.05, 0.25))
    def test_a_hold_step_is_bounded(self, hold, seconds, fraction):
        """A hold rises by at most the seconds limit, and by the fraction unless that is < 1 s."""
        rise = Limits(hold_step_seconds=seconds, hold_step_fraction=fraction).max_rise(
            "hold_seconds", hold
        )
        assert 1 <= rise <= seconds
        assert rise == 1 or rise <= hold * fraction

    @given(st.floats(0.31, 10.0) | st.floats(-1.0, 0.049))
    def test_a_hard_cap_outside_the_safe_bounds_is_refused(self, cap):
        """The hard weekly cap can be tightened to 5 %, never loosened past 30 %."""
        with pytest.raises(InvalidValueError, match="'weekly_hard_cap'"):
            Limits(weekly_hard_cap=cap, weekly_soft_cap=0.0)


class TestGuarantees:
    @given(progression_cases())
    def test_default_rules_keep_every_guarantee(self, case):
        """For any routine and history, the default rules never break an engine guarantee."""
        _check_guarantees(case.routine, case.history, case.on)

    @given(progression_cases(), st.integers(0, 10_000))
    def test_any_rules_keep_every_guarantee(self, case, seed):
        """Arbitrary, often invalid proposals cannot make the engine break a guarantee."""
        routine = attrs.evolve(case.routine, rules=(Chaos(seed), Chaos(seed + 1)))
        _check_guarantees(routine, case.history, case.on)

    @given(progression_cases(), st.integers(0, 10_000))
    def test_invalid_proposals_are_recorded_not_clamped(self, case, seed):
        """Every proposal the engine did not apply is recorded as blocked or rejected."""
        routine = attrs.evolve(case.routine, rules=(Chaos(seed),))
        result = progress(routine, case.history, on=case.on)
        for d in result.decisions:
            if d.outcome is not Outcome.APPLIED:
                assert d.before == d.after
                assert d.reason.startswith(("Blocked:", "Rejected:"))


class TestGates:
    def test_pain_above_five_steps_down_one_level(self):
        """Pain 6/10 since the last change steps reps down one level and records the log."""
        routine = _at(_toe_raises(), "toe-raise-negatives", reps=12)
        pain = _log("toe-raise-negatives", 0, reps=12, pain=6)
        result = progress(routine, [_log("toe-raise-negatives", 1, reps=12), pain], on=DAY)
        assert 11 == result.routine["toe-raise-negatives"].current.reps
        (decision,) = result.applied
        assert ("regression", "reps", 12, 11) == (
            decision.rule,
            decision.lever,
            decision.before,
            decision.after,
        )
        assert (pain,) == decision.evidence
        assert "pain 6/10" in decision.reason

    def test_pain_of_five_does_not_close_the_gate(self):
        """Pain 5/10 is allowed: two sessions at the target still progress."""
        routine = _toe_raises()
        logs = [_log("toe-raise-negatives", d, pain=5) for d in WEEK]
        assert 11 == progress(routine, logs, on=DAY).routine["toe-raise-negatives"].current.reps

    def test_next_morning_pain_above_baseline_steps_down(self):
        """Next-morning pain above the routine's baseline steps down one level."""
        routine = attrs.evolve(_at(_toe_raises(), "toe-raise-negatives", reps=13), baseline_pain=2)
        logs = [_log("toe-raise-negatives", d, reps=13, pain_next_morning=3) for d in (0, 1)]
        result = progress(routine, logs, on=DAY)
        assert 12 == result.routine["toe-raise-negatives"].current.reps
        assert "next-morning pain 3/10" in result.applied[0].reason

    def test_next_morning_pain_at_baseline_is_allowed(self):
        """Next-morning pain equal to the baseline does not close the gate."""
        routine = attrs.evolve(_toe_raises(), baseline_pain=2)
        logs = [_log("toe-raise-negatives", d, pain_next_morning=2) for d in WEEK]
        assert 11 == progress(routine, logs, on=DAY).routine["toe-raise-negatives"].current.reps

    def test_pain_at_the_floor_flags_a_review(self):
        """At the floor no step down is possible: the prescription is flagged for review."""
        logs = [_log("toe-raise-negatives", d, pain=8) for d in (0, 1)]
        result = progress(_toe_raises(), logs, on=DAY)
        p = result.routine["toe-raise-negatives"]
        assert p.current == p.floor
        assert p.review is not None
        assert "cannot step down" in p.review
        assert {ENGINE} == {d.rule for d in result.decisions}

    def test_a_fall_steps_down_and_flags_the_plan(self):
        """A fall steps the level down and flags the prescription for review."""
        routine = _at(_toe_raises(), "toe-raise-negatives", sets=3)
        logs = [_log("toe-raise-negatives", 0, sets=3, fell=True)]
        result = progress(routine, logs, on=DAY)
        p = result.routine["toe-raise-negatives"]
        assert 2 == p.current.sets
        assert "fall" in (p.review or "")

    def test_review_is_not_repeated(self):
        """The same gate on the next step adds no second review decision."""
        logs = [_log("toe-raise-negatives", d, pain=8) for d in (0, 1)]
        first = progress(_toe_raises(), logs, on=DAY)
        again = progress(first.routine, logs, on=DAY + dt.timedelta(days=1))
        assert () == again.decisions
        assert first.routine == again.routine

    def test_reviewed_restarts_the_evidence(self):
        """After a clinician's review, logs before it no longer hold progression back."""
        logs = [_log("toe-raise-negatives", d, pain=8) for d in (20, 21)]
        flagged = progress(_toe_raises(), logs, on=DAY - dt.timedelta(days=19)).routine
        cleared = reviewed(flagged, "toe-raise-negatives", on=DAY - dt.timedelta(days=19))
        good = [_log("toe-raise-negatives", d) for d in range(1, 19)]
        result = progress(cleared, [*logs, *good], on=DAY)
        assert 11 == result.routine["toe-raise-negatives"].current.reps
        assert result.routine["toe-raise-negatives"].review is None


class TestEvidence:
    def test_one_session_day_is_not_enough(self):
        """A single session day at the target never progresses."""
        result = progress(_toe_raises(), [_log("toe-raise-negatives", 0)], on=DAY)
        assert result.routine == _toe_raises()
        assert () == result.decisions

    def test_two_sessions_on_one_day_count_once(self):
        """Two sessions on the same date are one session day."""
        logs = [_log("toe-raise-negatives", 0, session=s) for s in (1, 2)]
        assert progress(_toe_raises(), logs, on=DAY).routine == _toe_raises()

    def test_logs_before_the_last_change_do_not_count(self):
        """Only session days after changed_on count as evidence."""
        p = _toe_raises()["toe-raise-negatives"]
        routine = _toe_raises().replace(attrs.evolve(p, changed_on=DAY - dt.timedelta(days=1)))
        logs = [_log("toe-raise-negatives", d) for d in (0, 1, 2)]
        assert progress(routine, logs, on=DAY).routine == routine

    def test_progression_sets_changed_on(self):
        """An applied change dates the prescription's changed_on."""
        logs = [_log("toe-raise-negatives", d) for d in WEEK]
        assert DAY == progress(_toe_raises(), logs, on=DAY).routine.items[0].changed_on

    def test_custom_rule_without_evidence_is_blocked(self):
        """A rule that progresses with one session day is blocked, and the block recorded."""
        routine = attrs.evolve(_toe_raises(), rules=(Eager(),))
        result = progress(routine, [_log("toe-raise-negatives", 0)], on=DAY)
        (decision,) = result.decisions
        assert Outcome.BLOCKED is decision.outcome
        assert "2 qualifying session days" in decision.reason
        assert result.routine == routine

    def test_second_lever_is_blocked(self):
        """When two rules propose, the first applies and the second is blocked."""
        routine = attrs.evolve(_toe_raises(), rules=(Eager(), EagerSets()))
        logs = [_log("toe-raise-negatives", d) for d in WEEK]
        result = progress(routine, logs, on=DAY)
        assert [Outcome.APPLIED, Outcome.BLOCKED] == [d.outcome for d in result.decisions]
        assert "one lever per step" in result.decisions[1].reason
        assert 2 == result.routine["toe-raise-negatives"].current.sets

    def test_beyond_the_ceiling_is_rejected(self):
        """A proposal past the ceiling is rejected and recorded, never clamped."""
        routine = attrs.evolve(_at(_toe_raises(), "toe-raise-negatives", reps=15), rules=(Eager(),))
        logs = [_log("toe-raise-negatives", d, reps=15) for d in (0, 1)]
        result = progress(routine, logs, on=DAY)
        (decision,) = result.decisions
        assert Outcome.REJECTED is decision.outcome
        assert "ceiling" in decision.reason
        assert 15 == result.routine["toe-raise-negatives"].current.reps

    def test_locked_prescription_is_blocked(self):
        """A locked prescription never changes; the proposal is recorded as blocked."""
        p = _toe_raises()["toe-raise-negatives"]
        routine = _toe_raises().replace(attrs.evolve(p, is_locked=True))
        logs = [_log("toe-raise-negatives", d) for d in (0, 1)]
        result = progress(routine, logs, on=DAY)
        assert result.routine == routine
        assert [Outcome.BLOCKED] == [d.outcome for d in result.decisions]

    def test_hold_blocks_progression_after_missed_days(self):
        """After four days without a session, progression waits."""
        logs = [_log("toe-raise-negatives", d) for d in (5, 6)]
        result = progress(_toe_raises(), logs, on=DAY)
        assert result.routine == _toe_raises()
        (decision,) = result.decisions
        assert Outcome.BLOCKED is decision.outcome
        assert "hold-after-missed-days" in decision.reason


@register_rule("test-eager")
@attrs.frozen
class Eager:
    """Proposes one more rep whenever any log exists."""

    def propose(self, prescription, history, *, on):
        if not history:
            return None
        return Proposal(lever="reps", value=prescription.current.reps + 1, reason="Eager.")


@register_rule("test-eager-sets")
@attrs.frozen
class EagerSets:
    """Proposes one more set whenever any log exists."""

    def propose(self, prescription, history, *, on):
        if not history or prescription.current.sets >= prescription.dose.sets.max:
            return None
        return Proposal(lever="sets", value=prescription.current.sets + 1, reason="Eager sets.")


class TestBadInput:
    def test_log_after_on_is_refused(self):
        """A log dated after the step names its index and field."""
        with pytest.raises(InvalidValueError, match=r"'history\[0\].on'") as info:
            progress(_toe_raises(), [_log("toe-raise-negatives", -1)], on=DAY)
        assert "history[0].on" == info.value.field

    def test_log_for_unknown_exercise_is_refused(self):
        """A log for an exercise not in the routine names the nearest id."""
        with pytest.raises(InvalidValueError, match="toe-raise-negatives") as info:
            progress(_toe_raises(), [_log("toe-raise-negative", 0)], on=DAY)
        assert "history[0].exercise_id" == info.value.field

    def test_duplicate_logs_are_refused(self):
        """Two logs with the same key are an error naming both."""
        log = _log("toe-raise-negatives", 0)
        with pytest.raises(InvalidValueError, match=r"repeats history\[0\]") as info:
            progress(_toe_raises(), [log, attrs.evolve(log, reps=11)], on=DAY)
        assert "history[1]" == info.value.field

    def test_not_a_log_is_refused(self):
        """Anything but an ExerciseLog in the history is a type error."""
        with pytest.raises(InvalidTypeError, match=r"'history\[0\]' must be an ExerciseLog"):
            progress(_toe_raises(), [{"on": DAY}], on=DAY)

    def test_not_a_routine_is_refused(self):
        """progress() needs a Routine."""
        with pytest.raises(InvalidTypeError, match=r"'routine' must be a footdrop\.Routine"):
            progress("routine", [], on=DAY)


class TestProgramme:
    def test_doses_follow_the_logs(self):
        """Each update runs progress(); the new level applies from the next day."""
        programme = Programme.begin(_toe_raises(), on=DAY - dt.timedelta(days=7))
        for day in (*reversed(WEEK), 0):
            log = _log("toe-raise-negatives", day)
            programme = programme.update([log], on=DAY - dt.timedelta(days=day))
        tomorrow = DAY + dt.timedelta(days=1)
        assert 10 == programme.routine_on(DAY)["toe-raise-negatives"].current.reps
        assert 11 == programme.routine_on(tomorrow)["toe-raise-negatives"].current.reps
        assert [10, 11] == [level.reps for _, level in programme.levels("toe-raise-negatives")]
        assert 1 == len([d for d in programme.decisions if d.is_applied])

    def test_update_before_the_latest_step_is_refused(self):
        """Steps go forward in time."""
        programme = Programme.begin(_toe_raises(), on=DAY)
        with pytest.raises(InvalidValueError, match="'on' must not be before"):
            programme.update([], on=DAY - dt.timedelta(days=1))

    def test_duplicate_across_updates_is_refused(self):
        """A log sent twice is caught even in separate updates."""
        log = _log("toe-raise-negatives", 1)
        programme = Programme.begin(_toe_raises(), on=DAY).update([log], on=DAY)
        with pytest.raises(InvalidValueError, match="repeats"):
            programme.update([log], on=DAY)


class TestDecisions:
    def test_decision_round_trips_through_json(self):
        """Decisions, evidence included, survive dumps and loads."""
        logs = [_log("toe-raise-negatives", d) for d in (0, 1)]
        decision = progress(_toe_raises(), logs, on=DAY).decisions[0]
        back = footdrop.serialisation.loads(footdrop.serialisation.dumps(decision), type(decision))
        assert decision == back

    @settings(max_examples=30)
    @given(progression_cases())
    def test_progression_round_trips_through_json(self, case):
        """A whole Progression (routine and decisions) survives dumps and loads."""
        result = progress(case.routine, case.history, on=case.on)
        text = footdrop.serialisation.dumps(result)
        assert result == footdrop.serialisation.loads(text, type(result))
