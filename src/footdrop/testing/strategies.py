"""Hypothesis strategies for every public footdrop model.

Use them to test code built on footdrop: progression rules, exports, stores.
Every strategy builds only valid models (bounded fields get explicit bounds,
because :func:`hypothesis.strategies.builds` does not read attrs validators),
and every model they build survives ``loads(dumps(x), type(x)) == x``.

The strategies are registered with :func:`hypothesis.strategies.register_type_strategy`
through Hypothesis's ``hypothesis`` entry point, so once footdrop is installed
``st.from_type(footdrop.Dose)`` (and every other model) just works:

Example:
    >>> import footdrop
    >>> from hypothesis import given, strategies as st
    >>> @given(st.from_type(footdrop.Dose))
    ... def test_every_dose_has_a_measure(dose):
    ...     assert dose.measures
    >>> test_every_dose_has_a_measure()

Importing this module needs Hypothesis, a test dependency rather than a runtime one.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

# The entry point's hook (footdrop.testing._hook) registers the registry below once the
# models are imported; when this module is what imports them, it is half-built then, so it
# calls the hook itself at its end.
from footdrop.testing._hook import _hypothesis_setup_hook

# isort: split
import datetime as dt
import functools
import zoneinfo
from typing import Any, Final

import attrs
from hypothesis import assume
from hypothesis import strategies as st

from footdrop.model._availability import Availability, Window
from footdrop.model._catalogue import Catalogue
from footdrop.model._dose import LIMITS, Dose, ExerciseSet, Level, SupportRange, Timing
from footdrop.model._exercise import DEFAULT_NUMBERS, Basis, Exercise, Provenance
from footdrop.model._kinds import (
    Category,
    Laterality,
    Position,
    Side,
    Sides,
    SupportLevel,
    Weekday,
)
from footdrop.model._log import BorgCR10, ExerciseLog
from footdrop.model._measures import OPTIONAL
from footdrop.model._plan import DayPlan, Fallback, Plan, PlanItem, Session
from footdrop.model._range import MAX_RANGE_VALUE, Range
from footdrop.model._recurrence import MAX_INTERVAL_DAYS, Recurrence
from footdrop.model._routine import Parameter, Prescription, Routine
from footdrop.model._screening import RED_FLAGS, Answer, Respondent, Screening

__all__ = [
    "MODELS",
    "TIME_ZONES",
    "availabilities",
    "aware_datetimes",
    "borg_cr10",
    "catalogues",
    "clock_change_dates",
    "clock_changes",
    "dates",
    "day_plans",
    "doses",
    "exercise_ids",
    "exercise_logs",
    "exercise_sets",
    "exercises",
    "fallbacks",
    "levels",
    "levels_within",
    "parameters",
    "plan_items",
    "plans",
    "prescriptions",
    "provenances",
    "ranges",
    "recurrences",
    "routines",
    "screenings",
    "sessions",
    "skipped_datetimes",
    "support_ranges",
    "texts",
    "time_zones",
    "timings",
    "windows",
]

#: The IANA time zones :func:`time_zones` draws from: no DST, ordinary DST,
#: a half-hour DST shift (Lord Howe) and a +12:45 offset (Chatham).
TIME_ZONES: Final = (
    "UTC",
    "Europe/London",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
)

_SLUG_WORD = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
#: The numeric measures a dose may leave out, from the measures table.
_NUMBERS: Final = tuple(m.name for m in OPTIONAL)
#: The measures a dose may use on their own (not counted within another), and support.
_OPTIONAL_MEASURES: Final = (*(m.name for m in OPTIONAL if m.per is None), "support")
_BASES: Final = tuple(Basis)


@functools.cache
def texts(*, max_size: int = 30) -> st.SearchStrategy[str]:
    """Non-blank UTF-8 text of at most *max_size* characters, as every text field needs.

    Example:
        >>> from hypothesis import given
        >>> @given(texts())
        ... def test(text):
        ...     assert text.strip()
        >>> test()

    .. versionadded:: 0.1.0
    """
    # No control characters but tab and newline: footdrop refuses the rest.
    letters = st.characters(
        codec="utf-8", exclude_categories=("Cc", "Cs"), include_characters="\t\n"
    )
    return st.text(letters, min_size=1, max_size=max_size).filter(str.strip)


@functools.cache
def exercise_ids() -> st.SearchStrategy[str]:
    """Lower-case slugs such as ``"ankle-eversion"``, valid as exercise ids.

    .. versionadded:: 0.1.0
    """
    return st.lists(_SLUG_WORD, min_size=1, max_size=4).map("-".join)


@functools.cache
def dates(
    *, min_value: dt.date = dt.date(2000, 1, 1), max_value: dt.date = dt.date(2100, 12, 31)
) -> st.SearchStrategy[dt.date]:
    """Calendar dates between *min_value* and *max_value* (never datetimes).

    .. versionadded:: 0.1.0
    """
    return st.dates(min_value=min_value, max_value=max_value)


@functools.cache
def time_zones() -> st.SearchStrategy[str]:
    """IANA time-zone names from :data:`TIME_ZONES`.

    .. versionadded:: 0.1.0
    """
    return st.sampled_from(TIME_ZONES)


@functools.cache
def clock_changes(tz: str, year: int) -> tuple[dt.datetime, ...]:
    """The instants (in UTC, to the minute) at which *tz* changes its offset in *year*.

    Example:
        >>> [str(c) for c in clock_changes("Europe/London", 2027)]
        ['2027-03-28 01:00:00+00:00', '2027-10-31 01:00:00+00:00']

    .. versionadded:: 0.1.0
    """
    zone = zoneinfo.ZoneInfo(tz)
    found = []
    moment = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC)
    day = dt.timedelta(days=1)
    while moment < end:
        later = moment + day
        if moment.astimezone(zone).utcoffset() != later.astimezone(zone).utcoffset():
            lo, hi = 0, 24 * 60  # minutes after *moment*: the offset changes in (lo, hi]
            while hi - lo > 1:
                mid = (lo + hi) // 2
                shown = (moment + dt.timedelta(minutes=mid)).astimezone(zone).utcoffset()
                if shown == moment.astimezone(zone).utcoffset():
                    lo = mid
                else:
                    hi = mid
            found.append(moment + dt.timedelta(minutes=hi))
        moment = later
    return tuple(found)


@functools.cache
def clock_change_dates(tz: str) -> st.SearchStrategy[dt.date]:
    """Local dates on which *tz* changes its clocks (any date, for a zone that never does).

    .. versionadded:: 0.1.0
    """
    if not clock_changes(tz, 2027):
        return dates()
    zone = zoneinfo.ZoneInfo(tz)
    return (
        st.integers(2000, 2100)
        .map(lambda year: clock_changes(tz, year))
        .filter(bool)
        .flatmap(st.sampled_from)
        .map(lambda change: change.astimezone(zone).date())
    )


@st.composite
def aware_datetimes(
    draw: st.DrawFn, *, tz: str | None = None, on: dt.date | None = None
) -> dt.datetime:
    """Time-zone-aware datetimes in the IANA zone *tz* (drawn if not given), to the minute.

    Args:
        draw: Supplied by Hypothesis.
        tz: The zone, or ``None`` to draw one from :data:`TIME_ZONES`.
        on: The local date, or ``None`` to draw one (a date of a clock change half the time).

    Times near a clock change come often, both passes of a repeated hour among them
    (``fold`` 0 and 1). A wall time the clocks skip is drawn too, and comes back as
    the time the clocks show at the instant PEP 495 gives it (``01:30`` on the night
    London springs forward comes back as ``02:30`` BST): every datetime drawn is one
    that exists. :func:`skipped_datetimes` draws the ones that do not.

    Example:
        >>> from hypothesis import given
        >>> @given(aware_datetimes(tz="Europe/London"))
        ... def test(moment):
        ...     assert moment.utcoffset() is not None
        >>> test()

    .. versionadded:: 0.1.0
    """
    name = tz if tz is not None else draw(time_zones())
    zone = zoneinfo.ZoneInfo(name)
    day = on if on is not None else draw(st.one_of(dates(), clock_change_dates(name)))
    changes = [c for c in clock_changes(name, day.year) if c.astimezone(zone).date() == day]
    is_near_a_change: bool = draw(st.booleans()) if changes else False
    if is_near_a_change:
        change = draw(st.sampled_from(changes))
        moment = (change + dt.timedelta(minutes=draw(st.integers(-120, 120)))).astimezone(zone)
    else:
        minute = draw(st.integers(0, 24 * 60 - 1))
        wall = dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=zone)
        moment = wall.replace(fold=draw(st.integers(0, 1))).astimezone(dt.UTC).astimezone(zone)
    assume(moment.date() == day)
    return moment


@st.composite
def skipped_datetimes(draw: st.DrawFn, *, tz: str | None = None) -> dt.datetime:
    """Wall times that never happen in *tz*: the ones its clocks skip, with the zone attached.

    *tz* is drawn from the zones of :data:`TIME_ZONES` that change their clocks
    when not given. footdrop refuses such a time as a session's start or end.

    Example:
        >>> from hypothesis import given
        >>> import datetime as dt
        >>> @given(skipped_datetimes(tz="America/New_York"))
        ... def test(moment):
        ...     assert moment.astimezone(dt.UTC).astimezone(moment.tzinfo) != moment
        >>> test()

    .. versionadded:: 0.1.0
    """
    changing = tuple(z for z in TIME_ZONES if clock_changes(z, 2027))
    name = tz if tz is not None else draw(st.sampled_from(changing))
    zone = zoneinfo.ZoneInfo(name)

    def jump(change: dt.datetime) -> dt.timedelta:
        """How far the clocks move forward at *change* (negative when they go back)."""
        after = change.astimezone(zone).utcoffset() or dt.timedelta()
        before = (change - dt.timedelta(minutes=1)).astimezone(zone).utcoffset()
        return after - (before or dt.timedelta())

    forward = [
        c for c in clock_changes(name, draw(st.integers(2000, 2100))) if jump(c) > dt.timedelta()
    ]
    assume(forward)
    change = draw(st.sampled_from(forward))
    skipped = jump(change)
    first = change.astimezone(zone).replace(tzinfo=None) - skipped
    wall = first + dt.timedelta(
        minutes=draw(st.integers(0, int(skipped.total_seconds()) // 60 - 1))
    )
    return wall.replace(tzinfo=zone, fold=draw(st.integers(0, 1)))


@st.composite
def ranges(draw: st.DrawFn, *, min_value: int = 0, max_value: int = MAX_RANGE_VALUE) -> Range:
    """:class:`~footdrop.Range` values with both ends within ``min_value..max_value``.

    Example:
        >>> from hypothesis import given
        >>> @given(ranges(min_value=1, max_value=100))
        ... def test(reps):
        ...     assert 1 <= reps.min <= reps.max <= 100
        >>> test()

    .. versionadded:: 0.1.0
    """
    ends = st.integers(min_value, max_value)
    low, high = sorted((draw(ends), draw(ends)))
    return Range(min=low, max=high)


@functools.cache
def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``None`` or a value of *strategy*; cached, as Hypothesis validates each new strategy."""
    return st.none() | strategy


