"""matplotlib plots: the week at a glance, and dose and pain over time.

Needs the ``notebook`` extra (``pip install "footdrop[notebook]"``, or
``pip install -e ".[notebook]"`` from a clone). The functions never import
:mod:`matplotlib.pyplot` and never show a window: without an *ax* they draw on a
new :class:`matplotlib.figure.Figure`, which works with any backend, including Agg
on a server. Save with ``ax.figure.savefig("week.png")``. In Jupyter, leave
``ax.figure`` as the last line of a cell to see it: the figure shows itself as a
PNG, with or without ``%matplotlib inline``.

* :func:`plot_week`: the sessions of a week by day and time of day.
* :func:`plot_progress`: the dose done a day as steps, pain with the 5/10 gate,
  and each progression decision as a numbered marker keyed to a table.
* :func:`plot_adherence`: sittings done against planned, per exercise and week.

Dates on the x axis are ticked by whole days up to three weeks, by Mondays up to
twenty weeks and by months beyond, labelled in English whatever the locale.

Both plots tell series apart by marker and line style as well as colour, so they
read in black and white.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final, Protocol, runtime_checkable

import attrs

from footdrop._validators import check_whole
from footdrop.exceptions import InvalidTypeError, MissingExtraError
from footdrop.export._checks import plan_argument
from footdrop.export._handout import day_label, short_label
from footdrop.model._log import ExerciseLog

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from footdrop.model._plan import DayPlan, Plan
    from footdrop.model._routine import Routine

__all__ = ["MAX_KEY_ROWS", "DecisionLike", "plot_adherence", "plot_progress", "plot_week"]

_DAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MARKERS: Final = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">")
_STYLES: Final = ("-", "--", "-.", ":")

_MARKER_ROWS: Final = 6

#: The most rows the decisions' key shows under a progress plot (the last says how many more).
MAX_KEY_ROWS: Final = 16


@runtime_checkable
class DecisionLike(Protocol):
    """What :func:`plot_progress` reads from a progression decision.

    :class:`footdrop.progression.Decision` fits; so does any object with these
    attributes. ``before`` and ``is_applied`` are read too when present.

    .. versionadded:: 0.1.0
    """

    @property
    def on(self) -> dt.date:
        """The date of the decision."""

    @property
    def exercise_id(self) -> str:
        """The exercise it concerns."""

    @property
    def lever(self) -> str:
        """The lever changed (``"reps"``, ``"sets"``, ...)."""

    @property
    def after(self) -> object:
        """The lever's value after the decision."""


def _matplotlib(feature: str) -> None:
    """Raise the extra's error when matplotlib is missing."""
    try:
        import matplotlib.figure  # noqa: F401, PLC0415 - an optional extra
    except ImportError as error:
        raise MissingExtraError(extra="notebook", package="matplotlib", feature=feature) from error


def _figure(feature: str, size: tuple[float, float]) -> Figure:
    """A new figure with the constrained layout (no pyplot, so no window and any backend)."""
    _matplotlib(feature)
    from matplotlib.figure import Figure  # noqa: PLC0415 - an optional extra

    class NotebookFigure(Figure):
        """A figure that Jupyter shows as a PNG, with or without pyplot's inline backend."""

        def _repr_png_(self) -> bytes:
            buffer = io.BytesIO()
            self.savefig(buffer, format="png", dpi=self.dpi)
            return buffer.getvalue()

    return NotebookFigure(figsize=size, layout="constrained")


def _axes(ax: Axes | None, feature: str, size: tuple[float, float]) -> Axes:
    if ax is not None:
        _matplotlib(feature)
        return ax
    return _figure(feature, size).add_subplot()


def _hours(moment: dt.datetime) -> float:
    return moment.hour + moment.minute / 60 + moment.second / 3600


