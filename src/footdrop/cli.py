"""The ``footdrop`` command: plans, the catalogue, checks, logs and progression from a shell.

Built on the standard library's :mod:`argparse`: it adds no dependency and
starts quickly. Heavy or optional modules (the exports, the scheduler's
search, progression) are imported only by the command that needs them.

This is the only module of footdrop that reads the clock or the environment:
``--start`` and ``--on`` default to today in the chosen time zone, ``--tz``
defaults to the system's zone and ``--journal`` to ``$FOOTDROP_JOURNAL`` or
the platform's data folder.

Exit status: 0 on success, 1 when the command fails (an unreadable file, an
invalid document, a plan with violations, a journal that cannot be written),
2 for a usage error (an unknown option, a bad date, a window that ends before
it starts, pain 11, an unknown exercise id). Errors are one line on stderr,
``footdrop: error: ...``, never a traceback.

.. versionadded:: 0.1.0
"""

# Imports inside functions keep start-up quick: each command imports what it needs.
# ruff: noqa: PLC0415

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import re
import sys
import threading
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, NoReturn, final

from footdrop.exceptions import (
    DocumentError,
    FootdropError,
    InvalidValueError,
    MissingExtraError,
    UnknownExerciseError,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from footdrop import Availability, Exercise, Plan, Routine
    from footdrop.journal import Journal

__all__ = ["EXIT_FAILURE", "EXIT_OK", "EXIT_USAGE", "main", "system_zone"]

#: Exit status of a command that did what it was asked.
EXIT_OK: Final = 0
#: Exit status of a command that failed (bad file, violations, journal error, ...).
EXIT_FAILURE: Final = 1
#: Exit status of a command line that is wrong (unknown option, bad value, ...).
EXIT_USAGE: Final = 2

PROG: Final = "footdrop"
FORMATS: Final = ("text", "json", "ics", "fhir", "html")
DEFAULT_WINDOW: Final = "08:00-20:00"
#: Plans at least this long show a progress indicator on a terminal.
LONG_PLAN_DAYS: Final = 28
MAX_DAYS: Final = 3660

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WINDOW = re.compile(r"(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})")


class UsageError(Exception):
    """The command line is wrong: exit 2 with this message."""


class CommandError(Exception):
    """The command failed for a reason the message explains: exit 1."""


# -- the system's time zone and today ------------------------------------------------------


def _valid_zone(name: str) -> bool:
    import zoneinfo

    if not name or name.startswith("/") or ".." in name:
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def _zone_from_path(path: str) -> str | None:
    marker = "zoneinfo/"
    if marker not in path:
        return None
    name = path.rsplit(marker, 1)[1]
    if name.startswith(("posix/", "right/")):
        name = name.split("/", 1)[1]
    return name if _valid_zone(name) else None


def system_zone(
    environ: dict[str, str] | os._Environ[str] | None = None,
    localtime: str | os.PathLike[str] = "/etc/localtime",
) -> tuple[str, str | None]:
    """The system's IANA time zone, and a note when it had to be guessed.

    Reads ``TZ`` (an IANA name, with or without a leading ``:``, or a path into
    a ``zoneinfo`` folder), then the ``/etc/localtime`` link (Linux, macOS).
    When neither names a zone, returns ``"UTC"`` with a note saying so.

    Args:
        environ: The environment (``os.environ`` if not given).
        localtime: The path of the system's local-time link.

    Returns:
        ``(zone, note)``: the zone name, and ``None`` or a sentence for stderr.

    Example:
        >>> system_zone({"TZ": "Europe/London"})
        ('Europe/London', None)
        >>> system_zone({"TZ": ":/usr/share/zoneinfo/America/New_York"})
        ('America/New_York', None)
        >>> system_zone({}, localtime="/nonexistent")[0]
        'UTC'

    .. versionadded:: 0.1.0
    """
    env = os.environ if environ is None else environ
    tz = env.get("TZ", "").strip().removeprefix(":")
    if tz:
        if _valid_zone(tz):
            return tz, None
        from_path = _zone_from_path(tz)
        if from_path:
            return from_path, None
    try:
        target = os.path.realpath(localtime) if Path(localtime).is_symlink() else ""
    except OSError:
        target = ""
    from_link = _zone_from_path(target) if target else None
    if from_link:
        return from_link, None
    note = (
        "could not tell this computer's time zone (no IANA name in TZ or /etc/localtime): "
        "using UTC; pass --tz ZONE, e.g. --tz Europe/London"
    )
    return "UTC", note


def _today(tz: str) -> dt.date:
    import zoneinfo

    # The only clock read in footdrop: the command line's default dates.
    return dt.datetime.now(zoneinfo.ZoneInfo(tz)).date()


# -- argument types ------------------------------------------------------------------------


def _date(text: str) -> dt.date:
    if not _DATE.fullmatch(text.strip()):
        msg = f"{text!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-11-24"
        raise argparse.ArgumentTypeError(msg)
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as exc:
        msg = f"{text!r} is not a real date ({exc}): write it as YYYY-MM-DD"
        raise argparse.ArgumentTypeError(msg) from None


def _window(text: str) -> tuple[dt.time, dt.time]:
    match = _WINDOW.fullmatch(text.strip())
    if not match:
        msg = f"{text!r} is not a window: write it as HH:MM-HH:MM, e.g. 07:30-21:30"
        raise argparse.ArgumentTypeError(msg)
    hours_a, minutes_a, hours_b, minutes_b = (int(g) for g in match.groups())
    try:
        start, end = dt.time(hours_a, minutes_a), dt.time(hours_b, minutes_b)
    except ValueError:
        msg = f"{text!r} is not a window: hours run 00-23 and minutes 00-59"
        raise argparse.ArgumentTypeError(msg) from None
    if end <= start:
        msg = (
            f"the window {text} ends before it starts: write the earlier time first; "
            "split a window that crosses midnight in two"
        )
        raise argparse.ArgumentTypeError(msg)
    return start, end


def _whole(lo: int, hi: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or not lo <= value <= hi:
            msg = f"must be a whole number from {lo} to {hi} (got {text!r})"
            raise argparse.ArgumentTypeError(msg)
        return value

    parse.__name__ = "whole number"
    return parse


def _effort(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 <= value <= 12:
        msg = f"must be a number from 0 to 12 on the Borg CR10 scale (got {text!r})"
        raise argparse.ArgumentTypeError(msg)
    return value


def _zone(text: str) -> str:
    if not _valid_zone(text):
        msg = f"{text!r} is not a known IANA time zone: use a name like Europe/London"
        raise argparse.ArgumentTypeError(msg)
    return text


# -- the parser ----------------------------------------------------------------------------


@final
class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors become one line and exit status 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: The command parsers by name (on the top-level parser).
        self.commands: dict[str, argparse.ArgumentParser] = {}

    def error(self, message: str) -> NoReturn:
        msg = f"{message} (see '{self.prog} --help')"
        raise UsageError(msg)


def _formatter(prog: str) -> argparse.HelpFormatter:
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=32)


def _journal_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--journal",
        metavar="PATH",
        help="the journal file (default: $FOOTDROP_JOURNAL, else the platform's data folder, "
        "e.g. ~/.local/share/footdrop/journal.sqlite3)",
    )


def _routine_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--affected",
        choices=("left", "right"),
        help="the side with foot drop (default: the routine's, else left)",
    )
    parser.add_argument(
        "--routine",
        metavar="FILE",
        help="a routine JSON document (default: the routine saved in the journal, "
        "else the default programme)",
    )


