"""Tests for footdrop.Dose, Timing, Level, SupportRange and ExerciseSet."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from footdrop import (
    Dose,
    ExerciseSet,
    Level,
    Range,
    SupportLevel,
    SupportRange,
    Timing,
    Weekday,
)
from footdrop.exceptions import InvalidTypeError, InvalidValueError
from footdrop.model._dose import LIMITS, MEASURES
from footdrop.testing.strategies import doses, levels_within, timings

ONE = Range(min=1, max=1)
RANGED = ("sets", "reps", "hold_seconds", "letters", "rounds")


class TestDose:
    def test_article_dose(self):
        """2-3 sets of 10-15 reps uses the reps measure only."""
        dose = Dose(sets=Range(min=2, max=3), reps=Range(min=10, max=15))
        assert ("reps",) == dose.measures

    def test_zero_reps_names_field_value_and_bounds(self):
        """Zero reps is refused with the house message."""
        with pytest.raises(InvalidValueError) as caught:
            Dose(sets=ONE, reps=Range(min=0, max=5))
        assert "'reps' must lie within 1..100 (got 0-5)." == str(caught.value)

    @pytest.mark.parametrize("name", RANGED)
    @given(data=st.data())
    def test_every_measure_is_bounded(self, name, data):
        """Every ranged measure refuses a range reaching past its LIMITS."""
        lo, hi = LIMITS[name]
        too_high = data.draw(st.integers(hi + 1, hi + 1000))
        values = {"sets": ONE, "reps": ONE} | {name: Range(min=lo, max=too_high)}
        with pytest.raises(InvalidValueError) as caught:
            Dose(**values)
        assert f"'{name}' must lie within {lo}..{hi}" in str(caught.value)

    def test_thousand_reps_is_refused(self):
        """1,000 reps is a typing mistake, not a dose."""
        with pytest.raises(InvalidValueError):
            Dose(sets=ONE, reps=Range(min=1000, max=1000))

    def test_a_dose_needs_a_measure(self):
        """A dose of sets alone is refused."""
        with pytest.raises(InvalidValueError) as caught:
            Dose(sets=ONE)
        assert "at least one measure" in str(caught.value)

    def test_steps_need_rounds(self):
        """Steps count steps per round, so they need rounds."""
        with pytest.raises(InvalidValueError) as caught:
            Dose(sets=ONE, reps=ONE, steps=Range(min=10, max=10))
        assert "needs 'rounds'" in str(caught.value)

    def test_a_range_is_required_not_a_number(self):
        """A bare number where a Range belongs is an InvalidTypeError."""
        with pytest.raises(InvalidTypeError):
            Dose(sets=2, reps=ONE)  # type: ignore[arg-type]

    @given(doses())
    def test_floor_lies_inside_the_dose(self, dose):
        """The floor of any dose fits the dose."""
        timing = Timing(sessions_per_day=Range(min=2, max=3))
        assert () == dose.floor(sessions_per_day=2).problems_against(dose, timing)

    @given(doses())
    def test_measures_are_in_display_order(self, dose):
        """Dose.measures lists the used measures in MEASURES order."""
        assert list(dose.measures) == [m for m in MEASURES if getattr(dose, m) is not None]


class TestTiming:
    def test_daily_by_default(self):
        """A timing is daily, on every weekday, with no spacing, unless told otherwise."""
        timing = Timing(sessions_per_day=ONE)
        assert timing.is_daily
        assert tuple(Weekday) == timing.weekdays
        assert 0 == timing.min_spacing_minutes

    def test_thirteen_sessions_a_day_is_refused(self):
        """More than 12 sessions a day is refused."""
        with pytest.raises(InvalidValueError) as caught:
            Timing(sessions_per_day=Range(min=2, max=13))
        assert "'sessions_per_day' must lie within 1..12 (got 2-13)." == str(caught.value)

    def test_days_per_week_fits_the_weekdays(self):
        """days_per_week cannot exceed the weekdays allowed."""
        with pytest.raises(InvalidValueError) as caught:
            Timing(sessions_per_day=ONE, days_per_week=3, weekdays=[Weekday.MONDAY])
        assert "'days_per_week' is 3 but only 1 weekday(s)" in str(caught.value)

    def test_weekdays_are_sorted_monday_first(self):
        """Weekdays are normalised to calendar order."""
        timing = Timing(
            sessions_per_day=ONE, days_per_week=2, weekdays=[Weekday.FRIDAY, Weekday.MONDAY]
        )
        assert (Weekday.MONDAY, Weekday.FRIDAY) == timing.weekdays

    @pytest.mark.parametrize(
        "weekdays", [[], [Weekday.MONDAY, Weekday.MONDAY], ["mon"], ["monday", "monday"]]
    )
    def test_bad_weekdays_are_refused(self, weekdays):
        """No weekdays, a weekday twice, or text that names no weekday are wrong values."""
        with pytest.raises(InvalidValueError):
            Timing(sessions_per_day=ONE, days_per_week=1, weekdays=weekdays)

    def test_a_number_for_a_weekday_is_a_wrong_type(self):
        """A number among the weekdays is a wrong type, naming the field and index."""
        with pytest.raises(InvalidTypeError) as caught:
            Timing(sessions_per_day=ONE, days_per_week=1, weekdays=[Weekday.MONDAY, 2])
        assert "weekdays[1]" == caught.value.field

    def test_weekdays_take_their_values(self):
        """Weekday values are read as members and put in calendar order."""
        timing = Timing(sessions_per_day=ONE, days_per_week=2, weekdays=["friday", "monday"])
        assert (Weekday.MONDAY, Weekday.FRIDAY) == timing.weekdays

    @pytest.mark.parametrize("minutes", [-1, 1441, True])
    def test_spacing_is_bounded(self, minutes):
        """min_spacing_minutes lies within 0..1440 and is a whole number."""
        with pytest.raises((InvalidValueError, InvalidTypeError)):
            Timing(sessions_per_day=ONE, min_spacing_minutes=minutes)


class TestLevel:
    DOSE = Dose(sets=Range(min=2, max=3), reps=Range(min=10, max=15))
    TIMING = Timing(sessions_per_day=Range(min=1, max=1))

    def test_level_inside_fits(self):
        """A level inside every range has no problems."""
        level = Level(sets=3, reps=15, sessions_per_day=1)
        assert () == level.problems_against(self.DOSE, self.TIMING)

    def test_every_problem_is_listed(self):
        """Each measure outside its range, missing or extra, is reported."""
        level = Level(sets=4, reps=None, hold_seconds=5, sessions_per_day=2)
        problems = level.problems_against(self.DOSE, self.TIMING)
        assert 4 == len(problems)
        assert any("'current.reps' is missing" in p for p in problems)
        assert any("'current.hold_seconds' must be None" in p for p in problems)

    @settings(max_examples=100)
    @given(st.data(), doses(), timings())
    def test_levels_within_always_fit(self, data, dose, timing):
        """Every level drawn inside a dose and timing fits them."""
        level = data.draw(levels_within(dose, timing))
        assert () == level.problems_against(dose, timing)

    @pytest.mark.parametrize("bad", [0, 11, True])
    def test_sets_are_bounded(self, bad):
        """A level's sets lie within 1..10."""
        with pytest.raises((InvalidValueError, InvalidTypeError)):
            Level(sets=bad, sessions_per_day=1, reps=10)


