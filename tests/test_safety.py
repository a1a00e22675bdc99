"""Red-flag screening and the balance safety rules (DOMAIN.md sections 3.1 and 3.4)."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from footdrop import (
    ExerciseLog,
    Routine,
    Side,
    SupportLevel,
    SupportRange,
    catalogue,
    safety,
)
from footdrop.exceptions import InvalidTypeError, InvalidValueError, RedFlagError
from footdrop.progression import Outcome, Proposal, progress, register_rule

IDS = tuple(flag.id for flag in safety.RED_FLAGS)
ALL_NO = dict.fromkeys(IDS, False)
DAY = dt.date(2026, 11, 24)
TAKEN = dt.datetime(2026, 11, 24, 8, 30, tzinfo=dt.UTC)


def _screen(answers):
    return safety.screen(answers, taken_at=TAKEN)


class TestScreen:
    def test_all_no_is_clear(self):
        """No red flag: the screening is clear and gives no advice."""
        screening = safety.require_clear(_screen(ALL_NO))
        assert screening.is_clear
        assert "" == screening.advice

    @pytest.mark.parametrize(
        ("flag", "group"),
        [
            ("sudden-weakness", safety.FlagGroup.STROKE),
            ("speech-or-vision", safety.FlagGroup.STROKE),
            ("bladder-or-bowel", safety.FlagGroup.CAUDA_EQUINA),
            ("saddle-numbness", safety.FlagGroup.CAUDA_EQUINA),
            ("both-legs", safety.FlagGroup.CAUDA_EQUINA),
            ("chest-pain", safety.FlagGroup.DURING_EXERCISE),
            ("dizziness", safety.FlagGroup.DURING_EXERCISE),
            ("breathless", safety.FlagGroup.DURING_EXERCISE),
        ],
    )
    def test_each_flag_halts_with_urgent_advice(self, flag, group):
        """Each red flag of DOMAIN.md 3.1 halts with its group's urgent-care message."""
        with pytest.raises(RedFlagError) as info:
            safety.require_clear(_screen({**ALL_NO, flag: True}))
        assert (flag,) == info.value.flags
        assert safety.ADVICE[group] == info.value.advice
        assert flag in str(info.value)

    def test_stroke_advice_says_call_emergency_services(self):
        """Stroke signs send the person to emergency services, even if they passed."""
        advice = safety.ADVICE[safety.FlagGroup.STROKE]
        assert "emergency services" in advice
        assert "even if" in advice

    @given(st.lists(st.booleans(), min_size=len(IDS), max_size=len(IDS)))
    def test_clear_exactly_when_no_flag(self, answers):
        """The screening is clear exactly when every answer is no; flags come most urgent first."""
        mapping = dict(zip(IDS, answers, strict=True))
        screening = _screen(mapping)
        assert (not any(answers)) == screening.is_clear
        assert tuple(i for i, a in zip(IDS, answers, strict=True) if a) == tuple(
            f.id for f in screening.flags
        )
        ranks = [list(safety.FlagGroup).index(g) for g in screening.groups]
        assert sorted(ranks) == ranks
        if any(answers):
            with pytest.raises(RedFlagError):
                safety.require_clear(screening)

    def test_missing_answer_is_not_read_as_no(self):
        """An unanswered question is an error naming it."""
        answers = dict(ALL_NO)
        del answers["both-legs"]
        with pytest.raises(InvalidValueError, match="missing: both-legs"):
            _screen(answers)

    def test_unknown_flag_suggests_the_nearest(self):
        """A misspelt flag id names the nearest one."""
        with pytest.raises(InvalidValueError, match="Did you mean 'dizziness'"):
            _screen({**ALL_NO, "dizzyness": False})

    def test_answers_must_be_booleans(self):
        """'yes' is not True."""
        with pytest.raises(InvalidTypeError, match=r"answers\['chest-pain'\]"):
            _screen({**ALL_NO, "chest-pain": "yes"})


