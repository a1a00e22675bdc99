"""Tests for footdrop.check_plan: valid hand-built plans pass, every mutation is caught.

The plans here are built by hand, session by session, from small helpers in this
file: nothing comes from the scheduler, so the checker is tested on its own.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import footdrop
from footdrop import (
    Availability,
    Category,
    DayPlan,
    Dose,
    Exercise,
    Fallback,
    Laterality,
    Level,
    Plan,
    PlanItem,
    Position,
    Prescription,
    Range,
    Routine,
    Session,
    Side,
    Sides,
    SupportLevel,
    SupportRange,
    Timing,
    Violation,
    Weekday,
    Window,
    check_plan,
)
from footdrop.checking._check import RULES
from footdrop.exceptions import InvalidTypeError, InvalidValueError

ZONES = ("Europe/London", "America/New_York", "Australia/Lord_Howe")


# ----------------------------------------------------------------------------- builders


def exercise(
    eid: str,
    *,
    laterality: Laterality = Laterality.BOTH_TOGETHER,
    dose: Dose | None = None,
    timing: Timing | None = None,
    is_loaded: bool = False,
    muscles: tuple[str, ...] = (),
) -> Exercise:
    return Exercise(
        id=eid,
        name=eid.replace("-", " ").capitalize(),
        category=Category.ANKLE_STRENGTH,
        position=Position.SEATED,
        laterality=laterality,
        steps=("Do it slowly.",),
        dose=dose or Dose(sets=Range(min=1, max=3), reps=Range(min=10, max=15)),
        timing=timing or Timing(sessions_per_day=Range(min=1, max=1)),
        is_loaded=is_loaded,
        target_muscles=muscles,
    )


def base_routine() -> Routine:
    """Five exercises covering every rule: spacing, sides, support, walks and loaded work."""
    eversion = exercise(
        "eversion",
        dose=Dose(
            sets=Range(min=1, max=1), reps=Range(min=10, max=15), hold_seconds=Range(min=3, max=5)
        ),
        timing=Timing(sessions_per_day=Range(min=2, max=3), min_spacing_minutes=180),
        muscles=("fibularis longus",),
    )
    slides = exercise("slides", laterality=Laterality.EACH_SIDE, muscles=("gluteus medius",))
    stance = exercise(
        "stance",
        laterality=Laterality.EACH_SIDE,
        dose=Dose(
            sets=Range(min=2, max=3),
            hold_seconds=Range(min=10, max=30),
            support=SupportRange(easiest=SupportLevel.TWO_HANDS, hardest=SupportLevel.NO_HANDS),
        ),
    )
    walks = exercise(
        "walks",
        laterality=Laterality.NOT_SIDED,
        dose=Dose(sets=Range(min=1, max=1), rounds=Range(min=2, max=6), steps=Range(min=5, max=10)),
    )
    band = exercise(
        "band-hip",
        laterality=Laterality.EACH_SIDE,
        timing=Timing(
            sessions_per_day=Range(min=1, max=1), days_per_week=3, weekdays=tuple(Weekday)[:6]
        ),
        is_loaded=True,
        muscles=("Gluteus Medius", "hip rotators"),
    )
    return Routine(
        affected=Side.LEFT,
        items=(
            Prescription(
                exercise=eversion,
                current=Level(sets=1, sessions_per_day=2, reps=12, hold_seconds=3),
            ),
            Prescription(exercise=slides),
            Prescription(exercise=stance, sides=Sides.AFFECTED),
            Prescription(exercise=walks),
            Prescription(exercise=band),
        ),
    )


def availability(zone: str = "Europe/London", **settings_: Any) -> Availability:
    return Availability.daily(start=dt.time(7, 30), end=dt.time(21, 30), tz=zone, **settings_)


def items_for(p: Prescription, affected: Side) -> tuple[PlanItem, ...]:
    """One item per side, at the current level."""
    c = p.current
    return tuple(
        PlanItem(
            exercise_id=p.exercise_id,
            side=side,
            sets=c.sets,
            reps=c.reps,
            hold_seconds=c.hold_seconds,
            letters=c.letters,
            rounds=c.rounds,
            steps=c.steps,
            support=c.support,
        )
        for side in p.sides_for(affected)
    )


def at(day: dt.date, hour: int, minute: int, zone: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zoneinfo.ZoneInfo(zone))


def valid_day(routine: Routine, day: dt.date, zone: str) -> DayPlan:
    """08:00-08:40 everything due; 14:00-14:10 eversion again. Loaded work Mon/Wed/Fri."""
    first: list[PlanItem] = []
    for p in routine.items:
        if p.exercise.is_loaded and day.weekday() not in (0, 2, 4):
            continue
        first.extend(items_for(p, routine.affected))
    second = items_for(routine["eversion"], routine.affected)
    return DayPlan(
        date=day,
        sessions=(
            Session(start=at(day, 8, 0, zone), end=at(day, 8, 40, zone), items=first),
            Session(start=at(day, 14, 0, zone), end=at(day, 14, 10, zone), items=second),
        ),
    )


def valid_plan(routine: Routine, start: dt.date, days: int, zone: str) -> Plan:
    return Plan(
        tz=zone,
        days=[valid_day(routine, start + dt.timedelta(days=n), zone) for n in range(days)],
    )


def replace_session(plan: Plan, day: int, index: int, session: Session | None) -> Plan:
    """A copy of *plan* with one session replaced (or dropped, for ``None``)."""
    sessions = list(plan.days[day].sessions)
    if session is None:
        del sessions[index]
    else:
        sessions[index] = session
    days = list(plan.days)
    days[day] = attrs.evolve(days[day], sessions=sessions)
    return attrs.evolve(plan, days=days)


def replace_item(plan: Plan, day: int, index: int, eid: str, **changes: Any) -> Plan:
    session = plan.days[day].sessions[index]
    items = tuple(
        attrs.evolve(item, **changes) if item.exercise_id == eid else item for item in session.items
    )
    return replace_session(plan, day, index, attrs.evolve(session, items=items))


def shift(session: Session, delta: dt.timedelta) -> Session:
    """Move a session by elapsed time, keeping its zone."""
    zone = session.start.tzinfo
    start = (session.start.astimezone(dt.UTC) + delta).astimezone(zone)
    end = (session.end.astimezone(dt.UTC) + delta).astimezone(zone)
    return attrs.evolve(session, start=start, end=end)


def rules(violations: tuple[Violation, ...]) -> set[str]:
    return {v.rule for v in violations}


ROUTINE = base_routine()
MONDAY = dt.date(2026, 11, 23)

dates = st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2027, 12, 31))


# ----------------------------------------------------------------------------- tests


class TestViolation:
    def test_str_names_date_session_exercise_and_rule(self) -> None:
        """str() leads with where the problem is, then the rule, then the sentence."""
        v = Violation(
            rule="spacing",
            date=dt.date(2026, 11, 24),
            session=1,
            exercise_id="eversion",
            message="too close.",
        )
        assert "2026-11-24 session 1 eversion: spacing: too close." == str(v)

    def test_plan_wide_violation_reads_plan(self) -> None:
        """A violation without date, session or exercise is about the whole plan."""
        v = Violation(
            rule="naive-or-wrong-zone",
            date=None,
            session=None,
            exercise_id=None,
            message="wrong zone.",
        )
        assert "plan: naive-or-wrong-zone: wrong zone." == str(v)

    def test_is_immutable(self) -> None:
        """Violations are frozen value objects."""
        v = Violation(rule="overlap", date=None, session=None, exercise_id=None, message="x")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            v.rule = "spacing"  # type: ignore[misc]

    def test_rule_must_be_a_slug(self) -> None:
        """A rule name that is not a slug is rejected with our own error."""
        with pytest.raises(InvalidValueError, match="slug"):
            Violation(rule="Not A Slug", date=None, session=None, exercise_id=None, message="x")

    def test_exported(self) -> None:
        """check_plan and Violation are public names of footdrop."""
        assert (footdrop.check_plan, footdrop.Violation) == (check_plan, Violation)
        assert {"check_plan", "Violation"} <= set(footdrop.__all__)


class TestValidPlans:
    @settings(max_examples=25)
    @given(start=dates, days=st.integers(1, 21), zone=st.sampled_from(ZONES))
    def test_hand_built_plans_pass(self, start: dt.date, days: int, zone: str) -> None:
        """A plan that keeps every rule gives no violation, in any zone, across DST changes."""
        plan = valid_plan(ROUTINE, start, days, zone)
        assert () == check_plan(plan, ROUTINE, availability(zone))

    def test_empty_plan_passes(self) -> None:
        """A plan with no days has nothing to break."""
        assert () == check_plan(Plan(tz="Europe/London", days=()), ROUTINE, availability())

    def test_recorded_fallback_is_accepted(self) -> None:
        """Reps below current but at or above the floor pass when a Fallback records them."""
        plan = replace_item(
            valid_plan(ROUTINE, MONDAY, 1, "Europe/London"), 0, 1, "eversion", reps=10
        )
        assert {"unrecorded-fallback"} == rules(check_plan(plan, ROUTINE, availability()))
        fallback = Fallback(
            on=MONDAY,
            exercise_id="eversion",
            lever="reps",
            wanted=12,
            planned=10,
            reason="the evening is short",
        )
        days = (attrs.evolve(plan.days[0], fallbacks=(fallback,)),)
        assert () == check_plan(attrs.evolve(plan, days=days), ROUTINE, availability())

    def test_fewer_sessions_than_current_need_a_fallback_on_that_date(self) -> None:
        """Two sessions where current asks three pass only with a sessions_per_day fallback."""
        eversion = ROUTINE["eversion"]
        three = attrs.evolve(eversion, current=attrs.evolve(eversion.current, sessions_per_day=3))
        routine = ROUTINE.replace(three)
        plan = valid_plan(routine, MONDAY, 2, "Europe/London")
        found = check_plan(plan, routine, availability())
        assert {
            ("unrecorded-fallback", MONDAY),
            ("unrecorded-fallback", MONDAY + dt.timedelta(1)),
        } == {(v.rule, v.date) for v in found}

        def fallback(on: dt.date) -> Fallback:
            return Fallback(
                on=on,
                exercise_id="eversion",
                lever="sessions_per_day",
                wanted=3,
                planned=2,
                reason="the day is short",
            )

        # Both records listed under the first day: each is matched by its own date.
        first = attrs.evolve(
            plan.days[0], fallbacks=(fallback(MONDAY), fallback(MONDAY + dt.timedelta(1)))
        )
        recorded = attrs.evolve(plan, days=(first, plan.days[1]))
        assert () == check_plan(recorded, routine, availability())

    def test_sessions_in_another_zone_are_flagged_but_judged_by_instant(self) -> None:
        """A session written in UTC during BST is flagged for its zone only, not its times."""
        plan = valid_plan(ROUTINE, dt.date(2026, 6, 1), 1, "Europe/London")
        session = plan.days[0].sessions[1]
        moved = attrs.evolve(
            session,
            start=session.start.astimezone(dt.UTC),
            end=session.end.astimezone(dt.UTC),
        )
        found = check_plan(replace_session(plan, 0, 1, moved), ROUTINE, availability())
        assert {"naive-or-wrong-zone"} == rules(found)
        assert {(dt.date(2026, 6, 1), 1)} == {(v.date, v.session) for v in found}


# The mutations: each takes a valid plan (Monday start, 14 days, London) and the indexes
# of a day, and returns the broken plan, the availability, and the rule that must appear
# with the (day, session) it must point at (session None for day-level rules).
Mutation = Callable[[Plan, int], tuple[Plan, Availability, str, int | None]]


def drop_second(plan: Plan, day: int) -> tuple[Plan, Availability, str, int | None]:
    return replace_session(plan, day, 1, None), availability(), "sessions-per-day", None


def drop_first(plan: Plan, day: int) -> tuple[Plan, Availability, str, int | None]:
    return replace_session(plan, day, 0, None), availability(), "missing-exercise", None


def inside_spacing(plan: Plan, day: int) -> tuple[Plan, Availability, str, int | None]:
    second = plan.days[day].sessions[1]
    moved = shift(second, -dt.timedelta(hours=4))  # 10:00, two hours after 08:00
    return replace_session(plan, day, 1, moved), availability(), "spacing", 1


def reps_above(plan: Plan, day: int) -> tuple[Plan, Availability, str, int | None]:
    return replace_item(plan, day, 1, "eversion", reps=16), availability(), "above-ceiling", 1


def reps_below(plan: Plan, day: int) -> tuple[Plan, Availability, str, int | None]:
    return replace_item(plan, day, 0, "eversion", reps=9), availability(), "below-floor", 0


def reps_above_current(plan: Plan, day: int) -> tuple[Plan, Availability, str, int | None]:
    return replace_item(plan, day, 0, "eversion", reps=14), availability(), "above-current", 0


def hold_above(plan: Plan, day: int) -> tuple[Plan, Availability, str, int | None]:
    return (
        replace_item(plan, day, 0, "stance", hold_seconds=31),
        availability(),
        "above-ceiling",
        0,
    )


def support_above(plan: Plan, day: int) -> tuple[Plan, Availability, str, int | None]:
    changed = replace_item(plan, day, 0, "stance", support=SupportLevel.EYES_CLOSED)
    return changed, availability(), "above-ceiling", 0


def steps_missing(plan: Plan, day: int) -> tuple[Plan, Availability, str, int | None]:
    return replace_item(plan, day, 0, "walks", steps=None), availability(), "missing-measure", 0


def overlap(plan: Plan, day: int) -> tuple[Plan, Availability, str, int | None]:
    first = plan.days[day].sessions[0]
    second = plan.days[day].sessions[1]
    moved = attrs.evolve(
        second,
        start=first.start + dt.timedelta(minutes=20),
        end=first.start + dt.timedelta(minutes=30),
    )
    return replace_session(plan, day, 1, moved), availability(), "overlap", 1


def too_early(plan: Plan, day: int) -> tuple[Plan, Availability, str, int | None]:
    first = plan.days[day].sessions[0]
    moved = shift(first, -dt.timedelta(hours=1, minutes=30))  # 06:30
    return replace_session(plan, day, 0, moved), availability(), "outside-window", 0


def too_late(plan: Plan, day: int) -> tuple[Plan, Availability, str, int | None]:
    second = plan.days[day].sessions[1]
    moved = shift(second, dt.timedelta(hours=7, minutes=25))  # 21:25-21:35
    return replace_session(plan, day, 1, moved), availability(), "outside-window", 1


def too_long(plan: Plan, day: int) -> tuple[Plan, Availability, str, int | None]:
    first = plan.days[day].sessions[0]
    longer = attrs.evolve(first, end=first.start + dt.timedelta(minutes=46))
    return replace_session(plan, day, 0, longer), availability(), "session-too-long", 0


def short_rest(plan: Plan, day: int) -> tuple[Plan, Availability, str, int | None]:
    return plan, availability(min_rest_minutes=400), "rest-between-sessions", 1


def too_many(plan: Plan, day: int) -> tuple[Plan, Availability, str, int | None]:
    return plan, availability(max_sessions_per_day=1), "too-many-sessions", None


def on_rest_day(plan: Plan, day: int) -> tuple[Plan, Availability, str, int | None]:
    weekday = Weekday.of(plan.days[day].date)
    return plan, availability(rest_weekdays=(weekday,)), "rest-day", 0


def on_skipped_date(plan: Plan, day: int) -> tuple[Plan, Availability, str, int | None]:
    skipped = (plan.days[day].date,)
    return plan, availability(skipped_dates=skipped), "skipped-date", 1


def wrong_side(plan: Plan, day: int) -> tuple[Plan, Availability, str, int | None]:
    return replace_item(plan, day, 0, "stance", side=Side.RIGHT), availability(), "wrong-side", 0


def unknown(plan: Plan, day: int) -> tuple[Plan, Availability, str, int | None]:
    changed = replace_item(plan, day, 1, "eversion", exercise_id="eversoin")
    return changed, availability(), "unknown-exercise", 1


def loaded_next_day(plan: Plan, day: int) -> tuple[Plan, Availability, str, int | None]:
    """Put the loaded exercise on a day it is not planned, next to a loaded day."""
    target = day if plan.days[day].date.weekday() in (1, 3) else None
    if target is None:  # pick the Tuesday of the day's week
        target = day - plan.days[day].date.weekday() + 1
    first = plan.days[target].sessions[0]
    extra = items_for(ROUTINE["band-hip"], Side.LEFT)
    changed = replace_session(plan, target, 0, attrs.evolve(first, items=first.items + extra))
    return changed, availability(), "strength-48h", 0


def wrong_weekday(plan: Plan, day: int) -> tuple[Plan, Availability, str, int | None]:
    """Put the loaded exercise on the Sunday of the day's week, which it does not allow."""
    sunday = day - plan.days[day].date.weekday() + 6
    first = plan.days[sunday].sessions[0]
    extra = items_for(ROUTINE["band-hip"], Side.LEFT)
    changed = replace_session(plan, sunday, 0, attrs.evolve(first, items=first.items + extra))
    return changed, availability(), "wrong-weekday", None


