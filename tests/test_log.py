"""Exercise logs: pain and effort scales, history checks and adherence."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from footdrop import (
    BorgCR10,
    DayPlan,
    ExerciseLog,
    Plan,
    PlanItem,
    Session,
    Side,
    Tally,
    adherence,
)
from footdrop.exceptions import InvalidTypeError, InvalidValueError
from footdrop.model._log import check_history, log_order
from footdrop.testing.strategies import histories, progression_routines

DAY = dt.date(2026, 11, 24)
TZ = zoneinfo.ZoneInfo("Europe/London")


def _log(**kwargs) -> ExerciseLog:
    fields = {"on": DAY, "exercise_id": "ankle-eversion", "side": None, "sets": 1, "reps": 10}
    fields.update(kwargs)
    return ExerciseLog(**fields)


class TestExerciseLog:
    @pytest.mark.parametrize("pain", [-1, 11])
    def test_pain_outside_the_scale_is_refused(self, pain):
        """Pain is NRS 0-10: outside it, the error names the field and the scale."""
        with pytest.raises(InvalidValueError, match=r"'pain' must be within 0\.\.10") as info:
            _log(pain=pain)
        assert "pain" == info.value.field
        assert "72514-3" in str(info.value)

    @pytest.mark.parametrize("pain", [2.5, "3", True])
    def test_pain_must_be_a_whole_number(self, pain):
        """Pain is an integer: fractions, text and booleans are refused."""
        with pytest.raises(InvalidTypeError, match="'pain_next_morning' must be a whole number"):
            _log(pain_next_morning=pain)

    @given(st.integers(0, 10), st.integers(0, 10))
    def test_any_pain_on_the_scale_is_kept(self, pain, morning):
        """Every NRS value is kept exactly."""
        log = _log(pain=pain, pain_next_morning=morning)
        assert (pain, morning) == (log.pain, log.pain_next_morning)

    @pytest.mark.parametrize("value", [-0.5, -1])
    def test_borg_below_zero_is_refused(self, value):
        """Borg CR10 starts at 0."""
        with pytest.raises(InvalidValueError, match="'value' must be a Borg CR10 score"):
            BorgCR10(value=value)

    def test_borg_is_its_own_type(self):
        """Effort takes a BorgCR10, never a bare number from another scale."""
        with pytest.raises(InvalidTypeError, match="'effort' must be a BorgCR10"):
            _log(effort=14)


class TestCheckHistory:
    def test_future_log_is_refused(self):
        """A log after the judging date names its index and field."""
        with pytest.raises(InvalidValueError) as info:
            check_history([_log(), _log(on=DAY + dt.timedelta(days=1))], on=DAY)
        assert "history[1].on" == info.value.field

    def test_unknown_exercise_is_refused(self):
        """A log for an exercise not allowed names the nearest id."""
        with pytest.raises(InvalidValueError, match="did you mean 'ankle-eversion'"):
            check_history(
                [_log(exercise_id="ankle-eversoin")], on=DAY, exercise_ids=["ankle-eversion"]
            )

    def test_same_key_is_a_duplicate(self):
        """Same date, exercise, side and session twice is an error; another session is not."""
        with pytest.raises(InvalidValueError, match=r"'history\[1\]' repeats history\[0\]"):
            check_history([_log(), _log(reps=12)], on=DAY)
        assert 2 == len(check_history([_log(), _log(session=2)], on=DAY))

    @settings(max_examples=100)
    @given(progression_routines().flatmap(histories), st.randoms())
    def test_order_is_fixed_and_nothing_is_lost(self, history, rnd):
        """Any order of a history comes back in one fixed order, every log kept."""
        shuffled = list(history)
        rnd.shuffle(shuffled)
        checked = check_history(shuffled, on=DAY)
        assert sorted(history, key=log_order) == list(checked)
        assert check_history(history, on=DAY) == checked


def _plan(days: list[list[list[tuple[str, Side | None]]]]) -> Plan:
    plan_days = []
    for i, sessions in enumerate(days):
        date = DAY + dt.timedelta(days=i)
        built = [
            Session(
                start=dt.datetime.combine(date, dt.time(8 + 2 * s), TZ),
                end=dt.datetime.combine(date, dt.time(9 + 2 * s), TZ),
                items=[PlanItem(exercise_id=e, side=side, sets=1, reps=10) for e, side in items],
            )
            for s, items in enumerate(sessions)
        ]
        plan_days.append(DayPlan(date=date, sessions=built))
    return Plan(tz="Europe/London", days=plan_days)


_ITEMS = st.lists(
    st.sampled_from(
        [
            ("ankle-eversion", None),
            ("hip-rotation-slides", Side.LEFT),
            ("hip-rotation-slides", Side.RIGHT),
        ]
    ),
    unique=True,
    max_size=3,
)


class TestAdherence:
    def test_counts_per_exercise_day_and_week(self):
        """Two planned eversions, one done: half; a skipped log (0 sets) is not done."""
        plan = _plan([[[("ankle-eversion", None)], [("ankle-eversion", None)]]])
        logs = [_log(), _log(session=2, sets=0)]
        result = adherence(plan, logs)
        assert Tally(planned=2, done=1, extra=0) == result.total
        assert 0.5 == result.exercise("ankle-eversion").ratio
        assert result.total == result.day(DAY) == result.week(DAY)

    def test_unplanned_log_is_extra(self):
        """A third session nobody planned counts as extra, not dropped."""
        plan = _plan([[[("ankle-eversion", None)]]])
        result = adherence(plan, [_log(), _log(session=2)])
        assert Tally(planned=1, done=1, extra=1) == result.total

    def test_log_outside_the_plan_is_refused(self):
        """A log for a date the plan does not cover is an error."""
        plan = _plan([[[("ankle-eversion", None)]]])
        with pytest.raises(InvalidValueError, match="a date the plan does not cover"):
            adherence(plan, [_log(on=DAY - dt.timedelta(days=1))])

    def test_log_for_an_exercise_never_planned_is_refused(self):
        """A log for an exercise the plan never holds is an error."""
        plan = _plan([[[("ankle-eversion", None)]]])
        with pytest.raises(InvalidValueError, match="not in the routine"):
            adherence(plan, [_log(exercise_id="ankle-inversion")])

    @given(
        st.lists(st.lists(_ITEMS, max_size=3), min_size=1, max_size=9),
        st.data(),
    )
    def test_tallies_add_up(self, days, data):
        """Done counts the planned items logged; every slice sums to the total."""
        plan = _plan(days)
        planned = []
        for day in plan.days:
            seen: dict[tuple, int] = {}
            for session in day.sessions:
                for item in session.items:
                    pair = (item.exercise_id, item.side)
                    seen[pair] = seen.get(pair, 0) + 1
                    planned.append((day.date, *pair, seen[pair]))
        pick = st.lists(st.sampled_from(planned), unique=True) if planned else st.just([])
        chosen = data.draw(pick)
        logs = [_log(on=d, exercise_id=e, side=s, session=n) for d, e, s, n in chosen]
        result = adherence(plan, logs)
        assert Tally(planned=len(planned), done=len(chosen), extra=0) == result.total
        for part in (result.by_exercise, result.by_day, result.by_week):
            total = Tally()
            for _, tally in part:
                total += tally
            assert result.total == total
        assert len(plan.days) == len(result.by_day)
        if planned:
            assert 0 <= result.total.ratio <= 1
        assert attrs.evolve(result) == result
