"""Tests for the routine models: footdrop.Prescription, footdrop.Routine, footdrop.Parameter."""

import datetime as dt

import attrs
import pytest
from hypothesis import given, settings

import footdrop
from footdrop import Parameter, Prescription, Range, Routine, Side, Sides
from footdrop.exceptions import InvalidTypeError, InvalidValueError, UnknownExerciseError
from footdrop.testing.strategies import prescriptions, routines


def exercise(exercise_id):
    return footdrop.catalogue()[exercise_id]


class TestPrescription:
    def test_defaults_come_from_the_exercise(self):
        """A prescription takes the exercise's dose and timing, current at the floor."""
        p = Prescription(exercise=exercise("ankle-eversion"))
        assert exercise("ankle-eversion").dose == p.dose
        assert exercise("ankle-eversion").timing == p.timing
        assert (1, 10, 3, 2) == (
            p.current.sets,
            p.current.reps,
            p.current.hold_seconds,
            p.current.sessions_per_day,
        )

    def test_sides_default_by_laterality(self):
        """Each-side exercises default to both sides; the others to together."""
        assert Sides.BOTH == Prescription(exercise=exercise("hip-rotation-slides")).sides
        assert Sides.TOGETHER == Prescription(exercise=exercise("ankle-eversion")).sides

    def test_sides_for_puts_the_affected_side_first(self):
        """Both sides are worked affected side first; together gives no side."""
        slides = Prescription(exercise=exercise("hip-rotation-slides"))
        assert (Side.RIGHT, Side.LEFT) == slides.sides_for(Side.RIGHT)
        affected = attrs.evolve(slides, sides=Sides.AFFECTED)
        assert (Side.RIGHT,) == affected.sides_for(Side.RIGHT)
        walks = Prescription(exercise=exercise("heel-and-toe-walks"))
        assert (None,) == walks.sides_for(Side.LEFT)

    @pytest.mark.parametrize(
        ("exercise_id", "sides"),
        [
            ("hip-rotation-slides", Sides.TOGETHER),
            ("ankle-eversion", Sides.BOTH),
            ("heel-and-toe-walks", Sides.AFFECTED),
        ],
    )
    def test_sides_must_suit_the_exercise(self, exercise_id, sides):
        """Sides that do not fit the exercise's laterality are refused."""
        with pytest.raises(InvalidValueError) as caught:
            Prescription(exercise=exercise(exercise_id), sides=sides)
        assert "'sides' must be" in str(caught.value)

    def test_current_outside_the_ranges_is_refused(self):
        """A current level outside the dose is refused, naming the measure."""
        p = Prescription(exercise=exercise("towel-scrunches"))
        with pytest.raises(InvalidValueError) as caught:
            attrs.evolve(p, current=attrs.evolve(p.current, reps=16))
        assert "'current.reps' must be within 10..15 (got 16)" in str(caught.value)

    def test_narrower_dose_moves_nothing_silently(self):
        """Narrowing the dose below current is an error, not a silent clamp."""
        p = Prescription(exercise=exercise("towel-scrunches"))
        narrow = attrs.evolve(p.dose, reps=Range(min=12, max=15))
        with pytest.raises(InvalidValueError):
            attrs.evolve(p, dose=narrow)

    def test_changed_on_must_be_a_date(self):
        """changed_on takes a date, not text."""
        with pytest.raises(InvalidTypeError):
            Prescription(exercise=exercise("towel-scrunches"), changed_on="2026-11-24")

    def test_changed_on_accepts_a_date(self):
        """changed_on keeps the date given."""
        p = Prescription(exercise=exercise("towel-scrunches"), changed_on=dt.date(2026, 11, 24))
        assert dt.date(2026, 11, 24) == p.changed_on

    @settings(max_examples=50)
    @given(prescriptions())
    def test_drawn_prescriptions_fit(self, p):
        """Every valid prescription keeps current inside its ranges."""
        assert () == p.current.problems_against(p.dose, p.timing)


