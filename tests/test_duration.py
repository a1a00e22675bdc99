"""Tests for footdrop.DurationModel, Pace and Estimate."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import footdrop
from footdrop import (
    DEFAULT_PACES,
    DurationModel,
    Estimate,
    EstimatePart,
    Level,
    Pace,
    PlanItem,
    Prescription,
    Routine,
    Side,
)
from footdrop.exceptions import InvalidTypeError, InvalidValueError, UnknownExerciseError

paces = st.builds(
    Pace,
    seconds_per_rep=st.integers(1, 60),
    seconds_per_letter=st.integers(1, 60),
    seconds_per_step=st.integers(1, 30),
    steps_per_walk=st.integers(1, 100),
    side_switch_seconds=st.integers(0, 300),
)


@st.composite
def plan_items(draw: st.DrawFn) -> PlanItem:
    kind = draw(st.sampled_from(["reps", "hold", "letters", "walk"]))
    return PlanItem(
        exercise_id="drill",
        side=draw(st.sampled_from([None, Side.LEFT, Side.RIGHT])),
        sets=draw(st.integers(1, 10)),
        reps=draw(st.integers(1, 100)) if kind == "reps" else None,
        hold_seconds=draw(st.none() | st.integers(1, 600)) if kind in {"reps", "hold"} else None,
        letters=draw(st.integers(1, 26)) if kind == "letters" else None,
        rounds=draw(st.integers(1, 50)) if kind == "walk" else None,
        steps=draw(st.none() | st.integers(1, 100)) if kind == "walk" else None,
        rest_between_sets_seconds=draw(st.integers(0, 600)),
    )


class TestItemParts:
    @given(plan_items(), paces)
    def test_parts_follow_the_documented_formula(self, item, pace):
        """An item's parts add up to sets x one set plus the rests between sets."""
        model = DurationModel(paces={"drill": pace})
        if item.letters is not None:
            per_set = item.letters * pace.seconds_per_letter
        elif item.rounds is not None:
            steps = item.steps if item.steps is not None else pace.steps_per_walk
            per_set = item.rounds * 2 * steps * pace.seconds_per_step
        else:
            per_set = (item.reps or 1) * (pace.seconds_per_rep + (item.hold_seconds or 0))
        expected = item.sets * per_set + (item.sets - 1) * item.rest_between_sets_seconds
        assert expected == sum(p.seconds for p in model.item_parts(item))

    @given(plan_items(), paces, st.integers(1, 20))
    def test_slower_paces_take_longer(self, item, pace, extra):
        """Raising any per-unit time never shortens an item."""
        fast = DurationModel(paces={"drill": pace})
        slow = DurationModel(
            paces={
                "drill": Pace(
                    seconds_per_rep=min(60, pace.seconds_per_rep + extra),
                    seconds_per_letter=min(60, pace.seconds_per_letter + extra),
                    seconds_per_step=min(30, pace.seconds_per_step + extra),
                    steps_per_walk=pace.steps_per_walk,
                )
            }
        )
        faster = sum(p.seconds for p in fast.item_parts(item))
        assert faster <= sum(p.seconds for p in slow.item_parts(item))

    def test_labels_show_the_arithmetic(self):
        """The first part's label spells out sets, reps, tempo and hold."""
        item = PlanItem(
            exercise_id="ankle-eversion",
            side=None,
            sets=2,
            reps=10,
            hold_seconds=3,
            rest_between_sets_seconds=30,
        )
        (part, rest) = DurationModel().item_parts(item)
        assert "ankle-eversion: 2 sets x 10 reps x (3 s + 3 s hold)" == part.label
        assert 120 == part.seconds
        assert (30, "ankle-eversion: rest between sets, 1 x 30 s") == (rest.seconds, rest.label)


