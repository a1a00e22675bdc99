"""Tests for footdrop.export.text: doses in plain words, nothing left out."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import footdrop
from footdrop import (
    PlanItem,
    Prescription,
    Range,
    Side,
    Sides,
    SupportLevel,
    SupportRange,
    Timing,
    Weekday,
)
from footdrop.exceptions import InvalidTypeError
from footdrop.export.text import (
    SUPPORT_WORDS,
    clean_text,
    describe_defaults,
    describe_dose,
    describe_item,
    describe_level,
    describe_timing,
    exercise_title,
)
from footdrop.testing import strategies as fst

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def shows(words: str, value: int | Range) -> bool:
    """Whether *value* appears in *words* as a whole number or range."""
    return re.search(rf"(?<![\d-]){re.escape(str(value))}(?![\d-])", words) is not None


def shows_letters(words: str, value: int | Range) -> bool:
    if isinstance(value, Range) and not value.is_single:
        return shows(words, value)
    n = value if isinstance(value, int) else value.min
    if n == 26:
        return "A to Z" in words
    return "the letter A" in words if n == 1 else f"A to {ALPHABET[n - 1]}" in words


@st.composite
def prescriptions(draw: st.DrawFn) -> Prescription:
    """Prescriptions of catalogue exercises with drawn doses and timings.

    Cheaper than fst.prescriptions, which also draws exercises, reviews and parameters.
    """
    exercise = draw(st.sampled_from(list(footdrop.catalogue().values())))
    dose = draw(st.just(exercise.dose) | fst.doses())
    timing = draw(st.just(exercise.timing) | fst.timings())
    sided = exercise.laterality is footdrop.Laterality.EACH_SIDE
    sides = draw(st.sampled_from((Sides.BOTH, Sides.AFFECTED))) if sided else Sides.TOGETHER
    current = draw(fst.levels_within(dose, timing))
    return Prescription(exercise=exercise, dose=dose, timing=timing, sides=sides, current=current)


class TestDescribeItem:
    @settings(max_examples=100)
    @given(fst.plan_items())
    def test_every_measure_is_worded(self, item):
        """Sets and every measure the item uses appear in its words; none is dropped."""
        words = describe_item(item)
        assert shows(words, item.sets)
        for name in ("reps", "hold_seconds", "rounds", "steps"):
            value = getattr(item, name)
            if value is not None:
                assert shows(words, value), name
        if item.letters is not None:
            assert shows_letters(words, item.letters)
        if item.support is not None:
            assert SUPPORT_WORDS[item.support] in words
        if item.side is not None:
            assert words.endswith(f"{item.side.value} leg")

    def test_examples(self):
        """Typical items read as a person would say them."""
        cases = {
            PlanItem(exercise_id="a", side=Side.LEFT, sets=2, reps=10, hold_seconds=3):
                "2 sets of 10 reps, hold 3 s, left leg",
            PlanItem(exercise_id="a", side=None, sets=1, letters=26):
                "1 set of the whole alphabet, A to Z",
            PlanItem(exercise_id="a", side=None, sets=1, rounds=3, steps=10):
                "1 set of 3 rounds of 10 steps each way",
            PlanItem(exercise_id="a", side=Side.RIGHT, sets=3, hold_seconds=10,
                     support=SupportLevel.ONE_HAND):
                "3 sets, hold 10 s, one hand on a stable support, right leg",
        }  # fmt: skip
        assert list(cases.values()) == [describe_item(i) for i in cases]

    def test_not_an_item(self):
        """Anything but a PlanItem is refused."""
        with pytest.raises(InvalidTypeError, match=r"'item' must be a footdrop\.PlanItem"):
            describe_item("item")


class TestDescribeDose:
    @settings(max_examples=50)
    @given(prescriptions(), st.sampled_from(Side))
    def test_every_range_is_worded(self, prescription, affected):
        """Every range of the dose and the sessions per day appear in the words."""
        words = describe_dose(prescription, affected)
        dose = prescription.dose
        assert shows(words, dose.sets)
        for name in ("reps", "hold_seconds", "rounds", "steps"):
            value = getattr(dose, name)
            if value is not None:
                assert shows(words, value), name
        if dose.letters is not None:
            assert shows_letters(words, dose.letters)
        if dose.support is not None:
            assert SUPPORT_WORDS[dose.support.easiest] in words
            assert SUPPORT_WORDS[dose.support.hardest] in words
        assert describe_timing(prescription.timing) in words

    @settings(max_examples=50)
    @given(prescriptions(), st.sampled_from(Side))
    def test_sides_are_named(self, prescription, affected):
        """The words name the leg: the affected one, each leg affected first, or both together."""
        words = describe_dose(prescription, affected)
        expected = {
            Sides.AFFECTED: f"{affected.value} leg",
            Sides.BOTH: f"each leg, {affected.value} first",
        }.get(prescription.sides)
        if expected is not None:
            assert words.endswith(expected)
        else:
            assert not words.endswith(("left leg", "right leg", "first"))

    @settings(max_examples=50)
    @given(prescriptions(), st.sampled_from(Side))
    def test_level_is_worded(self, prescription, affected):
        """The current level's numbers and sessions per day appear in the level words."""
        words = describe_level(prescription, affected)
        level = prescription.current
        assert shows(words, level.sets)
        for name in ("reps", "hold_seconds", "rounds", "steps"):
            value = getattr(level, name)
            if value is not None:
                assert shows(words, value), name
        per_day = {1: "once a day", 2: "twice a day"}.get(
            level.sessions_per_day, f"{level.sessions_per_day} times a day"
        )
        assert per_day in words

    def test_brief_wording(self):
        """The example from the issue reads word for word."""
        slides = footdrop.catalogue()["hip-rotation-slides"]
        p = Prescription(
            exercise=slides,
            sides=Sides.AFFECTED,
            timing=Timing(sessions_per_day=Range(min=2, max=3)),
        )
        expected = "2-3 sets of 10-15 reps, hold 3-5 s, 2-3 times a day, left leg"
        assert expected == describe_dose(p, Side.LEFT)

    def test_support_range(self):
        """A support range reads from the easiest rung to the hardest."""
        stance = footdrop.catalogue()["single-leg-stance"]
        dose = stance.dose
        support = SupportRange(easiest=SupportLevel.TWO_HANDS, hardest=SupportLevel.NO_HANDS)
        p = Prescription(exercise=stance, dose=dose, sides=Sides.AFFECTED)
        expected = "from both hands on a stable support to no hands (support within reach)"
        assert support == dose.support
        assert expected in describe_dose(p, Side.RIGHT)

    @pytest.mark.parametrize(("prescription", "affected"), [("p", Side.LEFT), (None, "left")])
    def test_bad_arguments(self, prescription, affected):
        """A prescription and a Side are required."""
        if prescription is None:
            prescription = Prescription(exercise=footdrop.catalogue()["ankle-eversion"])
        with pytest.raises(InvalidTypeError):
            describe_dose(prescription, affected)