def wrong_zone(plan: Plan, day: int) -> tuple[Plan, Availability, str, int | None]:
    first = plan.days[day].sessions[0]
    new_york = zoneinfo.ZoneInfo("America/New_York")
    moved = attrs.evolve(
        first, start=first.start.astimezone(new_york), end=first.end.astimezone(new_york)
    )
    return replace_session(plan, day, 0, moved), availability(), "naive-or-wrong-zone", 0


MUTATIONS: dict[str, Mutation] = {
    f.__name__: f
    for f in (
        drop_second,
        drop_first,
        inside_spacing,
        reps_above,
        reps_below,
        reps_above_current,
        hold_above,
        support_above,
        steps_missing,
        overlap,
        too_early,
        too_late,
        too_long,
        short_rest,
        too_many,
        on_rest_day,
        on_skipped_date,
        wrong_side,
        unknown,
        loaded_next_day,
        wrong_weekday,
        wrong_zone,
    )
}

TWO_WEEKS = valid_plan(ROUTINE, MONDAY, 14, "Europe/London")


class TestMutations:
    @settings(max_examples=120)
    @given(name=st.sampled_from(sorted(MUTATIONS)), day=st.integers(0, 13))
    def test_every_mutation_is_reported_where_it_is(self, name: str, day: int) -> None:
        """Each kind of fault, on any day, is reported with its rule, date and session."""
        plan, avail, rule, session = MUTATIONS[name](TWO_WEEKS, day)
        found = check_plan(plan, ROUTINE, avail)
        date = TWO_WEEKS.days[day].date
        if name == "loaded_next_day" and date.weekday() not in (1, 3):
            date = date - dt.timedelta(days=date.weekday() - 1)  # that week's Tuesday
        if name == "wrong_weekday":
            date = date - dt.timedelta(days=date.weekday() - 6)  # that week's Sunday
        assert (rule, date, session) in {(v.rule, v.date, v.session) for v in found}

    @pytest.mark.parametrize("name", sorted(MUTATIONS))
    def test_each_mutation_breaks_a_valid_plan(self, name: str) -> None:
        """Every mutation turns a passing plan into a failing one (the base really passes)."""
        assert () == check_plan(TWO_WEEKS, ROUTINE, availability())
        plan, avail, rule, _ = MUTATIONS[name](TWO_WEEKS, 2)
        found = check_plan(plan, ROUTINE, avail)
        assert rule in rules(found)

    @settings(max_examples=40)
    @given(
        picks=st.lists(
            st.sampled_from(["reps_above", "too_early", "wrong_side"]),
            min_size=2,
            max_size=3,
            unique=True,
        ),
        day=st.integers(0, 13),
    )
    def test_every_broken_rule_is_reported_not_only_the_first(
        self, picks: list[str], day: int
    ) -> None:
        """Several faults in one plan are all reported together."""
        plan = TWO_WEEKS
        wanted = set()
        for name in picks:
            plan, _, rule, _ = MUTATIONS[name](plan, day)
            wanted.add(rule)
        assert wanted <= rules(check_plan(plan, ROUTINE, availability()))

    def test_days_per_week_counts_full_calendar_weeks(self) -> None:
        """Dropping the loaded exercise from a full week leaves too few days that week."""
        plan = TWO_WEEKS
        for day in (0, 2):
            first = plan.days[day].sessions[0]
            items = tuple(i for i in first.items if i.exercise_id != "band-hip")
            plan = replace_session(plan, day, 0, attrs.evolve(first, items=items))
        found = [v for v in check_plan(plan, ROUTINE, availability()) if v.rule == "days-per-week"]
        assert [(MONDAY, "band-hip")] == [(v.date, v.exercise_id) for v in found]

    def test_days_per_week_shortfall_from_a_skipped_date_needs_a_record(self) -> None:
        """A skipped Monday may cost the loaded exercise a day only if a fallback records it."""
        plan = replace_session(TWO_WEEKS, 0, 0, None)
        plan = replace_session(plan, 0, 0, None)  # Monday now holds nothing
        skipped = availability(skipped_dates=(MONDAY,))
        found = check_plan(plan, ROUTINE, skipped)
        assert [("days-per-week", MONDAY)] == [(v.rule, v.date) for v in found]
        fallback = Fallback(
            on=MONDAY + dt.timedelta(days=2),
            exercise_id="band-hip",
            lever="days_per_week",
            wanted=3,
            planned=2,
            reason="Monday is skipped",
        )
        days = list(plan.days)
        days[2] = attrs.evolve(days[2], fallbacks=(fallback,))
        assert () == check_plan(attrs.evolve(plan, days=days), ROUTINE, skipped)

    def test_days_per_week_record_does_not_excuse_an_open_week(self) -> None:
        """With every allowed day open, a days_per_week fallback does not excuse a shortfall."""
        first = TWO_WEEKS.days[0].sessions[0]
        items = tuple(i for i in first.items if i.exercise_id != "band-hip")
        plan = replace_session(TWO_WEEKS, 0, 0, attrs.evolve(first, items=items))
        fallback = Fallback(
            on=MONDAY,
            exercise_id="band-hip",
            lever="days_per_week",
            wanted=3,
            planned=2,
            reason="no reason",
        )
        days = list(plan.days)
        days[0] = attrs.evolve(days[0], fallbacks=(fallback,))
        found = check_plan(attrs.evolve(plan, days=days), ROUTINE, availability())
        assert [("days-per-week", MONDAY)] == [(v.rule, v.date) for v in found]

    def test_days_per_week_partial_week_needs_only_the_maximum(self) -> None:
        """A plan ending mid-week is not asked for the whole week's days."""
        plan = valid_plan(ROUTINE, MONDAY, 2, "Europe/London")  # Monday, Tuesday only
        assert () == check_plan(plan, ROUTINE, availability())

    def test_days_per_week_excess_is_reported(self) -> None:
        """A loaded exercise on four days of a three-day week is one day too many."""
        plan = TWO_WEEKS
        sunday = 6
        first = plan.days[sunday].sessions[0]
        extra = items_for(ROUTINE["band-hip"], Side.LEFT)
        plan = replace_session(plan, sunday, 0, attrs.evolve(first, items=first.items + extra))
        found = check_plan(plan, ROUTINE, availability())
        assert ("days-per-week", MONDAY) in {(v.rule, v.date) for v in found}

    def test_plan_zone_must_be_the_availability_zone(self) -> None:
        """A plan in another zone than the availability is reported once, for the plan."""
        plan = attrs.evolve(TWO_WEEKS, tz="Europe/Dublin")
        found = [v for v in check_plan(plan, ROUTINE, availability()) if v.date is None]
        assert ["naive-or-wrong-zone"] == [v.rule for v in found]

    def test_missing_duplicate_and_unordered_dates(self) -> None:
        """Days left out, listed twice or out of order are each reported."""
        days = list(TWO_WEEKS.days[:5])
        plan = attrs.evolve(TWO_WEEKS, days=[days[0], days[2], days[1], days[1], days[4]])
        found = {(v.rule, v.date) for v in check_plan(plan, ROUTINE, availability())}
        assert {
            ("missing-date", days[3].date),
            ("date-order", days[1].date),
            ("duplicate-date", days[1].date),
        } <= found

    def test_a_run_of_missing_dates_is_one_violation(self) -> None:
        """A gap of several dates is reported once, at its first date, naming its length."""
        plan = attrs.evolve(TWO_WEEKS, days=(TWO_WEEKS.days[0], TWO_WEEKS.days[13]))
        found = [v for v in check_plan(plan, ROUTINE, availability()) if v.rule == "missing-date"]
        assert [MONDAY + dt.timedelta(days=1)] == [v.date for v in found]
        assert "the 12 dates" in found[0].message

    def test_session_listed_under_the_wrong_date(self) -> None:
        """A session that starts on another local date than its day is reported."""
        day0 = TWO_WEEKS.days[0]
        moved = shift(day0.sessions[1], dt.timedelta(days=1))
        plan = replace_session(TWO_WEEKS, 0, 1, moved)
        found = {(v.rule, v.date, v.session) for v in check_plan(plan, ROUTINE, availability())}
        assert ("wrong-date", day0.date, 1) in found

    def test_empty_session_is_reported(self) -> None:
        """A session without items is reported."""
        empty = attrs.evolve(TWO_WEEKS.days[0].sessions[1], items=())
        plan = replace_session(TWO_WEEKS, 0, 1, empty)
        assert "empty-session" in rules(check_plan(plan, ROUTINE, availability()))

    def test_extra_measure_is_reported(self) -> None:
        """A measure the dose does not use (letters for eversion) is reported."""
        plan = replace_item(TWO_WEEKS, 0, 1, "eversion", letters=5)
        assert "extra-measure" in rules(check_plan(plan, ROUTINE, availability()))

    def test_session_count_above_current_and_ceiling(self) -> None:
        """A third eversion session is above current; a fourth is above the ceiling."""
        day = TWO_WEEKS.days[0]
        eversion = items_for(ROUTINE["eversion"], Side.LEFT)
        third = Session(
            start=at(day.date, 17, 30, "Europe/London"),
            end=at(day.date, 17, 40, "Europe/London"),
            items=eversion,
        )
        fourth = Session(
            start=at(day.date, 20, 40, "Europe/London"),
            end=at(day.date, 20, 50, "Europe/London"),
            items=eversion,
        )
        three = attrs.evolve(TWO_WEEKS, days=(attrs.evolve(day, sessions=(*day.sessions, third)),))
        four = attrs.evolve(
            TWO_WEEKS, days=(attrs.evolve(day, sessions=(*day.sessions, third, fourth)),)
        )
        assert {"above-current"} == rules(check_plan(three, ROUTINE, availability()))
        assert {"above-ceiling"} == rules(check_plan(four, ROUTINE, availability()))

    def test_rest_is_checked_across_midnight(self) -> None:
        """Rest between a late session and an early one next day counts elapsed time."""
        late = Availability(
            windows=(Window(start=dt.time(0, 0), end=dt.time(23, 59)),),
            tz="Europe/London",
            min_rest_minutes=60,
        )
        routine = Routine(affected=Side.LEFT, items=(Prescription(exercise=exercise("toes")),))
        item = items_for(routine["toes"], Side.LEFT)
        a, b = dt.date(2026, 11, 24), dt.date(2026, 11, 25)
        plan = Plan(
            tz="Europe/London",
            days=(
                DayPlan(
                    date=a,
                    sessions=(
                        Session(
                            start=at(a, 23, 0, "Europe/London"),
                            end=at(a, 23, 30, "Europe/London"),
                            items=item,
                        ),
                    ),
                ),
                DayPlan(
                    date=b,
                    sessions=(
                        Session(
                            start=at(b, 0, 0, "Europe/London"),
                            end=at(b, 0, 10, "Europe/London"),
                            items=item,
                        ),
                    ),
                ),
            ),
        )
        found = check_plan(plan, routine, late)
        assert [("rest-between-sessions", b, 0)] == [(v.rule, v.date, v.session) for v in found]

    def test_rejects_wrong_argument_types(self) -> None:
        """Arguments that are not a Plan, Routine and Availability raise InvalidTypeError."""
        with pytest.raises(InvalidTypeError, match=r"'plan' must be a footdrop\.Plan"):
            check_plan("plan", ROUTINE, availability())  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- DST days


