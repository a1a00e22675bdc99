"""matplotlib plots: the week at a glance, and dose and pain over time.

Needs the ``notebook`` extra (``pip install "footdrop[notebook]"``). The functions
never import :mod:`matplotlib.pyplot` and never show a window: without an *ax*
they draw on a new :class:`matplotlib.figure.Figure`, which works with any
backend, including Agg on a server. Save with ``ax.figure.savefig("week.png")``.

Both plots tell series apart by marker and line style as well as colour, so they
read in black and white.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final, Protocol, runtime_checkable

from footdrop._validators import check_whole
from footdrop.exceptions import InvalidTypeError, MissingExtraError
from footdrop.export._handout import day_label
from footdrop.model._log import ExerciseLog
from footdrop.model._plan import Plan

if TYPE_CHECKING:
    import datetime as dt

    from matplotlib.axes import Axes

__all__ = ["DecisionLike", "plot_progress", "plot_week"]

_DAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MARKERS: Final = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">")
_STYLES: Final = ("-", "--", "-.", ":")


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


def _axes(ax: Axes | None, feature: str, size: tuple[float, float]) -> Axes:
    try:
        from matplotlib.figure import Figure  # noqa: PLC0415 - an optional extra
    except ImportError as error:
        raise MissingExtraError(extra="notebook", package="matplotlib", feature=feature) from error
    if ax is not None:
        return ax
    return Figure(figsize=size, layout="constrained").add_subplot()


def _check_plan(plan: object) -> Plan:
    if not isinstance(plan, Plan):
        msg = f"'plan' must be a footdrop.Plan (got {type(plan).__name__})."
        raise InvalidTypeError(msg, field="plan", value=plan, expected="Plan")
    return plan


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
    plan = _check_plan(plan)
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


def _dose_lines(ax: Axes, logs: list[ExerciseLog]) -> None:
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
            label=f"{exercise_id} ({unit} a day)",
        )


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
    pain_ax.axhline(5, color="black", linewidth=0.8, alpha=0.5)
    pain_ax.set_ylim(0, 10.5)
    pain_ax.set_ylabel("pain (NRS 0-10)")
    return pain_ax


def _decision_marks(ax: Axes, decisions: list[DecisionLike]) -> None:
    for decision in decisions:
        applied = bool(getattr(decision, "is_applied", True))
        before = getattr(decision, "before", None)
        change = f"{before}->{decision.after}" if before is not None else f"->{decision.after}"
        label = f"{decision.exercise_id}: {decision.lever} {change}"
        if not applied:
            label += " (not applied)"
        (x,) = _x([decision.on])
        ax.axvline(x, color="0.3", linewidth=1, linestyle="-" if applied else ":")
        ax.annotate(label, (x, 0.98), xycoords=("data", "axes fraction"),
                    rotation=90, va="top", ha="right", fontsize=7)  # fmt: skip


def plot_progress(
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
    with the pain-gate line at 5. Each decision is a vertical line labelled with
    its lever and new value (dotted when it was not applied).

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
    ax = _axes(ax, "footdrop.export.plot.plot_progress()", (9, 4.5))
    found = _check_logs(logs)
    marks = _check_decisions(decisions)
    if exercise_id is not None:
        found = [log for log in found if log.exercise_id == exercise_id]
        marks = [d for d in marks if d.exercise_id == exercise_id]
    _dose_lines(ax, found)
    pain_ax = _pain_lines(ax, found)
    _decision_marks(ax, marks)
    ax.xaxis_date()
    if not found and not marks:
        ax.text(0.5, 0.5, "no logs yet", transform=ax.transAxes, ha="center", va="center")
    ax.set_ylabel("volume a day (reps, or seconds held)")
    ax.set_ylim(bottom=0)
    handles: list[Any] = []
    labels: list[str] = []
    for each in (ax, pain_ax):
        if each is not None:
            h, lab = each.get_legend_handles_labels()
            handles += h
            labels += lab
    if handles:
        ax.legend(handles, labels, loc="upper left", fontsize=8)
    ax.figure.autofmt_xdate()
    title = "Dose and pain over time" + (f": {exercise_id}" if exercise_id else "")
    ax.set_title(title)
    return ax