def plot_week(plan: Plan, *, ax: Axes | None = None, days: int | None = 7) -> Axes:
    """The week at a glance: one bar per session, by day and time of day.

    Each day of the plan's first *days* days is a column; each session is a bar
    from its local start time down to its end (morning at the top), labelled with
    its number of exercises (an exercise done on both sides counts once). Rest days
    are labelled "rest".

    Args:
        plan: The plan.
        ax: The axes to draw on; a new figure's if ``None``.
        days: How many days from the plan's start, 1..366, or ``None`` for all.

    Returns:
        The axes drawn on.

    Raises:
        footdrop.exceptions.MissingExtraError: matplotlib is not installed.
        footdrop.exceptions.InvalidTypeError: *plan* is not a :class:`~footdrop.Plan`.

    Example:
        >>> from footdrop.export.plot import plot_week
        >>> import datetime as dt
        >>> from zoneinfo import ZoneInfo
        >>> from footdrop import DayPlan, Plan, PlanItem, Session
        >>> london = ZoneInfo("Europe/London")
        >>> item = PlanItem(exercise_id="ankle-eversion", side=None, sets=1, reps=10)
        >>> session = Session(start=dt.datetime(2026, 11, 24, 8, tzinfo=london),
        ...                   end=dt.datetime(2026, 11, 24, 8, 15, tzinfo=london), items=[item])
        >>> ax = plot_week(Plan(tz="Europe/London",
        ...                     days=[DayPlan(date=dt.date(2026, 11, 24), sessions=[session])]))
        >>> len(ax.patches)
        1

    .. versionadded:: 0.1.0
    """
    ax = _axes(ax, "footdrop.export.plot.plot_week()", (9, 5))
    plan = plan_argument(plan)
    if days is not None:
        check_whole("days", days, 1, 366)
    shown = plan.days if days is None else plan.days[:days]
    zone = plan.zone
    tops: list[float] = []
    bottoms: list[float] = []
    for x, day in enumerate(shown):
        if not day.sessions:
            ax.text(x, 12, "rest", ha="center", va="center", rotation=90, alpha=0.6)
        for session in day.sessions:
            start = session.start.astimezone(zone)
            top = _hours(start)
            height = session.duration.total_seconds() / 3600
            ax.bar(x, height, bottom=top, width=0.8, color="C0", edgecolor="black", alpha=0.85)
            count = len(session.exercise_ids)
            ax.text(x, top + height / 2, str(count), ha="center", va="center", fontsize=8)
            tops.append(top)
            bottoms.append(top + height)
    low = max(0, int(min(tops, default=6)) - 1)
    high = min(25, int(max(bottoms, default=22)) + 2)
    ax.set_ylim(high, low)
    ax.set_yticks(range(low, high + 1, 2 if high - low > 8 else 1))
    ax.set_yticklabels([f"{h:02d}:00" for h in range(low, high + 1, 2 if high - low > 8 else 1)])
    ax.set_xticks(range(len(shown)))
    ax.set_xticklabels([f"{_DAYS[d.date.weekday()]}\n{d.date.day}" for d in shown])
    ax.set_xlim(-0.6, max(len(shown), 1) - 0.4)
    ax.set_ylabel(f"time of day ({plan.tz})")
    ax.grid(axis="y", linestyle=":", alpha=0.5)
    if shown:
        ax.set_title(f"Sessions from {day_label(shown[0].date)} (number = exercises)")
    else:
        ax.set_title("A plan with no days")
    return ax


def _check_logs(logs: object) -> list[ExerciseLog]:
    if isinstance(logs, str | bytes) or not isinstance(logs, Iterable):
        msg = f"'logs' must be a list of footdrop.ExerciseLog (got {type(logs).__name__})."
        raise InvalidTypeError(msg, field="logs", value=logs, expected="Iterable[ExerciseLog]")
    found = list(logs)
    for i, log in enumerate(found):
        if not isinstance(log, ExerciseLog):
            msg = f"'logs[{i}]' must be a footdrop.ExerciseLog (got {type(log).__name__})."
            raise InvalidTypeError(msg, field=f"logs[{i}]", value=log, expected="ExerciseLog")
    return found