def one_exercise(spacing: int = 0, spd: int = 1) -> Routine:
    ex = exercise(
        "toes",
        timing=Timing(sessions_per_day=Range(min=spd, max=spd), min_spacing_minutes=spacing),
    )
    return Routine(affected=Side.LEFT, items=(Prescription(exercise=ex),))


def local(day: dt.date, hour: int, minute: int, zone: str, fold: int = 0) -> dt.datetime:
    return dt.datetime(
        day.year, day.month, day.day, hour, minute, fold=fold, tzinfo=zoneinfo.ZoneInfo(zone)
    )


def single(day: dt.date, zone: str, *spans: tuple[dt.datetime, dt.datetime]) -> Plan:
    routine = one_exercise()
    item = items_for(routine["toes"], Side.LEFT)
    sessions = tuple(Session(start=s, end=e, items=item) for s, e in spans)
    return Plan(tz=zone, days=(DayPlan(date=day, sessions=sessions),))


# (zone, the day clocks go forward, a wall time inside the gap, the gap in minutes)
SPRING = (
    ("Europe/London", dt.date(2026, 3, 29), (1, 30), 60),
    ("America/New_York", dt.date(2026, 3, 8), (2, 30), 60),
    ("Australia/Lord_Howe", dt.date(2026, 10, 4), (2, 10), 30),
)
# (zone, the day clocks go back, an hour:minute inside the repeated stretch, its length)
AUTUMN = (
    ("Europe/London", dt.date(2026, 10, 25), (1, 30), 60),
    ("America/New_York", dt.date(2026, 11, 1), (1, 30), 60),
    ("Australia/Lord_Howe", dt.date(2026, 4, 5), (1, 40), 30),
)


