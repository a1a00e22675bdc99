"""What comes after the scheduler, as ratios to ``schedule`` of the same plan, in one run.

Run from the repository root:

    .venv/bin/python benchmarks/bench_export.py

On a 52-week plan of the built-in routine (07:30-21:30, Europe/London), it times
``schedule`` and then writing the plan as JSON (``dumps``, with and without orjson),
reading it back (``loads``), exporting it to FHIR (the bundle written as JSON text) and to
iCalendar, and prints each time as a ratio to ``schedule`` beside its target. Each timing
is the best of several runs in this process, so the ratios carry over between machines
better than seconds do. It is a measurement, not a test: nothing fails when a ratio is high.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from typing import TYPE_CHECKING, Any

import footdrop
from footdrop import Availability, Routine, Side
from footdrop.export.fhir import to_fhir, to_fhir_json
from footdrop.export.ical import to_ics
from footdrop.serialisation import dumps, loads

if TYPE_CHECKING:
    from collections.abc import Callable

START = dt.date(2026, 1, 5)
DAY = Availability.daily(start=dt.time(7, 30), end=dt.time(21, 30), tz="Europe/London")
ROUTINE = Routine.from_catalogue(affected=Side.LEFT)


def best(run: Callable[[], Any], repeat: int) -> float:
    """The shortest of *repeat* timings of *run*, in seconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return min(times)


def has_orjson() -> bool:
    try:
        import orjson  # noqa: F401
    except ImportError:
        return False
    return True


def without_orjson(run: Callable[[], Any]) -> Any:
    """Run *run* as if orjson were not installed (``import orjson`` fails inside it)."""
    saved = sys.modules.get("orjson")
    sys.modules["orjson"] = None  # type: ignore[assignment]
    try:
        return run()
    finally:
        if saved is None:
            del sys.modules["orjson"]
        else:
            sys.modules["orjson"] = saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=52, help="plan length in weeks (52)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per timing (5)")
    args = parser.parse_args()
    days = 7 * args.weeks

    def schedule() -> footdrop.Plan:
        return footdrop.schedule(ROUTINE, start=START, days=days, availability=DAY)

    plan = schedule()
    text = dumps(plan)
    base = best(schedule, args.repeat)
    rows: list[tuple[str, float, str]] = []
    timings: dict[str, float] = {}

    def measure(name: str, run: Callable[[], Any], target: str) -> None:
        timings[name] = best(run, args.repeat)
        rows.append((name, timings[name] / base, target))

    measure("dumps (default, no orjson) / schedule", lambda: dumps(plan, engine="json"), "<= 1x")
    if has_orjson():
        measure(
            "dumps with orjson / schedule",
            lambda: dumps(plan, engine="orjson"),
            "<= 0.2x",
        )
    measure("dumps(indent=2) / schedule", lambda: dumps(plan, indent=2), "(readable; no target)")
    measure("loads / schedule", lambda: loads(text, footdrop.Plan), "<= 1.5x")
    measure(
        "loads without orjson / schedule",
        lambda: without_orjson(lambda: loads(text, footdrop.Plan)),
        "<= 1.5x",
    )

    def fhir(name: str, run: Callable[[], Any], target: str) -> None:
        # The time as well: the FHIR goals are in milliseconds (12 ms, about 3x the schedule
        # time once the scheduler reuses solved weeks).
        seconds = best(run, args.repeat)
        rows.append((name, seconds / base, f"{target} ({seconds * 1000:.1f} ms)".lstrip()))

    if has_orjson():
        fhir(
            "FHIR to_fhir_json (orjson) / schedule",
            lambda: to_fhir_json(plan, routine=ROUTINE),
            "<= 3x",
        )
    fhir(
        "FHIR to_fhir_json (no orjson) / schedule",
        lambda: without_orjson(lambda: to_fhir_json(plan, routine=ROUTINE)),
        "<= 3x",
    )
    fhir(
        "FHIR to_fhir + json.dumps / schedule",
        lambda: json.dumps(to_fhir(plan, routine=ROUTINE), ensure_ascii=False),
        "",
    )
    fhir("FHIR to_fhir (dicts only) / schedule", lambda: to_fhir(plan, routine=ROUTINE), "")
    measure("iCalendar export / schedule", lambda: to_ics(plan, routine=ROUTINE), "<= 5x")

    items = sum(len(s.items) for d in plan.days for s in d.sessions)
    bundle = to_fhir_json(plan, routine=ROUTINE).encode()
    print(
        f"{args.weeks}-week plan: {len(plan.days)} days, {items} items; "
        f"schedule {base * 1000:.1f} ms; JSON {len(text) / 1e6:.2f} MB; "
        f"FHIR bundle {len(bundle) / 1e6:.2f} MB"
    )
    print(f"{'measure':<40} {'ratio':>7}  target")
    for name, ratio, target in rows:
        print(f"{name:<40} {ratio:>6.2f}x  {target}")
    print_serialisation(text, timings, base, args.repeat)


def print_serialisation(text: str, seconds: dict[str, float], base: float, repeat: int) -> None:
    """Milliseconds of dumps and loads, beside the parsers alone and ``schedule``."""
    parsers = {"json.loads of the text alone": lambda: json.loads(text)}
    if has_orjson():
        import orjson

        parsers["orjson.loads of the text alone"] = lambda: orjson.loads(text)
    for name, run in parsers.items():
        seconds[name] = best(run, repeat)
    print(f"\n{'serialisation':<40} {'ms':>7}  / schedule ({base * 1000:.1f} ms)")
    for name, spent in seconds.items():
        if name.startswith(("dumps", "loads", "json.loads", "orjson.loads")):
            label = name.removesuffix(" / schedule")
            print(f"{label:<40} {spent * 1000:>7.2f}  {spent / base:.2f}x")


if __name__ == "__main__":
    main()