_SIDES: Final = st.sampled_from(tuple(Side))
_RESPONDENTS: Final = st.sampled_from(tuple(Respondent))
_SUPPORT_LEVELS: Final = st.sampled_from(tuple(SupportLevel))
_WEEKDAY_LIST: Final = st.sampled_from(tuple(Weekday))
_REPS_DONE: Final = st.integers(0, 1000)
_SECONDS_DONE: Final = st.integers(0, 3600)
_PAIN: Final = st.integers(0, 10)


@functools.cache
def _limited(name: str) -> st.SearchStrategy[Range]:
    lo, hi = LIMITS[name]
    return ranges(min_value=lo, max_value=hi)


@functools.cache
def _count(name: str) -> st.SearchStrategy[int]:
    lo, hi = LIMITS[name]
    return st.integers(lo, hi)


@st.composite
def support_ranges(draw: st.DrawFn) -> SupportRange:
    """:class:`~footdrop.SupportRange` values, easiest rung first.

    .. versionadded:: 0.1.0
    """
    levels = tuple(SupportLevel)
    low, high = sorted((draw(st.integers(0, 4)), draw(st.integers(0, 4))))
    return SupportRange(easiest=levels[low], hardest=levels[high])


@st.composite
def doses(draw: st.DrawFn, *, measures: tuple[str, ...] | None = None) -> Dose:
    """:class:`~footdrop.Dose` values within the absolute bounds of each measure.

    Args:
        draw: Supplied by Hypothesis.
        measures: The measures the dose uses (from ``"reps"``, ``"hold_seconds"``,
            ``"letters"``, ``"rounds"``, ``"steps"``, ``"support"``), or ``None``
            to draw at least one. ``"steps"`` needs ``"rounds"``.

    Example:
        >>> from hypothesis import given
        >>> @given(doses(measures=("reps",)))
        ... def test(dose):
        ...     assert dose.measures == ("reps",)
        >>> test()

    .. versionadded:: 0.1.0
    """
    if measures is None:
        chosen = set(draw(st.sets(st.sampled_from(_OPTIONAL_MEASURES), min_size=1)))
        for measure in OPTIONAL:
            if measure.per in chosen and draw(st.booleans()):
                chosen.add(measure.name)
    else:
        chosen = set(measures)
    values: dict[str, Any] = {name: draw(_limited(name)) for name in _NUMBERS if name in chosen}
    if "support" in chosen:
        values["support"] = draw(support_ranges())
    return Dose(
        sets=draw(_limited("sets")),
        rest_between_sets_seconds=draw(_count("rest_between_sets_seconds")),
        **values,
    )