def _window_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--window",
        metavar="HH:MM-HH:MM",
        type=_window,
        action="append",
        help=f"a time of day you can exercise, every day; repeat for more (default: "
        f"{DEFAULT_WINDOW})",
    )


def build_parser() -> _Parser:
    """The ``footdrop`` argument parser, with every command."""
    parser = _Parser(
        prog=PROG,
        formatter_class=_formatter,
        description="Home exercise programmes for foot drop: plans, logs and safe progression.",
        epilog=(
            "examples:\n"
            "  footdrop plan --affected left --window 07:30-09:00 --window 18:00-21:00\n"
            "  footdrop catalogue ankle-eversion\n"
            "  footdrop log ankle-eversion --sets 2 --reps 12 --pain 2\n"
            "  footdrop progress\n\n"
            "Run 'footdrop COMMAND --help' for a command's options. This is not medical advice: "
            "follow your clinician's programme."
        ),
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    plan = commands.add_parser(
        "plan",
        help="print a plan: when to do which exercise, at what dose",
        formatter_class=_formatter,
        description="Plan the routine over the coming days and print it.",
        epilog=(
            "examples:\n"
            "  footdrop plan --affected left\n"
            "  footdrop plan --start 2026-11-24 --days 14 --window 07:30-09:00 "
            "--window 18:00-21:00\n"
            "  footdrop plan --format ics -o week.ics\n"
            "  footdrop plan --format json | footdrop check /dev/stdin"
        ),
    )
    _routine_options(plan)
    plan.add_argument(
        "--start", metavar="YYYY-MM-DD", type=_date, help="the first day (default: today)"
    )
    plan.add_argument(
        "--days", metavar="N", type=_whole(1, MAX_DAYS), default=7, help="how many days (7)"
    )
    _window_options(plan)
    plan.add_argument(
        "--tz", metavar="ZONE", type=_zone, help="the IANA time zone (default: the system's)"
    )
    plan.add_argument("--format", choices=FORMATS, default="text", help="the output format (text)")
    plan.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    plan.add_argument(
        "--progress",
        action="store_true",
        help=f"show progress on stderr (shown anyway on a terminal for {LONG_PLAN_DAYS}+ days)",
    )
    _journal_option(plan)
    plan.set_defaults(handler=_cmd_plan)

    cat = commands.add_parser(
        "catalogue",
        help="list the exercises, or show one in full",
        formatter_class=_formatter,
        description="List the exercises, or show one with its steps, cautions, dose and where "
        "each number came from.",
        epilog="examples:\n  footdrop catalogue\n  footdrop catalogue ankle-eversion\n"
        "  footdrop catalogue --format json",
    )
    cat.add_argument("exercise_id", metavar="ID", nargs="?", help="an exercise id")
    cat.add_argument("--format", choices=("text", "json"), default="text", help="text or json")
    cat.set_defaults(handler=_cmd_catalogue)

    check = commands.add_parser(
        "check",
        help="verify a plan; exit 1 and list the violations when any",
        formatter_class=_formatter,
        description="Verify a plan JSON document against a routine and the windows it was "
        "made for. Give the same --window values as to 'footdrop plan'.",
        epilog="examples:\n  footdrop plan --format json -o plan.json && footdrop check plan.json\n"
        "  footdrop check plan.json --routine routine.json --window 07:30-21:30",
    )
    check.add_argument("plan_file", metavar="PLAN.json", help="the plan, as footdrop JSON")
    _routine_options(check)
    _window_options(check)
    _journal_option(check)
    check.set_defaults(handler=_cmd_check)

    log = commands.add_parser(
        "log",
        help="record what you did in the journal",
        formatter_class=_formatter,
        description="Record one exercise done on one side in the journal.",
        epilog=(
            "examples:\n"
            "  footdrop log hip-rotation-slides --side left --sets 2 --reps 12 --pain 2\n"
            "  footdrop log single-leg-stance --side left --sets 3 --hold 20 --support one-hand\n"
            "  footdrop log ankle-eversion --sets 2 --reps 10 --session 2 --on 2026-11-24"
        ),
    )
    log.add_argument("exercise_id", metavar="EXERCISE_ID", help="the exercise's id")
    log.add_argument(
        "--side", choices=("left", "right"), help="the side worked (for one-leg exercises)"
    )
    log.add_argument("--sets", type=_whole(0, 10), required=True, help="sets done (0-10)")
    log.add_argument("--reps", type=_whole(0, 1000), help="reps in each set")
    log.add_argument("--hold", metavar="S", type=_whole(0, 3600), help="seconds held")
    log.add_argument(
        "--pain", metavar="N", type=_whole(0, 10), help="pain during it, 0 (none) to 10"
    )
    log.add_argument(
        "--pain-next-morning", metavar="N", type=_whole(0, 10), help="pain the next morning, 0-10"
    )
    log.add_argument("--effort", metavar="N", type=_effort, help="effort, Borg CR10 (0-12)")
    log.add_argument(
        "--support",
        choices=("two-hands", "one-hand", "one-finger", "no-hands", "eyes-closed"),
        help="the balance support used",
    )
    log.add_argument("--fell", action="store_true", help="a fall or near-fall happened")
    log.add_argument("--notes", metavar="TEXT", help="a free-text note")
    log.add_argument(
        "--session", metavar="N", type=_whole(1, 12), default=1, help="sitting of the day (1)"
    )
    log.add_argument("--on", metavar="YYYY-MM-DD", type=_date, help="the date (default: today)")
    _journal_option(log)
    log.set_defaults(handler=_cmd_log)

    history = commands.add_parser(
        "history",
        help="list the logs in the journal",
        formatter_class=_formatter,
        description="List the logs in the journal, by date.",
        epilog="examples:\n  footdrop history\n  footdrop history --format json > logs.json\n"
        "  footdrop history --since 2026-11-01 --exercise ankle-eversion",
    )
    history.add_argument("--format", choices=("text", "json"), default="text", help="text or json")
    history.add_argument("--since", metavar="YYYY-MM-DD", type=_date, help="from this date")
    history.add_argument("--until", metavar="YYYY-MM-DD", type=_date, help="up to this date")
    history.add_argument("--exercise", metavar="ID", help="only this exercise")
    _journal_option(history)
    history.set_defaults(handler=_cmd_history)

    progress = commands.add_parser(
        "progress",
        help="decide the next doses from the logs, and save them",
        formatter_class=_formatter,
        description="Apply the progression rules to the logs in the journal, show each "
        "decision and the next doses, and save the new routine in the journal.",
        epilog="examples:\n  footdrop progress\n  footdrop progress --on 2026-12-01\n"
        "  footdrop progress --affected right --routine routine.json",
    )
    progress.add_argument(
        "--on", metavar="YYYY-MM-DD", type=_date, help="the date (default: today)"
    )
    _routine_options(progress)
    progress.add_argument("--format", choices=("text", "json"), default="text", help="text or json")
    _journal_option(progress)
    progress.set_defaults(handler=_cmd_progress)
    parser.commands.update(commands.choices)
    return parser


# -- shared helpers ------------------------------------------------------------------------


def _need(module: str, name: str, feature: str) -> Any:
    """Import *name* from *module* when a command needs it."""
    try:
        found = importlib.import_module(module)
        return getattr(found, name)
    except MissingExtraError:
        raise
    except ModuleNotFoundError as exc:
        missing = exc.name or ""
        if missing.startswith("footdrop"):
            msg = f"{feature} is not available yet in this footdrop ({module}.{name} is missing)"
            raise CommandError(msg) from None
        extra = {"icalendar": "ical", "pandas": "notebook"}.get(missing.split(".")[0], missing)
        raise MissingExtraError(extra=extra, package=missing, feature=feature) from None
    except AttributeError:
        msg = f"{feature} is not available yet in this footdrop ({module}.{name} is missing)"
        raise CommandError(msg) from None


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


def _one_line(exc: BaseException) -> str:
    """An exception's message; a document error with one problem fits on one line."""
    if isinstance(exc, DocumentError) and len(exc.problems) == 1:
        return str(exc.problems[0])
    return str(exc)


def _journal_path(args: argparse.Namespace) -> Path:
    from footdrop.journal import default_path

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


def _write_output(data: str | bytes, output: str | None, out: IO[str]) -> None:
    """Write to *output* whole (through a temporary file and a rename), or to *out*."""
    if output is None or output == "-":
        if isinstance(data, bytes):
            out.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            out.write(data)
            if not data.endswith("\n"):
                out.write("\n")
        return
    target = Path(output)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    payload = data if isinstance(data, bytes) else data.encode("utf-8")
    try:
        temporary.write_bytes(payload)
        temporary.replace(target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        msg = f"cannot write {output}: {exc.strerror or exc}"
        raise CommandError(msg) from None


@final
class _Progress:
    """A progress indicator on stderr: a spinner on a terminal, plain lines otherwise."""

    def __init__(self, stream: IO[str], *, enabled: bool) -> None:
        self._stream = stream
        self._enabled = enabled
        self._animate = enabled and stream.isatty()
        self._started = time.monotonic()
        self._label = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def step(self, label: str) -> None:
        if not self._enabled:
            return
        self._label = label
        if not self._animate:
            self._stream.write(f"{PROG}: {label}...\n")
            self._stream.flush()
        elif self._thread is None:
            self._thread = threading.Thread(target=self._spin, daemon=True)
            self._thread.start()

    def _spin(self) -> None:
        frames = "|/-\\"
        i = 0
        while not self._stop.wait(0.1):
            elapsed = time.monotonic() - self._started
            line = f"\r{PROG}: {self._label}... {frames[i % 4]} {elapsed:.1f} s"
            self._stream.write(f"{line}\x1b[K")
            self._stream.flush()
            i += 1

    def done(self) -> None:
        if not self._enabled:
            return
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._stream.write("\r\x1b[K")
        self._stream.write(f"{PROG}: done in {time.monotonic() - self._started:.2f} s\n")
        self._stream.flush()


# -- plan ----------------------------------------------------------------------------------


def _cmd_plan(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    tz = args.tz
    if tz is None:
        tz, note = system_zone()
        if note:
            err.write(f"{PROG}: note: {note}\n")
    start = args.start or _today(tz)
    routine, source = _load_routine(args, err)
    availability = _availability(args, tz)
    show = args.progress or (err.isatty() and args.days >= LONG_PLAN_DAYS)
    progress = _Progress(err, enabled=show)
    progress.step(f"planning {args.days} day(s)")
    schedule = _need("footdrop", "schedule", "planning (footdrop.schedule)")
    plan: Plan = schedule(routine, start=start, days=args.days, availability=availability)
    progress.step(f"writing the plan as {args.format}")
    data = _render_plan(plan, routine, args.format, source)
    _write_output(data, args.output, out)
    progress.done()
    return EXIT_OK


def _render_plan(plan: Plan, routine: Routine, fmt: str, source: str) -> str | bytes:
    if fmt == "json":
        from footdrop.serialisation import dumps

        return dumps(plan)
    if fmt == "ics":
        to_ics = _need("footdrop.export.ical", "to_ics", "the iCalendar export")
        result: str | bytes = to_ics(plan, routine=routine)
        return result
    if fmt == "fhir":
        import json

        to_fhir = _need("footdrop.export.fhir", "to_fhir", "the FHIR export")
        bundle = to_fhir(plan)
        if isinstance(bundle, str | bytes):
            return bundle
        return json.dumps(bundle, indent=2, ensure_ascii=False)
    if fmt == "html":
        handout = _need("footdrop.export.html", "handout", "the HTML handout")
        html: str = handout(plan, routine=routine)
        return html
    return _plan_text(plan, routine, source)


def _plan_text(plan: Plan, routine: Routine, source: str) -> str:
    from footdrop.export.text import describe_item, exercise_title

    exercises = {p.exercise.id: p.exercise for p in routine.items}
    lines = []
    if plan.days:
        first, last = plan.days[0].date, plan.days[-1].date
        lines.append(
            f"Plan from {first:%a %d %b %Y} to {last:%a %d %b %Y} ({plan.tz}), "
            f"{routine.affected.value} side affected"
        )
    lines.append(f"Using {source}.")
    for day in plan.days:
        lines.append("")
        lines.append(f"{day.date:%a %d %b %Y}")
        if day.is_rest_day:
            lines.append("  rest day")
        for session in day.sessions:
            start = session.start.astimezone(plan.zone)
            end = session.end.astimezone(plan.zone)
            lines.append(f"  {start:%H:%M}-{end:%H:%M}")
            lines.extend(
                f"    - {exercise_title(item.exercise_id, exercises)}: {describe_item(item)}"
                for item in session.items
            )
        lines.extend(
            f"  note: {fallback.exercise_id} {fallback.lever} {fallback.planned} instead of "
            f"{fallback.wanted}: {fallback.reason}"
            for fallback in day.fallbacks
        )
    return "\n".join(lines) + "\n"


# -- catalogue -----------------------------------------------------------------------------


def _cmd_catalogue(args: argparse.Namespace, out: IO[str], _err: IO[str]) -> int:
    from footdrop import catalogue
    from footdrop.serialisation import dumps

    exercises = catalogue()
    if args.exercise_id is None:
        if args.format == "json":
            out.write(dumps(exercises) + "\n")
            return EXIT_OK
        width = max(len(i) for i in exercises)
        for exercise in exercises.values():
            out.write(f"{exercise.id:<{width}}  {exercise.name} ({exercise.category.value})\n")
        out.write(f"\n{len(exercises)} exercises; 'footdrop catalogue ID' shows one in full.\n")
        return EXIT_OK
    exercise = _known_exercise(args.exercise_id, exercises)
    if args.format == "json":
        out.write(dumps(exercise) + "\n")
    else:
        out.write(_exercise_text(exercise))
    return EXIT_OK


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


def _exercise_text(exercise: Exercise) -> str:
    from footdrop import Prescription, Side
    from footdrop.export.text import describe_dose

    lines = [
        f"{exercise.name} ({exercise.id})",
        f"{exercise.category.value}, {exercise.position.value}, {exercise.laterality.value}",
    ]
    if exercise.equipment:
        lines.append("Equipment: " + ", ".join(exercise.equipment))
    lines.append("")
    lines.append("Steps:")
    lines.extend(f"  {i}. {step}" for i, step in enumerate(exercise.steps, 1))
    if exercise.tips:
        lines.append("Tips:")
        lines.extend(f"  - {tip}" for tip in exercise.tips)
    if exercise.cautions:
        lines.append("Cautions:")
        lines.extend(f"  - {caution}" for caution in exercise.cautions)
    lines.append("")
    dose = describe_dose(Prescription(exercise=exercise), Side.LEFT)
    lines.append(f"Dose (floor to ceiling, shown for a left foot drop): {dose}")
    lines.append("Where each number came from:")
    for name in exercise.default_numbers():
        owner, field = name.split(".")
        value = getattr(getattr(exercise, owner), field)
        provenance = exercise.source_of(name)
        said = str(provenance) if provenance is not None else "no source recorded"
        lines.append(f"  {field.replace('_', ' ')} {value}: {said}")
    return "\n".join(lines) + "\n"


# -- check ---------------------------------------------------------------------------------


def _cmd_check(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from footdrop import Plan

    plan: Plan = _read_document(args.plan_file, Plan)
    routine, source = _load_routine(args, err)
    availability = _availability(args, plan.tz)
    check_plan = _need("footdrop", "check_plan", "checking plans (footdrop.check_plan)")
    violations = tuple(check_plan(plan, routine, availability))
    if not violations:
        out.write(f"{args.plan_file}: no violations against {source}\n")
        return EXIT_OK
    out.write(f"{args.plan_file}: {len(violations)} violation(s) against {source}:\n")
    out.writelines(f"  - {violation}\n" for violation in violations)
    return EXIT_FAILURE


# -- log and history -----------------------------------------------------------------------


def _cmd_log(args: argparse.Namespace, out: IO[str], _err: IO[str]) -> int:
    from footdrop import BorgCR10, ExerciseLog, SupportLevel, catalogue

    path = _journal_path(args)
    exercises: dict[str, Exercise] = dict(catalogue())
    if path.exists():
        # Custom exercises of a saved routine may be logged too.
        with _open_journal(args, read_only=True) as journal:
            saved = journal.routine()
        if saved is not None:
            exercises.update((p.exercise.id, p.exercise) for p in saved.items)
    exercise = _known_exercise(args.exercise_id, _Lookup(exercises))
    side = _side(args.side)
    if exercise.is_sided and side is None:
        msg = f"{exercise.id} is done one leg at a time: say which with --side left|right"
        raise UsageError(msg)
    if not exercise.is_sided and side is not None:
        msg = (
            f"{exercise.id} is {exercise.laterality.value.replace('-', ' ')}, not one leg "
            "at a time: leave out --side"
        )
        raise UsageError(msg)
    if args.reps is None and args.hold is None:
        msg = "say what was done with --reps N and/or --hold S"
        raise UsageError(msg)
    on = args.on or _today(system_zone()[0])
    log = ExerciseLog(
        on=on,
        exercise_id=exercise.id,
        side=side,
        sets=args.sets,
        session=args.session,
        reps=args.reps,
        hold_seconds=args.hold,
        support=None if args.support is None else SupportLevel(args.support),
        pain=args.pain,
        pain_next_morning=args.pain_next_morning,
        effort=None if args.effort is None else BorgCR10(value=args.effort),
        fell=args.fell,
        notes=args.notes,
    )
    with _open_journal(args) as journal:
        journal.add_log(log)
    where = f" ({log.side.value})" if log.side is not None else ""
    out.write(f"logged {log.exercise_id}{where} on {log.on}, session {log.session} in {path}\n")
    if log.fell or (log.pain is not None and log.pain > 5):
        out.write(
            "note: pain above 5/10 or a fall holds progression back; tell your clinician, "
            "and seek urgent care for new weakness, numbness or loss of bladder control\n"
        )
    return EXIT_OK


@final
class _Lookup(dict[str, "Exercise"]):
    """Exercises by id; an unknown id raises UnknownExerciseError with suggestions."""

    def __missing__(self, key: str) -> Exercise:
        from footdrop._routine import nearest_ids

        raise UnknownExerciseError(key, nearest_ids(key, self))


def _cmd_history(args: argparse.Namespace, out: IO[str], _err: IO[str]) -> int:
    from footdrop.serialisation import dumps

    path = _journal_path(args)
    if path.exists():
        with _open_journal(args, read_only=True) as journal:
            logs = journal.logs(since=args.since, until=args.until, exercise_id=args.exercise)
    else:
        logs = ()
    if args.format == "json":
        out.write(dumps(list(logs)) + "\n")
        return EXIT_OK
    if not logs:
        out.write(f"no logs in {path} yet: record one with 'footdrop log'\n")
        return EXIT_OK
    out.write(f"{'date':<10}  {'exercise':<24} {'side':<5} {'#':>2}  dose\n")
    for log in logs:
        side = log.side.value if log.side is not None else "-"
        dose = f"{log.sets} x {log.reps}" if log.reps is not None else f"{log.sets} sets"
        extras = []
        if log.hold_seconds is not None:
            extras.append(f"hold {log.hold_seconds} s")
        if log.support is not None:
            extras.append(log.support.value)
        if log.pain is not None:
            extras.append(f"pain {log.pain}/10")
        if log.pain_next_morning is not None:
            extras.append(f"next morning {log.pain_next_morning}/10")
        if log.effort is not None:
            extras.append(f"effort {log.effort.value:g}")
        if log.fell:
            extras.append("FELL")
        tail = (", " + ", ".join(extras)) if extras else ""
        out.write(
            f"{log.on.isoformat():<10}  {log.exercise_id:<24} {side:<5} {log.session:>2}  "
            f"{dose}{tail}\n"
        )
    out.write(f"\n{len(logs)} log(s) in {path}\n")
    return EXIT_OK


# -- progress ------------------------------------------------------------------------------


def _cmd_progress(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from footdrop.export.text import describe_level
    from footdrop.serialisation import unstructure

    on = args.on or _today(system_zone()[0])
    progress = _need("footdrop.progression", "progress", "progression (footdrop.progression)")
    with _open_journal(args) as journal:
        if args.routine:
            routine, source = _load_routine(args, err)
        else:
            saved = journal.routine()
            if saved is None:
                routine, source = _load_routine(args, err)
            else:
                routine, source = saved, f"the routine saved in the journal {journal.path}"
                if args.affected is not None and saved.affected.value != args.affected:
                    msg = (
                        f"--affected {args.affected} disagrees with {source}, which "
                        f"is for the {saved.affected.value} side: leave out --affected"
                    )
                    raise CommandError(msg)
        history = journal.logs(until=on)
        result = progress(routine, history, on=on)
        decisions = tuple(result.decisions)
        journal.record_progress(result.routine, decisions, on=on)
        where = journal.path
    if args.format == "json":
        import json

        document = {
            "on": on.isoformat(),
            "decisions": [unstructure(d) for d in decisions],
            "routine": unstructure(result.routine),
        }
        out.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    out.write(f"Progression on {on:%a %d %b %Y} from {len(history)} log(s), using {source}\n")
    if decisions:
        out.write("\nDecisions:\n")
        out.writelines(f"  - {_decision_text(decision)}\n" for decision in decisions)
    else:
        out.write("\nNo changes: nothing qualified yet.\n")
    out.write("\nNext doses:\n")
    for p in result.routine.items:
        held = " (held for a clinician's review)" if p.review else ""
        out.write(f"  - {p.exercise.name}: {describe_level(p, result.routine.affected)}{held}\n")
    out.write(f"\nSaved the new routine in {where}\n")
    return EXIT_OK


def _decision_text(decision: Any) -> str:
    """One decision as a line: what changed (or did not), the outcome and rule, and why."""
    outcome = decision.outcome.value
    if decision.lever == "review":
        return f"{decision.exercise_id}: flagged for review [{outcome}]: {decision.reason}"
    change = (
        f"{decision.before} -> {decision.after}"
        if decision.before != decision.after
        else f"stays {decision.before}"
    )
    return (
        f"{decision.exercise_id} {decision.lever.replace('_', ' ')} {change} "
        f"[{outcome}, {decision.rule}]: {decision.reason}"
    )


# -- main ----------------------------------------------------------------------------------


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("footdrop")
    except PackageNotFoundError:  # pragma: no cover - footdrop run from a source tree
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``footdrop`` command line and return its exit status.

    Args:
        argv: The arguments after the program name (``sys.argv[1:]`` if not given).

    Returns:
        0 on success, 1 when the command failed, 2 for a usage error.

    Example:
        >>> from footdrop.cli import main
        >>> main(["catalogue", "--format", "nope"])
        2

    .. versionadded:: 0.1.0
    """
    out, err = sys.stdout, sys.stderr
    parser = build_parser()
    try:
        args, extra = parser.parse_known_args(argv)
        if extra:
            # Name the command whose options were wrong, not the top level.
            command = parser.commands.get(args.command or "", parser)
            command.error(f"unrecognized arguments: {' '.join(extra)}")
        if args.version:
            out.write(f"{PROG} {_version()}\n")
            return EXIT_OK
        if args.command is None:
            err.write(f"{PROG}: error: name a command (see '{PROG} --help')\n")
            return EXIT_USAGE
        status: int = args.handler(args, out, err)
    except SystemExit as exc:  # --help and --version exit through argparse
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except UsageError as exc:
        err.write(f"{PROG}: error: {exc}\n")
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (footdrop plan | head): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILURE
    except (CommandError, FootdropError, OSError) as exc:
        err.write(f"{PROG}: error: {_one_line(exc)}\n")
        return EXIT_FAILURE
    except KeyboardInterrupt:
        err.write(f"{PROG}: interrupted\n")
        return 130
    return status
