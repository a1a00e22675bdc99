"""Plans for many people at once, in one process or on Dask.

A platform plans for many people who share a handful of routines. This module
turns a stream of :class:`Request` objects (a person id, a routine, an
availability, a start date and a number of days) into :class:`Result` objects,
one per request and in the same order. A person whose plan cannot be made (no
arrangement fits, a red flag, an input error of footdrop's own kind) gets a
result that carries the explanation; the batch goes on with the next person.
Anything that is not a :class:`~footdrop.exceptions.FootdropError` is a bug and
is raised, never hidden in a result.

Within one call of :func:`plan_many` the work that people share is done once:
the duration model, the duration of each exercise at each level, each routine's
floors, every solved day (a day's solution depends only on the routine, the
session limits and the day's windows relative to its start, never on who asks)
with the levels, choices and sessions built on it, the weekly patterns checked
for people whose dates bring the same windows, and each distinct plan item,
which every plan of the batch then references (so a million sessions of "ankle
eversion, 2 sets of 10" hold one object, not a million). A whole plan is shared
too: people of one routine with the same windows, rest weekdays, weekday of the
start and length, whose weeks change no clocks and skip no date, get the first
such person's plan moved to their own dates and zone. Each person's plan is
still exactly the one :func:`footdrop.schedule` gives them alone: when the
shared work cannot vouch for the person's search budget, that person is planned
again as alone (``docs/explanation/scheduling.md``, "Speed").

For more people than one process should plan, :func:`plan_bag` maps
:func:`plan_many` over the partitions of a :class:`dask.bag.Bag` (``pip install
"footdrop[dask]"``), so each partition shares its work the same way and the
partitions run wherever Dask runs them: threads, processes, or the workers of
a ``dask.distributed`` cluster. :func:`to_json_lines` and
:func:`from_json_lines` write and read results as JSON Lines, one person a line;
:func:`sessions_frame` makes a :mod:`pandas` table of sessions, one row per
session item, ready for Parquet.

Example:
    >>> import datetime as dt
    >>> import footdrop
    >>> from footdrop import batch
    >>> routine = footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT)
    >>> day = footdrop.Availability.daily(start=dt.time(7, 30), end=dt.time(21), tz="UTC")
    >>> short = footdrop.Availability.daily(start=dt.time(7), end=dt.time(7, 10), tz="UTC")
    >>> requests = [
    ...     batch.Request(person_id="p1", routine=routine, availability=day,
    ...                   start=dt.date(2026, 11, 23), days=7),
    ...     batch.Request(person_id="p2", routine=routine, availability=short,
    ...                   start=dt.date(2026, 11, 23), days=7),
    ... ]
    >>> [(r.person_id, r.ok) for r in batch.plan_many(requests)]
    [('p1', True), ('p2', False)]

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from typing import TYPE_CHECKING, Any, Final, final

import attrs

from footdrop._validators import instance_of, optional, text, texts, to_tuple, whole
from footdrop.exceptions import (
    DocumentError,
    FootdropError,
    InfeasibleScheduleError,
    InvalidTypeError,
    MissingExtraError,
    Problem,
)
from footdrop.model._availability import Availability
from footdrop.model._plan import Plan
from footdrop.model._routine import Routine
from footdrop.model._screening import Screening
from footdrop.scheduling._day import SEARCH_STEPS, SharedDays
from footdrop.scheduling._duration import DurationModel
from footdrop.scheduling._scheduler import schedule_shared
from footdrop.serialisation import SCHEMA_VERSION, structure, unstructure

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    import dask.bag
    import pandas as pd

__all__ = [
    "Request",
    "Result",
    "from_json_lines",
    "plan_bag",
    "plan_many",
    "sessions_frame",
    "to_json_lines",
]

#: The longest person id accepted, in characters.
MAX_PERSON_ID: Final = 200


def _plain_date(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        msg = f"'{attribute.name}' must be a date, not a datetime or text (got {value!r:.80})."
        raise InvalidTypeError(msg, field=attribute.name, value=value, expected="date")


@final
@attrs.frozen(kw_only=True)
class Request:
    """One person's planning request.

    Args:
        person_id: The platform's id for the person; it is copied to the result.
        routine: The person's routine.
        availability: When the person can exercise, and their time zone.
        start: The first local date to plan.
        days: How many dates to plan, 1..36600.
        screening: The person's red-flag screening (:class:`footdrop.safety.Screening`),
            or ``None`` for "not screened", as for :func:`footdrop.schedule`. A
            screening with a red flag gives a result with ``error="RedFlagError"``
            and its urgent-care message, never a plan.

    Raises:
        footdrop.exceptions.InvalidTypeError: A field has the wrong type.
        footdrop.exceptions.InvalidValueError: ``person_id`` is blank or too long, or
            ``days`` is out of range.

    .. versionadded:: 0.1.0
    """

    person_id: str = attrs.field(validator=text(MAX_PERSON_ID))
    routine: Routine = attrs.field(validator=instance_of(Routine, "a footdrop.Routine"))
    availability: Availability = attrs.field(
        validator=instance_of(Availability, "a footdrop.Availability")
    )
    start: dt.date = attrs.field(validator=_plain_date)
    days: int = attrs.field(validator=whole(1, 36600))
    screening: Screening | None = attrs.field(
        default=None, validator=optional(instance_of(Screening, "a footdrop.safety.Screening"))
    )


@final
@attrs.frozen(kw_only=True)
class Result:
    """What became of one :class:`Request`: a plan, or why there is none.

    Attributes:
        person_id: The request's person id.
        plan: The plan, or ``None`` when none could be made.
        error: The kind of error that stopped the plan (the exception's class name,
            such as ``"InfeasibleScheduleError"``), or ``None``.
        message: The error's full explanation, or ``None``.
        reasons: For an infeasible plan, each reason's message, most specific first.

    .. versionadded:: 0.1.0
    """

    person_id: str = attrs.field(validator=text(MAX_PERSON_ID))
    plan: Plan | None = attrs.field(
        default=None, validator=optional(instance_of(Plan, "a footdrop.Plan"))
    )
    error: str | None = attrs.field(default=None, validator=optional(text(200)))
    message: str | None = attrs.field(default=None, validator=optional(text()))
    reasons: tuple[str, ...] = attrs.field(default=(), converter=to_tuple, validator=texts())

    @property
    def ok(self) -> bool:
        """Whether a plan was made."""
        return self.plan is not None


def _failed(request: Request, error: FootdropError) -> Result:
    reasons: tuple[str, ...] = ()
    if isinstance(error, InfeasibleScheduleError):
        reasons = tuple(reason.message for reason in error.reasons)
    return Result(
        person_id=request.person_id,
        error=type(error).__name__,
        message=str(error),
        reasons=reasons,
    )


def plan_many(
    requests: Iterable[Request], *, durations: DurationModel | None = None
) -> Iterator[Result]:
    """Plan every request, in order, sharing what the people have in common.

    Results are made as you iterate, so a stream of any length runs in the
    memory of one plan at a time, plus what is shared: the items, and the solved
    days, levels, weeks and pattern checks, which grow with the variety of
    routines and windows rather than with the number of people (and start afresh
    whenever they hold half of one plan's search budget).

    Args:
        requests: The requests, each a :class:`Request`.
        durations: How long items take (:class:`~footdrop.DurationModel` defaults).

    Returns:
        An iterator of :class:`Result`, one per request, in the same order.

    Raises:
        footdrop.exceptions.InvalidTypeError: An element is not a :class:`Request`
            (named by its position), or *durations* is not a DurationModel.

    .. versionadded:: 0.1.0
    """
    return _plan_all(requests, _durations(durations))


def _durations(value: object) -> DurationModel:
    if value is None:
        return DurationModel()
    if not isinstance(value, DurationModel):
        msg = f"'durations' must be a footdrop.DurationModel or None (got {value!r:.80})."
        raise InvalidTypeError(msg, field="durations", value=value, expected="DurationModel")
    return value


#: The search steps the shared stores of a batch may hold before it starts them afresh:
#: well under one plan's budget, so that :meth:`SharedDays.is_exact` keeps saying yes.
_RENEW_STEPS: Final = SEARCH_STEPS // 2


def _plan_all(
    requests: Iterable[object], durations: DurationModel, days: SharedDays | None = None
) -> Iterator[Result]:
    days = SharedDays() if days is None else days
    for index, request in enumerate(requests):
        if not isinstance(request, Request):
            msg = (
                f"'requests[{index}]' must be a footdrop.batch.Request (got {request!r:.80}): "
                "build one with footdrop.batch.Request(person_id=..., routine=..., ...)."
            )
            raise InvalidTypeError(
                msg, field=f"requests[{index}]", value=request, expected="Request"
            )
        if days.steps > _RENEW_STEPS:
            days.renew()
        try:
            plan = _plan_one(request, durations, days)
        except FootdropError as error:
            yield _failed(request, error)
        else:
            yield Result(person_id=request.person_id, plan=plan)


def _plan_one(request: Request, durations: DurationModel, days: SharedDays) -> Plan:
    """The plan :func:`footdrop.schedule` makes for *request* alone, made with *days*.

    Answers the planners share above the day search cost a planner no steps (see
    :class:`~footdrop.scheduling._day.SharedDays`). A plan, or error, that the
    person's budget alone might not have reached is made again from fresh stores,
    where every search is the person's own, exactly as alone.
    """
    days.last_budget = None
    try:
        plan = _schedule(request, durations, days)
    except FootdropError:
        if _is_exact(days):
            raise
    else:
        if _is_exact(days):
            return plan
    days.renew()
    return _schedule(request, durations, days)


def _is_exact(days: SharedDays) -> bool:
    """Whether the plan (or error) just made with *days* is the one made alone."""
    budget = days.last_budget
    return budget is None or days.is_exact(budget.spent)


def _schedule(request: Request, durations: DurationModel, days: SharedDays) -> Plan:
    return schedule_shared(
        request.routine,
        start=request.start,
        days=request.days,
        availability=request.availability,
        durations=durations,
        screening=request.screening,
        shared=days,
    )


def to_json_lines(results: Iterable[Result]) -> Iterator[str]:
    """Each result as one line of JSON (no newline inside), for a JSON Lines file.

    Each line is an object with ``schema_version``, ``person_id``, ``plan`` (the
    plan as :func:`footdrop.serialisation.dumps` writes it, or ``null``),
    ``error``, ``message`` and ``reasons``.

    Example:
        >>> line = next(to_json_lines([Result(person_id="p9", error="RedFlagError",
        ...                                   message="see a doctor today")]))
        >>> json.loads(line)["person_id"]
        'p9'

    .. versionadded:: 0.1.0
    """
    for result in results:
        record = {
            "schema_version": SCHEMA_VERSION,
            "person_id": result.person_id,
            "plan": None if result.plan is None else _plan_body(result.plan),
            "error": result.error,
            "message": result.message,
            "reasons": list(result.reasons),
        }
        yield json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def _plan_body(plan: Plan) -> Any:
    """The plan's JSON body; the record's own ``schema_version`` covers it."""
    body = unstructure(plan)
    del body["schema_version"]
    return body


_RECORD_KEYS: Final = frozenset(
    {"schema_version", "person_id", "plan", "error", "message", "reasons"}
)


def from_json_lines(lines: Iterable[str]) -> Iterator[Result]:
    """Read results written by :func:`to_json_lines` (blank lines are skipped).

    Raises:
        footdrop.exceptions.DocumentError: A line is not a result record; the
            message names the line number and what is wrong.

    .. versionadded:: 0.1.0
    """
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield _read_record(number, line)


def _bad_line(number: int, message: str) -> DocumentError:
    return DocumentError(
        [Problem(path="$", message=message)], summary=f"line {number} is not a batch result"
    )


def _read_record(number: int, line: str) -> Result:
    try:
        record = json.loads(line)
    except ValueError as error:
        raise _bad_line(number, f"it is not JSON ({error})") from None
    if not isinstance(record, dict) or set(record) != _RECORD_KEYS:
        found = sorted(record) if isinstance(record, dict) else type(record).__name__
        msg = f"it must hold exactly the keys {sorted(_RECORD_KEYS)} (got {found})"
        raise _bad_line(number, msg)
    if record["schema_version"] != SCHEMA_VERSION:
        msg = (
            f"its schema_version is {record['schema_version']!r}, and this footdrop reads "
            f"{SCHEMA_VERSION!r}: read it with the footdrop that wrote it"
        )
        raise _bad_line(number, msg)
    body = record["plan"]
    try:
        plan = None if body is None else structure(body, Plan)
        return Result(
            person_id=record["person_id"],
            plan=plan,
            error=record["error"],
            message=record["message"],
            reasons=tuple(record["reasons"]),
        )
    except DocumentError as error:
        raise DocumentError(error.problems, summary=f"line {number}'s plan") from None
    except (TypeError, ValueError) as error:
        raise _bad_line(number, str(error)) from None


def sessions_frame(results: Iterable[Result]) -> pd.DataFrame:
    """One :mod:`pandas` table of every planned session item, with a ``person_id`` column.

    The columns are ``person_id`` followed by
    :data:`footdrop.export.frame.PLAN_COLUMNS`; people without a plan have no
    rows. ``frame.to_parquet(path)`` writes it as Parquet (with ``pyarrow``
    installed). Needs ``footdrop[notebook]``.

    .. versionadded:: 0.1.0
    """
    try:
        import pandas as pd  # noqa: PLC0415 - optional extra
    except ImportError:
        feature = "footdrop.batch.sessions_frame()"
        raise MissingExtraError(extra="notebook", package="pandas", feature=feature) from None

    from footdrop.export.frame import PLAN_COLUMNS, to_dataframe  # noqa: PLC0415 - needs pandas

    frames = []
    for result in results:
        if result.plan is None:
            continue
        frame = to_dataframe(result.plan)
        frame.insert(0, "person_id", result.person_id)
        frames.append(frame)
    if not frames:
        return pd.DataFrame({name: [] for name in ("person_id", *PLAN_COLUMNS)})
    return pd.concat(frames, ignore_index=True)


def _dask_bag() -> Any:
    try:
        import dask.bag  # noqa: PLC0415 - optional extra
    except ImportError:
        raise MissingExtraError(
            extra="dask", package="dask", feature="footdrop.batch.plan_bag()"
        ) from None
    return dask.bag


def plan_bag(requests: dask.bag.Bag, *, durations: DurationModel | None = None) -> dask.bag.Bag:
    """Plan a :class:`dask.bag.Bag` of requests, partition by partition.

    Each partition is planned by :func:`plan_many`, so the people in one
    partition share their work; the result is a lazy bag of :class:`Result` in
    the requests' order. Compute it (``.compute()``), or write it with
    ``.map_partitions(to_json_lines).to_textfiles("plans/*.jsonl")``: one file per
    partition, written where the partition was planned. With a
    ``dask.distributed`` client active, the partitions run on its workers.
    Needs ``footdrop[dask]``.

    Args:
        requests: A bag whose elements are :class:`Request` objects.
        durations: How long items take (:class:`~footdrop.DurationModel` defaults).

    Returns:
        A bag of :class:`Result`.

    Raises:
        footdrop.exceptions.MissingExtraError: Dask is not installed.
        footdrop.exceptions.InvalidTypeError: *requests* is not a bag.

    .. versionadded:: 0.1.0
    """
    bag = _dask_bag()
    given: object = requests
    if not isinstance(given, bag.Bag):
        msg = (
            f"'requests' must be a dask.bag.Bag of footdrop.batch.Request (got {requests!r:.80}): "
            "make one with dask.bag.from_sequence(requests, npartitions=...)."
        )
        raise InvalidTypeError(msg, field="requests", value=requests, expected="dask.bag.Bag")
    mapper: Any = given.map_partitions  # dask ships no type hints
    planned: dask.bag.Bag = mapper(_plan_partition, _durations(durations))
    return planned


#: Each thread's stores for the partitions it plans (see _plan_partition).
_PARTITION_DAYS: Final = threading.local()


def _plan_partition(partition: Iterable[Request], durations: DurationModel) -> list[Result]:
    """:func:`plan_many` over one partition, sharing with the thread's earlier partitions.

    A Dask worker plans partition after partition: keeping one store for all those
    a thread plans lets later partitions reuse the days, levels and weeks solved
    for earlier ones instead of starting cold. Plans stay the lone plans (the
    stores vouch for each person's budget, or the person is planned afresh), and
    the stores start afresh whenever they hold half a budget's steps.
    """
    days = getattr(_PARTITION_DAYS, "days", None)
    if days is None:
        days = _PARTITION_DAYS.days = SharedDays()
    return list(_plan_all(partition, durations, days))