@st.composite
def recurrences(draw: st.DrawFn) -> Recurrence:
    """:class:`~footdrop.Recurrence` values: every 1..14 days, or named weekdays.

    Each has an anchor or none, and up to five skipped dates.

    Example:
        >>> import datetime as dt
        >>> from hypothesis import given
        >>> @given(recurrences())
        ... def test(rule):
        ...     first = dt.date(2026, 1, 5)
        ...     days = rule.dates(first, first + dt.timedelta(days=13), anchor=first)
        ...     assert not set(days) & set(rule.except_dates)
        >>> test()

    .. versionadded:: 0.2.0
    """
    start = draw(_maybe(dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2040, 12, 31))))
    skipped = tuple(
        draw(
            st.lists(
                dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2040, 12, 31)),
                unique=True,
                max_size=5,
            )
        )
    )
    if draw(st.booleans()):
        return Recurrence.every(
            days=draw(st.integers(1, MAX_INTERVAL_DAYS)), start=start, except_dates=skipped
        )
    days = draw(st.sets(_WEEKDAY_LIST, min_size=1))
    return Recurrence.weekly(*days, start=start, except_dates=skipped)


@st.composite
def timings(draw: st.DrawFn, *, recurrence: bool | None = False) -> Timing:
    """:class:`~footdrop.Timing` values; ``days_per_week`` never exceeds the weekdays allowed.

    Args:
        draw: Supplied by Hypothesis.
        recurrence: ``False`` for timings without a :class:`~footdrop.Recurrence`
            (the default, and what :func:`prescriptions` and :func:`routines` use,
            as the scheduler reads ``days_per_week`` and ``weekdays``), ``True``
            for timings that always have one, ``None`` for either.
            ``st.from_type(footdrop.Timing)`` draws either.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 The *recurrence* argument.
    """
    has_rule = draw(st.booleans()) if recurrence is None else recurrence
    sessions = draw(_limited("sessions_per_day"))
    spacing = draw(_count("min_spacing_minutes"))
    if not has_rule:
        weekdays = draw(st.sets(_WEEKDAY_LIST, min_size=1))
        return Timing(
            sessions_per_day=sessions,
            days_per_week=draw(st.integers(1, len(weekdays))),
            weekdays=tuple(weekdays),
            min_spacing_minutes=spacing,
        )
    rule = draw(recurrences())
    if rule.interval_days is not None:
        # Every n days falls on every weekday in turn: all seven must be allowed.
        allowed: set[Weekday] = set(Weekday)
        per_week = 7
    else:
        allowed = set(rule.weekdays) | draw(st.sets(_WEEKDAY_LIST))
        named = len(rule.weekdays)
        per_week = named if len(allowed) < len(Weekday) else draw(st.sampled_from((7, named)))
    return Timing(
        sessions_per_day=sessions,
        days_per_week=per_week,
        weekdays=tuple(allowed),
        min_spacing_minutes=spacing,
        recurrence=rule,
    )


