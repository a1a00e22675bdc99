"""Histories a clinician would log: mornings, missing pain, sides, falls, reviews and limits."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from footdrop import ExerciseLog, Routine, Side, Sides, SupportLevel
from footdrop import journal as journal_module
from footdrop.exceptions import FootdropError, InvalidValueError, JournalRecordError
from footdrop.journal import Journal
from footdrop.model._decision import hardness
from footdrop.progression import (
    Limits,
    Outcome,
    Programme,
    Review,
    check_sides,
    progress,
    record_review,
)
from footdrop.safety import eyes_closed_ready
from footdrop.serialisation import dumps, json_schema, loads
from footdrop.testing.strategies import progression_cases, progression_prescriptions

NOV = 11


def _day(d: int) -> dt.date:
    return dt.date(2026, NOV, d) if d <= 30 else dt.date(2026, 12, d - 30)


def _toe(d: int, **kwargs) -> ExerciseLog:
    fields = {"side": None, "sets": 2, "reps": 10, "pain": 2}
    fields.update(kwargs)
    return ExerciseLog(on=_day(d), exercise_id="toe-raise-negatives", **fields)


def _routine(*ids: str) -> Routine:
    return Routine.from_catalogue(affected=Side.LEFT, only=list(ids) or ["toe-raise-negatives"])


class TestEvidenceWaitsForTheMorning:
    def test_the_last_session_waits_for_its_morning(self):
        """On 24 Nov the session of the 24th waits for its morning; the 22nd and 23rd count."""
        logs = [_toe(d) for d in range(17, 25)]
        result = progress(_routine(), logs, on=_day(24))
        applied = result.applied
        assert 1 == len(applied)
        assert "2026-11-22 and 2026-11-23" in applied[0].reason

    def test_a_late_next_morning_report_steps_back_down(self):
        """A next-morning 8/10 for 24 Nov, reported after the rise, steps the dose back down."""
        programme = Programme.begin(_routine(), on=_day(17))
        for d in range(17, 26):
            logs = [_toe(d - 1)] if d > 17 else []
            programme = programme.update(logs, on=_day(d))
        assert 11 == programme.routine["toe-raise-negatives"].current.reps
        report = _toe(24, pain_next_morning=8)
        programme = programme.update([report], on=_day(26))
        assert 10 == programme.routine["toe-raise-negatives"].current.reps
        (down,) = programme.steps[-1].decisions
        assert Outcome.APPLIED is down.outcome
        assert "next-morning pain 8/10" in down.reason

    def test_next_morning_pain_on_the_change_day_is_not_dropped(self):
        """A session on the day a level changed still counts for the next-morning gate."""
        routine = _routine()
        p = attrs.evolve(routine["toe-raise-negatives"], changed_on=_day(24))
        routine = routine.replace(attrs.evolve(p, current=attrs.evolve(p.current, reps=11)))
        result = progress(routine, [_toe(24, reps=11, pain_next_morning=7)], on=_day(25))
        assert 10 == result.routine["toe-raise-negatives"].current.reps

    def test_a_log_without_pain_is_not_evidence(self):
        """A week of logs with no pain recorded never progresses the dose."""
        logs = [_toe(d, pain=None) for d in range(17, 25)]
        result = progress(_routine(), logs, on=_day(25))
        assert 10 == result.routine["toe-raise-negatives"].current.reps
        assert all(d.outcome is Outcome.BLOCKED for d in result.decisions)


class TestSides:
    def test_a_left_log_on_a_both_together_exercise_is_refused(self):
        """Toe raises are done with both legs: a log with a side is refused, naming the fix."""
        with pytest.raises(InvalidValueError, match="log it with no side"):
            progress(_routine(), [_toe(23, side=Side.LEFT)], on=_day(24))

    def test_a_side_less_log_on_a_one_leg_exercise_is_refused(self):
        """Single-leg stance needs the side worked."""
        log = ExerciseLog(
            on=_day(23),
            exercise_id="single-leg-stance",
            side=None,
            sets=2,
            hold_seconds=5,
            support=SupportLevel.TWO_HANDS,
            pain=1,
        )
        with pytest.raises(InvalidValueError, match="one-leg exercise"):
            progress(_routine("single-leg-stance"), [log], on=_day(24))

    def test_right_logs_on_left_affected_work_are_refused(self):
        """Affected-side work takes logs of the affected side only."""
        routine = _routine("single-leg-stance")
        p = attrs.evolve(routine["single-leg-stance"], sides=Sides.AFFECTED)
        routine = routine.replace(p)
        log = ExerciseLog(
            on=_day(23),
            exercise_id="single-leg-stance",
            side=Side.RIGHT,
            sets=2,
            hold_seconds=5,
            support=SupportLevel.TWO_HANDS,
            pain=1,
        )
        with pytest.raises(InvalidValueError, match="affected \\(left\\) side only"):
            progress(routine, [log], on=_day(24))

    def test_readiness_counts_only_the_affected_side_and_only_since_the_last_fall(self):
        """30 s unsupported on the right leg, or before a fall, does not unlock eyes closed."""

        def stance(d, side, **kw):
            return ExerciseLog(
                on=_day(d),
                exercise_id="single-leg-stance",
                side=side,
                sets=3,
                hold_seconds=30,
                support=SupportLevel.NO_HANDS,
                pain=1,
                **kw,
            )

        right = stance(20, Side.RIGHT)
        left = stance(20, Side.LEFT)
        fall = stance(22, Side.LEFT, fell=True)
        assert not eyes_closed_ready([right], exercise_id="single-leg-stance", sides=[Side.LEFT])
        assert eyes_closed_ready([left], exercise_id="single-leg-stance", sides=[Side.LEFT])
        after_fall = [left, fall]
        assert not eyes_closed_ready(after_fall, exercise_id="single-leg-stance", sides=[Side.LEFT])


class TestReviewsHold:
    def test_a_fall_holds_until_a_review_is_recorded(self):
        """After a fall two good weeks do not raise the dose; a recorded review releases it."""
        routine = _routine()
        first = progress(routine, [_toe(10, fell=True)], on=_day(10))
        flagged = first.routine
        assert "fall" in (flagged["toe-raise-negatives"].review or "")
        good = [_toe(d, reps=10) for d in range(11, 25)]
        held = progress(flagged, [_toe(10, fell=True), *good], on=_day(25))
        assert held.routine["toe-raise-negatives"].current == flagged["toe-raise-negatives"].current
        review = Review(
            on=_day(12), by="Physio", decision="A trip; carry on.", closes=["toe-raise-negatives"]
        )
        cleared = record_review(flagged, review)
        assert cleared["toe-raise-negatives"].review is None
        with pytest.raises(InvalidValueError, match="no open review flag"):
            record_review(cleared, review)

    def test_a_fall_during_balance_work_holds_heel_and_toe_walks(self):
        """A fall in single-leg stance flags heel-and-toe walks the same day."""
        routine = _routine("single-leg-stance", "heel-and-toe-walks")
        fall = ExerciseLog(
            on=_day(24),
            exercise_id="single-leg-stance",
            side=Side.LEFT,
            sets=2,
            hold_seconds=5,
            support=SupportLevel.TWO_HANDS,
            pain=1,
            fell=True,
        )
        result = progress(routine, [fall], on=_day(24))
        assert "standing and balance work is held" in (
            result.routine["heel-and-toe-walks"].review or ""
        )

    def test_a_fall_overrides_a_lock(self):
        """A locked prescription with a fall at pain 9/10 steps down and is flagged."""
        routine = _routine()
        p = routine["toe-raise-negatives"]
        locked = attrs.evolve(p, is_locked=True, current=attrs.evolve(p.current, sets=3))
        result = progress(
            routine.replace(locked), [_toe(24, sets=3, pain=9, fell=True)], on=_day(24)
        )
        after = result.routine["toe-raise-negatives"]
        assert 2 == after.current.sets
        assert "fall" in (after.review or "")

    def test_short_single_leg_stance_raises_a_flag(self):
        """A week of 3 s single-leg stance flags fall risk."""
        logs = [
            ExerciseLog(
                on=_day(d),
                exercise_id="single-leg-stance",
                side=side,
                sets=2,
                hold_seconds=3,
                support=SupportLevel.TWO_HANDS,
                pain=1,
            )
            for d in range(17, 24)
            for side in (Side.LEFT, Side.RIGHT)
        ]
        result = progress(_routine("single-leg-stance"), logs, on=_day(24))
        assert "Short stance" in (result.routine["single-leg-stance"].review or "")


class TestPatterns:
    def test_pain_rising_over_weeks_steps_down_once_a_week_and_flags(self):
        """Pain 1, 2, 3, 4 over four weeks (reps 12): step down once this week, and a flag."""
        routine = _routine()
        p = routine["toe-raise-negatives"]
        routine = routine.replace(attrs.evolve(p, current=attrs.evolve(p.current, reps=12)))
        start = dt.date(2026, 10, 26)  # a Monday, four weeks before 23 Nov
        logs = [
            ExerciseLog(on=start + dt.timedelta(days=d), exercise_id="toe-raise-negatives",
                        side=None, sets=2, reps=12, pain=1 + d // 7)
            for d in range(28)
        ]  # fmt: skip
        monday = dt.date(2026, 11, 23)
        first = progress(routine, logs, on=monday)
        assert 11 == first.routine["toe-raise-negatives"].current.reps
        assert "Pain trend (week of 2026-11-23)" in (
            first.routine["toe-raise-negatives"].review or ""
        )
        again = progress(first.routine, logs, on=monday + dt.timedelta(days=1))
        assert 11 == again.routine["toe-raise-negatives"].current.reps

    def test_a_recorded_review_starts_the_flare_count_afresh(self):
        """Flares before a review do not flag again right after it, when the review is passed."""
        logs = [_toe(d, pain=8) for d in (20, 21)]
        flagged = progress(_routine(), logs, on=_day(22)).routine
        review = Review(
            on=_day(22),
            by="Physio",
            decision="Settled; same level.",
            closes=["toe-raise-negatives"],
        )
        cleared = record_review(flagged, review)
        good = [*logs, _toe(23)]
        without = progress(cleared, good, on=_day(24))
        assert "Repeated flares" in (without.routine["toe-raise-negatives"].review or "")
        given = progress(cleared, good, on=_day(24), reviews=[review])
        assert given.routine["toe-raise-negatives"].review is None

    def test_a_plateau_is_flagged_but_not_on_a_locked_level(self):
        """Four weeks at 10 reps below the ceiling flag a plateau, unless a clinician locked it."""
        logs = [_toe(d, reps=9) for d in range(1, 29)]
        result = progress(_routine(), logs, on=_day(29))
        assert "Plateau" in (result.routine["toe-raise-negatives"].review or "")
        routine = _routine()
        locked = routine.replace(attrs.evolve(routine["toe-raise-negatives"], is_locked=True))
        assert progress(locked, logs, on=_day(29)).routine["toe-raise-negatives"].review is None


class TestLimits:
    def test_limits_are_validated_within_safe_bounds(self):
        """A clinician may tighten a limit, never loosen it past the default."""
        assert 14 == Limits(min_days_at_level=14).min_days_at_level
        with pytest.raises(InvalidValueError, match="'weekly_hard_cap' must be"):
            Limits(weekly_hard_cap=0.5)

    def test_a_level_stays_a_week_before_the_next_step(self):
        """Two good days right after a change do not raise the dose again."""
        routine = _routine()
        p = routine["toe-raise-negatives"]
        routine = routine.replace(attrs.evolve(p, changed_on=_day(20)))
        result = progress(routine, [_toe(d) for d in (21, 22, 23)], on=_day(24))
        assert 10 == result.routine["toe-raise-negatives"].current.reps
        assert any("at least 7 days" in d.reason for d in result.blocked)


_REVIEWS = st.builds(
    Review,
    on=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
    by=st.sampled_from(("Physio A. Khan", "Dr Lee", "GP")),
    decision=st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=80
    ).filter(str.strip),
    closes=st.lists(
        st.sampled_from(("single-leg-stance", "ankle-eversion", "heel-and-toe-walks")),
        min_size=1,
        max_size=3,
        unique=True,
    ),
)


class TestAuditTrail:
    @given(_REVIEWS)
    def test_a_review_round_trips_and_meets_its_schema(self, review):
        """A Review survives dumps/loads exactly, and its JSON is valid against its schema."""
        document = json.loads(dumps(review))
        assert [] == list(Draft202012Validator(json_schema(Review)).iter_errors(document))
        assert review == loads(dumps(review), Review)

    @given(st.one_of(st.integers(), st.none(), st.just(""), st.just("Not A Slug")))
    def test_a_bad_member_of_closes_is_refused_naming_the_field(self, member):
        """Every member of 'closes' must be an exercise id; the error names the field."""
        with pytest.raises(FootdropError) as info:
            Review(on=_day(1), by="Physio", decision="Fine.", closes=["ankle-eversion", member])
        assert "closes[1]" in str(info.value)

    def test_reviews_sit_beside_decisions_in_the_journal(self, tmp_path):
        """A journal keeps reviews (a forward migration adds their table) and reads them back."""
        review = Review(
            on=_day(26), by="Physio", decision="Trip; same level.", closes=["toe-raise-negatives"]
        )
        with Journal(tmp_path / "journal.sqlite3") as journal:
            assert 2 <= journal.schema_version
            journal.add_review(review)
            assert (review,) == journal.reviews()
        raw = sqlite3.connect(tmp_path / "journal.sqlite3")
        try:
            tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_schema")}
        finally:
            raw.close()
        assert {"reviews", "decisions"} <= tables

    def test_a_version_one_journal_gains_the_reviews_table(self, tmp_path, monkeypatch):
        """A journal written before reviews existed is migrated forward, its logs kept."""
        path = tmp_path / "journal.sqlite3"
        monkeypatch.setattr(journal_module, "MIGRATIONS", journal_module.MIGRATIONS[:1])
        monkeypatch.setattr(journal_module, "JOURNAL_VERSION", 1)
        with Journal(path) as journal:
            journal.add_log(_toe(20))
        monkeypatch.undo()
        with Journal(path) as journal:
            assert journal_module.JOURNAL_VERSION == journal.schema_version
            assert (_toe(20),) == journal.logs()
            assert () == journal.reviews()

    def test_a_next_morning_report_completes_a_held_log_and_never_overwrites(self, tmp_path):
        """report_next_morning adds the pain once; a second report, or no log, is refused."""
        with Journal(tmp_path / "journal.sqlite3") as journal:
            journal.add_log(_toe(20))
            done = journal.report_next_morning(
                on=_day(20), exercise_id="toe-raise-negatives", side=None, pain=6
            )
            assert _toe(20, pain_next_morning=6) == done
            assert (done,) == journal.logs()
            with pytest.raises(JournalRecordError, match="already"):
                journal.report_next_morning(
                    on=_day(20), exercise_id="toe-raise-negatives", side=None, pain=1
                )
            with pytest.raises(JournalRecordError, match="holds no log"):
                journal.report_next_morning(
                    on=_day(21), exercise_id="toe-raise-negatives", side=None, pain=1
                )
            assert (done,) == journal.logs()


class TestProperties:
    @given(
        progression_prescriptions(),
        st.sampled_from(tuple(Side)),
        st.sampled_from((None, *Side)),
    )
    def test_a_side_is_accepted_exactly_when_prescribed(self, p, affected, side):
        """check_sides accepts a log's side if and only if the prescription asks for it."""
        log = ExerciseLog(on=_day(20), exercise_id=p.exercise_id, side=side, sets=1, pain=1)
        if side in p.sides_for(affected):
            assert check_sides(p, [log], affected=affected) is None
        else:
            with pytest.raises(InvalidValueError) as info:
                check_sides(p, [log], affected=affected)
            assert "side" == info.value.field

    @given(progression_cases())
    def test_logs_without_pain_never_raise_a_lever(self, case):
        """Strip every pain score from a history: no lever of any exercise gets harder."""
        history = [attrs.evolve(log, pain=None) for log in case.history]
        result = progress(case.routine, history, on=case.on)
        for before, after in zip(case.routine.items, result.routine.items, strict=True):
            for name in before.levers:
                b, a = getattr(before.current, name), getattr(after.current, name)
                assert hardness(a) <= hardness(b)

    @given(progression_cases())
    def test_nothing_rises_on_the_evidence_of_the_day_itself(self, case):
        """Logs dated on the step's day, without a next-morning report, never cause a rise."""
        today = [
            attrs.evolve(log, pain_next_morning=None) for log in case.history if log.on == case.on
        ]
        result = progress(case.routine, today, on=case.on)
        for before, after in zip(case.routine.items, result.routine.items, strict=True):
            for name in before.levers:
                b, a = getattr(before.current, name), getattr(after.current, name)
                assert hardness(a) <= hardness(b)


class TestEarlyMorningReport:
    def test_a_same_day_next_morning_report_above_baseline_holds_the_rise(self):
        """A same-day session that already reports next-morning pain holds every rise."""
        import datetime as dt

        import footdrop
        from footdrop.progression import progress

        routine = footdrop.Routine.from_catalogue(
            affected=footdrop.Side.LEFT, only=["toe-raise-negatives"]
        )
        routine = attrs.evolve(routine, baseline_pain=0)
        days = [dt.date(2026, 11, d) for d in (15, 17, 19, 21, 23, 24)]
        logs = [
            footdrop.ExerciseLog(
                on=day,
                exercise_id="toe-raise-negatives",
                side=None,
                sets=2,
                reps=10,
                pain=0,
                pain_next_morning=1 if day == days[-1] else 0,
            )
            for day in days
        ]
        held = progress(routine, logs, on=days[-1])
        assert 10 == held.routine["toe-raise-negatives"].current.reps
        assert any("already reports next-morning pain" in d.reason for d in held.decisions)
        without = progress(routine, logs[:-1], on=days[-1])
        assert 11 == without.routine["toe-raise-negatives"].current.reps
