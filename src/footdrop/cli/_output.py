"""What the commands write: files and stdout, a progress indicator, plans and exercises as text.

.. versionadded:: 0.1.0
"""

# Imports inside functions keep start-up quick: each format imports what it needs.
# ruff: noqa: PLC0415

from __future__ import annotations

import os
import sys
import time

from footdrop.cli._common import PROG, CommandError, UsageError, _need, final
from footdrop.cli._safe import terminal_safe

# ``typing`` is imported only by type checkers, so the command starts without it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import threading
    from typing import IO, Any


if TYPE_CHECKING:
    import argparse

    from footdrop import Availability, Exercise, Plan, Routine


def _write_output(data: str | bytes, output: str | None, out: IO[str]) -> None:
    """Write to *output* whole (through a temporary file and a rename), or to *out*."""
    if output is None or output == "-":
        if isinstance(data, bytes):
            out.flush()
            if sys.stdout.isatty():  # shown, not saved: make it inert like every other text
                data = terminal_safe(data.decode("utf-8", "replace")).encode("utf-8")
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            # HTML keeps its meaning with character references; the stream escapes the rest.
            out.write(terminal_safe(data, html=True) if data.startswith("<!DOCTYPE") else data)
            if not data.endswith("\n"):
                out.write("\n")
        return
    from pathlib import Path

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
        import threading

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
            import threading

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


#: The options that only one group of formats reads, and those formats.
_FORMAT_OPTIONS: dict[str, tuple[str, ...]] = {
    "alarm": ("ics",),
    "recurring": ("ics",),
    "fhir_version": ("fhir",),
    "patient": ("html", "md", "pdf"),
    "clinician": ("html", "md", "pdf"),
    "clinic": ("html", "md", "pdf"),
    "contact": ("html", "md", "pdf"),
    "review_on": ("html", "md", "pdf"),
    "paper": ("html", "pdf"),
}


def _check_format_options(args: argparse.Namespace) -> None:
    """Refuse an option the chosen format would not use, rather than ignore it."""
    for name, formats in _FORMAT_OPTIONS.items():
        if getattr(args, name, None) in (None, False):
            continue
        if args.format not in formats:
            option = "--" + name.replace("_", "-")
            wanted = " or ".join(f"--format {f}" for f in formats)
            msg = f"{option} only applies to {wanted} (got --format {args.format})"
            raise UsageError(msg)


def _details(args: argparse.Namespace) -> Any:
    fields = ("patient", "clinician", "clinic", "contact", "review_on")
    given = {name: getattr(args, name) for name in fields if getattr(args, name, None)}
    if not given:
        return None
    from footdrop.export.html import HandoutDetails

    return HandoutDetails(**given)


def _earlier_calendar(output: str | None, err: IO[str]) -> bytes | None:
    """The calendar already at *output*, which a new export updates, or ``None``."""
    if output is None or output == "-":
        return None
    from pathlib import Path

    path = Path(output)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        msg = f"cannot read {output}: {exc.strerror or exc}"
        raise CommandError(msg) from None
    if not data.lstrip().startswith(b"BEGIN:VCALENDAR"):
        err.write(f"{PROG}: note: {output} is not a calendar; it is replaced, not updated\n")
        return None
    return data


def _calendar(
    plan: Plan, routine: Routine, args: argparse.Namespace, availability: Availability
) -> bytes:
    import datetime as dt

    from footdrop.exceptions import MissingExtraError

    earlier = _earlier_calendar(args.output, sys.stderr)
    alarms = tuple(args.alarm or ())
    # The command line may read the clock: a new or changed event is stamped now.
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        if args.recurring:
            routine_to_ics = _need("footdrop.export.ical", "routine_to_ics", "--recurring")
            start = plan.days[0].date if plan.days else args.start
            data: bytes = routine_to_ics(
                routine, availability=availability, start=start, key="routine",
                stamp=now, alarm_minutes=alarms, previous=earlier,
            )  # fmt: skip
            return data
        to_ics = _need("footdrop.export.ical", "to_ics", "--format ics")
        data = to_ics(plan, routine=routine, stamp=now, alarm_minutes=alarms, previous=earlier)
    except MissingExtraError as exc:
        feature = "--format ics --recurring" if args.recurring else "--format ics"
        raise MissingExtraError(extra=exc.extra, package=exc.package, feature=feature) from None
    return data


def _fhir(plan: Plan, routine: Routine, version: str) -> str:
    """The plan's Bundle, with the routine's ActivityDefinitions added to it."""
    import json

    to_fhir = _need("footdrop.export.fhir", "to_fhir", "--format fhir")
    bundle = to_fhir(plan, routine=routine, version=version)
    definitions = [
        entry
        for entry in to_fhir(routine, version=version).get("entry", [])
        if entry["resource"]["resourceType"] == "ActivityDefinition"
    ]
    bundle.setdefault("entry", []).extend(definitions)
    return json.dumps(bundle, indent=2, ensure_ascii=False)


def _render_plan(
    plan: Plan,
    routine: Routine,
    args: argparse.Namespace,
    source: str,
    availability: Availability,
) -> str | bytes:
    _check_format_options(args)
    fmt = args.format
    if fmt == "json":
        from footdrop.serialisation import dumps

        return dumps(plan, indent=2)
    if fmt == "ics":
        return _calendar(plan, routine, args, availability)
    if fmt == "fhir":
        return _fhir(plan, routine, (args.fhir_version or "r4").upper())
    if fmt == "csv":
        from footdrop.export.csv import to_csv

        text: str = to_csv(plan, routine=routine)
        return text
    if fmt in {"html", "md"}:
        from footdrop.export.html import handout
        from footdrop.export.markdown import handout_markdown

        details = _details(args)
        if fmt == "md":
            text = handout_markdown(plan, routine=routine, details=details)
        else:
            text = handout(plan, routine=routine, details=details, paper=args.paper or "a4")
        return text
    if fmt == "pdf":
        if args.output in {None, "-"} and sys.stdout.isatty():
            msg = "--format pdf writes a binary file: give -o FILE (or redirect the output)"
            raise UsageError(msg)
        from footdrop.export.pdf import handout_pdf

        pdf: bytes = handout_pdf(
            plan, routine=routine, details=_details(args), paper=args.paper or "a4"
        )
        return pdf
    return _plan_text(plan, routine, source)


def _plan_text(plan: Plan, routine: Routine, source: str) -> str:
    from footdrop.export.text import item_line

    exercises = {p.exercise.id: p.exercise for p in routine.items}
    lines = []
    if plan.days:
        first, last = plan.days[0].date, plan.days[-1].date
        lines.append(
            f"Plan from {first:%a %d %b %Y} to {last:%a %d %b %Y} ({plan.tz}), "
            f"{routine.affected.value} side affected"
        )
    lines.append(f"Using {source}.")
    lines.append(
        "Not screened for red flags: answer the questions before you start (see --help)."
        if plan.screening is None
        else f"Made under the {plan.screening.describe()}."
    )
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
                f"    - {item_line(item, exercises)}" for item in session.ordered_items(routine)
            )
        lines.extend(
            f"  note: {fallback.exercise_id} {fallback.lever} {fallback.planned} instead of "
            f"{fallback.wanted}: {fallback.reason}"
            for fallback in day.fallbacks
        )
    return "\n".join(lines) + "\n"


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