@st.composite
def levels(draw: st.DrawFn) -> Level:
    """:class:`~footdrop.Level` values within the absolute bounds, tied to no dose.

    Use :func:`levels_within` for a level inside a given dose and timing.

    .. versionadded:: 0.1.0
    """
    optional = {name: draw(_maybe(_count(name))) for name in _NUMBERS}
    return Level(
        sets=draw(_count("sets")),
        sessions_per_day=draw(_count("sessions_per_day")),
        support=draw(_maybe(_SUPPORT_LEVELS)),
        **optional,
    )


def _within(value: Range | None) -> st.SearchStrategy[int | None]:
    return st.none() if value is None else st.integers(value.min, value.max)


@st.composite
def levels_within(draw: st.DrawFn, dose: Dose, timing: Timing) -> Level:
    """A :class:`~footdrop.Level` inside *dose* and *timing*, as a prescription needs.

    Example:
        >>> from hypothesis import given
        >>> import footdrop
        >>> eversion = footdrop.catalogue()["ankle-eversion"]
        >>> @given(levels_within(eversion.dose, eversion.timing))
        ... def test(level):
        ...     assert level.problems_against(eversion.dose, eversion.timing) == ()
        >>> test()

    .. versionadded:: 0.1.0
    """
    return Level(
        sets=draw(st.integers(dose.sets.min, dose.sets.max)),
        sessions_per_day=draw(
            st.integers(timing.sessions_per_day.min, timing.sessions_per_day.max)
        ),
        **{name: draw(_within(getattr(dose, name))) for name in _NUMBERS},
        support=None if dose.support is None else draw(st.sampled_from(dose.support.levels)),
    )