def _check_decisions(decisions: object) -> list[DecisionLike]:
    if isinstance(decisions, str | bytes) or not isinstance(decisions, Iterable):
        kind = type(decisions).__name__
        msg = f"'decisions' must be a list of progression decisions (got {kind})."
        raise InvalidTypeError(msg, field="decisions", value=decisions, expected="Iterable")
    found = list(decisions)
    for i, decision in enumerate(found):
        if not isinstance(decision, DecisionLike):
            kind = type(decision).__name__
            msg = (
                f"'decisions[{i}]' needs 'on', 'exercise_id', 'lever' and 'after' "
                f"(got {kind}); pass footdrop.progression.Decision values."
            )
            raise InvalidTypeError(
                msg, field=f"decisions[{i}]", value=decision, expected="Decision"
            )
    return found


def _volume(log: ExerciseLog, unit: str) -> int:
    values = log.reps_per_set if unit == "reps" else log.hold_per_set
    if unit == "sets":
        return log.sets
    return sum(v for v in values if v is not None)


def _unit(logs: Sequence[ExerciseLog]) -> str:
    if any(log.reps is not None or any(log.reps_per_set) for log in logs):
        return "reps"
    if any(log.hold_seconds is not None or any(log.hold_per_set) for log in logs):
        return "s held"
    return "sets"


def _x(dates: Sequence[dt.date]) -> list[float]:
    """Dates as matplotlib's date numbers (days since its epoch)."""
    from matplotlib.dates import date2num  # noqa: PLC0415 - an optional extra

    # matplotlib ships no annotation for date2num; it returns an array of floats.
    return [float(x) for x in date2num(list(dates))]  # type: ignore[no-untyped-call]


def _dose_lines(ax: Axes, logs: list[ExerciseLog]) -> int:
    """One stepped line per exercise; returns the highest daily volume drawn (0 for none)."""
    highest = 0
    by_exercise: dict[str, list[ExerciseLog]] = {}
    for log in logs:
        by_exercise.setdefault(log.exercise_id, []).append(log)
    for i, (exercise_id, own) in enumerate(by_exercise.items()):
        unit = _unit(own)
        daily: dict[dt.date, int] = {}
        for log in own:
            daily[log.on] = daily.get(log.on, 0) + _volume(log, unit)
        dates = sorted(daily)
        ax.plot(
            _x(dates),
            [daily[d] for d in dates],
            marker=_MARKERS[i % len(_MARKERS)],
            linestyle=_STYLES[i % len(_STYLES)],
            drawstyle="steps-post",
            label=f"{exercise_id} ({unit} a day)",
        )
        highest = max(highest, *daily.values())
    return highest


def _pain_lines(ax: Axes, logs: list[ExerciseLog]) -> Axes | None:
    during: dict[dt.date, int] = {}
    morning: dict[dt.date, int] = {}
    for log in logs:
        if log.pain is not None:
            during[log.on] = max(during.get(log.on, 0), log.pain)
        if log.pain_next_morning is not None:
            morning[log.on] = max(morning.get(log.on, 0), log.pain_next_morning)
    if not during and not morning:
        return None
    pain_ax = ax.twinx()
    if during:
        dates = sorted(during)
        pain_ax.plot(_x(dates), [during[d] for d in dates], color="black", marker="x",
                     linestyle="--", label="pain during (highest, 0-10)")  # fmt: skip
    if morning:
        dates = sorted(morning)
        pain_ax.plot(_x(dates), [morning[d] for d in dates], color="0.45", marker="+",
                     linestyle=":", label="pain next morning (highest, 0-10)")  # fmt: skip
    pain_ax.axhline(5, color="black", linewidth=1, linestyle=(0, (6, 3)), alpha=0.6,
                    label="pain gate: stop above 5/10")  # fmt: skip
    pain_ax.annotate("pain gate 5/10", (1, 5), xycoords=("axes fraction", "data"),
                     xytext=(-3, 3), textcoords="offset points", ha="right", va="bottom",
                     fontsize=7)  # fmt: skip
    pain_ax.set_ylim(0, 10.5)
    pain_ax.set_ylabel("pain (NRS 0-10)")
    return pain_ax


