"""Tests for the measures table: one row per measure, and every caller agrees with it."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import footdrop
from footdrop import Dose, Level, PlanItem, Range, Session, Timing
from footdrop.checking._check_dose import _DOSE_MEASURES
from footdrop.exceptions import InvalidValueError
from footdrop.export import _fhir_codec
from footdrop.export.frame import PLAN_COLUMNS
from footdrop.export.text import describe_item, item_line
from footdrop.model._dose import LIMITS, MEASURES
from footdrop.model._measures import COUNTS, OPTIONAL, TABLE, by_name, dose_words
from footdrop.progression._evidence import COUNT_LEVERS
from footdrop.testing import strategies as fst

NAMES = [m.name for m in TABLE]
OPTIONAL_NAMES = [m.name for m in OPTIONAL]


def item_with(name: str, value: int) -> PlanItem:
    """A plan item using *name* (and what it is counted within) at *value*."""
    values = {name: value}
    per = by_name(name).per
    if per is not None:
        values[per] = 1
    sets = values.pop("sets", 1)
    return PlanItem(exercise_id="made-up", side=None, sets=sets, **values)


class TestTable:
    def test_names_are_unique_and_sets_is_the_only_required_one(self):
        """Every row has its own name, and only 'sets' is required."""
        assert len(set(NAMES)) == len(NAMES)
        assert ["sets"] == [m.name for m in TABLE if m.is_required]

    def test_a_measure_counted_within_another_names_a_row(self):
        """'per' always names another row of the table."""
        for measure in TABLE:
            assert measure.per is None or (measure.per in NAMES and measure.per != measure.name)

    @pytest.mark.parametrize("model", [Dose, Level, PlanItem])
    def test_every_row_is_a_field_of_the_models(self, model):
        """Dose, Level and PlanItem have one field per row (plus their own)."""
        fields = {f.name for f in attrs.fields(model)}
        assert set(NAMES) <= fields

    def test_limits_are_the_table_s(self):
        """LIMITS holds each row's (minimum, maximum)."""
        for measure in TABLE:
            assert measure.limits == LIMITS[measure.name]
            assert 1 <= measure.minimum <= measure.maximum

    def test_derived_name_lists_follow_the_table(self):
        """MEASURES, LEVERS and COUNT_LEVERS list the table's names in its order."""
        assert (*OPTIONAL_NAMES, "support") == MEASURES
        assert (*NAMES, "support", "sessions_per_day") == footdrop.LEVERS
        assert tuple(m.name for m in COUNTS) == COUNT_LEVERS


class TestLimits:
    @given(st.sampled_from(TABLE), st.integers(1, 10_000), st.data())
    def test_models_refuse_a_value_beyond_the_row_s_limits(self, measure, excess, data):
        """Dose, Level and PlanItem refuse a value past the row's bounds, naming the field."""
        value = data.draw(st.sampled_from([measure.maximum + excess, measure.minimum - excess]))
        with pytest.raises(InvalidValueError, match=f"'{measure.name}'"):
            item_with(measure.name, value)
        base = {"sets": 1, "sessions_per_day": 1, measure.name: value}
        with pytest.raises(InvalidValueError, match=f"'{measure.name}'"):
            Level(**base)
        ranges = {"sets": Range.exactly(1), "reps": Range.exactly(1)}
        ranges[measure.name] = Range(min=max(value, 0), max=max(value, 0))
        with pytest.raises(InvalidValueError, match=f"'{measure.name}'"):
            Dose(**ranges)

    @given(st.sampled_from(TABLE), st.data())
    def test_models_accept_every_value_within_the_limits(self, measure, data):
        """Any value within a row's bounds makes a plan item and a level."""
        value = data.draw(st.integers(measure.minimum, measure.maximum))
        assert value == getattr(item_with(measure.name, value), measure.name)
        level = Level(**({"sets": 1, "sessions_per_day": 1} | {measure.name: value}))
        assert value == getattr(level, measure.name)

    @given(fst.doses(), st.integers(1, 12))
    def test_floor_and_ceiling_are_the_ends_of_every_range(self, dose, sessions):
        """Dose.floor() and Dose.ceiling() take each row's range ends, and None stays None."""
        floor = dose.floor(sessions_per_day=sessions)
        ceiling = dose.ceiling(sessions_per_day=sessions)
        for name in NAMES:
            allowed = getattr(dose, name)
            assert (None if allowed is None else allowed.min) == getattr(floor, name)
            assert (None if allowed is None else allowed.max) == getattr(ceiling, name)
        timing = Timing(sessions_per_day=Range.exactly(sessions))
        assert () == floor.problems_against(dose, timing)
        assert () == ceiling.problems_against(dose, timing)

    def test_a_measure_counted_within_another_needs_it(self):
        """A dose with steps but no rounds says which measure to add."""
        with pytest.raises(InvalidValueError, match="'steps' counts steps per round"):
            Dose(sets=Range.exactly(1), steps=Range.exactly(10))