@st.composite
def exercise_sets(draw: st.DrawFn) -> ExerciseSet:
    """:class:`~footdrop.ExerciseSet` values with reps, a hold, or both.

    .. versionadded:: 0.1.0
    """
    reps = draw(_maybe(_REPS_DONE))
    hold = draw(_SECONDS_DONE) if reps is None else draw(_maybe(_SECONDS_DONE))
    return ExerciseSet(reps=reps, hold_seconds=hold, rest_after_seconds=draw(_SECONDS_DONE))


def _draw_provenance(draw: st.DrawFn, field: str) -> Provenance:
    basis = draw(st.sampled_from(_BASES))
    return Provenance(
        field=field,
        basis=basis,
        quote=draw(texts()) if basis is Basis.ARTICLE else draw(_maybe(texts())),
        reason=None if basis is Basis.ARTICLE and draw(st.booleans()) else draw(texts()),
        source=draw(texts()) if basis is Basis.GUIDANCE else draw(_maybe(texts())),
    )


@st.composite
def provenances(draw: st.DrawFn, *, field: str | None = None) -> Provenance:
    """:class:`~footdrop.Provenance` values, with the quote, reason and source each basis needs.

    Args:
        draw: Supplied by Hypothesis.
        field: The dotted number it explains, or ``None`` to draw one.

    .. versionadded:: 0.1.0
    """
    return _draw_provenance(
        draw, field if field is not None else draw(st.sampled_from(DEFAULT_NUMBERS))
    )


_TEXT_LISTS = st.lists(texts(), max_size=3).map(tuple)


@st.composite
def exercises(
    draw: st.DrawFn, *, exercise_id: str | None = None, complete_provenance: bool = False
) -> Exercise:
    """:class:`~footdrop.Exercise` values with provenance for some of their numbers.

    Args:
        draw: Supplied by Hypothesis.
        exercise_id: The id, or ``None`` to draw one.
        complete_provenance: Give every default number in use a provenance, as the
            built-in catalogue does (``missing_provenance()`` is then empty).

    Example:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=20)
        ... @given(exercises(complete_provenance=True))
        ... def test(exercise):
        ...     assert exercise.missing_provenance() == ()
        >>> test()

    .. versionadded:: 0.1.0
    """
    bare = Exercise(
        id=exercise_id if exercise_id is not None else draw(exercise_ids()),
        name=draw(texts()),
        category=draw(st.sampled_from(tuple(Category))),
        position=draw(st.sampled_from(tuple(Position))),
        laterality=draw(st.sampled_from(tuple(Laterality))),
        steps=draw(st.lists(texts(), min_size=1, max_size=3).map(tuple)),
        dose=draw(doses()),
        timing=draw(timings()),
        equipment=draw(_TEXT_LISTS),
        tips=draw(_TEXT_LISTS),
        cautions=draw(_TEXT_LISTS),
        target_muscles=draw(_TEXT_LISTS),
        is_loaded=draw(st.booleans()),
    )
    used = bare.default_numbers()
    if complete_provenance:
        explained = list(used)
    else:
        explained = [name for name in used if draw(st.booleans())]
    entries = tuple(_draw_provenance(draw, name) for name in explained)
    return attrs.evolve(bare, provenance=entries)