def night(zone: str, **settings_: Any) -> Availability:
    return Availability(
        windows=(Window(start=dt.time(0, 30), end=dt.time(4, 0)),), tz=zone, **settings_
    )


class TestDaylightSaving:
    @pytest.mark.parametrize(("zone", "day", "gap", "jump"), SPRING)
    def test_session_length_is_elapsed_time_when_clocks_go_forward(
        self, zone: str, day: dt.date, gap: tuple[int, int], jump: int
    ) -> None:
        """A session that reads 40 min longer on the wall is judged by its elapsed minutes."""
        start = local(day, 0, 50, zone)
        end = local(day, 3, 30, zone)  # after the gap
        elapsed = int((end.astimezone(dt.UTC) - start.astimezone(dt.UTC)).total_seconds() // 60)
        assert 160 - jump == elapsed
        plan = single(day, zone, (start, end))
        assert () == check_plan(plan, one_exercise(), night(zone, max_session_minutes=elapsed))
        found = check_plan(plan, one_exercise(), night(zone, max_session_minutes=elapsed - 1))
        assert {"session-too-long"} == rules(found)

    @pytest.mark.parametrize(("zone", "day", "gap", "jump"), SPRING)
    def test_spacing_is_elapsed_time_when_clocks_go_forward(
        self, zone: str, day: dt.date, gap: tuple[int, int], jump: int
    ) -> None:
        """Two starts 150 min apart on the wall are less apart in real time: spacing counts that."""
        first = (local(day, 0, 40, zone), local(day, 0, 50, zone))
        second = (local(day, 3, 10, zone), local(day, 3, 20, zone))
        routine = one_exercise(spacing=150, spd=2)
        item = items_for(routine["toes"], Side.LEFT)
        plan = Plan(
            tz=zone,
            days=(
                DayPlan(
                    date=day,
                    sessions=(
                        Session(start=first[0], end=first[1], items=item),
                        Session(start=second[0], end=second[1], items=item),
                    ),
                ),
            ),
        )
        found = check_plan(plan, routine, night(zone, min_rest_minutes=0))
        assert [("spacing", 1)] == [(v.rule, v.session) for v in found]
        spaced = one_exercise(spacing=150 - jump, spd=2)
        assert () == check_plan(plan, spaced, night(zone, min_rest_minutes=0))

    @pytest.mark.parametrize(("zone", "day", "gap", "jump"), SPRING)
    def test_time_inside_the_gap_is_flagged(
        self, zone: str, day: dt.date, gap: tuple[int, int], jump: int
    ) -> None:
        """A start that the local clock never shows (it is skipped) is reported."""
        start = local(day, *gap, zone)
        end = start.astimezone(dt.UTC) + dt.timedelta(minutes=90)
        plan = single(day, zone, (start, end.astimezone(zoneinfo.ZoneInfo(zone))))
        found = check_plan(plan, one_exercise(), night(zone, max_session_minutes=120))
        assert ("naive-or-wrong-zone", 0) in {(v.rule, v.session) for v in found}

    @pytest.mark.parametrize(("zone", "day", "hm", "back"), AUTUMN)
    def test_repeated_hour_rest_is_elapsed_time(
        self, zone: str, day: dt.date, hm: tuple[int, int], back: int
    ) -> None:
        """A session at the second reading of a repeated time starts after one at the first."""
        hour, minute = hm
        first_end = local(day, hour, minute, zone, fold=0)
        first_start = first_end - dt.timedelta(minutes=20)
        second_start = local(day, hour, minute - 10, zone, fold=1)
        second_end = (second_start.astimezone(dt.UTC) + dt.timedelta(minutes=10)).astimezone(
            zoneinfo.ZoneInfo(zone)
        )
        routine = one_exercise(spd=2)
        item = items_for(routine["toes"], Side.LEFT)
        plan = Plan(
            tz=zone,
            days=(
                DayPlan(
                    date=day,
                    sessions=(
                        Session(start=first_start, end=first_end, items=item),
                        Session(start=second_start, end=second_end, items=item),
                    ),
                ),
            ),
        )
        gap = back - 10  # elapsed minutes from the first end to the second start
        assert () == check_plan(plan, routine, night(zone, min_rest_minutes=gap))
        found = check_plan(plan, routine, night(zone, min_rest_minutes=gap + 1))
        assert [("rest-between-sessions", 1)] == [(v.rule, v.session) for v in found]

    @pytest.mark.parametrize(("zone", "day", "hm", "back"), AUTUMN)
    def test_session_across_the_repeated_hour_reads_both_clocks(
        self, zone: str, day: dt.date, hm: tuple[int, int], back: int
    ) -> None:
        """A session across the change fits a window only if every reading of it does."""
        hour, minute = hm
        start = local(day, hour, minute, zone, fold=0)
        end = local(day, hour, minute, zone, fold=1)
        assert dt.timedelta(minutes=back) == (end.astimezone(dt.UTC) - start.astimezone(dt.UTC))
        plan = single(day, zone, (start, end))
        assert () == check_plan(plan, one_exercise(), night(zone, max_session_minutes=90))
        # The clock drops back below hh:mm during the session, so a window opening at
        # hh:mm does not hold it.
        narrow = Availability(
            windows=(Window(start=dt.time(hour, minute), end=dt.time(4)),),
            tz=zone,
            max_session_minutes=90,
        )
        assert {"outside-window"} == rules(check_plan(plan, one_exercise(), narrow))

    @settings(max_examples=15)
    @given(zone=st.sampled_from(ZONES), offset=st.integers(-10, 0))
    def test_plans_across_every_change_pass(self, zone: str, offset: int) -> None:
        """Valid three-week plans that cross a clock change in either direction pass."""
        for change in (day for z, day, _, _ in SPRING + AUTUMN if z == zone):
            plan = valid_plan(ROUTINE, change + dt.timedelta(days=offset), 21, zone)
            assert () == check_plan(plan, ROUTINE, availability(zone))


# ----------------------------------------------------------------------------- robustness

ODD_IDS = ("eversion", "slides", "stance", "walks", "band-hip", "unknown-one")
ODD_TZS = (
    zoneinfo.ZoneInfo("Europe/London"),
    zoneinfo.ZoneInfo("Australia/Lord_Howe"),
    zoneinfo.ZoneInfo("America/New_York"),
    dt.UTC,
    dt.timezone(dt.timedelta(hours=-12)),
    dt.timezone(dt.timedelta(hours=14)),
)


@st.composite
def odd_items(draw: st.DrawFn) -> PlanItem:
    def measure() -> int | None:
        value = draw(st.integers(0, 10))
        return value or None

    side = draw(st.integers(0, 2))
    support = draw(st.integers(0, len(SupportLevel)))
    return PlanItem(
        exercise_id=ODD_IDS[draw(st.integers(0, len(ODD_IDS) - 1))],
        side=None if side == 2 else tuple(Side)[side],
        sets=draw(st.integers(1, 10)),
        reps=measure(),
        hold_seconds=measure(),
        letters=measure(),
        rounds=measure(),
        steps=measure(),
        support=None if support == len(SupportLevel) else tuple(SupportLevel)[support],
    )


@st.composite
def odd_sessions(draw: st.DrawFn, day: dt.date) -> Session:
    """Sessions near *day* (or far from it), in any zone, with any items."""
    tz = ODD_TZS[draw(st.integers(0, len(ODD_TZS) - 1))]
    far = draw(st.sampled_from([0, 0, 0, 1, -1])) * draw(st.integers(0, 700_000))
    naive = dt.datetime.combine(day, dt.time()) + dt.timedelta(
        minutes=draw(st.integers(-1440, 2880)), days=far
    )
    start = naive.replace(tzinfo=tz, fold=draw(st.integers(0, 1)))
    minutes = draw(st.integers(1, 3 * 24 * 60))
    end = (start.astimezone(dt.UTC) + dt.timedelta(minutes=minutes)).astimezone(tz)
    items = [draw(odd_items()) for _ in range(draw(st.integers(0, 3)))]
    return Session(start=start, end=end, items=items)


@st.composite
def odd_plans(draw: st.DrawFn) -> Plan:
    """Well-typed plans of any shape: dates out of order or repeated, sessions anywhere."""
    first = dt.date(2026, 1, 1) + dt.timedelta(days=draw(st.integers(0, 730)))
    days = []
    for _ in range(draw(st.integers(0, 4))):
        date = first + dt.timedelta(days=draw(st.integers(0, 8)))
        sessions = [draw(odd_sessions(date)) for _ in range(draw(st.integers(0, 3)))]
        days.append(DayPlan(date=date, sessions=sessions))
    return Plan(tz=draw(st.sampled_from(ZONES)), days=days)


class TestRobustness:
    @settings(max_examples=40)
    @given(plan=odd_plans(), zone=st.sampled_from(ZONES))
    def test_odd_plans_never_crash(self, plan: Plan, zone: str) -> None:
        """Any well-typed plan gives a tuple of known violations, never an exception."""
        found = check_plan(plan, ROUTINE, availability(zone))
        assert isinstance(found, tuple)
        assert set() == {v.rule for v in found} - set(RULES)

    @settings(max_examples=20)
    @given(plan=odd_plans())
    def test_result_is_deterministic_and_sorted(self, plan: Plan) -> None:
        """The same inputs give the same violations, ordered by date and session."""
        first = check_plan(plan, ROUTINE, availability())
        assert first == check_plan(plan, ROUTINE, availability())
        keys = [(v.date is not None, v.date or dt.date.min) for v in first]
        assert sorted(keys) == keys
