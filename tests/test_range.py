"""Tests for footdrop.Range: a closed interval of whole numbers."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from footdrop import Range
from footdrop.exceptions import FootdropError, InvalidTypeError, InvalidValueError
from footdrop.model._range import MAX_RANGE_VALUE
from footdrop.testing.strategies import ranges

ENDS = st.integers(0, MAX_RANGE_VALUE)


class TestConstruction:
    def test_holds_both_ends(self):
        """A range keeps its floor and ceiling as given."""
        reps = Range(min=10, max=15)
        assert (10, 15) == (reps.min, reps.max)

    def test_single_value_is_allowed(self):
        """A range whose min equals its max holds one value."""
        assert Range.exactly(26) == Range(min=26, max=26)
        assert Range.exactly(26).is_single

    def test_min_above_max_names_the_fix(self):
        """A min above max is refused with a message that shows the swapped range."""
        with pytest.raises(InvalidValueError) as caught:
            Range(min=15, max=10)
        assert "swap them to Range(min=10, max=15)" in str(caught.value)
        assert caught.value.field == "min"

    @pytest.mark.parametrize("bad", [-1, -100, MAX_RANGE_VALUE + 1])
    def test_out_of_bounds_ends_are_refused(self, bad):
        """Negative ends and ends above MAX_RANGE_VALUE are InvalidValueErrors."""
        with pytest.raises(InvalidValueError) as caught:
            Range(min=bad, max=MAX_RANGE_VALUE + 5)
        assert f"(got {bad})" in str(caught.value)

    @pytest.mark.parametrize("bad", [True, False, 1.0, 2.5, "3", None, float("nan")])
    def test_non_integers_are_type_errors(self, bad):
        """Booleans, floats, strings and None are InvalidTypeErrors, also TypeErrors."""
        with pytest.raises(InvalidTypeError) as caught:
            Range(min=bad, max=3)
        assert isinstance(caught.value, TypeError)
        assert caught.value.field == "min"

    @given(ENDS, ENDS)
    def test_any_ordered_pair_is_a_range(self, a, b):
        """Every ordered pair of ends within bounds makes a range; reversed pairs fail."""
        low, high = sorted((a, b))
        assert Range(min=low, max=high).width == high - low
        if low != high:
            with pytest.raises(InvalidValueError):
                Range(min=high, max=low)

    def test_is_frozen(self):
        """Ranges are immutable."""
        reps = Range(min=1, max=2)
        with pytest.raises(AttributeError):
            reps.min = 0  # type: ignore[misc]


class TestMembership:
    @given(ranges(max_value=200), st.integers(-5, 205))
    def test_contains_matches_the_ends(self, value_range, value):
        """A value is in the range exactly when min <= value <= max."""
        assert (value_range.min <= value <= value_range.max) == (value in value_range)

    @given(ranges(max_value=200))
    def test_iteration_and_len_agree(self, value_range):
        """Iterating yields len(r) values, floor first, each inside the range."""
        values = list(value_range)
        assert len(value_range) == len(values)
        assert value_range.min == values[0]
        assert value_range.max == values[-1]

    def test_booleans_are_not_members(self):
        """True is not a member of 1..3 although True == 1."""
        assert True not in Range(min=1, max=3)

    @given(ranges(), ranges())
    def test_is_within_matches_containment(self, inner, outer):
        """is_within holds exactly when both ends lie inside the other range."""
        expected = inner.min in outer and inner.max in outer
        assert expected == inner.is_within(outer)


class TestText:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("10-15", Range(min=10, max=15)),
            ("10..15", Range(min=10, max=15)),
            ("10 to 15", Range(min=10, max=15)),
            ("10\u201315", Range(min=10, max=15)),
            (" 12 ", Range(min=12, max=12)),
        ],
    )
    def test_parse_reads_common_forms(self, text, expected):
        """parse() reads '10-15', '10..15', '10 to 15', an en dash and a single number."""
        assert expected == Range.parse(text)

    @pytest.mark.parametrize("text", ["", "ten", "10-", "-5", "1-2-3", "9" * 5000, "\u0661\u0662"])
    def test_parse_refuses_anything_else(self, text):
        """Text that is not a range (or a huge number) is an InvalidValueError."""
        with pytest.raises(InvalidValueError):
            Range.parse(text)

    def test_parse_refuses_non_text(self):
        """parse() of a non-string is an InvalidTypeError, still a FootdropError."""
        with pytest.raises(FootdropError):
            Range.parse(12)  # type: ignore[arg-type]

    @given(ranges())
    def test_str_parses_back(self, value_range):
        """str(r) parses back to r."""
        assert value_range == Range.parse(str(value_range))