def _days_axis(ax: Axes, first: dt.date, last: dt.date) -> None:
    """Ticks that suit the span: days up to 10 days, Mondays up to 10 weeks, then months."""
    from matplotlib import dates as mdates  # noqa: PLC0415 - an optional extra
    from matplotlib import ticker  # noqa: PLC0415 - an optional extra

    # matplotlib.dates ships without annotations: treat it as untyped.
    dates: Any = mdates

    span = (last - first).days + 1
    if span <= 21:
        # Whole days from the first (every other day past 10), not the month's parity.
        step = 1 if span <= 10 else 2
        every = [first + dt.timedelta(days=d) for d in range(0, span, step)]
        major: Any = ticker.FixedLocator(_x(every))
        minor: Any = None if step == 1 else dates.DayLocator()
    elif span <= 70:
        major, minor = dates.WeekdayLocator(byweekday=dates.MO), dates.DayLocator()
    elif span <= 140:
        major = dates.WeekdayLocator(byweekday=dates.MO, interval=2)
        minor = dates.WeekdayLocator(byweekday=dates.MO)
    else:
        major = dates.MonthLocator()
        minor = dates.WeekdayLocator(byweekday=dates.MO)
    ax.xaxis.set_major_locator(major)
    if minor is not None:
        ax.xaxis.set_minor_locator(minor)

    def label(x: float, _pos: object = None) -> str:
        day = dates.num2date(x).date()
        if span > 140:
            return (
                f"{short_label(day).split()[1]} {day.year}"
                if day.month == 1
                else (short_label(day).split()[1])
            )
        return short_label(day)

    ax.xaxis.set_major_formatter(ticker.FuncFormatter(label))
    low, high = _x([first, last])
    ax.set_xlim(low - 0.5, high + 0.5)
    if span > 140:
        ax.set_xlabel(f"{first.year}" if first.year == last.year else f"{first.year}-{last.year}")


def _change(decision: DecisionLike) -> str:
    before = getattr(decision, "before", None)
    lever = decision.lever.replace("_", " ")
    if decision.lever == "review":
        return "flagged for review"
    if before is None:
        return f"{lever} to {decision.after}"
    if before == decision.after:
        return f"{lever} stays {before}"
    return f"{lever} {before} \u2192 {decision.after}"


def _without_repeats(decisions: list[DecisionLike]) -> list[DecisionLike]:
    """*decisions* less the repeats of a hold already shown.

    A rise held back day after day by the same rule (a week at a level, say) is
    one decision a clinician needs to see, not one a day: a decision that was not
    applied is left off when the one before it on the same exercise and lever was
    held back by the same rule in the same way. Applied changes and review flags
    are always shown.
    """
    shown: list[DecisionLike] = []
    last: dict[tuple[str, str], tuple[object, object]] = {}
    for decision in sorted(decisions, key=lambda d: (d.on, d.exercise_id)):
        where = (decision.exercise_id, decision.lever)
        state = (getattr(decision, "rule", None), getattr(decision, "outcome", None))
        applied = bool(getattr(decision, "is_applied", True))
        if applied or decision.lever == "review" or last.get(where) != state:
            shown.append(decision)
        last[where] = state
    return shown