class TestEstimate:
    def test_one_leg_work_counts_both_sides_and_the_switch(self):
        """A both-sides prescription takes two sides plus the switch between them."""
        slides = Prescription(exercise=footdrop.catalogue()["hip-rotation-slides"])
        model = DurationModel()
        both = model.estimate(slides, affected=Side.LEFT)
        item = PlanItem(
            exercise_id="hip-rotation-slides",
            side=Side.LEFT,
            sets=slides.current.sets,
            reps=slides.current.reps,
            hold_seconds=slides.current.hold_seconds,
            rest_between_sets_seconds=slides.dose.rest_between_sets_seconds,
        )
        one = sum(p.seconds for p in model.item_parts(item))
        switch = model.pace_for("hip-rotation-slides").side_switch_seconds
        assert 2 * one + switch == both.seconds

    def test_a_given_level_is_timed_instead_of_current(self):
        """estimate(level=...) times that level: more reps take longer."""
        eversion = Prescription(exercise=footdrop.catalogue()["ankle-eversion"])
        model = DurationModel()
        more = Level(sets=1, reps=15, hold_seconds=3, sessions_per_day=2)
        assert model.estimate(eversion).seconds < model.estimate(eversion, more).seconds

    @given(st.lists(st.integers(0, 10_000), max_size=10))
    def test_minutes_round_the_total_up(self, seconds):
        """Estimate.minutes is the total in whole minutes, rounded up."""
        est = Estimate(
            parts=[EstimatePart(label=f"part {i}", seconds=s) for i, s in enumerate(seconds)]
        )
        assert sum(seconds) == est.seconds
        assert math.ceil(sum(seconds) / 60) == est.minutes

    def test_estimates_add_up(self):
        """Adding two estimates keeps every part in order."""
        a = Estimate(parts=[EstimatePart(label="a", seconds=10)])
        b = Estimate(parts=[EstimatePart(label="b", seconds=20)])
        assert ("a", "b") == tuple(p.label for p in (a + b).parts)

    def test_text_ends_with_the_total(self):
        """str(estimate) lists the parts and ends with the total and the scheduled minutes."""
        est = Estimate(parts=[EstimatePart(label="warm-up", seconds=90)])
        assert "warm-up = 90 s\ntotal 90 s (scheduled as 2 min)" == str(est)


class TestSessionEstimate:
    routine = Routine.from_catalogue(affected=Side.LEFT)

    def test_each_position_change_counts(self):
        """Each change of body position between items adds position_change_seconds."""
        model = DurationModel(position_change_seconds=45)
        eversion = PlanItem(exercise_id="ankle-eversion", side=None, sets=1, reps=10)
        stance = PlanItem(exercise_id="single-leg-stance", side=Side.LEFT, sets=1, hold_seconds=5)
        one = model.session_estimate([eversion], self.routine).seconds
        grouped = model.session_estimate([eversion, eversion], self.routine).seconds
        mixed = model.session_estimate([eversion, stance, eversion], self.routine).seconds
        stance_alone = sum(p.seconds for p in model.item_parts(stance))
        assert 2 * one - 45 == grouped
        assert 2 * one + stance_alone + 45 == mixed

    def test_unknown_exercise(self):
        """An item whose exercise is not in the routine raises UnknownExerciseError."""
        stray = PlanItem(exercise_id="moon-walk", side=None, sets=1, reps=1)
        with pytest.raises(UnknownExerciseError):
            DurationModel().session_estimate([stray], self.routine)


class TestDefaults:
    def test_every_catalogue_exercise_has_a_reasoned_pace(self):
        """Every catalogue exercise has a default pace, each with its reason."""
        assert set(footdrop.catalogue()) == set(DEFAULT_PACES)
        assert all(pace.reason for pace in DEFAULT_PACES.values())

    def test_unknown_exercises_use_the_default_pace(self):
        """An id without a pace of its own gets the model's default."""
        model = DurationModel()
        assert model.default is model.pace_for("my-own-exercise")

    def test_with_pace_overrides_one_exercise(self):
        """with_pace replaces one exercise's pace and keeps the others."""
        model = DurationModel().with_pace("ankle-eversion", Pace(seconds_per_rep=7))
        assert 7 == model.pace_for("ankle-eversion").seconds_per_rep
        assert DEFAULT_PACES["ankle-inversion"] == model.pace_for("ankle-inversion")


class TestBadInput:
    @pytest.mark.parametrize(
        ("field", "value"),
        [("seconds_per_rep", 0), ("seconds_per_letter", 61), ("side_switch_seconds", -1)],
    )
    def test_pace_out_of_range(self, field, value):
        """A pace number out of range names its field."""
        with pytest.raises(InvalidValueError) as caught:
            Pace(**{field: value})
        assert field == caught.value.field

    def test_pace_not_a_number(self):
        """Text where a number belongs is an InvalidTypeError naming the field."""
        with pytest.raises(InvalidTypeError) as caught:
            Pace(seconds_per_rep="3")
        assert "seconds_per_rep" == caught.value.field

    def test_paces_must_map_to_pace(self):
        """A paces mapping with a bare number for a Pace is a wrong type, naming the entry."""
        with pytest.raises(InvalidTypeError) as caught:
            DurationModel(paces={"ankle-eversion": 3})
        assert "paces[0][1]" == caught.value.field

    def test_position_change_out_of_range(self):
        """position_change_seconds above 600 is refused."""
        with pytest.raises(InvalidValueError) as caught:
            DurationModel(position_change_seconds=601)
        assert "position_change_seconds" == caught.value.field