class TestDescribeTiming:
    @pytest.mark.parametrize(
        ("timing", "expected"),
        [
            (Timing(sessions_per_day=Range.exactly(1)), "once a day"),
            (Timing(sessions_per_day=Range.exactly(2)), "twice a day"),
            (Timing(sessions_per_day=Range.exactly(4)), "4 times a day"),
            (Timing(sessions_per_day=Range(min=2, max=3)), "2-3 times a day"),
            (
                Timing(sessions_per_day=Range.exactly(1), days_per_week=3),
                "once a day, on 3 days a week",
            ),
            (
                Timing(
                    sessions_per_day=Range.exactly(1), days_per_week=1, weekdays=[Weekday.FRIDAY]
                ),
                "once a day, on Friday",
            ),
            (
                Timing(
                    sessions_per_day=Range.exactly(1),
                    days_per_week=1,
                    weekdays=[Weekday.MONDAY, Weekday.WEDNESDAY],
                ),
                "once a day, on 1 day a week (Monday or Wednesday)",
            ),
        ],
    )
    def test_wording(self, timing, expected):
        """Frequencies and days read in plain words."""
        assert expected == describe_timing(timing)

    def test_catalogue_defaults(self):
        """Every catalogue exercise's defaults are worded with its sets and frequency."""
        for exercise in footdrop.catalogue().values():
            words = describe_defaults(exercise)
            assert shows(words, exercise.dose.sets)
            assert describe_timing(exercise.timing) in words


class TestCleanText:
    @given(st.text())
    def test_no_control_characters_survive(self, text):
        """Only tab and line feed remain of the control characters, and nothing else changes."""
        cleaned = clean_text(text)
        assert [] == re.findall(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", cleaned)
        expected = len(text.replace("\r\n", "\n"))
        assert expected == len(cleaned)

    def test_title_falls_back_to_words(self):
        """An unknown id reads as words; a known one as the exercise's name."""
        known = {"ankle-eversion": footdrop.catalogue()["ankle-eversion"]}
        expected = ("Ankle eversion", "Heel and toe walks")
        assert expected == (
            exercise_title("ankle-eversion", known),
            exercise_title("heel-and-toe-walks", {}),
        )
