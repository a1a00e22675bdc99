"""pandas DataFrames of plans and logs, for notebooks and analysis.

Needs the ``notebook`` extra (``pip install "footdrop[notebook]"``), which
installs pandas and matplotlib.

Columns are typed, never plain ``object`` where pandas has a better type:

* dates are ``period[D]`` (a calendar day, with no time and no time zone);
* start and end times are time-zone aware (``datetime64[..., <plan tz>]``);
* counts are nullable integers (``Int64``), so a measure an exercise does not use
  is ``<NA>``, not ``NaN`` in a float column;
* ids and notes are ``string``; sides and support rungs are categories (support
  ordered from two hands to eyes closed); ``fell`` is ``boolean``; effort is ``Float64``.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final

from footdrop.exceptions import InvalidTypeError, MissingExtraError
from footdrop.model._kinds import Side, SupportLevel
from footdrop.model._log import ExerciseLog
from footdrop.model._measures import TABLE
from footdrop.model._plan import Plan

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["LOG_COLUMNS", "PLAN_COLUMNS", "to_dataframe"]

#: The columns of a plan's frame, in order.
PLAN_COLUMNS: Final = (
    "date",
    "session",
    "position",
    "start",
    "end",
    "exercise_id",
    "side",
    *(m.name for m in TABLE),
    "support",
    "rest_between_sets_seconds",
)

#: The columns of a log frame, in order.
LOG_COLUMNS: Final = (
    "on",
    "exercise_id",
    "side",
    "session",
    "sets",
    "reps",
    "hold_seconds",
    "reps_per_set",
    "hold_per_set",
    "support",
    "pain",
    "pain_next_morning",
    "effort",
    "fell",
    "notes",
)

#: The measures of the measures table: one nullable integer column each, named as the field.
_COUNTS: Final = tuple(m.name for m in TABLE)


def _pandas() -> Any:
    try:
        import pandas as pd  # noqa: PLC0415 - an optional extra
    except ImportError as error:
        feature = "footdrop.export.frame.to_dataframe()"
        raise MissingExtraError(extra="notebook", package="pandas", feature=feature) from error
    return pd


def _side_type(lib: Any) -> Any:
    return lib.CategoricalDtype([s.value for s in Side])


def _support_type(lib: Any) -> Any:
    return lib.CategoricalDtype([s.value for s in SupportLevel], ordered=True)


def _value(member: Side | SupportLevel | None) -> str | None:
    return None if member is None else member.value


def _times(lib: Any, values: list[Any], tz: str) -> Any:
    return lib.Series(lib.to_datetime(values, utc=True)).dt.tz_convert(tz)


def _days(lib: Any, values: list[Any]) -> Any:
    return lib.Series([lib.Period(v, freq="D") for v in values], dtype="period[D]")


def _plan_frame(lib: Any, plan: Plan) -> pd.DataFrame:
    rows: dict[str, list[Any]] = {name: [] for name in PLAN_COLUMNS}
    for day in plan.days:
        for slot, session in enumerate(day.sessions, start=1):
            for position, item in enumerate(session.items, start=1):
                rows["date"].append(day.date)
                rows["session"].append(slot)
                rows["position"].append(position)
                rows["start"].append(session.start)
                rows["end"].append(session.end)
                rows["exercise_id"].append(item.exercise_id)
                rows["side"].append(_value(item.side))
                for name in _COUNTS:
                    rows[name].append(getattr(item, name))
                rows["support"].append(_value(item.support))
                rows["rest_between_sets_seconds"].append(item.rest_between_sets_seconds)
    columns = {
        "date": _days(lib, rows["date"]),
        "session": lib.Series(rows["session"], dtype="Int64"),
        "position": lib.Series(rows["position"], dtype="Int64"),
        "start": _times(lib, rows["start"], plan.tz),
        "end": _times(lib, rows["end"], plan.tz),
        "exercise_id": lib.Series(rows["exercise_id"], dtype="string"),
        "side": lib.Series(rows["side"], dtype=_side_type(lib)),
        **{name: lib.Series(rows[name], dtype="Int64") for name in _COUNTS},
        "support": lib.Series(rows["support"], dtype=_support_type(lib)),
        "rest_between_sets_seconds": lib.Series(rows["rest_between_sets_seconds"], dtype="Int64"),
    }
    frame: pd.DataFrame = lib.DataFrame(columns)
    return frame


def _log_frame(lib: Any, logs: list[ExerciseLog]) -> pd.DataFrame:
    def column(name: str) -> list[Any]:
        return [getattr(log, name) for log in logs]

    columns = {
        "on": _days(lib, column("on")),
        "exercise_id": lib.Series(column("exercise_id"), dtype="string"),
        "side": lib.Series([_value(log.side) for log in logs], dtype=_side_type(lib)),
        "session": lib.Series(column("session"), dtype="Int64"),
        "sets": lib.Series(column("sets"), dtype="Int64"),
        "reps": lib.Series(column("reps"), dtype="Int64"),
        "hold_seconds": lib.Series(column("hold_seconds"), dtype="Int64"),
        "reps_per_set": lib.Series([log.reps_per_set for log in logs], dtype=object),
        "hold_per_set": lib.Series([log.hold_per_set for log in logs], dtype=object),
        "support": lib.Series([_value(log.support) for log in logs], dtype=_support_type(lib)),
        "pain": lib.Series(column("pain"), dtype="Int64"),
        "pain_next_morning": lib.Series(column("pain_next_morning"), dtype="Int64"),
        "effort": lib.Series(
            [None if log.effort is None else log.effort.value for log in logs], dtype="Float64"
        ),
        "fell": lib.Series(column("fell"), dtype="boolean"),
        "notes": lib.Series(column("notes"), dtype="string"),
    }
    frame: pd.DataFrame = lib.DataFrame(columns)
    return frame


def _logs(obj: object) -> list[ExerciseLog]:
    if isinstance(obj, str | bytes) or not isinstance(obj, Iterable):
        kind = type(obj).__name__
        msg = (
            f"to_dataframe() takes a footdrop.Plan or a list of footdrop.ExerciseLog (got {kind})."
        )
        raise InvalidTypeError(msg, field="obj", value=obj, expected="Plan | Iterable[ExerciseLog]")
    logs = list(obj)
    for i, log in enumerate(logs):
        if not isinstance(log, ExerciseLog):
            kind = type(log).__name__
            msg = f"'logs[{i}]' must be a footdrop.ExerciseLog (got {kind})."
            raise InvalidTypeError(msg, field=f"logs[{i}]", value=log, expected="ExerciseLog")
    return logs


def to_dataframe(obj: Plan | Iterable[ExerciseLog]) -> pd.DataFrame:
    """A typed DataFrame of a plan (one row per planned item) or of logs (one row per log).

    For a :class:`~footdrop.Plan` the columns are :data:`PLAN_COLUMNS`: ``date``,
    ``session`` (its place in the day, from 1), ``position`` (the item's place in
    the session, from 1), ``start`` and ``end`` (in the plan's time zone), then the
    item's fields. Rest days have no rows.

    For a sequence of :class:`~footdrop.ExerciseLog` the columns are
    :data:`LOG_COLUMNS`, one row per log in the order given; ``reps_per_set`` and
    ``hold_per_set`` hold each log's per-set values as tuples.

    Args:
        obj: A plan, or an iterable of logs (possibly empty).

    Returns:
        A :class:`pandas.DataFrame` with typed columns (see the module notes).

    Raises:
        footdrop.exceptions.MissingExtraError: pandas is not installed.
        footdrop.exceptions.InvalidTypeError: *obj* is neither, or holds something
            that is not an :class:`~footdrop.ExerciseLog`.

    Example:
        >>> from footdrop.export.frame import to_dataframe
        >>> import datetime as dt
        >>> from footdrop import ExerciseLog, Side
        >>> frame = to_dataframe([ExerciseLog(on=dt.date(2026, 11, 24),
        ...                                   exercise_id="ankle-eversion", side=None,
        ...                                   sets=1, reps=12, pain=2)])
        >>> str(frame["pain"].dtype), str(frame["on"].dtype), int(frame["pain"].iloc[0])
        ('Int64', 'period[D]', 2)

    .. versionadded:: 0.1.0
    """
    lib = _pandas()
    if isinstance(obj, Plan):
        return _plan_frame(lib, obj)
    return _log_frame(lib, _logs(obj))