class TestCallersAgree:
    @pytest.mark.parametrize("name", OPTIONAL_NAMES)
    def test_text_words_every_measure(self, name):
        """An item's words change when only that measure's value changes."""
        one, other = item_with(name, 2), item_with(name, 3)
        assert describe_item(one) != describe_item(other)
        assert "2" in describe_item(one) or name == "letters"

    @pytest.mark.parametrize("name", NAMES)
    def test_frame_has_a_column_for_every_measure(self, name):
        """The plan frame has one column per row, named as the field."""
        assert name in PLAN_COLUMNS
        assert name in _DOSE_MEASURES

    @pytest.mark.parametrize("name", NAMES)
    def test_frame_rows_carry_every_measure(self, name):
        """A plan's frame carries each measure's value in its column."""
        pytest.importorskip("pandas")
        from footdrop.export.frame import to_dataframe

        start = dt.datetime(2026, 6, 1, 8, tzinfo=zoneinfo.ZoneInfo("UTC"))
        end = start + dt.timedelta(minutes=5)
        session = Session(start=start, end=end, items=[item_with(name, 2)])
        plan = footdrop.Plan(
            tz="UTC", days=[footdrop.DayPlan(date=start.date(), sessions=[session])]
        )
        frame = to_dataframe(plan)
        assert 2 == int(frame[name].iloc[0])

    @pytest.mark.parametrize("name", NAMES)
    def test_fhir_carries_every_measure_of_an_item_and_reads_it_back(self, name):
        """An item's FHIR dosage carries each measure in its unit, and reads back unchanged."""
        item = item_with(name, 2)
        values = {m.name: getattr(item, m.name) for m in TABLE}
        values |= {"support": None, "rest_between_sets_seconds": 0}
        dosage = _fhir_codec.item_dosage(values, text="x")
        unit = by_name(name).unit
        assert unit in str(dosage)
        read = _fhir_codec.FhirReader().item_values(dosage, "$")
        assert values == read

    @given(fst.doses(), st.integers(1, 12))
    def test_fhir_round_trips_every_dose_and_level(self, dose, sessions):
        """Every dose and its floor survive the FHIR dosage and current-level mapping."""
        reader = _fhir_codec.FhirReader()
        dosage = _fhir_codec.dosage(dose, text="x", sessions_per_day=None, version="R4")
        assert dose == reader.dose(dosage, "$")
        level = dose.floor(sessions_per_day=sessions)
        node = {"extension": [_fhir_codec.level(level)]}
        assert level == reader.level(node, "$")

    @settings(max_examples=50)
    @given(fst.plan_items())
    def test_every_export_words_an_item_the_same(self, item):
        """describe_item() and item_line() are the plan item's own wording."""
        assert item.describe() == describe_item(item)
        assert item.to_text({}) == item_line(item, {})
        assert item_line(item, {}).endswith(": " + describe_item(item))
        assert str(item) == item_line(item)


class TestWording:
    def test_the_first_count_says_what_a_set_holds(self):
        """'2 sets of 10 reps', then the hold; a count within another joins it."""
        assert ["2 sets of 10 reps", "hold 3 s"] == dose_words(
            2, {"reps": 10, "hold_seconds": 3}, None
        )
        assert ["1 set of 3 rounds of 1 step each way"] == dose_words(
            1, {"rounds": 3, "steps": 1}, None
        )
        assert ["1 set of 4 steps"] == dose_words(1, {"steps": 4}, None)

    def test_ranges_are_worded_like_numbers(self):
        """A prescribed range reads '10-15 reps'; a range of one reads as the number."""
        assert ["2-3 sets of 10-15 reps"] == dose_words(
            Range(min=2, max=3), {"reps": Range(min=10, max=15)}, None
        )
        assert ["1 set of 1 rep"] == dose_words(Range.exactly(1), {"reps": Range.exactly(1)}, None)
