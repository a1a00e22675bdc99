"""Plan, DayPlan, Session, PlanItem and Fallback: the scheduler's output, and views of it.

Views answer the questions people ask of a plan: what is on a date
(:meth:`Plan.day`), how often each exercise comes per day and per week
(:meth:`Plan.counts_per_day`, :meth:`Plan.counts_per_week`), how long and how
many repetitions a day holds (:meth:`Plan.totals`), and a timetable to read
(:meth:`Plan.to_text`).
"""

from __future__ import annotations

import datetime as dt
import math
import zoneinfo
from collections import Counter
from typing import TYPE_CHECKING, Any, final

import attrs

from footdrop._validators import (
    check_date,
    date_only,
    enum_of,
    instance_of,
    instant_key,
    optional,
    slug,
    text,
    to_tuple,
    tuple_of,
    whole,
    zone,
)
from footdrop.exceptions import FootdropError, InvalidTypeError, InvalidValueError
from footdrop.model import _hooks
from footdrop.model._availability import Availability
from footdrop.model._dose import LIMITS, ExerciseSet, count_field
from footdrop.model._kinds import Side, SupportLevel, to_optional_side, to_optional_support
from footdrop.model._measures import COUNTS, OPTIONAL, dose_words
from footdrop.model._screening import Screening, require_clear

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from footdrop.model._exercise import Exercise
    from footdrop.model._routine import Routine

__all__ = ["DayPlan", "DayTotals", "Fallback", "Plan", "PlanItem", "Session"]


def _aware(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, dt.datetime):
        msg = f"'{attribute.name}' must be a datetime (got {value!r:.80})."
        raise InvalidTypeError(msg, field=attribute.name, value=value, expected="datetime")
    if value.tzinfo is None or value.utcoffset() is None:
        msg = (
            f"'{attribute.name}' must be time-zone aware (got the naive {value.isoformat()}): "
            "attach a zoneinfo.ZoneInfo."
        )
        raise InvalidValueError(msg, field=attribute.name, value=value, fix="attach a tzinfo")
    if not 1 < value.year < 9999:  # the edge years leave no room to change zones
        msg = f"'{attribute.name}' must fall within the years 2..9998 (got {value.isoformat()})."
        raise InvalidValueError(msg, field=attribute.name, value=value, fix="check the year")


