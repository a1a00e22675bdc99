"""The exceptions footdrop raises.

Every exception footdrop raises on purpose derives from :class:`FootdropError`
and from the built-in exception that fits it best, so callers can catch either
(``except footdrop.exceptions.FootdropError`` or ``except ValueError``).
Each error carries its data as attributes, and its message names the field,
the value and, where possible, the fix.

This module imports nothing else from footdrop.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "DocumentError",
    "FootdropError",
    "IncompleteScreeningError",
    "InfeasibilityReason",
    "InfeasibleScheduleError",
    "InvalidTypeError",
    "InvalidValueError",
    "JournalError",
    "JournalRecordError",
    "MissingExtraError",
    "Problem",
    "RedFlagError",
    "ScheduleBudgetError",
    "SchemaVersionError",
    "UnknownExerciseError",
]


def _rebuild(cls: type[FootdropError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    """Recreate a pickled footdrop exception without calling its ``__init__``."""
    exc = cls.__new__(cls, *args)
    exc.args = args
    for key, value in state.items():
        setattr(exc, key, value)
    return exc


class FootdropError(Exception):
    """The root of every exception footdrop raises on purpose.

    Every footdrop exception pickles and unpickles with its attributes (so it
    survives ``multiprocessing`` and task queues), although most take
    keyword-only arguments.
    """

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


class InvalidValueError(FootdropError, ValueError):
    """A value is out of range or breaks a rule of the model.

    Attributes:
        field: The name of the offending field.
        value: The value that was given.
        fix: What to do instead, or ``None`` when the message says it already.
    """

    def __init__(self, message: str, *, field: str, value: Any, fix: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.value = value
        self.fix = fix


class InvalidTypeError(FootdropError, TypeError):
    """A value has the wrong type (a string or a boolean where a number belongs, ...).

    Attributes:
        field: The name of the offending field.
        value: The value that was given.
        expected: A description of the expected type.
    """

    def __init__(self, message: str, *, field: str, value: Any, expected: str) -> None:
        super().__init__(message)
        self.field = field
        self.value = value
        self.expected = expected


class UnknownExerciseError(FootdropError, KeyError):
    """An exercise id is not in the catalogue or routine at hand.

    Attributes:
        exercise_id: The id that was asked for.
        suggestions: The nearest known ids, best first (may be empty).
    """

    def __init__(self, exercise_id: str, suggestions: Sequence[str] = ()) -> None:
        self.exercise_id = exercise_id
        self.suggestions = tuple(suggestions)
        if self.suggestions:
            hint = "did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        else:
            hint = "list the known ids with footdrop.catalogue().keys()."
        self.message = f"unknown exercise id {exercise_id!r}: {hint}"
        super().__init__(self.message)

    def __str__(self) -> str:
        # KeyError.__str__ shows the repr of its argument; we want the sentence.
        return self.message


@attrs.frozen(kw_only=True)
class Problem:
    """One problem found in a document, with its JSON path.

    Attributes:
        path: Where the problem is, as a JSON path (``$.dose.reps``).
        message: What is wrong and, where possible, how to fix it.
    """

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.message} @ {self.path}"


class DocumentError(FootdropError, ValueError):
    """A JSON document could not be read into a footdrop model.

    The message lists every problem found, one per line, each with its JSON path.

    Attributes:
        problems: Every problem found, in document order.
    """

    def __init__(self, problems: Sequence[Problem], *, summary: str | None = None) -> None:
        self.problems = tuple(problems)
        head = summary or f"the document has {len(self.problems)} problem(s)"
        lines = [f"{head}:"] + [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class SchemaVersionError(DocumentError):
    """A document is from a schema version this footdrop cannot read.

    Attributes:
        found: The document's ``schema_version``.
        supported: The newest version this footdrop reads.
    """

    def __init__(self, *, found: object, supported: int) -> None:
        self.found = found
        self.supported = supported
        if found is None:
            msg = (
                f"'schema_version' is missing: footdrop documents start with "
                f'"schema_version": {supported}; write them with footdrop.serialisation.dumps'
            )
        elif isinstance(found, int) and not isinstance(found, bool) and found > supported:
            msg = (
                f"'schema_version' is {found}, newer than the {supported} this footdrop reads: "
                "upgrade footdrop to read this document"
            )
        else:
            msg = (
                f"'schema_version' must be a whole number from 1 to {supported} (got {found!r}): "
                "write documents with footdrop.serialisation.dumps"
            )
        super().__init__([Problem(path="$.schema_version", message=msg)], summary=msg)


@attrs.frozen(kw_only=True)
class InfeasibilityReason:
    """Why no plan can meet every floor of a routine, in structured form.

    Attributes:
        constraint: Which rule cannot be met (``"spacing"``, ``"session-length"``, ...).
        message: A sentence saying what cannot be met, by how much, and what would fit.
        exercise_id: The exercise concerned, if one is.
        date: The ISO date concerned, if one is.
        needed: What the rule needs, in ``unit``.
        available: What the person's availability offers, in ``unit``.
        unit: The unit of ``needed`` and ``available`` (``"minutes"``, ``"sessions"``, ...).
        fix: A change that would make it fit, if one is known.
    """

    constraint: str
    message: str
    exercise_id: str | None = None
    date: str | None = None
    needed: float | None = None
    available: float | None = None
    unit: str | None = None
    fix: str | None = None

    def __str__(self) -> str:
        return self.message


class InfeasibleScheduleError(FootdropError, ValueError):
    """No plan meets every floor of the routine within the person's availability.

    Attributes:
        reasons: Every reason found, most specific first.
    """

    def __init__(self, reasons: Sequence[InfeasibilityReason]) -> None:
        self.reasons = tuple(reasons)
        lines = ["no plan fits the routine and the availability:"]
        lines += [f"  - {r.message}" for r in self.reasons]
        super().__init__("\n".join(lines))


class ScheduleBudgetError(FootdropError, RuntimeError):
    """The scheduler's search passed its budget before it could decide the plan.

    This is neither "no plan" nor a plan: the search stopped so as not to run for
    an unbounded time. Narrowing the routine or the plan (fewer exercises on a day,
    fewer days, wider windows) usually brings it back within the budget.

    Attributes:
        nodes: The search steps spent when the search stopped.
        date: The ISO date being planned when it stopped, if one was.

    .. versionadded:: 0.1.0
    """

    def __init__(self, message: str, *, nodes: int, date: str | None = None) -> None:
        super().__init__(message)
        self.nodes = nodes
        self.date = date


class RedFlagError(FootdropError, RuntimeError):
    """A red flag was reported: plan generation stops and urgent care is advised.

    Attributes:
        flags: The red flags found.
        advice: The urgent-care message to show the person.
    """

    def __init__(self, message: str, *, flags: Sequence[str], advice: str) -> None:
        super().__init__(message)
        self.flags = tuple(flags)
        self.advice = advice


class IncompleteScreeningError(InvalidValueError):
    """A red-flag screening leaves a question unanswered, or is undated.

    An unanswered question is never read as "no", so an incomplete screening
    cannot let a plan be made.

    Attributes:
        field: ``"answers"`` or ``"taken_at"``.
        missing: The ids of the unanswered questions (may be empty when only the date is missing).
    """

    def __init__(
        self, message: str, *, field: str, missing: Sequence[str], fix: str | None = None
    ) -> None:
        super().__init__(message, field=field, value=tuple(missing), fix=fix)
        self.missing = tuple(missing)


class JournalError(FootdropError, OSError):
    """The journal (the command line's SQLite store) cannot be opened, read or written.

    Raised for a file that is not a journal, a journal from a newer footdrop, a
    read-only journal, a full disk or a journal locked for too long. The
    journal is never left half-written: the failed change is rolled back.

    Attributes:
        path: The journal's file path, as text.
        fix: What to do instead, or ``None`` when the message says it already.
    """

    def __init__(self, message: str, *, path: str, fix: str | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.fix = fix


class JournalRecordError(JournalError, ValueError):
    """A record clashes with one the journal holds already (the same log twice).

    Attributes:
        key: The clashing record's key, as text (``"ankle-eversion on 2026-11-24, session 1"``).
    """

    def __init__(self, message: str, *, path: str, key: str, fix: str | None = None) -> None:
        super().__init__(message, path=path, fix=fix)
        self.key = key


class MissingExtraError(FootdropError, ImportError):
    """An optional extra that a feature needs is not installed.

    Attributes:
        extra: The name of the extra (``"ical"``, ``"notebook"``).
        package: The missing package.
    """

    def __init__(self, *, extra: str, package: str, feature: str) -> None:
        self.extra = extra
        self.package = package
        msg = (
            f"{feature} needs the {package!r} package, which is not installed: "
            f'pip install "footdrop[{extra}]"'
        )
        super().__init__(msg, name=package)

    def __reduce__(self) -> tuple[Any, ...]:
        # ImportError keeps ``name`` outside __dict__; carry it along.
        return (_rebuild, (type(self), self.args, {**self.__dict__, "name": self.name}))
