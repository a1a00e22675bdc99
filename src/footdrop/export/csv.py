"""CSV: a plan as a spreadsheet, one row per session item.

:func:`to_csv` writes one row for every item of every session (an exercise done on
both sides is two rows), with the date, the session's place in its day and its local
times, the exercise's id and name, the side, each dose number in a column of its own,
the dose in words, and an empty ``done`` column to fill in. Rest days have no rows.

The text follows RFC 4180 (comma-separated, CRLF line ends, quotes where needed) and
opens in any spreadsheet. Text that a spreadsheet would run as a formula (a cell
starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written with a
leading apostrophe, which spreadsheets show as plain text; numbers are written as they
are.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Final

from footdrop.export._checks import plan_argument, routine_argument
from footdrop.export._handout import day_label, exercises_known
from footdrop.export.text import clean_text, describe_item, exercise_title
from footdrop.model._dose import MEASURES

if TYPE_CHECKING:
    from footdrop.model._plan import Plan
    from footdrop.model._routine import Routine

__all__ = ["COLUMNS", "to_csv"]

#: The columns, in order.
COLUMNS: Final = (
    "date",
    "weekday",
    "session",
    "start",
    "end",
    "time_zone",
    "exercise_id",
    "exercise",
    "side",
    "sets",
    *MEASURES,
    "rest_between_sets_seconds",
    "dose",
    "done",
)

_FORMULA: Final = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    text = clean_text(str(getattr(value, "value", value)))
    return "'" + text if text.startswith(_FORMULA) else text


def to_csv(plan: Plan, *, routine: Routine | None = None) -> str:
    """The plan as CSV text, one row per session item, with a header row.

    Args:
        plan: The plan.
        routine: The routine behind the plan, whose exercise names fill the
            ``exercise`` column (the catalogue's names otherwise, then the id in words).

    Returns:
        The CSV text, CRLF line ends, starting with the header row of :data:`COLUMNS`.

    Raises:
        footdrop.exceptions.InvalidTypeError: *plan* is not a :class:`~footdrop.Plan`,
            or *routine* is not a :class:`~footdrop.Routine`.

    Example:
        >>> from footdrop.export.csv import to_csv
        >>> import datetime as dt
        >>> from zoneinfo import ZoneInfo
        >>> from footdrop import DayPlan, Plan, PlanItem, Session
        >>> london = ZoneInfo("Europe/London")
        >>> item = PlanItem(exercise_id="ankle-eversion", side=None, sets=2, reps=10)
        >>> session = Session(start=dt.datetime(2026, 11, 24, 8, tzinfo=london),
        ...                   end=dt.datetime(2026, 11, 24, 8, 15, tzinfo=london), items=[item])
        >>> text = to_csv(Plan(tz="Europe/London",
        ...                    days=[DayPlan(date=dt.date(2026, 11, 24), sessions=[session])]))
        >>> text.splitlines()[1][:62]
        '2026-11-24,Tue,1,08:00,08:15,Europe/London,ankle-eversion,Ankl'

    .. versionadded:: 0.1.0
    """
    plan_argument(plan)
    routine_argument(routine)
    known = exercises_known(routine)
    zone = plan.zone
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for day in plan.days:
        for number, session in enumerate(day.sessions, start=1):
            start = session.start.astimezone(zone)
            end = session.end.astimezone(zone)
            for item in session.items:
                values: list[object] = [
                    day.date.isoformat(),
                    day_label(day.date)[:3],
                    number,
                    f"{start:%H:%M}",
                    f"{end:%H:%M}",
                    plan.tz,
                    item.exercise_id,
                    exercise_title(item.exercise_id, known),
                    item.side,
                    item.sets,
                    *(getattr(item, m, None) for m in MEASURES),
                    item.rest_between_sets_seconds,
                    describe_item(item),
                    None,
                ]
                writer.writerow([_cell(v) for v in values])
    return out.getvalue()
