"""Twelve weeks of simulated people: doses follow the logs, ceilings hold, pain stops progress."""

from __future__ import annotations

import datetime as dt

import pytest

from footdrop import LEVERS, Routine, Side
from footdrop.exceptions import InvalidTypeError, InvalidValueError
from footdrop.model._decision import hardness
from footdrop.progression import (
    AlwaysInPain,
    FallsOnce,
    Limits,
    Outcome,
    PainEveryWeek,
    Plateau,
    PoorAdherence,
    SteadyImprover,
    simulate,
)

START = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def routine() -> Routine:
    return Routine.from_catalogue(affected=Side.LEFT)


@pytest.fixture(scope="module")
def improver(routine):
    return simulate(routine, SteadyImprover(), start=START, weeks=12)


def _harder_steps(run) -> list:
    """Applied decisions that made a lever harder."""
    found = []
    for before, after in zip(run.steps, run.steps[1:], strict=False):
        for p, q in zip(before.routine.items, after.routine.items, strict=True):
            for name in LEVERS:
                b, a = getattr(p.current, name), getattr(q.current, name)
                if b is not None and hardness(a) > hardness(b):
                    found.append((after.on, p.exercise_id, name))
    return found


class TestSteadyImprover:
    def test_rises_no_faster_than_the_limits(self, improver):
        """Every rise is one step at most, at least 7 days after the level's last change."""
        limits = Limits()
        last: dict[str, dt.date] = {}
        rises = 0
        for before, after in zip(improver.steps, improver.steps[1:], strict=False):
            for p, q in zip(before.routine.items, after.routine.items, strict=True):
                if p.current == q.current:
                    continue
                for name in LEVERS:
                    b, a = getattr(p.current, name), getattr(q.current, name)
                    if b is not None and hardness(a) > hardness(b):
                        rises += 1
                        assert hardness(a) - hardness(b) <= limits.max_rise(name, hardness(b))
                        since = last.get(p.exercise_id, START)
                        assert (after.on - since).days >= limits.min_days_at_level
                last[p.exercise_id] = after.on
        assert rises >= 10

    def test_stays_inside_the_ranges(self, improver):
        """No prescription ever passes its ceiling or floor."""
        for step in improver.steps:
            for q in step.routine:
                assert () == q.current.problems_against(q.dose, q.timing)

    def test_a_step_the_weekly_cap_refuses_ends_in_a_plateau_flag(self, improver):
        """Eversion's 3 s -> 4 s hold (+33 %) is refused by the hard cap; the stall is flagged."""
        reasons = [d.reason for d in improver.decisions if d.exercise_id == "ankle-eversion"]
        assert any("above the hard cap of 30%" in r for r in reasons)
        assert "Plateau" in (improver.routine["ankle-eversion"].review or "")

    def test_each_step_moves_one_lever_at_most(self, improver):
        """No exercise has two applied lever changes in one step."""
        for step in improver.steps:
            applied = [d.exercise_id for d in step.decisions if d.is_applied and d.lever in LEVERS]
            assert len(applied) == len(set(applied))

    def test_is_deterministic(self, routine, improver):
        """The same person and routine give the same trajectory."""
        assert improver == simulate(routine, SteadyImprover(), start=START, weeks=12)


class TestPain:
    @pytest.mark.parametrize("person", [AlwaysInPain(), PainEveryWeek()])
    def test_pain_every_week_never_progresses(self, routine, person):
        """Pain above 5/10 each week: no lever ever gets harder, and a review is flagged."""
        run = simulate(routine, person, start=START, weeks=12)
        assert [] == _harder_steps(run)
        assert [p.current for p in routine] == [p.current for p in run.routine]
        assert all(p.review for p in run.routine)

    def test_a_painful_day_steps_down_never_up(self, routine):
        """On each painful day, every exercise done above its floor steps down; none steps up."""
        run = simulate(routine, PainEveryWeek(day_of_week=3), start=START, weeks=12)
        painful = [START + dt.timedelta(days=3 + 7 * w) for w in range(12)]
        assert not [c for c in _harder_steps(run) if c[0] in painful]
        before = {step.on: step.routine for step in run.steps}
        for day in painful:
            done = {log.exercise_id for log in run.history if log.on == day}
            prior = run.routine_on(day)
            down = {
                d.exercise_id
                for d in run.decisions
                if d.on == day and d.rule == "regression" and d.is_applied
            }
            expected = {e for e in done if prior[e].current != prior[e].floor}
            assert expected == down
            assert day in before