class TestSupportRange:
    def test_levels_between_the_ends(self):
        """SupportRange.levels lists the rungs from easiest to hardest."""
        rungs = SupportRange(easiest=SupportLevel.ONE_HAND, hardest=SupportLevel.NO_HANDS)
        expected = (SupportLevel.ONE_HAND, SupportLevel.ONE_FINGER, SupportLevel.NO_HANDS)
        assert expected == rungs.levels
        assert SupportLevel.EYES_CLOSED not in rungs

    def test_reversed_ends_are_refused(self):
        """An easiest rung harder than the hardest is refused."""
        with pytest.raises(InvalidValueError):
            SupportRange(easiest=SupportLevel.NO_HANDS, hardest=SupportLevel.TWO_HANDS)

    def test_rung_order_is_the_ladder(self):
        """Support levels order by rung, not alphabetically."""
        assert list(SupportLevel) == sorted(SupportLevel, key=lambda level: level.rank)
        assert min(SupportLevel) is SupportLevel.TWO_HANDS
        assert SupportLevel.TWO_HANDS.harder is SupportLevel.ONE_HAND
        assert SupportLevel.TWO_HANDS.easier is None
        assert SupportLevel.EYES_CLOSED.harder is None


class TestExerciseSet:
    def test_needs_reps_or_hold(self):
        """A set with neither reps nor hold is refused."""
        with pytest.raises(InvalidValueError):
            ExerciseSet()

    def test_defaults_to_no_rest(self):
        """A set rests 0 s after itself unless told."""
        assert 0 == ExerciseSet(reps=12).rest_after_seconds

    @pytest.mark.parametrize("reps", [-1, 1001, 2.0, False])
    def test_reps_are_bounded_whole_numbers(self, reps):
        """A set's reps are whole numbers within 0..1000."""
        with pytest.raises((InvalidValueError, InvalidTypeError)):
            ExerciseSet(reps=reps)
