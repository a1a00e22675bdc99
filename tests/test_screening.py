"""Screening as a dated record, and red flags that stop every planner (issue 11, item 1)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import pickle

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import footdrop
from footdrop import Availability, ExerciseLog, Plan, Routine, Side, safety
from footdrop.exceptions import (
    DocumentError,
    IncompleteScreeningError,
    InvalidTypeError,
    InvalidValueError,
    RedFlagError,
)
from footdrop.progression import progress
from footdrop.serialisation import dumps, loads
from footdrop.testing.strategies import aware_datetimes, screenings

IDS = tuple(flag.id for flag in safety.RED_FLAGS)
ALL_NO = dict.fromkeys(IDS, False)
TAKEN = dt.datetime(2026, 11, 23, 7, 45, tzinfo=dt.UTC)
START = dt.date(2026, 11, 23)
DAY = Availability.daily(start=dt.time(7, 30), end=dt.time(21, 30), tz="Europe/London")
ROUTINE = Routine.from_catalogue(affected=Side.LEFT, only=["toe-raise-negatives"])
CLEAR = safety.screen(ALL_NO, taken_at=TAKEN, answered_by="patient")
LOGS = [
    ExerciseLog(
        on=dt.date(2026, 11, d),
        exercise_id="toe-raise-negatives",
        side=None,
        sets=2,
        reps=10,
        pain=2,
        pain_next_morning=0,
    )
    for d in (15, 17, 19, 21, 22)  # a week at the level (the time-at-level limit), no gaps
]


ENTRY = {
    "schedule": lambda s: footdrop.schedule(
        ROUTINE, start=START, days=1, availability=DAY, screening=s
    ),
    "iter_schedule": lambda s: footdrop.iter_schedule(
        ROUTINE, start=START, availability=DAY, screening=s
    ),
    "progress": lambda s: progress(ROUTINE, LOGS, on=START, screening=s),
}


def flagged(*flags):
    return safety.screen({**ALL_NO, **dict.fromkeys(flags, True)}, taken_at=TAKEN)


class TestRecord:
    def test_screen_records_date_respondent_and_every_answer(self):
        """screen() keeps when, who, and one answer per question in RED_FLAGS order."""
        assert TAKEN == CLEAR.taken_at
        assert safety.Respondent.PATIENT is CLEAR.answered_by
        assert IDS == tuple(a.flag for a in CLEAR.answers)
        assert not any(a.is_yes for a in CLEAR.answers)
        assert CLEAR.is_complete
        assert CLEAR.is_clear

    def test_empty_screening_does_not_pass(self):
        """require_clear(Screening()) fails: nothing answered, undated, every question named."""
        with pytest.raises(IncompleteScreeningError) as caught:
            safety.require_clear(safety.Screening())
        assert IDS == caught.value.missing
        assert "answers" == caught.value.field
        assert "undated" in str(caught.value)
        assert not safety.Screening().is_clear

    def test_partly_answered_names_the_rest(self):
        """A screening with some questions unanswered names exactly those."""
        partial = safety.Screening(
            taken_at=TAKEN,
            answers=[safety.Answer(flag=i, is_yes=False) for i in IDS[:5]],
        )
        with pytest.raises(IncompleteScreeningError) as caught:
            safety.require_clear(partial)
        assert IDS[5:] == caught.value.missing
        for flag in IDS[5:]:
            assert flag in str(caught.value)

    def test_undated_screening_does_not_pass(self):
        """Every answer given but no date: incomplete, naming 'taken_at'."""
        undated = attrs.evolve(CLEAR, taken_at=None)
        with pytest.raises(IncompleteScreeningError) as caught:
            safety.require_clear(undated)
        assert "taken_at" == caught.value.field
        assert () == caught.value.missing
        with pytest.raises(IncompleteScreeningError, match="taken_at"):
            safety.screen(ALL_NO, taken_at=None)

    def test_yes_on_an_unfinished_form_still_halts(self):
        """A red flag answered yes stops the plan even when other answers are missing."""
        partial = safety.Screening(answers=[safety.Answer(flag="chest-pain", is_yes=True)])
        with pytest.raises(RedFlagError) as caught:
            safety.require_clear(partial)
        assert ("chest-pain",) == caught.value.flags

    def test_naive_time_is_refused(self):
        """A naive taken_at is refused, naming the field and the fix."""
        with pytest.raises(InvalidValueError, match="'taken_at' must be time-zone aware"):
            safety.Screening(taken_at=dt.datetime(2026, 11, 23, 8))

    def test_two_answers_to_one_question_are_refused(self):
        """The same question answered twice is refused, never silently deduplicated."""
        twice = [safety.Answer(flag="dizziness", is_yes=False)] * 2
        with pytest.raises(InvalidValueError, match=r"'answers\[1\]' answers 'dizziness'"):
            safety.Screening(taken_at=TAKEN, answers=twice)

    def test_unknown_question_suggests_the_nearest(self):
        """An Answer to an unknown question names the nearest id."""
        with pytest.raises(InvalidValueError, match="Did you mean 'chest-pain'"):
            safety.Answer(flag="chest-pains", is_yes=False)

    def test_answer_must_be_a_boolean(self):
        """is_yes must be True or False, not text."""
        with pytest.raises(InvalidTypeError, match="is_yes"):
            safety.Answer(flag="chest-pain", is_yes="no")

    def test_respondent_must_be_known(self):
        """answered_by is 'patient', 'clinician' or None."""
        with pytest.raises(InvalidValueError, match="answered_by"):
            safety.screen(ALL_NO, taken_at=TAKEN, answered_by="neighbour")

    def test_require_clear_wants_a_screening(self):
        """A bare mapping of answers is refused with a pointer to screen()."""
        with pytest.raises(InvalidTypeError, match=r"safety\.screen"):
            safety.require_clear(ALL_NO)

    def test_describe(self):
        """describe() says when, who and what was found."""
        assert "answered by the patient): clear" in CLEAR.describe()
        assert "red flags: both-legs" in flagged("both-legs").describe()
        assert "incomplete (8 question(s) unanswered)" in safety.Screening().describe()

    def test_error_pickles(self):
        """IncompleteScreeningError survives pickling with its attributes."""
        with pytest.raises(IncompleteScreeningError) as caught:
            safety.require_clear(safety.Screening())
        again = pickle.loads(pickle.dumps(caught.value))  # noqa: S301 - our own object
        assert (IDS, "answers") == (again.missing, again.field)


class TestJson:
    @settings(max_examples=60)
    @given(screenings())
    def test_round_trip(self, screening):
        """Every screening, complete or not, survives dumps and loads unchanged."""
        assert screening == loads(dumps(screening), safety.Screening)

    def test_document_shape(self):
        """The JSON names the time with its offset, the respondent and each answer."""
        data = json.loads(dumps(CLEAR))
        assert "2026-11-23T07:45:00+00:00" == data["taken_at"]
        assert "patient" == data["answered_by"]
        assert {"flag": "sudden-weakness", "is_yes": False} == data["answers"][0]

    def test_answers_are_strict(self):
        """'no' is not false, and an unknown question is refused with its path."""
        data = json.loads(dumps(CLEAR))
        data["answers"][2]["is_yes"] = "no"
        data["answers"][3]["flag"] = "headache"
        with pytest.raises(DocumentError) as caught:
            loads(json.dumps(data), safety.Screening)
        paths = [p.path for p in caught.value.problems]
        assert "$.answers[2].is_yes" in paths
        assert any(p.startswith("$.answers[3]") for p in paths)


class TestPeriod:
    @given(st.integers(-3 * 24 * 60, 30 * 24 * 60), st.integers(1, safety.MAX_RESCREEN_DAYS))
    def test_due_exactly_outside_the_period(self, minutes, period):
        """A screening is due again when older than the period, or dated after the moment."""
        at = TAKEN + dt.timedelta(minutes=minutes)
        expected = minutes < 0 or minutes > period * 24 * 60
        assert expected == CLEAR.is_due(at=at, period_days=period)

    def test_default_period_is_seven_days(self):
        """The default re-screening period is 7 days."""
        assert 7 == safety.RESCREEN_DAYS
        assert not CLEAR.is_due(at=TAKEN + dt.timedelta(days=7))
        assert CLEAR.is_due(at=TAKEN + dt.timedelta(days=7, minutes=1))

    @given(screenings(is_clear=False), aware_datetimes())
    def test_incomplete_or_flagged_is_always_due(self, screening, at):
        """A screening that is not clear for want of answers or a date is always due."""
        if not screening.is_complete:
            assert screening.is_due(at=at)

    @pytest.mark.parametrize("period", [0, safety.MAX_RESCREEN_DAYS + 1])
    def test_period_bounds(self, period):
        """The period is a whole number of days within 1..28."""
        with pytest.raises(InvalidValueError, match="period_days"):
            CLEAR.is_due(at=TAKEN, period_days=period)

    def test_moment_must_be_aware(self):
        """is_due() refuses a naive moment."""
        with pytest.raises(InvalidValueError, match="'at'"):
            CLEAR.is_due(at=dt.datetime(2026, 11, 24))


class TestEntryPoints:
    """Progression and scheduling refuse to run past a red flag, on every entry point."""

    @pytest.mark.parametrize("flag", IDS)
    def test_schedule_refuses_each_red_flag(self, flag):
        """schedule() raises RedFlagError with the flag's urgent-care message."""
        with pytest.raises(RedFlagError) as caught:
            footdrop.schedule(
                ROUTINE, start=START, days=7, availability=DAY, screening=flagged(flag)
            )
        assert (flag,) == caught.value.flags
        assert safety.ADVICE[safety.RED_FLAGS[IDS.index(flag)].group] == caught.value.advice

    def test_iter_schedule_refuses_at_the_call(self):
        """iter_schedule() raises at the call, before any day is asked for."""
        with pytest.raises(RedFlagError) as caught:
            footdrop.iter_schedule(
                ROUTINE, start=START, availability=DAY, screening=flagged("speech-or-vision")
            )
        assert "emergency services" in caught.value.advice

    def test_progress_refuses_and_changes_nothing(self):
        """progress() raises RedFlagError; the same call without the flag would progress."""
        with pytest.raises(RedFlagError) as caught:
            progress(ROUTINE, LOGS, on=dt.date(2026, 11, 23), screening=flagged("both-legs"))
        assert "cauda equina" in caught.value.advice
        step = progress(ROUTINE, LOGS, on=dt.date(2026, 11, 23), screening=CLEAR)
        assert 11 == step.routine["toe-raise-negatives"].current.reps

    @pytest.mark.parametrize("call", ["schedule", "iter_schedule", "progress"])
    def test_incomplete_screening_is_refused_everywhere(self, call):
        """Screening() is refused by every entry point, naming the unanswered questions."""
        with pytest.raises(IncompleteScreeningError) as caught:
            ENTRY[call](safety.Screening())
        assert IDS == caught.value.missing

    @pytest.mark.parametrize("call", ["schedule", "iter_schedule", "progress"])
    def test_wrong_type_is_refused(self, call):
        """A mapping of answers instead of a Screening is a type error everywhere."""
        with pytest.raises(InvalidTypeError, match="screening"):
            ENTRY[call](ALL_NO)

    def test_plan_records_the_screening(self):
        """A plan made under a screening keeps it, through JSON too."""
        plan = footdrop.schedule(ROUTINE, start=START, days=3, availability=DAY, screening=CLEAR)
        assert CLEAR == plan.screening
        assert CLEAR == loads(dumps(plan), Plan).screening

    def test_unscreened_plan_says_so(self):
        """Without a screening the plan records None ('not screened'), as null in JSON."""
        plan = footdrop.schedule(ROUTINE, start=START, days=3, availability=DAY)
        assert plan.screening is None
        assert json.loads(dumps(plan))["screening"] is None

    def test_same_days_with_or_without_screening(self):
        """A clear screening changes what the plan records, not what it plans."""
        plain = footdrop.schedule(ROUTINE, start=START, days=7, availability=DAY)
        screened = footdrop.schedule(
            ROUTINE, start=START, days=7, availability=DAY, screening=CLEAR
        )
        assert plain.days == screened.days
        days = footdrop.iter_schedule(ROUTINE, start=START, availability=DAY, screening=CLEAR)
        assert plain.days[:3] == tuple(itertools.islice(days, 3))

    def test_plan_cannot_claim_a_red_flag(self):
        """A plan document carrying a red-flag screening is refused at $.screening."""
        plan = footdrop.schedule(ROUTINE, start=START, days=1, availability=DAY, screening=CLEAR)
        data = json.loads(dumps(plan))
        data["screening"]["answers"][0]["is_yes"] = True
        with pytest.raises(DocumentError) as caught:
            loads(json.dumps(data), Plan)
        assert ["$.screening"] == [p.path for p in caught.value.problems]
        assert "sudden-weakness" in str(caught.value)
        with pytest.raises(InvalidValueError, match="'screening' must be a complete, clear"):
            attrs.evolve(plan, screening=flagged("dizziness"))
        with pytest.raises(InvalidValueError, match="unanswered"):
            attrs.evolve(plan, screening=safety.Screening())