class TestOthers:
    def test_a_fall_steps_balance_down_and_flags_it(self, routine):
        """A fall in balance work steps it down one level and asks for a review."""
        run = simulate(routine, FallsOnce(fall_day=40), start=START, weeks=12)
        fall_day = START + dt.timedelta(days=40)
        regressions = [
            d
            for d in run.decisions
            if d.on == fall_day and d.rule == "regression" and d.outcome is Outcome.APPLIED
        ]
        assert ["single-leg-stance"] == [d.exercise_id for d in regressions]
        assert "fall" in (run.routine["single-leg-stance"].review or "")

    def test_a_plateau_stops_one_step_past_it(self, routine):
        """Someone who manages 12 reps is asked for at most 13, never more."""
        run = simulate(routine, Plateau(max_reps=12), start=START, weeks=12)
        for p in run.routine:
            if p.current.reps is not None:
                assert p.current.reps <= 13

    def test_bad_arguments_are_refused(self, routine):
        """The number of weeks must be 1..104 and the person must respond."""
        with pytest.raises(InvalidValueError, match=r"'weeks' must be within 1\.\.104"):
            simulate(routine, SteadyImprover(), start=START, weeks=0)
        with pytest.raises(InvalidTypeError, match="respond"):
            simulate(routine, object(), start=START)


class TestJson:
    def test_a_programme_round_trips(self):
        """A simulated programme (steps, decisions, logs) survives dumps and loads exactly."""
        from footdrop.progression import Programme
        from footdrop.serialisation import dumps, loads

        routine = Routine.from_catalogue(
            affected=Side.LEFT, only=["ankle-eversion", "single-leg-stance"]
        )
        run = simulate(routine, FallsOnce(fall_day=5), start=START, weeks=2)
        assert run.decisions
        assert run == loads(dumps(run), Programme)


def _rises(run, exercise_id: str) -> list[dt.date]:
    return [on for on, e, _ in _harder_steps(run) if e == exercise_id]


class TestProfileShapes:
    """Each simulated person's trajectory has its documented shape (reference: progression)."""

    def test_a_flare_is_followed_by_a_hold(self):
        """After a flare steps the dose down, the next rise waits at least the time at a level."""
        routine = Routine.from_catalogue(affected=Side.LEFT, only=["toe-raise-negatives"])
        run = simulate(routine, PainEveryWeek(day_of_week=6), start=START, weeks=8)
        downs = [d.on for d in run.decisions if d.rule == "regression" and d.is_applied]
        for down in downs:
            later = [on for on in _rises(run, "toe-raise-negatives") if on > down]
            if later:
                assert (later[0] - down).days >= Limits().min_days_at_level

    def test_persistent_pain_is_flagged_every_week_not_once(self):
        """Always in pain: a review flag decision in every week after the first."""
        routine = Routine.from_catalogue(affected=Side.LEFT, only=["toe-raise-negatives"])
        run = simulate(routine, AlwaysInPain(), start=START, weeks=6)
        weeks = {
            (d.on - START).days // 7 for d in run.decisions if d.lever == "review" and d.is_applied
        }
        assert set(range(1, 6)) <= weeks

    def test_a_faller_holds_all_standing_and_balance_work(self):
        """After a fall in balance work, no standing or balance exercise rises again unreviewed."""
        routine = Routine.from_catalogue(affected=Side.LEFT)
        fall_day = START + dt.timedelta(days=20)
        run = simulate(routine, FallsOnce(fall_day=20), start=START, weeks=8)
        on_feet = {"single-leg-stance", "standing-hip-external-rotation", "heel-and-toe-walks"}
        for exercise_id in on_feet:
            assert [] == [on for on in _rises(run, exercise_id) if on > fall_day]
            assert "fall" in (run.routine[exercise_id].review or "").lower()

    def test_a_plateau_is_flagged(self):
        """Someone stuck below the ceiling for three weeks gets a plateau flag."""
        routine = Routine.from_catalogue(affected=Side.LEFT, only=["toe-raise-negatives"])
        run = simulate(routine, Plateau(max_reps=11), start=START, weeks=8)
        assert "Plateau" in (run.routine["toe-raise-negatives"].review or "")
        assert run.routine["toe-raise-negatives"].current.reps <= 12

    def test_poor_adherence_progresses_no_faster_than_good_adherence(self):
        """Two days a week never rises sooner or further than every day."""
        routine = Routine.from_catalogue(affected=Side.LEFT, only=["toe-raise-negatives"])
        poor = simulate(routine, PoorAdherence(days_per_week=2), start=START, weeks=8)
        good = simulate(routine, SteadyImprover(), start=START, weeks=8)
        assert len(_rises(poor, "toe-raise-negatives")) <= len(_rises(good, "toe-raise-negatives"))
        assert all(log.on.weekday() in (0, 1) for log in poor.history)

    def test_next_morning_pain_arrives_the_next_morning(self):
        """No log of the simulated history reports its next morning before that morning's step."""
        routine = Routine.from_catalogue(affected=Side.LEFT, only=["toe-raise-negatives"])
        run = simulate(routine, SteadyImprover(), start=START, weeks=2)
        for step in run.steps[1:]:
            cited = [log for d in step.decisions for log in d.evidence if log.on == step.on]
            assert all(log.pain_next_morning is None for log in cited)
        assert all(log.pain_next_morning == 0 for log in run.history if log.on < run.on)