def _stance(**changes):
    p = Routine.from_catalogue(affected=Side.LEFT, only=["single-leg-stance"])["single-leg-stance"]
    return attrs.evolve(p, **changes)


class TestBalance:
    def test_catalogue_is_safe(self):
        """The built-in programme passes every balance check."""
        assert () == safety.check_balance(Routine.from_catalogue(affected=Side.LEFT))

    def test_balance_needs_a_support_ladder(self):
        """A balance dose without a support ladder is reported."""
        p = _stance()
        exercise = p.exercise
        dose = attrs.evolve(exercise.dose, support=None)
        bare = attrs.evolve(exercise, dose=dose, provenance=())
        found = safety.check_balance(
            attrs.evolve(p, exercise=bare, dose=dose, current=dose.floor(sessions_per_day=1))
        )
        assert ["dose.support"] == [i.field for i in found]

    def test_balance_needs_a_stable_support(self):
        """Cautions that never name a stable support are reported."""
        p = _stance()
        chair = attrs.evolve(p.exercise, cautions=("Hold on to a chair.",))
        found = safety.check_balance(attrs.evolve(p, exercise=chair))
        assert ["exercise.cautions"] == [i.field for i in found]
        with pytest.raises(InvalidValueError, match="stable support"):
            safety.require_safe_balance(attrs.evolve(p, exercise=chair))

    def test_eyes_closed_needs_unsupported_stance_first(self):
        """Eyes-closed stance without 30 s unsupported in the logs is reported; with it, not."""
        p = _stance()
        rungs = SupportRange(easiest=SupportLevel.TWO_HANDS, hardest=SupportLevel.EYES_CLOSED)
        dose = attrs.evolve(p.dose, support=rungs)
        level = attrs.evolve(p.current, support=SupportLevel.EYES_CLOSED)
        eyes = attrs.evolve(p, dose=dose, current=level)
        assert ["current.support"] == [i.field for i in safety.check_balance(eyes)]
        held = ExerciseLog(
            on=DAY,
            exercise_id="single-leg-stance",
            side=Side.LEFT,
            sets=1,
            hold_seconds=30,
            support=SupportLevel.NO_HANDS,
        )
        assert () == safety.check_balance(eyes, [held])
        assert not safety.eyes_closed_ready(
            [attrs.evolve(held, hold_seconds=29)], exercise_id="single-leg-stance"
        )
        assert not safety.eyes_closed_ready(
            [attrs.evolve(held, fell=True)], exercise_id="single-leg-stance"
        )


@register_rule("test-eyes-closed-now")
@attrs.frozen
class EyesClosedNow:
    """Proposes eyes closed at once."""

    def propose(self, prescription, history, *, on):
        return Proposal(lever="support", value=SupportLevel.EYES_CLOSED, reason="Eyes closed.")


class TestEngineSafety:
    def test_engine_rejects_eyes_closed_too_early(self):
        """Whatever a rule says, eyes closed waits for 30 s of unsupported stance."""
        p = _stance()
        rungs = SupportRange(easiest=SupportLevel.NO_HANDS, hardest=SupportLevel.EYES_CLOSED)
        dose = attrs.evolve(p.dose, support=rungs)
        level = attrs.evolve(p.current, support=SupportLevel.NO_HANDS)
        p = attrs.evolve(p, dose=dose, current=level)
        routine = Routine(affected=Side.LEFT, items=[p], rules=[EyesClosedNow()])
        logs = [
            ExerciseLog(
                on=DAY - dt.timedelta(days=d),
                exercise_id="single-leg-stance",
                side=side,
                sets=2,
                hold_seconds=10,
                support=SupportLevel.NO_HANDS,
            )
            for d in (0, 1)
            for side in Side
        ]
        result = progress(routine, logs, on=DAY)
        assert [Outcome.REJECTED] == [d.outcome for d in result.decisions]
        assert SupportLevel.NO_HANDS is result.routine.items[0].current.support
        assert catalogue()["single-leg-stance"].category.value == "balance"