@st.composite
def catalogues(draw: st.DrawFn, *, max_size: int = 4) -> Catalogue:
    """:class:`~footdrop.Catalogue` values of up to *max_size* exercises with unique ids.

    .. versionadded:: 0.1.0
    """
    ids = draw(st.lists(exercise_ids(), max_size=max_size, unique=True))
    return Catalogue(exercises=tuple(draw(exercises(exercise_id=i)) for i in ids))


@st.composite
def parameters(draw: st.DrawFn) -> Parameter:
    """:class:`~footdrop.Parameter` values: a named, finite, clinician-set number with a unit.

    .. versionadded:: 0.1.0
    """
    return Parameter(
        name=draw(texts()),
        value=draw(st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False)),
        unit=draw(texts(max_size=10)),
    )


@st.composite
def prescriptions(draw: st.DrawFn, *, exercise: Exercise | None = None) -> Prescription:
    """:class:`~footdrop.Prescription` values with ``current`` inside their ranges.

    The dose and timing are either the exercise's defaults or drawn afresh;
    ``sides`` always suits the exercise's laterality.

    Args:
        draw: Supplied by Hypothesis.
        exercise: The exercise, or ``None`` to draw one.

    Example:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=20)
        ... @given(prescriptions())
        ... def test(p):
        ...     assert p.current.problems_against(p.dose, p.timing) == ()
        >>> test()

    .. versionadded:: 0.1.0
    """
    chosen = exercise if exercise is not None else draw(exercises())
    dose = draw(st.just(chosen.dose) | doses())
    timing = draw(st.just(chosen.timing) | timings())
    if chosen.laterality is Laterality.EACH_SIDE:
        sides = draw(st.sampled_from((Sides.BOTH, Sides.AFFECTED)))
    else:
        sides = Sides.TOGETHER
    return Prescription(
        exercise=chosen,
        dose=dose,
        timing=timing,
        sides=sides,
        current=draw(levels_within(dose, timing)),
        is_locked=draw(st.booleans()),
        changed_on=draw(_maybe(dates())),
        review=draw(_maybe(texts())),
        parameters=draw(st.lists(parameters(), max_size=2).map(tuple)),
    )


@st.composite
def routines(draw: st.DrawFn, *, max_size: int = 3) -> Routine:
    """:class:`~footdrop.Routine` values of 1 to *max_size* prescriptions with unique ids.

    ``rules`` is left empty (footdrop's defaults): rules are user classes that
    must be registered before they can be drawn.

    .. versionadded:: 0.1.0
    """
    ids = draw(st.lists(exercise_ids(), min_size=1, max_size=max_size, unique=True))
    items = tuple(draw(prescriptions(exercise=draw(exercises(exercise_id=i)))) for i in ids)
    return Routine(
        affected=draw(_SIDES),
        items=items,
        baseline_pain=draw(st.integers(0, 10)),
    )


@functools.cache
def borg_cr10() -> st.SearchStrategy[BorgCR10]:
    """:class:`~footdrop.BorgCR10` values from 0 to 12 (whole and fractional).

    .. versionadded:: 0.1.0
    """
    value = st.integers(0, 12) | st.floats(0, 12, allow_nan=False, allow_infinity=False)
    return st.builds(BorgCR10, value=value)


@st.composite
def exercise_logs(
    draw: st.DrawFn, *, exercise_id: str | None = None, on: dt.date | None = None
) -> ExerciseLog:
    """:class:`~footdrop.ExerciseLog` values; ``set_results`` is empty or one entry per set.

    Args:
        draw: Supplied by Hypothesis.
        exercise_id: The exercise, or ``None`` to draw one.
        on: The date, or ``None`` to draw one.

    .. versionadded:: 0.1.0
    """
    sets = draw(st.integers(0, 10))
    detailed = draw(st.booleans())
    set_results = tuple(draw(exercise_sets()) for _ in range(sets)) if detailed else ()
    pain = _maybe(_PAIN)
    return ExerciseLog(
        on=on if on is not None else draw(dates()),
        exercise_id=exercise_id if exercise_id is not None else draw(exercise_ids()),
        side=draw(_maybe(_SIDES)),
        sets=sets,
        session=draw(st.integers(1, 12)),
        reps=draw(_maybe(_REPS_DONE)),
        hold_seconds=draw(_maybe(_SECONDS_DONE)),
        set_results=set_results,
        support=draw(_maybe(_SUPPORT_LEVELS)),
        pain=draw(pain),
        pain_next_morning=draw(pain),
        effort=draw(_maybe(borg_cr10())),
        fell=draw(st.booleans()),
        notes=draw(_maybe(texts())),
    )