def _decision_marks(
    ax: Axes, decisions: list[DecisionLike], span: int
) -> tuple[list[tuple[str, ...]], int]:
    """Numbered markers along the top of *ax*: the key's rows, and how many marker rows."""
    from matplotlib.transforms import blended_transform_factory  # noqa: PLC0415 - optional

    where = blended_transform_factory(ax.transData, ax.transAxes)
    ordered = sorted(decisions, key=lambda d: (d.on, d.exercise_id))
    # Markers closer than about a 25th of the plot's span of days go on the next row
    # down, so no two numbers overlap however many decisions fall in a few days.
    gap = max(1.0, span / 25)
    last_on_row: list[float] = []
    rows: list[tuple[str, ...]] = []
    for number, decision in enumerate(ordered, start=1):
        applied = bool(getattr(decision, "is_applied", True))
        (x,) = _x([decision.on])
        free = [i for i, last in enumerate(last_on_row) if x - last >= gap]
        if free:
            level = free[0]
        elif len(last_on_row) < _MARKER_ROWS:
            level = len(last_on_row)
            last_on_row.append(x)
        else:
            level = min(range(len(last_on_row)), key=last_on_row.__getitem__)
        last_on_row[level] = x
        y = 0.96 - 0.07 * level
        ax.scatter([x], [y], transform=where, marker="v", s=70, zorder=4,
                   facecolors="black" if applied else "white", edgecolors="black",
                   clip_on=False)  # fmt: skip
        ax.annotate(str(number), (x, y), xycoords=where, xytext=(6, 0),
                    textcoords="offset points", va="center", ha="left", fontsize=7)  # fmt: skip
        outcome = "applied" if applied else "not applied"
        rows.append((str(number), short_label(decision.on), decision.exercise_id,
                     _change(decision), outcome))  # fmt: skip
    return rows, len(last_on_row)


def _key_table(ax: Axes, rows: list[tuple[str, ...]]) -> None:
    ax.axis("off")
    table = ax.table(
        cellText=rows,
        colLabels=("no.", "date", "exercise", "change", "outcome"),
        colLoc="left",
        cellLoc="left",
        loc="upper center",
        colWidths=(0.06, 0.11, 0.3, 0.35, 0.14),
    )
    table.auto_set_font_size(value=False)
    table.set_fontsize(7.5)
    table.scale(1, 1.15)