def _shown_in(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """*moment* on the wall clock of *zone*, through its instant (a skipped time moves on)."""
    return moment.astimezone(dt.UTC).astimezone(zone)


def _same_wall(shown: dt.datetime, held: dt.datetime) -> bool:
    """Whether *held* already is *shown*: the same tzinfo object, wall clock and fold."""
    return (
        shown.tzinfo is held.tzinfo
        and shown.fold == held.fold
        and shown.replace(tzinfo=None) == held.replace(tzinfo=None)
    )


def in_plan_zone(plan: Plan) -> Plan:
    """*plan* with every session time in the plan's own zone: the same instants.

    Loading and the plan's text views use it, so a time written in UTC (``Z``,
    as servers write it) is shown on the plan's wall clock, and a time in a
    repeated hour carries the zone and its ``fold``.
    """
    zone = plan.zone
    days = []
    is_changed = False
    for day in plan.days:
        sessions = []
        for s in day.sessions:
            start, end = _shown_in(s.start, zone), _shown_in(s.end, zone)
            if _same_wall(start, s.start) and _same_wall(end, s.end):
                sessions.append(s)
            else:
                sessions.append(attrs.evolve(s, start=start, end=end))
        if any(a is not b for a, b in zip(sessions, day.sessions, strict=True)):
            day = attrs.evolve(day, sessions=sessions)  # noqa: PLW2901 - the day in the zone
            is_changed = True
        days.append(day)
    return attrs.evolve(plan, days=days) if is_changed else plan


def exercise_title(exercise_id: str, exercises: Mapping[str, Exercise]) -> str:
    """The name to show for *exercise_id*: its exercise's name, else the id in words.

    Example:
        >>> from footdrop.export.text import exercise_title
        >>> exercise_title("toe-raise-negatives", {})
        'Toe raise negatives'

    .. versionadded:: 0.1.0
    """
    exercise = exercises.get(exercise_id)
    if exercise is not None:
        return exercise.name
    return exercise_id.replace("-", " ").capitalize()


@final
@attrs.frozen(kw_only=True)
class _Names:
    """What a timetable needs to word items: exercises by id, and the order to list them in."""

    exercises: Mapping[str, Exercise]
    rank: Mapping[str, int]

    @classmethod
    def of(cls, routine: Routine | None, exercises: Mapping[str, Exercise] | None) -> _Names:
        """Names from *exercises* (the built-in catalogue when ``None``), then the routine's.

        The order is the routine's, then that of *exercises*.
        """
        known = dict(_hooks.builtin_catalogue() if exercises is None else exercises)
        order = list(known)
        if routine is not None:
            known.update({p.exercise.id: p.exercise for p in routine.items})
            order = [*routine.ids, *order]
        rank: dict[str, int] = {}
        for exercise_id in order:
            rank.setdefault(exercise_id, len(rank))
        return cls(exercises=known, rank=rank)

    def ordered(self, items: Iterable[PlanItem]) -> list[PlanItem]:
        """*items* in the routine's order (a stable sort: sides keep their order)."""
        last = len(self.rank)
        return sorted(items, key=lambda item: self.rank.get(item.exercise_id, last))


@final
@attrs.frozen(kw_only=True)
class PlanItem:
    """One exercise in one session, on one side, at a set dose.

    Args:
        exercise_id: The exercise's id.
        side: The side to work, or ``None`` for both legs together or no side.
        sets: Sets to do.
        reps, hold_seconds, letters, rounds, steps, support: The dose per set, ``None``
            where the exercise does not use the measure.
        rest_between_sets_seconds: Rest between two sets.

    .. versionadded:: 0.1.0
    """

    exercise_id: str = attrs.field(validator=slug)
    side: Side | None = attrs.field(converter=to_optional_side, validator=optional(enum_of(Side)))
    sets: int = attrs.field(validator=whole(*LIMITS["sets"]))
    reps: int | None = count_field("reps")
    hold_seconds: int | None = count_field("hold_seconds")
    letters: int | None = count_field("letters")
    rounds: int | None = count_field("rounds")
    steps: int | None = count_field("steps")
    support: SupportLevel | None = attrs.field(
        default=None, converter=to_optional_support, validator=optional(enum_of(SupportLevel))
    )
    rest_between_sets_seconds: int = attrs.field(
        default=0, validator=whole(*LIMITS["rest_between_sets_seconds"])
    )

    def describe(self) -> str:
        """The item's dose in plain words, with its side: "2 sets of 10 reps, hold 3 s, left leg".

        The words come from the measures table (``footdrop.model._measures``);
        :func:`footdrop.export.text.describe_item` returns the same.

        Example:
            >>> from footdrop import PlanItem, Side
            >>> PlanItem(exercise_id="heel-and-toe-walks", side=None, sets=1, rounds=3,
            ...          steps=10).describe()
            '1 set of 3 rounds of 10 steps each way'

        .. versionadded:: 0.1.0
        """
        parts = dose_words(
            self.sets, {m.name: getattr(self, m.name) for m in OPTIONAL}, self.support
        )
        if self.side is not None:
            parts.append(f"{self.side.value} leg")
        return ", ".join(parts)

    def to_text(self, exercises: Mapping[str, Exercise] | None = None) -> str:
        """The item as one line of any timetable: the exercise's name, then its dose.

        This is the one wording of a plan item: :meth:`Plan.to_text`, the command
        line, the HTML and Markdown handouts and the calendar descriptions all use it.

        Args:
            exercises: Exercises by id, for their names (the built-in catalogue
                when ``None``); an id not found is shown in words
                ("toe-raise" as "Toe raise").

        Example:
            >>> from footdrop import PlanItem, Side
            >>> PlanItem(exercise_id="ankle-eversion", side=Side.LEFT, sets=2, reps=10,
            ...          hold_seconds=3).to_text()
            'Ankle eversion: 2 sets of 10 reps, hold 3 s, left leg'

        .. versionadded:: 0.1.0
        """
        known = _hooks.builtin_catalogue() if exercises is None else exercises
        return f"{exercise_title(self.exercise_id, known)}: {self.describe()}"

    def __str__(self) -> str:
        """The item as :meth:`to_text` words it, named from the built-in catalogue."""
        return self.to_text()

    @property
    def total_reps(self) -> int:
        """Repetitions over all sets (0 for items counted in letters, rounds or holds only)."""
        return self.sets * self.reps if self.reps is not None else 0

    def exercise_sets(self) -> tuple[ExerciseSet, ...]:
        """The planned sets one by one, with the rest after each (none after the last).

        Example:
            >>> from footdrop import PlanItem
            >>> item = PlanItem(exercise_id="towel-scrunches", side=None, sets=2, reps=10,
            ...                 hold_seconds=3, rest_between_sets_seconds=30)
            >>> [s.rest_after_seconds for s in item.exercise_sets()]
            [30, 0]
        """
        reps = next((getattr(self, m.name) for m in COUNTS if getattr(self, m.name)), None)
        hold = self.hold_seconds
        if reps is None and hold is None:
            hold = 0
        return tuple(
            ExerciseSet(
                reps=reps,
                hold_seconds=hold,
                rest_after_seconds=self.rest_between_sets_seconds if i < self.sets - 1 else 0,
            )
            for i in range(self.sets)
        )


@final
@attrs.frozen(kw_only=True)
class Session:
    """A sitting of one or more exercises, from ``start`` to ``end``.

    Two sessions are equal when their times are the same instants showing the
    same wall clock, whichever ``tzinfo`` carries them: the two 01:15 of a
    repeated hour differ, and 07:30 BST equals 07:30 at ``+01:00``.

    Args:
        start: When it starts (time-zone aware).
        end: When it ends (time-zone aware, after ``start``).
        items: The exercises, in the order they are done.

    .. versionadded:: 0.1.0
    """

    start: dt.datetime = attrs.field(validator=_aware, eq=instant_key)
    end: dt.datetime = attrs.field(validator=_aware, eq=instant_key)
    items: tuple[PlanItem, ...] = attrs.field(
        converter=to_tuple, validator=tuple_of(instance_of(PlanItem, "a PlanItem"), "PlanItem")
    )

    def __attrs_post_init__(self) -> None:
        # Compare instants: datetimes sharing a tzinfo compare by wall clock, which
        # gets sessions across a clock change (the repeated hour) wrong.
        if self.end.astimezone(dt.UTC) <= self.start.astimezone(dt.UTC):
            msg = (
                f"'end' must come after 'start' (got start={self.start.isoformat()}, "
                f"end={self.end.isoformat()})."
            )
            raise InvalidValueError(msg, field="end", value=self.end)

    @property
    def duration(self) -> dt.timedelta:
        """How long the session lasts (elapsed time, across any clock change)."""
        return self.end.astimezone(dt.UTC) - self.start.astimezone(dt.UTC)

    @property
    def exercise_ids(self) -> tuple[str, ...]:
        """The ids of the exercises in the session, in order, each once."""
        return tuple(dict.fromkeys(item.exercise_id for item in self.items))

    @property
    def minutes(self) -> int:
        """The elapsed length in whole minutes, rounded up."""
        return math.ceil(self.duration.total_seconds() / 60)

    def ordered_items(self, routine: Routine | None = None) -> tuple[PlanItem, ...]:
        """The items in the routine's order, as every timetable lists them.

        A stable sort, so the sides of one exercise keep their order; ids the
        routine lacks follow, in the built-in catalogue's order, then in plan order.

        .. versionadded:: 0.1.0
        """
        return tuple(_Names.of(routine, None).ordered(self.items))

    def to_text(
        self, routine: Routine | None = None, *, exercises: Mapping[str, Exercise] | None = None
    ) -> str:
        """The session as timetable lines: its times, then one line per item.

        Items are worded by :meth:`PlanItem.to_text` and listed in the routine's
        order; see :meth:`Plan.to_text` for *routine* and *exercises*.
        """
        return _session_text(self, _Names.of(routine, exercises))


@final
@attrs.frozen(kw_only=True)
class Fallback:
    """A place where the scheduler planned less than the current level, and why.

    The scheduler never goes below the prescription's floor; every step down
    from ``current`` toward it is recorded as a fallback.

    Args:
        on: The date.
        exercise_id: The exercise.
        lever: What was lowered (``"sessions_per_day"``, ``"sets"``, ``"reps"``, ...).
        wanted: The current level's value.
        planned: The value planned instead (at least the floor).
        reason: Why, as a sentence.

    .. versionadded:: 0.1.0
    """

    on: dt.date = attrs.field(validator=date_only)
    exercise_id: str = attrs.field(validator=slug)
    lever: str = attrs.field(validator=text(50))
    wanted: int = attrs.field(validator=whole(0, 100_000))
    planned: int = attrs.field(validator=whole(0, 100_000))
    reason: str = attrs.field(validator=text(2000))


@final
@attrs.frozen(kw_only=True)
class DayPlan:
    """The sessions of one date.

    Args:
        date: The local date.
        sessions: The sessions, in time order (empty on a rest day).
        fallbacks: Every step down from the current level on this date.

    .. versionadded:: 0.1.0
    """

    date: dt.date = attrs.field(validator=date_only)
    sessions: tuple[Session, ...] = attrs.field(
        converter=to_tuple, validator=tuple_of(instance_of(Session, "a Session"), "Session")
    )
    fallbacks: tuple[Fallback, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=tuple_of(instance_of(Fallback, "a Fallback"), "Fallback"),
    )

    @property
    def is_rest_day(self) -> bool:
        """Whether nothing is planned."""
        return not self.sessions

    def counts(self) -> dict[str, int]:
        """How many sessions hold each exercise this day, by id (in the order they come).

        Example:
            >>> import datetime as dt
            >>> from footdrop import DayPlan, PlanItem, Session
            >>> london = dt.timezone.utc
            >>> item = PlanItem(exercise_id="ankle-eversion", side=None, sets=1, reps=10)
            >>> day = DayPlan(date=dt.date(2026, 11, 24), sessions=[
            ...     Session(start=dt.datetime(2026, 11, 24, h, tzinfo=london),
            ...             end=dt.datetime(2026, 11, 24, h, 5, tzinfo=london), items=[item])
            ...     for h in (8, 12)])
            >>> day.counts()
            {'ankle-eversion': 2}
        """
        found: Counter[str] = Counter()
        for session in self.sessions:
            found.update(session.exercise_ids)
        return dict(found)

    @property
    def total_minutes(self) -> int:
        """The minutes of all sessions together."""
        return sum(session.minutes for session in self.sessions)

    @property
    def total_reps(self) -> int:
        """The repetitions of all items together (both sides count)."""
        return sum(item.total_reps for session in self.sessions for item in session.items)

    def totals(self) -> DayTotals:
        """Sessions, minutes and repetitions of the day."""
        return DayTotals(
            date=self.date,
            sessions=len(self.sessions),
            minutes=self.total_minutes,
            reps=self.total_reps,
        )

    def to_text(
        self, routine: Routine | None = None, *, exercises: Mapping[str, Exercise] | None = None
    ) -> str:
        """The day as a timetable: a heading, then each session with its items.

        See :meth:`Plan.to_text` for *routine* and *exercises*.
        """
        return _day_text(self, _Names.of(routine, exercises))

    def __str__(self) -> str:
        return self.to_text()

    def _repr_html_(self) -> str:
        """An HTML view for notebooks (see :func:`footdrop.export.html.repr_html`)."""
        return _hooks.html(self)


@final
@attrs.frozen(kw_only=True)
class DayTotals:
    """What one day of a plan adds up to.

    Args:
        date: The date.
        sessions: How many sessions.
        minutes: Their minutes together.
        reps: Their repetitions together (both sides count).

    .. versionadded:: 0.1.0
    """

    date: dt.date = attrs.field(validator=date_only)
    sessions: int = attrs.field(validator=whole(0, 100))
    minutes: int = attrs.field(validator=whole(0, 1440 * 2))
    reps: int = attrs.field(validator=whole(0, 10_000_000))


def _made_under(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    # A plan is never made past a red flag or an unfinished screening (the scheduler's entry
    # check); a plan read from a file that claims otherwise is refused the same way.
    instance_of(Screening, "a footdrop.safety.Screening")(_inst, attribute, value)
    try:
        require_clear(value)
    except FootdropError as exc:
        msg = (
            f"'{attribute.name}' must be a complete, clear screening: a plan is never made "
            f"past a red flag or an unfinished screening ({exc})"
        )
        raise InvalidValueError(msg, field=attribute.name, value=value) from exc


@final
@attrs.frozen(kw_only=True)
class Plan:
    """Daily plans for a run of dates, in one time zone.

    The plan's views (:meth:`to_text`, ``str()``, the HTML and the exports) show
    every session on the wall clock of ``tz``, whatever offset its times carry;
    :func:`footdrop.serialisation.loads` puts loaded times in ``tz``.

    Args:
        tz: The IANA time zone the plan's local times are in.
        days: One :class:`DayPlan` per date, in date order.
        screening: The red-flag screening the plan was made under
            (:class:`footdrop.safety.Screening`, complete and clear), or ``None``
            when none was given ("not screened").
        affected: The side with foot drop the plan was made for, or ``None``
            (documents written before footdrop recorded it). :func:`footdrop.schedule`
            records the routine's.
        availability: The :class:`~footdrop.Availability` the plan was made for, or
            ``None`` (older documents). :func:`footdrop.schedule` records the one it
            was given, so a plan can be checked later without the windows typed again.
            Neither takes part in equality (they say how the plan was made, not what it
            holds), and FHIR does not carry them.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 ``affected`` and ``availability``.
    """

    tz: str = attrs.field(validator=zone)
    days: tuple[DayPlan, ...] = attrs.field(
        converter=to_tuple, validator=tuple_of(instance_of(DayPlan, "a DayPlan"), "DayPlan")
    )
    screening: Screening | None = attrs.field(default=None, validator=optional(_made_under))
    # How the plan was made, not what it holds: two plans with the same days are equal.
    affected: Side | None = attrs.field(default=None, validator=optional(enum_of(Side)), eq=False)
    availability: Availability | None = attrs.field(
        default=None,
        validator=optional(instance_of(Availability, "an Availability")),
        eq=False,
    )

    @property
    def fallbacks(self) -> tuple[Fallback, ...]:
        """Every fallback of every day, in date order."""
        return tuple(f for day in self.days for f in day.fallbacks)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The plan's time zone."""
        return zoneinfo.ZoneInfo(self.tz)

    @property
    def start(self) -> dt.date | None:
        """The first date of the plan (``None`` for a plan of no days)."""
        return self.days[0].date if self.days else None

    @property
    def end(self) -> dt.date | None:
        """The last date of the plan (``None`` for a plan of no days)."""
        return self.days[-1].date if self.days else None

    def day(self, date: dt.date) -> DayPlan:
        """The plan of *date*.

        Raises:
            footdrop.exceptions.InvalidTypeError: *date* is not a date (or is a datetime).
            footdrop.exceptions.InvalidValueError: *date* is not a date of the plan.

        Example:
            >>> import datetime as dt
            >>> from footdrop import DayPlan, Plan
            >>> plan = Plan(tz="Europe/London", days=[DayPlan(date=dt.date(2026, 11, 24), sessions=[])])
            >>> plan.day(dt.date(2026, 11, 24)).is_rest_day
            True
            >>> plan.day(dt.date(2026, 11, 25))
            Traceback (most recent call last):
            ...
            footdrop.exceptions.InvalidValueError: 'date' 2026-11-25 is outside the plan (2026-11-24 to 2026-11-24): ask for a date within it or plan more days.
        """  # noqa: E501
        check_date("date", date)
        if self.days:
            index = (date - self.days[0].date).days
            if 0 <= index < len(self.days) and self.days[index].date == date:
                return self.days[index]
            for day in self.days:
                if day.date == date:
                    return day
        span = f"{self.start} to {self.end}" if self.days else "no days"
        msg = (
            f"'date' {date.isoformat()} is outside the plan ({span}): ask for a date within it "
            "or plan more days."
        )
        raise InvalidValueError(msg, field="date", value=date, fix="plan more days")

    def counts(self, date: dt.date) -> dict[str, int]:
        """How many sessions hold each exercise on *date* (see :meth:`DayPlan.counts`)."""
        return self.day(date).counts()

    def counts_per_day(self) -> dict[dt.date, dict[str, int]]:
        """Sessions per exercise for every date, rest days as empty mappings."""
        return {day.date: day.counts() for day in self.days}

    def counts_per_week(self) -> dict[dt.date, dict[str, int]]:
        """Sessions per exercise for every week, keyed by the week's Monday.

        Weeks run Monday to Sunday; the first and last may be partial.
        """
        weeks: dict[dt.date, Counter[str]] = {}
        for day in self.days:
            monday = day.date - dt.timedelta(days=day.date.weekday())
            weeks.setdefault(monday, Counter()).update(day.counts())
        return {monday: dict(found) for monday, found in weeks.items()}

    def totals(self) -> tuple[DayTotals, ...]:
        """Sessions, minutes and repetitions of every date, in date order."""
        return tuple(day.totals() for day in self.days)

    def to_text(
        self, routine: Routine | None = None, *, exercises: Mapping[str, Exercise] | None = None
    ) -> str:
        """The plan as a plain-text timetable, one block per date.

        Each item is worded by :meth:`PlanItem.to_text`, with its exercise's name,
        and the items of a session are listed in the routine's order, so an
        exercise keeps its place from day to day.

        Args:
            routine: The routine the plan was made for: its exercises' names and
                order win.
            exercises: Exercises by id for names the routine lacks (the built-in
                catalogue when ``None``); ids found in neither are shown in words.

        Example:
            >>> import datetime as dt
            >>> import footdrop
            >>> routine = footdrop.Routine.from_catalogue(
            ...     affected=footdrop.Side.LEFT, only=["ankle-eversion"])
            >>> day = footdrop.Availability.daily(start=dt.time(8), end=dt.time(20), tz="Europe/London")
            >>> plan = footdrop.schedule(routine, start=dt.date(2026, 11, 24), days=1, availability=day)
            >>> print(plan.to_text(routine))
            Plan from 2026-11-24 to 2026-11-24 (Europe/London)
            <BLANKLINE>
            Tuesday 2026-11-24
              08:00-08:02  Ankle eversion: 1 set of 10 reps, hold 3 s
              15:25-15:27  Ankle eversion: 1 set of 10 reps, hold 3 s
        """  # noqa: E501
        head = f"Plan from {self.start} to {self.end} ({self.tz})"
        names = _Names.of(routine, exercises)
        return "\n\n".join([head, *(_day_text(day, names) for day in in_plan_zone(self).days)])

    def __str__(self) -> str:
        return self.to_text()

    def _repr_html_(self) -> str:
        """An HTML view for notebooks (see :func:`footdrop.export.html.repr_html`)."""
        return _hooks.html(self)


def _session_text(session: Session, names: _Names) -> str:
    head = f"{session.start:%H:%M}-{session.end:%H:%M}"
    pad = " " * len(head)
    lines = [item.to_text(names.exercises) for item in names.ordered(session.items)]
    if not lines:
        return head
    return "\n".join([f"{head}  {lines[0]}", *(f"{pad}  {line}" for line in lines[1:])])


def _day_text(day: DayPlan, names: _Names) -> str:
    lines = [f"{day.date:%A} {day.date.isoformat()}"]
    if not day.sessions:
        lines.append("  rest day")
    for session in day.sessions:
        lines += ["  " + line for line in _session_text(session, names).splitlines()]
    lines += [
        f"  fallback: {exercise_title(f.exercise_id, names.exercises)} "
        f"{f.lever.replace('_', ' ')} {f.planned} instead of {f.wanted} ({f.reason})"
        for f in day.fallbacks
    ]
    return "\n".join(lines)
