"""Tests for footdrop.testing.strategies: valid models, and registration for st.from_type."""

import datetime as dt
import itertools
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import footdrop
from footdrop.testing import strategies as fst

MODELS = [
    footdrop.Range,
    footdrop.SupportRange,
    footdrop.Dose,
    footdrop.Timing,
    footdrop.Level,
    footdrop.ExerciseSet,
    footdrop.Provenance,
    footdrop.Exercise,
    footdrop.Catalogue,
    footdrop.Parameter,
    footdrop.Prescription,
    footdrop.Routine,
    footdrop.BorgCR10,
    footdrop.ExerciseLog,
    footdrop.Window,
    footdrop.Availability,
    footdrop.PlanItem,
    footdrop.Session,
    footdrop.Fallback,
    footdrop.DayPlan,
    footdrop.Plan,
]


ENTRY_POINT_CHECK = """
import sys
import footdrop
from hypothesis import given, settings, strategies as st

@settings(max_examples=10, database=None)
@given(st.from_type(footdrop.Dose))
def check(dose):
    assert isinstance(dose, footdrop.Dose) and dose.measures

check()
print("loaded:", "footdrop.testing.strategies" in sys.modules)
"""


class TestFromType:
    def test_entry_point_registers_without_an_import(self):
        """A fresh interpreter finds footdrop strategies through the entry point alone."""
        result = subprocess.run(
            [sys.executable, "-c", ENTRY_POINT_CHECK],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert 0 == result.returncode, result.stderr
        assert "loaded: True" == result.stdout.strip()

    @given(st.from_type(footdrop.Dose))
    def test_from_type_dose_builds_valid_doses(self, dose):
        """st.from_type(footdrop.Dose) draws doses that use at least one measure."""
        assert isinstance(dose, footdrop.Dose)
        assert dose.measures != ()

    @pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
    @settings(max_examples=10)
    @given(data=st.data())
    def test_every_model_is_registered(self, model, data):
        """Every public model has a registered strategy that draws instances of it."""
        value = data.draw(st.from_type(model))
        assert type(value) is model


class TestStrategies:
    @settings(max_examples=50)
    @given(fst.prescriptions())
    def test_prescription_current_inside_ranges(self, prescription):
        """Drawn prescriptions keep current inside their dose and timing."""
        assert prescription.current.problems_against(prescription.dose, prescription.timing) == ()

    @settings(max_examples=50)
    @given(fst.exercises(complete_provenance=True))
    def test_complete_provenance(self, exercise):
        """complete_provenance=True explains every default number in use."""
        assert exercise.missing_provenance() == ()

    @given(fst.sessions(tz="America/New_York"))
    def test_sessions_are_aware_and_forward(self, session):
        """Drawn sessions have aware datetimes and end after they start."""
        assert session.start.utcoffset() is not None
        assert session.end.astimezone(dt.UTC) > session.start.astimezone(dt.UTC)

    @settings(max_examples=50)
    @given(fst.plans())
    def test_plan_days_are_consecutive(self, plan):
        """Drawn plans hold consecutive dates whose sessions start on that local date."""
        for before, after in itertools.pairwise(plan.days):
            assert before.date + dt.timedelta(days=1) == after.date
        for day in plan.days:
            assert all(s.start.date() == day.date for s in day.sessions)

    @given(fst.ranges(min_value=3, max_value=9))
    def test_ranges_respect_bounds(self, value):
        """ranges() keeps both ends inside the bounds it is given."""
        assert 3 <= value.min <= value.max <= 9

    @given(fst.doses(measures=("rounds", "steps")))
    def test_doses_use_exactly_the_measures_asked(self, dose):
        """doses(measures=...) uses exactly the measures asked for."""
        assert dose.measures == ("rounds", "steps")

    @given(
        fst.levels_within(
            footdrop.catalogue()["single-leg-stance"].dose,
            footdrop.catalogue()["single-leg-stance"].timing,
        )
    )
    def test_levels_within_support(self, level):
        """levels_within() picks a support rung the dose allows."""
        dose = footdrop.catalogue()["single-leg-stance"].dose
        assert dose.support is not None
        assert level.support in dose.support

    @given(fst.availabilities())
    def test_availability_windows_never_overlap(self, availability):
        """Drawn availabilities hold windows that do not overlap on any weekday."""
        for day in footdrop.Weekday:
            spans = sorted((w.start, w.end) for w in availability.windows if day in w.weekdays)
            for (_, end), (start, _) in itertools.pairwise(spans):
                assert end <= start

    @given(fst.exercise_logs())
    def test_logs_detail_matches_sets(self, log):
        """Drawn logs give set_results for every set or for none."""
        assert len(log.set_results) in (0, log.sets)