class TestParameter:
    def test_stores_a_clinician_number(self):
        """A parameter keeps name, value and unit."""
        rate = Parameter(name="frequency", value=35.0, unit="Hz")
        assert ("frequency", 35.0, "Hz") == (rate.name, rate.value, rate.unit)

    @pytest.mark.parametrize("value", [float("nan"), float("inf"), True, "35"])
    def test_value_is_a_finite_number(self, value):
        """NaN, infinity, booleans and text are refused as values."""
        with pytest.raises((InvalidValueError, InvalidTypeError)):
            Parameter(name="frequency", value=value, unit="Hz")


class TestRoutine:
    def test_from_catalogue_has_all_ten(self):
        """The default routine holds the whole catalogue in order."""
        routine = Routine.from_catalogue(affected=Side.LEFT)
        assert tuple(footdrop.catalogue()) == routine.ids
        assert 10 == len(routine)

    def test_from_catalogue_only(self):
        """only= keeps the named exercises, in the order given."""
        routine = Routine.from_catalogue(
            affected=Side.RIGHT, only=["ankle-inversion", "ankle-eversion"]
        )
        assert ("ankle-inversion", "ankle-eversion") == routine.ids

    def test_from_catalogue_unknown_id(self):
        """An unknown id in only= names the nearest ids."""
        with pytest.raises(UnknownExerciseError) as caught:
            Routine.from_catalogue(affected=Side.RIGHT, only=["towel-scrunch"])
        assert "towel-scrunches" in caught.value.suggestions

    def test_lookup_by_id(self):
        """routine[id] finds the prescription; an unknown id is a KeyError."""
        routine = Routine.from_catalogue(affected=Side.LEFT)
        assert "ankle-alphabet" == routine["ankle-alphabet"].exercise_id
        assert "ankle-alphabet" in routine
        with pytest.raises(KeyError):
            routine["ankle-alphabit"]

    def test_replace_swaps_one_prescription(self):
        """replace() returns a copy with one prescription changed, the rest kept."""
        routine = Routine.from_catalogue(affected=Side.LEFT)
        old = routine["towel-scrunches"]
        new = attrs.evolve(old, current=attrs.evolve(old.current, reps=12))
        changed = routine.replace(new)
        assert 12 == changed["towel-scrunches"].current.reps
        assert 10 == routine["towel-scrunches"].current.reps
        assert routine.ids == changed.ids

    def test_replace_unknown_is_refused(self):
        """replace() of an exercise not in the routine is an UnknownExerciseError."""
        routine = Routine.from_catalogue(affected=Side.LEFT, only=["ankle-alphabet"])
        with pytest.raises(UnknownExerciseError):
            routine.replace(Prescription(exercise=exercise("towel-scrunches")))

    def test_empty_and_duplicate_items_are_refused(self):
        """A routine needs at least one item and each exercise once."""
        p = Prescription(exercise=exercise("ankle-alphabet"))
        with pytest.raises(InvalidValueError):
            Routine(affected=Side.LEFT, items=[])
        with pytest.raises(InvalidValueError) as caught:
            Routine(affected=Side.LEFT, items=[p, p])
        assert "twice" in str(caught.value)

    @pytest.mark.parametrize("pain", [-1, 11, 2.5])
    def test_baseline_pain_is_nrs(self, pain):
        """Baseline pain is a whole number on the 0-10 scale."""
        with pytest.raises((InvalidValueError, InvalidTypeError)):
            Routine(
                affected=Side.LEFT,
                items=[Prescription(exercise=exercise("ankle-alphabet"))],
                baseline_pain=pain,
            )

    @settings(max_examples=30)
    @given(routines())
    def test_ids_are_unique(self, routine):
        """Every drawn routine prescribes each exercise once."""
        assert len(set(routine.ids)) == len(routine.ids)
