"""What the commands read: documents, the journal, the routine, the windows, exercise ids.

.. versionadded:: 0.1.0
"""

# Imports inside functions keep start-up quick: each command imports what it needs.
# ruff: noqa: PLC0415

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, final

from footdrop.cli._args import _window
from footdrop.cli._common import DEFAULT_WINDOW, PROG, CommandError, UsageError, _one_line
from footdrop.exceptions import DocumentError, InvalidValueError, UnknownExerciseError

if TYPE_CHECKING:
    import argparse

    from footdrop import Availability, Exercise, Routine
    from footdrop.journal import Journal


def _read_text(file: str) -> str:
    try:
        if file == "-":
            return sys.stdin.read()
        return Path(file).read_text("utf-8")
    except UnicodeDecodeError:
        msg = f"cannot read {file}: it is not UTF-8 text"
        raise CommandError(msg) from None
    except OSError as exc:
        msg = f"cannot read {file}: {exc.strerror or exc}"
        raise CommandError(msg) from None


def _read_document(file: str, cls: Any) -> Any:
    from footdrop.serialisation import loads

    text = _read_text(file)
    try:
        return loads(text, cls)
    except DocumentError as exc:
        msg = f"{file}: {_one_line(exc)}"
        raise CommandError(msg) from None


def _journal_path(args: argparse.Namespace) -> Path:
    from footdrop._journal_path import default_path

    return Path(args.journal).expanduser() if args.journal else default_path()


def _open_journal(args: argparse.Namespace, *, read_only: bool = False) -> Journal:
    from footdrop.journal import Journal

    # No path means the default one, whose folder the journal creates when needed.
    path = Path(args.journal).expanduser() if args.journal else None
    return Journal(path, read_only=read_only)


def _side(text: str | None) -> Any:
    from footdrop import Side

    return None if text is None else Side(text)


def _load_routine(args: argparse.Namespace, err: IO[str]) -> tuple[Routine, str]:
    """The routine to work with and a phrase naming where it came from."""
    from footdrop import Routine, Side

    routine: Routine | None = None
    if args.routine:
        routine = _read_document(args.routine, Routine)
        source = f"the routine in {args.routine}"
    else:
        path = _journal_path(args)
        if path.exists():
            from footdrop.journal import Journal

            with Journal(path, read_only=True) as journal:
                routine = journal.routine()
            source = f"the routine saved in the journal {path}"
    if routine is None:
        if args.affected is None:
            err.write(
                f"{PROG}: note: no --affected given: planning for the left side "
                "(pass --affected right for the right)\n"
            )
        affected = Side(args.affected or "left")
        return Routine.from_catalogue(affected=affected), "the default programme"
    if args.affected is not None and routine.affected is not Side(args.affected):
        msg = (
            f"--affected {args.affected} disagrees with {source}, which is for "
            f"the {routine.affected.value} side: leave out --affected, or give another --routine"
        )
        raise CommandError(msg)
    return routine, source


def _availability(args: argparse.Namespace, tz: str) -> Availability:
    from footdrop import Availability, Window

    spans = args.window or [_window(DEFAULT_WINDOW)]
    windows = [Window(start=start, end=end) for start, end in spans]
    try:
        return Availability(windows=windows, tz=tz)
    except InvalidValueError as exc:
        raise UsageError(str(exc).rstrip(".")) from None


def _known_exercise(exercise_id: str, exercises: Any) -> Exercise:
    try:
        found: Exercise = exercises[exercise_id]
    except UnknownExerciseError as exc:
        hint = (
            "did you mean " + " or ".join(repr(s) for s in exc.suggestions) + "?"
            if exc.suggestions
            else "run 'footdrop catalogue' to list the exercises"
        )
        msg = f"unknown exercise id {exercise_id!r}: {hint}"
        raise UsageError(msg) from None
    return found


@final
class _Lookup(dict[str, "Exercise"]):
    """Exercises by id; an unknown id raises UnknownExerciseError with suggestions."""

    def __missing__(self, key: str) -> Exercise:
        from footdrop._validators import nearest_ids

        raise UnknownExerciseError(key, nearest_ids(key, self))