def plot_progress(  # noqa: C901, PLR0912, PLR0915 - figure set-up, lines, markers, key and legend in drawing order
    logs: Iterable[ExerciseLog],
    decisions: Iterable[DecisionLike] = (),
    *,
    exercise_id: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Dose and pain over time, with the progression decisions marked.

    One line per exercise shows the daily volume done (reps, or seconds held
    for holds, summed over sets, sides and sessions of the day). On a second
    axis, the day's highest pain during exercise and next morning (NRS 0-10),
    with the labelled pain-gate line at 5. Each decision is a numbered marker
    along the top (filled when applied), keyed to a table under the plot; a hold
    that repeats the one before it (same exercise, lever, rule and outcome) is
    shown once, at its first day.

    Args:
        logs: The logs to plot.
        decisions: Progression decisions (:class:`footdrop.progression.Decision`,
            or anything with ``on``, ``exercise_id``, ``lever`` and ``after``).
        exercise_id: Plot only this exercise, or all if ``None``.
        ax: The axes to draw dose on; a new figure's if ``None``.

    Returns:
        The axes with the dose lines (the pain axis is its twin, in ``ax.figure.axes``).

    Raises:
        footdrop.exceptions.MissingExtraError: matplotlib is not installed.
        footdrop.exceptions.InvalidTypeError: *logs* or *decisions* hold something else.

    Example:
        >>> from footdrop.export.plot import plot_progress
        >>> import datetime as dt
        >>> from footdrop import ExerciseLog
        >>> logs = [ExerciseLog(on=dt.date(2026, 11, d), exercise_id="ankle-eversion",
        ...                     side=None, sets=1, reps=10 + d - 24, pain=2) for d in (24, 25)]
        >>> ax = plot_progress(logs)
        >>> [[int(y) for y in line.get_ydata()] for line in ax.get_lines()]
        [[10, 11]]

    .. versionadded:: 0.1.0
    """
    _matplotlib("footdrop.export.plot.plot_progress()")
    found = _check_logs(logs)
    marks = _check_decisions(decisions)
    if exercise_id is not None:
        found = [log for log in found if log.exercise_id == exercise_id]
        marks = [d for d in marks if d.exercise_id == exercise_id]
    marks = _without_repeats(marks)
    key_ax = None
    if ax is None:
        rows = min(len(marks), MAX_KEY_ROWS)
        figure = _figure("footdrop.export.plot.plot_progress()", (9, 4.6 + 0.2 * rows))
        if marks:
            grid = figure.add_gridspec(2, 1, height_ratios=(4.6, 0.3 + 0.2 * rows))
            ax = figure.add_subplot(grid[0])
            key_ax = figure.add_subplot(grid[1])
        else:
            ax = figure.add_subplot()
    highest = _dose_lines(ax, found)
    pain_ax = _pain_lines(ax, found)
    days = [log.on for log in found] + [d.on for d in marks]
    span = (max(days) - min(days)).days + 1 if days else 1
    key, marker_rows = _decision_marks(ax, marks, span)
    if not days:
        ax.text(0.5, 0.5, "no logs yet", transform=ax.transAxes, ha="center", va="center")
    else:
        _days_axis(ax, min(days), max(days))
    ax.set_ylabel("volume a day (reps, or seconds held)")
    # Head room above the highest dose for the rows of decision markers.
    ax.set_ylim(bottom=0, top=max(highest, 1) * 1.05 / (0.93 - 0.07 * marker_rows))
    handles: list[Any] = []
    labels: list[str] = []
    for each in (ax, pain_ax):
        if each is not None:
            h, lab = each.get_legend_handles_labels()
            handles += h
            labels += lab
    if marks:
        from matplotlib.lines import Line2D  # noqa: PLC0415 - an optional extra

        handles.append(Line2D([], [], marker="v", color="black", linestyle="none"))
        labels.append("decision (number in the key)" if key_ax is not None else "decision")
    if key_ax is not None:
        shown = key[:MAX_KEY_ROWS]
        if len(key) > MAX_KEY_ROWS:
            left = len(key) - MAX_KEY_ROWS + 1
            shown = [*key[: MAX_KEY_ROWS - 1], ("...", "", f"{left} more decisions", "", "")]
        _key_table(key_ax, shown)
    elif key:
        for row in key:
            handles.append(Line2D([], [], marker="", linestyle="none"))
            labels.append(f"{row[0]}: {row[1]} {row[2]} {row[3]} ({row[4]})")
    if handles:
        # Beside the plot, right of the pain axis, so it never covers a line or a marker.
        ax.legend(handles, labels, loc="upper left", fontsize=7.5, borderaxespad=0,
                  bbox_to_anchor=(1.1 if pain_ax is not None else 1.02, 1))  # fmt: skip
    title = "Dose and pain over time" + (f": {exercise_id}" if exercise_id else "")
    ax.set_title(title)
    return ax


def _check_plan_logs(plan: object, logs: object) -> tuple[Plan, list[ExerciseLog]]:
    return plan_argument(plan), _check_logs(logs)


def plot_adherence(
    plan: Plan,
    logs: Iterable[ExerciseLog],
    *,
    routine: Routine | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Planned against done, per exercise and week: a grid a clinician reads at a glance.

    Each row is an exercise of the plan (in the plan's order), each column a week
    (Monday to Sunday; a plan that starts mid-week has a short first week). A cell
    says ``done/planned`` sittings, as :func:`footdrop.adherence` counts them for
    that week (one sitting per side), and is shaded from white (none done) to dark
    grey (all done), so it reads in black and white. A log the plan did not ask for
    is shown as ``+n``; a week in which the exercise was not planned shows ``-``.
    Logs dated outside the plan are left out of the grid, and the title says how many.

    Args:
        plan: What was planned.
        logs: What was done.
        routine: The routine, whose exercise names label the rows (the catalogue's
            names otherwise, then the id in words).
        ax: The axes to draw on; a new figure's if ``None``.

    Returns:
        The axes drawn on.

    Raises:
        footdrop.exceptions.MissingExtraError: matplotlib is not installed.
        footdrop.exceptions.InvalidTypeError: *plan* or *logs* hold something else.
        footdrop.exceptions.InvalidValueError: A log names an exercise the plan
            never holds, or repeats another log (see :func:`footdrop.adherence`).

    Example:
        >>> from footdrop.export.plot import plot_adherence
        >>> import datetime as dt
        >>> from zoneinfo import ZoneInfo
        >>> from footdrop import DayPlan, ExerciseLog, Plan, PlanItem, Session
        >>> london = ZoneInfo("Europe/London")
        >>> item = PlanItem(exercise_id="ankle-eversion", side=None, sets=1, reps=10)
        >>> days = [DayPlan(date=dt.date(2026, 11, d), sessions=[Session(
        ...     start=dt.datetime(2026, 11, d, 8, tzinfo=london),
        ...     end=dt.datetime(2026, 11, d, 8, 10, tzinfo=london), items=[item])])
        ...     for d in (23, 24, 25)]
        >>> done = [ExerciseLog(on=dt.date(2026, 11, 23), exercise_id="ankle-eversion",
        ...                     side=None, sets=1, reps=10)]
        >>> ax = plot_adherence(Plan(tz="Europe/London", days=days), done)
        >>> [t.get_text() for t in ax.texts]
        ['1/3']

    .. versionadded:: 0.1.0
    """
    ax = _axes(ax, "footdrop.export.plot.plot_adherence()", (9, 4.5))
    plan, found = _check_plan_logs(plan, logs)
    from footdrop.export._handout import exercises_known  # noqa: PLC0415 - shares the lookup
    from footdrop.export.text import exercise_title  # noqa: PLC0415 - shares the wording
    from footdrop.model._log import adherence  # noqa: PLC0415 - a model function

    known = exercises_known(routine)
    weeks: dict[int, list[DayPlan]] = {}
    for day in plan.days:
        monday = day.date.toordinal() - day.date.weekday()
        weeks.setdefault(monday, []).append(day)
    order = list(
        dict.fromkeys(i.exercise_id for d in plan.days for s in d.sessions for i in s.items)
    )
    dated = {day.date for day in plan.days}
    outside = [log for log in found if log.on not in dated]
    grid: list[list[float]] = [[float("nan")] * len(weeks) for _ in order]
    for column, monday in enumerate(sorted(weeks)):
        days = weeks[monday]
        own = {d.date for d in days}
        tally = adherence(attrs.evolve(plan, days=days), [log for log in found if log.on in own])
        for row, exercise_id in enumerate(order):
            counts = tally.exercise(exercise_id)
            if counts.planned == 0 and counts.extra == 0:
                ax.text(column, row, "-", ha="center", va="center", fontsize=8)
                continue
            share = counts.done / counts.planned if counts.planned else 1.0
            grid[row][column] = share
            text = f"{counts.done}/{counts.planned}"
            if counts.extra:
                text += f" +{counts.extra}"
            ax.text(column, row, text, ha="center", va="center", fontsize=8,
                    color="white" if share > 0.75 else "black")  # fmt: skip
    from matplotlib import colormaps  # noqa: PLC0415 - an optional extra

    shades = colormaps["Greys"].with_extremes(bad="white")
    ax.imshow(grid, cmap=shades, vmin=0, vmax=1.35, aspect="auto")
    ax.set_yticks(range(len(order)))
    ax.set_yticklabels([exercise_title(i, known) for i in order], fontsize=8)
    mondays = sorted(weeks)
    ax.set_xticks(range(len(mondays)))
    ax.set_xticklabels([f"week of\n{short_label(weeks[m][0].date)}" for m in mondays], fontsize=8)
    ax.set_xticks([x - 0.5 for x in range(1, len(mondays))], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, len(order))], minor=True)
    ax.grid(which="minor", color="0.7", linewidth=0.6)
    ax.tick_params(which="minor", length=0)
    title = "Sittings done / planned, per exercise and week"
    if outside:
        title += f" ({len(outside)} log(s) outside the plan not shown)"
    ax.set_title(title, fontsize=10)
    return ax
