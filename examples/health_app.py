"""For app developers: a week's plan as JSON and FHIR, read back exactly.

Run it with ``python examples/health_app.py``. A health app would send the JSON to
its back end and the FHIR bundle to an electronic health record.
"""

from __future__ import annotations

import datetime as dt
import json

import footdrop
from footdrop.export.fhir import from_fhir, to_fhir
from footdrop.serialisation import dumps, loads


def main() -> None:
    routine = footdrop.Routine.from_catalogue(affected=footdrop.Side.RIGHT)
    day = footdrop.Availability.daily(
        start=dt.time(8, 0), end=dt.time(20, 0), tz="America/New_York"
    )
    plan = footdrop.schedule(routine, start=dt.date(2026, 3, 2), days=14, availability=day)

    # JSON: every document carries its schema version and reads back equal.
    text = dumps(plan)
    assert loads(text, footdrop.Plan) == plan
    sessions = sum(len(d.sessions) for d in plan.days)
    print(f"JSON plan: {len(text):,} characters, {len(plan.days)} days, {sessions} sessions")

    # The independent checker is the app's safety net for edited plans too.
    print(f"violations: {len(footdrop.check_plan(plan, routine, day))}")

    # FHIR R4 and R5: the routine as a CarePlan with ActivityDefinitions.
    for version in ("R4", "R5"):
        bundle = to_fhir(routine, version=version)
        kinds = sorted({entry["resource"]["resourceType"] for entry in bundle["entry"]})
        print(f"FHIR {version}: {len(bundle['entry'])} resources ({', '.join(kinds)})")
    assert from_fhir(to_fhir(routine)) == routine
    print("FHIR round trip: the routine reads back unchanged")

    # Bad input gets a clear error naming the field, never a silent guess.
    broken = json.loads(dumps(routine))
    broken["items"][0]["current"]["reps"] = 1000
    try:
        loads(json.dumps(broken), footdrop.Routine)
    except footdrop.exceptions.DocumentError as exc:
        print("rejected:", exc.problems[0])


if __name__ == "__main__":
    main()