def _minute(minutes: int) -> dt.time:
    return dt.time(minutes // 60, minutes % 60)


_WEEKDAY_SETS = st.sets(_WEEKDAY_LIST, min_size=1).map(
    lambda days: tuple(sorted(days, key=lambda d: d.index))
)


@st.composite
def windows(draw: st.DrawFn) -> Window:
    """:class:`~footdrop.Window` values: whole minutes, end after start, some weekdays.

    .. versionadded:: 0.1.0
    """
    start, end = sorted(draw(st.sets(st.integers(0, 24 * 60 - 1), min_size=2, max_size=2)))
    return Window(start=_minute(start), end=_minute(end), weekdays=draw(_WEEKDAY_SETS))


@st.composite
def availabilities(draw: st.DrawFn, *, tz: str | None = None) -> Availability:
    """:class:`~footdrop.Availability` values with 1-3 windows that never overlap.

    Args:
        draw: Supplied by Hypothesis.
        tz: The IANA zone, or ``None`` to draw one from :data:`TIME_ZONES`.

    .. versionadded:: 0.1.0
    """
    count = draw(st.integers(1, 3))
    edges = sorted(
        draw(st.sets(st.integers(0, 24 * 60 - 1), min_size=2 * count, max_size=2 * count))
    )
    found = tuple(
        Window(
            start=_minute(edges[2 * i]),
            end=_minute(edges[2 * i + 1]),
            weekdays=draw(_WEEKDAY_SETS),
        )
        for i in range(count)
    )
    return Availability(
        windows=found,
        tz=tz if tz is not None else draw(time_zones()),
        max_session_minutes=draw(st.integers(1, 240)),
        max_sessions_per_day=draw(st.integers(1, 12)),
        min_rest_minutes=draw(st.integers(0, 1440)),
        rest_weekdays=draw(st.sets(_WEEKDAY_LIST).map(tuple)),
        skipped_dates=draw(st.sets(dates(), max_size=3).map(tuple)),
    )


@st.composite
def plan_items(draw: st.DrawFn, *, exercise_id: str | None = None) -> PlanItem:
    """:class:`~footdrop.PlanItem` values within the absolute bounds.

    .. versionadded:: 0.1.0
    """
    optional = {name: draw(_maybe(_count(name))) for name in _NUMBERS}
    return PlanItem(
        exercise_id=exercise_id if exercise_id is not None else draw(exercise_ids()),
        side=draw(_maybe(_SIDES)),
        sets=draw(_count("sets")),
        support=draw(_maybe(_SUPPORT_LEVELS)),
        rest_between_sets_seconds=draw(_count("rest_between_sets_seconds")),
        **optional,
    )


@st.composite
def sessions(draw: st.DrawFn, *, tz: str | None = None, on: dt.date | None = None) -> Session:
    """:class:`~footdrop.Session` values with aware start and end, 1 to 240 minutes long.

    Args:
        draw: Supplied by Hypothesis.
        tz: The IANA zone of ``start`` and ``end``, or ``None`` to draw one.
        on: The local date ``start`` falls on, or ``None`` to draw one.

    .. versionadded:: 0.1.0
    """
    zone_name = tz if tz is not None else draw(time_zones())
    start = draw(aware_datetimes(tz=zone_name, on=on))
    minutes = draw(st.integers(1, 240))
    end = (start.astimezone(dt.UTC) + dt.timedelta(minutes=minutes)).astimezone(start.tzinfo)
    items = draw(st.lists(plan_items(), max_size=3).map(tuple))
    return Session(start=start, end=end, items=items)


@st.composite
def fallbacks(draw: st.DrawFn, *, on: dt.date | None = None) -> Fallback:
    """:class:`~footdrop.Fallback` values.

    .. versionadded:: 0.1.0
    """
    return Fallback(
        on=on if on is not None else draw(dates()),
        exercise_id=draw(exercise_ids()),
        lever=draw(st.sampled_from(("sessions_per_day", "sets", "reps", "hold_seconds"))),
        wanted=draw(st.integers(0, 100)),
        planned=draw(st.integers(0, 100)),
        reason=draw(texts()),
    )


@st.composite
def day_plans(draw: st.DrawFn, *, tz: str | None = None, on: dt.date | None = None) -> DayPlan:
    """:class:`~footdrop.DayPlan` values: 0-2 sessions starting on the date, in time order.

    .. versionadded:: 0.1.0
    """
    zone_name = tz if tz is not None else draw(time_zones())
    day = on if on is not None else draw(st.one_of(dates(), clock_change_dates(zone_name)))
    found = draw(st.lists(sessions(tz=zone_name, on=day), max_size=2))
    found.sort(key=lambda s: s.start)
    return DayPlan(
        date=day,
        sessions=tuple(found),
        fallbacks=draw(st.lists(fallbacks(on=day), max_size=2).map(tuple)),
    )


@st.composite
def screenings(draw: st.DrawFn, *, is_clear: bool | None = None) -> Screening:
    """:class:`footdrop.safety.Screening` values: dated or not, answered in full or in part.

    Args:
        draw: Supplied by Hypothesis.
        is_clear: ``True`` for complete screenings with no red flag (as a
            :class:`~footdrop.Plan` records), ``False`` for ones that must not
            pass :func:`footdrop.safety.require_clear`, ``None`` for either.

    .. versionadded:: 0.1.0
    """
    ids = [flag.id for flag in RED_FLAGS]
    if is_clear:
        return Screening(
            taken_at=draw(aware_datetimes()),
            answered_by=draw(_maybe(_RESPONDENTS)),
            answers=[Answer(flag=i, is_yes=False) for i in draw(st.permutations(ids))],
        )
    answered = draw(st.lists(st.sampled_from(ids), unique=True))
    screening = Screening(
        taken_at=draw(_maybe(aware_datetimes())),
        answered_by=draw(_maybe(_RESPONDENTS)),
        answers=[Answer(flag=i, is_yes=draw(st.booleans())) for i in answered],
    )
    if is_clear is False:
        assume(not screening.is_clear)
    return screening


@st.composite
def plans(draw: st.DrawFn, *, tz: str | None = None, max_days: int = 3) -> Plan:
    """:class:`~footdrop.Plan` values: up to *max_days* consecutive days.

    Args:
        draw: Supplied by Hypothesis.
        tz: The IANA zone, or ``None`` to draw one from :data:`TIME_ZONES`.
        max_days: The most days in the plan.

    .. versionadded:: 0.1.0
    """
    zone_name = tz if tz is not None else draw(time_zones())
    # Often a plan that starts on the day of a clock change, repeated or skipped hour and all.
    first = draw(
        st.one_of(
            dates(max_value=dt.date(2100, 1, 1)),
            clock_change_dates(zone_name).filter(lambda d: d <= dt.date(2100, 1, 1)),
        )
    )
    count = draw(st.integers(0, max_days))
    days = tuple(
        draw(day_plans(tz=zone_name, on=first + dt.timedelta(days=i))) for i in range(count)
    )
    return Plan(tz=zone_name, days=days, screening=draw(_maybe(screenings(is_clear=True))))


#: The strategy :func:`_hypothesis_setup_hook` registers for each model.
_REGISTRY: Final[dict[type[Any], st.SearchStrategy[Any]]] = {
    Range: ranges(),
    SupportRange: support_ranges(),
    Dose: doses(),
    Recurrence: recurrences(),
    Timing: timings(recurrence=None),
    Level: levels(),
    ExerciseSet: exercise_sets(),
    Provenance: provenances(),
    Exercise: exercises(),
    Catalogue: catalogues(),
    Parameter: parameters(),
    Prescription: prescriptions(),
    Routine: routines(),
    BorgCR10: borg_cr10(),
    ExerciseLog: exercise_logs(),
    Window: windows(),
    Availability: availabilities(),
    PlanItem: plan_items(),
    Session: sessions(),
    Fallback: fallbacks(),
    DayPlan: day_plans(),
    Plan: plans(),
    Screening: screenings(),
}

#: Every model with a registered strategy, in dependency order, for round-trip
#: properties over all of them (``st.from_type(model)`` draws each).
MODELS: Final[tuple[type[Any], ...]] = tuple(_REGISTRY)


# If this module is what imported the models (or Hypothesis), the hook ran while it was
# half-built and left the registration to it: register now that it is whole.
_hypothesis_setup_hook()

# Strategies for other parts of footdrop are added below this line.
from footdrop.testing._history import *  # noqa: E402, F403 - logs, histories, progression cases
