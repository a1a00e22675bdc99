"""The built-in progression rules, each against its row in DOMAIN.md section 2."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from footdrop import (
    Category,
    Dose,
    Exercise,
    ExerciseLog,
    Laterality,
    Position,
    Prescription,
    Range,
    Routine,
    Side,
    Sides,
    SupportLevel,
    SupportRange,
    Timing,
    catalogue,
)
from footdrop.exceptions import InvalidValueError
from footdrop.progression import (
    DEFAULT_RULES,
    HOLD,
    REVIEW,
    DoubleProgression,
    HoldAfterMissedDays,
    HoldProgression,
    Proposal,
    Regression,
    SessionsPerDayProgression,
    SupportLadder,
)
from footdrop.serialisation import dumps, loads
from footdrop.testing.strategies import progression_cases

DAY = dt.date(2026, 11, 24)


def _prescription(exercise_id: str, **level) -> Prescription:
    p = Prescription(exercise=catalogue()[exercise_id])
    return attrs.evolve(p, current=attrs.evolve(p.current, **level))


def _logs(p: Prescription, days=(0, 1), **kwargs) -> list[ExerciseLog]:
    level = p.current
    fields = {
        "sets": level.sets,
        "reps": level.reps if level.reps is not None else (level.letters or level.rounds),
        "hold_seconds": level.hold_seconds,
        "support": level.support,
        "pain": 1,
        "pain_next_morning": 0,
    }
    fields.update(kwargs)
    sides = p.sides_for(Side.LEFT)
    return [
        ExerciseLog(on=DAY - dt.timedelta(days=d), exercise_id=p.exercise_id, side=side, **fields)
        for d in days
        for side in sides
    ]


def _balance(hold: Range, rungs: SupportRange, **level) -> Prescription:
    exercise = Exercise(
        id="stance",
        name="Stance",
        category=Category.BALANCE,
        position=Position.STANDING,
        laterality=Laterality.EACH_SIDE,
        steps=("Stand on one leg.",),
        dose=Dose(sets=Range.exactly(1), hold_seconds=hold, support=rungs),
        timing=Timing(sessions_per_day=Range.exactly(1)),
        cautions=("Hold a kitchen counter.",),
    )
    p = Prescription(exercise=exercise, sides=Sides.AFFECTED)
    return attrs.evolve(p, current=attrs.evolve(p.current, **level))


class TestDoubleProgression:
    """ACSM 2009: stay in the rep range; at the top twice, add a set and go back to the bottom."""

    rule = DoubleProgression()

    def test_reps_rise_one_step_after_two_sessions(self):
        """Every set at 10 reps on 2 session days: 10 -> 11 (a 10 % step, at least one rep)."""
        p = _prescription("toe-raise-negatives")
        proposal = self.rule.propose(p, _logs(p), on=DAY)
        assert ("reps", 11, ()) == (proposal.lever, proposal.value, proposal.resets)

    def test_one_session_is_not_enough(self):
        """One session day at the target proposes nothing."""
        p = _prescription("toe-raise-negatives")
        assert self.rule.propose(p, _logs(p, days=(0,)), on=DAY) is None

    def test_every_set_must_reach_the_target(self):
        """A single set short of the target (set by set) proposes nothing."""
        from footdrop import ExerciseSet

        p = _prescription("toe-raise-negatives")
        short = (ExerciseSet(reps=10), ExerciseSet(reps=9))
        logs = [*_logs(p, days=(1,)), *_logs(p, days=(0,), set_results=short)]
        assert self.rule.propose(p, logs, on=DAY) is None

    def test_at_the_top_add_a_set_and_drop_back(self):
        """At 15 reps (the top) with 2 of 3 sets: 3 sets, reps back to 10."""
        p = _prescription("toe-raise-negatives", reps=15)
        proposal = self.rule.propose(p, _logs(p), on=DAY)
        assert ("sets", 3, ("reps",)) == (proposal.lever, proposal.value, proposal.resets)

    def test_at_the_top_of_both_flag_a_review(self):
        """At 3 sets of 15 (the top of both) it asks for a clinician's review."""
        p = _prescription("toe-raise-negatives", reps=15, sets=3)
        proposal = self.rule.propose(p, _logs(p), on=DAY)
        assert REVIEW == proposal.lever
        assert "harder variant" in proposal.reason

    def test_fixed_dose_is_left_alone(self):
        """Ranges of one value each (the alphabet's 26 letters, 1 set) are never progressed."""
        p = _prescription("ankle-alphabet")
        assert self.rule.propose(p, _logs(p), on=DAY) is None

    def test_pain_since_the_change_stops_it(self):
        """Pain above 5/10 in the window means no proposal."""
        p = _prescription("toe-raise-negatives")
        logs = [*_logs(p, days=(2,), pain=7), *_logs(p)]
        assert self.rule.propose(p, logs, on=DAY) is None

    @settings(max_examples=100)
    @given(progression_cases())
    def test_steps_never_exceed_ten_percent(self, case):
        """Every rep step is at most 10 % of the current reps (or one rep), and stays in range."""
        for p in case.routine.items:
            proposal = self.rule.propose(p, case.history, on=case.on)
            if proposal is not None and proposal.lever in ("reps", "rounds"):
                now = getattr(p.current, proposal.lever)
                assert 0 < proposal.value - now <= max(1, now // 10)
                assert p.allows(proposal.lever, proposal.value)

    def test_step_fraction_above_ten_percent_is_refused(self):
        """ACSM's 2-10 % load step bounds the parameter."""
        with pytest.raises(InvalidValueError, match="step_fraction"):
            DoubleProgression(step_fraction=0.2)


class TestHoldProgression:
    """Otago/PreFIT: balance holds a few s -> 10 s -> 30 s; other holds by 10 %, at least 1 s."""

    rule = HoldProgression()

    def test_balance_hold_climbs_by_stages(self):
        """A balance hold climbs toward 10 then 30 s, by the hold step limit (+5 s or +25 %)."""
        rungs = SupportRange(easiest=SupportLevel.TWO_HANDS, hardest=SupportLevel.NO_HANDS)
        values = []
        for hold in (5, 10, 30):
            p = _balance(Range(min=5, max=45), rungs, hold_seconds=hold)
            values.append(self.rule.propose(p, _logs(p), on=DAY).value)
        assert [6, 12, 35] == values

    def test_short_hold_rises_one_second(self):
        """A 3 s squeeze hold becomes 4 s."""
        p = _prescription("towel-scrunches")
        assert 4 == self.rule.propose(p, _logs(p), on=DAY).value

    def test_hold_at_the_top_stays(self):
        """At the top of the hold range nothing is proposed."""
        p = _prescription("towel-scrunches", hold_seconds=5)
        assert self.rule.propose(p, _logs(p), on=DAY) is None

    def test_short_holds_do_not_count(self):
        """Holds shorter than the current hold are not evidence."""
        p = _prescription("towel-scrunches", hold_seconds=4)
        assert self.rule.propose(p, _logs(p, hold_seconds=3), on=DAY) is None


class TestSupportLadder:
    """NIA-style guidance: two hands -> one hand -> one finger -> none -> eyes closed."""

    rule = SupportLadder()
    rungs = SupportRange(easiest=SupportLevel.TWO_HANDS, hardest=SupportLevel.EYES_CLOSED)

    def test_ladder_order(self):
        """Each rung, at the top of the hold, moves one rung harder and resets the hold."""
        seen = []
        for rung in (SupportLevel.TWO_HANDS, SupportLevel.ONE_HAND, SupportLevel.ONE_FINGER):
            p = _balance(Range(min=5, max=10), self.rungs, hold_seconds=10, support=rung)
            proposal = self.rule.propose(p, _logs(p), on=DAY)
            seen.append((proposal.value, proposal.resets))
        expected = [
            (SupportLevel.ONE_HAND, ("hold_seconds",)),
            (SupportLevel.ONE_FINGER, ("hold_seconds",)),
            (SupportLevel.NO_HANDS, ("hold_seconds",)),
        ]
        assert expected == seen

    def test_hold_longer_before_a_harder_rung(self):
        """Below the top of the hold range the rung stays."""
        p = _balance(Range(min=5, max=10), self.rungs, hold_seconds=5)
        assert self.rule.propose(p, _logs(p), on=DAY) is None

    def test_eyes_closed_after_thirty_seconds_unsupported(self):
        """With 30 s held unsupported, eyes closed comes next."""
        p = _balance(
            Range(min=10, max=30), self.rungs, hold_seconds=30, support=SupportLevel.NO_HANDS
        )
        assert SupportLevel.EYES_CLOSED == self.rule.propose(p, _logs(p), on=DAY).value

    def test_no_eyes_closed_before_thirty_seconds(self):
        """If the hold tops out below 30 s, eyes closed is not proposed: a review is."""
        p = _balance(
            Range(min=5, max=20), self.rungs, hold_seconds=20, support=SupportLevel.NO_HANDS
        )
        proposal = self.rule.propose(p, _logs(p), on=DAY)
        assert REVIEW == proposal.lever
        assert "30 s" in proposal.reason

    def test_logs_at_an_easier_rung_do_not_count(self):
        """Holding on with two hands is no evidence for the one-hand rung."""
        p = _balance(
            Range(min=5, max=10), self.rungs, hold_seconds=10, support=SupportLevel.ONE_HAND
        )
        assert self.rule.propose(p, _logs(p, support=SupportLevel.TWO_HANDS), on=DAY) is None


class TestSessionsPerDay:
    """The article: ankle eversion and inversion 2-3 times a day, never more than 3."""

    rule = SessionsPerDayProgression()

    def test_adds_a_session_once_each_session_is_at_the_top(self):
        """Eversion at 1 x 15, 5 s hold, with both daily sessions done: 2 -> 3 a day."""
        p = _prescription("ankle-eversion", reps=15, hold_seconds=5)
        logs = [*_logs(p, session=1), *_logs(p, session=2)]
        proposal = self.rule.propose(p, logs, on=DAY)
        assert ("sessions_per_day", 3) == (proposal.lever, proposal.value)

    def test_never_past_three(self):
        """At 3 a day nothing more is proposed."""
        p = _prescription("ankle-eversion", reps=15, hold_seconds=5, sessions_per_day=3)
        logs = [log for s in (1, 2, 3) for log in _logs(p, session=s)]
        assert self.rule.propose(p, logs, on=DAY) is None

    def test_missing_a_session_holds_it(self):
        """Only one of two daily sessions logged: no extra session."""
        p = _prescription("ankle-eversion", reps=15, hold_seconds=5)
        assert self.rule.propose(p, _logs(p), on=DAY) is None

    def test_per_session_dose_first(self):
        """Below the rep ceiling, sessions per day wait."""
        p = _prescription("ankle-eversion")
        logs = [*_logs(p, session=1), *_logs(p, session=2)]
        assert self.rule.propose(p, logs, on=DAY) is None


class TestRegression:
    """Pain-monitoring model: above the gate, step down one level; never below the floor."""

    rule = Regression()

    def test_propose_never_fires(self):
        """Regression acts only through the gate."""
        p = _prescription("toe-raise-negatives", reps=12)
        assert self.rule.propose(p, _logs(p, pain=9), on=DAY) is None

    def test_steps_reps_down_first(self):
        """12 reps become 11."""
        p = _prescription("toe-raise-negatives", reps=12, sets=3)
        proposal = self.rule.step_down(p, [], on=DAY)
        assert ("reps", 11) == (proposal.lever, proposal.value)

    def test_steps_sets_down_at_the_rep_floor(self):
        """At the rep floor, a set goes."""
        p = _prescription("toe-raise-negatives", sets=3)
        proposal = self.rule.step_down(p, [], on=DAY)
        assert ("sets", 2) == (proposal.lever, proposal.value)

    def test_support_one_rung_easier(self):
        """Balance steps down one rung of support first."""
        rungs = SupportRange(easiest=SupportLevel.TWO_HANDS, hardest=SupportLevel.NO_HANDS)
        p = _balance(Range(min=5, max=10), rungs, hold_seconds=10, support=SupportLevel.ONE_FINGER)
        assert SupportLevel.ONE_HAND == self.rule.step_down(p, [], on=DAY).value

    def test_nothing_below_the_floor(self):
        """At the floor there is no step down."""
        assert self.rule.step_down(_prescription("toe-raise-negatives"), [], on=DAY) is None


class TestHoldAfterMissedDays:
    """Our assumption (grade A): three missed due days hold progression."""

    rule = HoldAfterMissedDays()

    def test_three_missed_days_hold(self):
        """Last session four days ago (three missed): hold."""
        p = _prescription("toe-raise-negatives")
        assert HOLD == self.rule.propose(p, _logs(p, days=(4, 5)), on=DAY).lever

    def test_two_missed_days_do_not(self):
        """Last session three days ago (two missed): no hold."""
        p = _prescription("toe-raise-negatives")
        assert self.rule.propose(p, _logs(p, days=(3, 4)), on=DAY) is None

    def test_a_gap_between_the_last_sessions_holds(self):
        """A break between the last two sessions holds too."""
        p = _prescription("toe-raise-negatives")
        assert HOLD == self.rule.propose(p, _logs(p, days=(0, 5)), on=DAY).lever

    def test_fewer_days_a_week_scale_the_gap(self):
        """At 3 days a week, six missed days are not a break (seven are)."""
        p = _prescription("standing-hip-external-rotation")
        assert self.rule.propose(p, _logs(p, days=(7, 14)), on=DAY) is None
        assert HOLD == self.rule.propose(p, _logs(p, days=(8, 9)), on=DAY).lever


class TestSerialisation:
    def test_default_rules_round_trip_in_a_routine(self):
        """Every built-in rule travels in a routine's JSON by its tag."""
        routine = attrs.evolve(Routine.from_catalogue(affected=Side.LEFT), rules=DEFAULT_RULES)
        text = dumps(routine)
        assert '"rule":"double-progression"' in text
        assert routine == loads(text, Routine)

    @given(
        st.integers(2, 30),
        st.floats(0.01, 0.10),
        st.lists(st.integers(1, 600), min_size=0, max_size=3, unique=True).map(sorted),
        st.integers(1, 60),
    )
    def test_parameters_round_trip(self, sessions, fraction, stages, missed):
        """Rules with any valid parameters round-trip exactly."""
        rules = (
            DoubleProgression(sessions=sessions, step_fraction=fraction),
            HoldProgression(sessions=sessions, balance_stages=stages),
            HoldAfterMissedDays(missed_days=missed),
        )
        routine = attrs.evolve(
            Routine.from_catalogue(affected=Side.RIGHT, only=["ankle-eversion"]), rules=rules
        )
        assert routine == loads(dumps(routine), Routine)

    def test_unknown_tag_is_reported(self):
        """A rule tag nobody registered is a document error naming the known tags."""
        text = dumps(attrs.evolve(Routine.from_catalogue(affected=Side.LEFT), rules=DEFAULT_RULES))
        with pytest.raises(ValueError, match="unknown rule tag 'no-such-rule'"):
            loads(text.replace('"regression"', '"no-such-rule"'), Routine)

    def test_proposal_validates_its_lever(self):
        """A proposal names a known lever and a value of the right kind."""
        with pytest.raises(InvalidValueError, match="'lever' must be one of"):
            Proposal(lever="weight", value=1, reason="x")
        with pytest.raises(TypeError, match="'value' must be a SupportLevel"):
            Proposal(lever="support", value=2, reason="x")


class TestHoldsNotLogged:
    def test_reps_progress_without_a_logged_hold(self):
        """Double progression judges reps only: a log without the hold still counts."""
        p = _prescription("ankle-eversion")
        proposal = DoubleProgression().propose(p, _logs(p, hold_seconds=None), on=DAY)
        assert ("reps", 11) == (proposal.lever, proposal.value)

    def test_hold_needs_a_logged_hold(self):
        """Hold progression needs the hold in the log: no hold logged, no longer hold."""
        p = _prescription("ankle-eversion")
        assert HoldProgression().propose(p, _logs(p, hold_seconds=None), on=DAY) is None
