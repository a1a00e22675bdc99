"""Tests for footdrop.export.fhir: FHIR R4 and R5 bundles, checked with fhir.resources."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import attrs
import pytest
from fhir.resources.bundle import Bundle as BundleR5
from fhir.resources.R4B.bundle import Bundle as BundleR4
from hypothesis import given, settings
from hypothesis import strategies as st

import footdrop
from footdrop import (
    Basis,
    Category,
    Dose,
    Exercise,
    ExerciseLog,
    Laterality,
    Parameter,
    Plan,
    Position,
    Prescription,
    Provenance,
    Range,
    Routine,
    Side,
    Sides,
    Timing,
    Weekday,
)
from footdrop._validators import unsafe_character
from footdrop.exceptions import DocumentError, InvalidTypeError, InvalidValueError
from footdrop.export.fhir import EXT, from_fhir, plan_from_fhir, to_fhir
from footdrop.model._rules import register_rule
from footdrop.progression import DEFAULT_RULES
from footdrop.testing import strategies as fs

VERSIONS = ("R4", "R5")
BUNDLES = {"R4": BundleR4, "R5": BundleR5}
XHTML = "{http://www.w3.org/1999/xhtml}"
ALLOWED_TAGS = {f"{XHTML}{t}" for t in ("div", "p", "b", "ul", "li")}
# What a FHIR string may not hold: C0 controls other than tab/LF/CR, surrogates, U+FFFE/F.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
HOSTILE = (
    "<script>alert('x')</script>",
    'He said "stop" & left',
    "line one\nline two\nthree\nfour\ttabbed",
    "\u202eright-to-left\u200f mark",
    "]]><!-- --><b>bold?</b>&amp;",
    "x" * 100_000,
)


@register_rule("fhir-test-rule")
@attrs.frozen
class _TestRule:
    """A registered rule with a field, so rules travel through FHIR in the tests."""

    step: int = 1

    def propose(self, prescription: Any, history: Any, *, on: dt.date) -> None:
        return None


# -- strategies ------------------------------------------------------------------------------

# Text FHIR can carry, with markup, quotes, line breaks and bidi marks mixed in often.
_SAFE_CHARS = st.characters(
    codec="utf-8",
    exclude_categories=("Cs", "Cc"),  # the models refuse controls but tab and newline
    include_characters="\t\n",
    exclude_characters="\ufffe\uffff",
)
_SAFE_TEXT = st.text(_SAFE_CHARS, min_size=1, max_size=20) | st.sampled_from(HOSTILE[:5])
SAFE_TEXT = _SAFE_TEXT.filter(str.strip)
MAYBE_TEXT = st.none() | SAFE_TEXT
TEXTS = st.lists(SAFE_TEXT, max_size=2).map(tuple)
STEPS = st.lists(SAFE_TEXT, min_size=1, max_size=3)
CATEGORIES = st.sampled_from(tuple(Category))
POSITIONS = st.sampled_from(tuple(Position))
LATERALITIES = st.sampled_from(tuple(Laterality))
BASES = st.sampled_from(tuple(Basis))
DOSES = fs.doses()
TIMINGS = fs.timings()
MAYBE_DATE = st.none() | fs.dates()
PARAMETERS = st.lists(
    st.builds(
        Parameter,
        name=SAFE_TEXT,
        value=st.floats(-1e9, 1e9, allow_nan=False) | st.integers(-1000, 1000),
        unit=SAFE_TEXT,
    ),
    max_size=2,
)
RULES = st.lists(
    st.builds(_TestRule, step=st.integers(-5, 5)) | st.sampled_from(DEFAULT_RULES), max_size=3
)


@st.composite
def provenance_for(draw: st.DrawFn, exercise: Exercise) -> tuple[Provenance, ...]:
    """Provenance for some of the numbers *exercise* uses."""
    found = []
    for field in exercise.default_numbers()[: draw(st.integers(0, 3))]:
        basis = draw(BASES)
        found.append(
            Provenance(
                field=field,
                basis=basis,
                quote=draw(SAFE_TEXT) if basis is Basis.ARTICLE else draw(MAYBE_TEXT),
                reason=None if basis is Basis.ARTICLE else draw(SAFE_TEXT),
                source=draw(SAFE_TEXT) if basis is Basis.GUIDANCE else None,
            )
        )
    return tuple(found)


@st.composite
def exercises(draw: st.DrawFn, exercise_id: str) -> Exercise:
    """Exercises with FHIR-safe (but often hostile) text."""
    bare = Exercise(
        id=exercise_id,
        name=draw(SAFE_TEXT),
        category=draw(CATEGORIES),
        position=draw(POSITIONS),
        laterality=draw(LATERALITIES),
        steps=draw(STEPS),
        dose=draw(DOSES),
        timing=draw(TIMINGS),
        equipment=draw(TEXTS),
        tips=draw(TEXTS),
        cautions=draw(TEXTS),
        target_muscles=draw(TEXTS),
        is_loaded=draw(st.booleans()),
    )
    return attrs.evolve(bare, provenance=draw(provenance_for(bare)))


@st.composite
def prescriptions(draw: st.DrawFn, exercise: Exercise) -> Prescription:
    """Prescriptions at the exercise's defaults or at drawn ranges, with drawn extras."""
    dose = exercise.dose if draw(st.booleans()) else draw(DOSES)
    timing = exercise.timing if draw(st.booleans()) else draw(TIMINGS)
    if exercise.laterality is Laterality.EACH_SIDE:
        sides = draw(st.sampled_from((Sides.AFFECTED, Sides.BOTH)))
    else:
        sides = Sides.TOGETHER
    return Prescription(
        exercise=exercise,
        dose=dose,
        timing=timing,
        sides=sides,
        current=draw(fs.levels_within(dose, timing)),
        is_locked=draw(st.booleans()),
        changed_on=draw(MAYBE_DATE),
        review=draw(MAYBE_TEXT),
        parameters=draw(PARAMETERS),
    )


@st.composite
def routines(draw: st.DrawFn) -> Routine:
    """Routines of 1-3 prescriptions, sometimes with registered rules."""
    ids = draw(st.lists(fs.exercise_ids(), min_size=1, max_size=3, unique=True))
    items = [draw(prescriptions(draw(exercises(i)))) for i in ids]
    rules = draw(RULES)
    return Routine(
        affected=draw(st.sampled_from(tuple(Side))),
        items=items,
        rules=rules,
        baseline_pain=draw(st.integers(0, 10)),
    )


def _safe_logs(logs: list[ExerciseLog]) -> list[ExerciseLog]:
    return [
        attrs.evolve(log, notes=FORBIDDEN.sub("?", log.notes)) if log.notes else log for log in logs
    ]


LOGS = st.lists(fs.exercise_logs(), max_size=4).map(_safe_logs)


def _safe_plan(plan: Plan) -> Plan:
    days = []
    for day in plan.days:
        fallbacks = tuple(
            attrs.evolve(f, reason=FORBIDDEN.sub("?", f.reason), lever=FORBIDDEN.sub("?", f.lever))
            for f in day.fallbacks
        )
        days.append(attrs.evolve(day, fallbacks=fallbacks))
    return attrs.evolve(plan, days=days)


PLANS = fs.plans().map(_safe_plan)


# -- helpers ---------------------------------------------------------------------------------


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle.get("entry", []) if e["resource"]["resourceType"] == kind]


def _by_url(bundle: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["fullUrl"]: e["resource"] for e in bundle.get("entry", [])}


def _parsed_again(bundle: dict[str, Any], version: str) -> Any:
    """The bundle as fhir.resources reads it and writes it back."""
    model = BUNDLES[version].model_validate(bundle)
    return json.loads(model.model_dump_json())


def _walk(node: Any) -> Any:
    """Every dict, list and scalar inside *node*, depth first."""
    yield node
    if isinstance(node, dict):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _as_xml_reads(text: str) -> str:
    """*text* with line ends normalised, as every XML parser reports them."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _divs(bundle: dict[str, Any]) -> list[ET.Element]:
    # Our own output, parsed in memory: no external entities to fear (S314).
    return [
        ET.fromstring(r["text"]["div"])  # noqa: S314
        for r in (e["resource"] for e in bundle["entry"])
    ]


def _extension(node: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return [e for e in node.get("extension", []) if e["url"] == EXT + name]


def _exercise(**changes: Any) -> Exercise:
    values: dict[str, Any] = {
        "id": "ankle-eversion",
        "name": "Ankle eversion",
        "category": Category.ANKLE_STRENGTH,
        "position": Position.SEATED,
        "laterality": Laterality.BOTH_TOGETHER,
        "steps": ("Turn both soles outward.",),
        "dose": Dose(sets=Range(min=1, max=1), reps=Range(min=10, max=15)),
        "timing": Timing(sessions_per_day=Range(min=2, max=3)),
    }
    values.update(changes)
    return Exercise(**values)


def _routine(**changes: Any) -> Routine:
    return Routine(affected=Side.LEFT, items=[Prescription(exercise=_exercise(**changes))])


# -- routines --------------------------------------------------------------------------------


class TestRoutineExport:
    # fhir.resources takes about 0.1-0.3 s per bundle, so this property runs fewer examples.
    @settings(max_examples=15)
    @given(routine=routines())
    def test_fhir_resources_reads_every_field_we_write(self, routine):
        """fhir.resources validates every routine export, R4 and R5, and writes back our JSON."""
        bundles = [json.loads(json.dumps(to_fhir(routine, version=v))) for v in VERSIONS]
        assert bundles == [_parsed_again(b, v) for b, v in zip(bundles, VERSIONS, strict=True)]

    @settings(max_examples=25)
    @given(routine=routines())
    def test_from_fhir_gives_the_same_routine(self, routine):
        """Reading a routine's R4 or R5 export back (after a JSON trip) gives the same routine."""
        bundles = [json.loads(json.dumps(to_fhir(routine, version=v))) for v in VERSIONS]
        assert [routine, routine] == [from_fhir(b) for b in bundles]

    @given(routine=routines())
    @settings(max_examples=10)
    def test_the_same_routine_gives_the_same_bundle(self, routine):
        """Resource ids come from the content: two exports of one routine are equal."""
        first = to_fhir(routine)
        urls = [e["fullUrl"] for e in first["entry"]]
        assert (first, len(urls)) == (to_fhir(routine), len(set(urls)))

    @settings(max_examples=15)
    @given(routine=routines())
    def test_every_extension_lives_under_our_one_base(self, routine):
        """Every top-level extension URL starts with footdrop's StructureDefinition base."""
        urls = {
            e["url"]
            for version in VERSIONS
            for node in _walk(to_fhir(routine, version=version))
            if isinstance(node, dict)
            for e in node.get("extension", [])
            if "/" in e["url"]
        }
        assert urls == {u for u in urls if u.startswith(EXT)}

    def test_two_to_three_times_a_day_is_frequency_2_max_3_per_day(self):
        """The article's "2-3 times a day" is frequency 2, frequencyMax 3, period 1 d."""
        bundle = to_fhir(_routine())
        definition = _resources(bundle, "ActivityDefinition")[0]
        expected = {"frequency": 2, "frequencyMax": 3, "period": 1, "periodUnit": "d"}
        assert expected == definition["timingTiming"]["repeat"]

    @settings(max_examples=50)
    @given(timing=fs.timings())
    def test_timing_maps_sessions_and_weekdays(self, timing):
        """Sessions a day become frequency(/Max); weekdays become dayOfWeek unless all seven."""
        repeat = to_fhir(_routine(timing=timing))["entry"][0]["resource"]["activity"][0]["detail"][
            "scheduledTiming"
        ]["repeat"]
        days = [d.value[:3] for d in timing.weekdays] if len(timing.weekdays) < 7 else None
        high = timing.sessions_per_day.max if not timing.sessions_per_day.is_single else None
        expected = (timing.sessions_per_day.min, high, 1, "d", days)
        actual = (
            repeat["frequency"],
            repeat.get("frequencyMax"),
            repeat["period"],
            repeat["periodUnit"],
            repeat.get("dayOfWeek"),
        )
        assert expected == actual

    @pytest.mark.parametrize("version", VERSIONS)
    @settings(max_examples=50)
    @given(dose=fs.doses(measures=("reps",)), timing=fs.timings())
    def test_reps_go_to_dose_range_and_the_daily_ceiling(self, version, dose, timing):
        """Reps per set are a UCUM doseRange; maxDosePerPeriod caps reps a day per side."""
        routine = _routine(dose=dose, timing=timing)
        dosage = _resources(to_fhir(routine, version=version), "ActivityDefinition")[0]["dosage"][0]
        ceiling = dosage["maxDosePerPeriod"]
        ratio = ceiling if version == "R4" else ceiling[0]
        low, high = (
            dosage["doseAndRate"][0]["doseRange"]["low"],
            dosage["doseAndRate"][0]["doseRange"]["high"],
        )
        unit = ("{repetitions}", "http://unitsofmeasure.org", "{repetitions}")
        expected = (
            dose.reps.min,
            dose.reps.max,
            unit,
            dose.reps.max * dose.sets.max * timing.sessions_per_day.max,
            (1, "d"),
        )
        actual = (
            low["value"],
            high["value"],
            (high["unit"], high["system"], high["code"]),
            ratio["numerator"]["value"],
            (ratio["denominator"]["value"], ratio["denominator"]["code"]),
        )
        assert expected == actual

    def test_r4_activity_detail_carries_the_prescription(self):
        """An R4 CarePlan activity.detail has kind, code, status, scheduledTiming, description."""
        bundle = to_fhir(_routine(), version="R4")
        detail = _resources(bundle, "CarePlan")[0]["activity"][0]["detail"]
        definition = _by_url(bundle)[detail["instantiatesCanonical"][0]]
        expected = ("ServiceRequest", "ankle-eversion", "scheduled", 2, "ActivityDefinition")
        actual = (
            detail["kind"],
            detail["code"]["coding"][0]["code"],
            detail["status"],
            detail["scheduledTiming"]["repeat"]["frequency"],
            definition["resourceType"],
        )
        assert expected == actual

    @settings(max_examples=15)
    @given(routine=routines())
    def test_r5_activities_point_to_service_requests(self, routine):
        """In R5 each activity references a ServiceRequest, which instantiates a definition."""
        bundle = to_fhir(routine, version="R5")
        found = _by_url(bundle)
        activities = _resources(bundle, "CarePlan")[0]["activity"]
        requests = [found[a["plannedActivityReference"]["reference"]] for a in activities]
        definitions = [found[r["instantiatesCanonical"][0]] for r in requests]
        expected = (
            routine.ids,
            ["ServiceRequest"] * len(routine),
            [None] * len(routine),
        )
        actual = (
            tuple(d["identifier"][0]["value"] for d in definitions),
            [r["resourceType"] for r in requests],
            [a.get("detail") for a in activities],
        )
        assert expected == actual

    def test_default_dose_travels_only_when_the_prescription_differs(self):
        """The exercise's own dose is an extension only when it differs from the prescribed one."""
        exercise = _exercise()
        changed = Prescription(
            exercise=exercise, dose=Dose(sets=Range(min=2, max=2), reps=Range(min=8, max=8))
        )
        same = to_fhir(_routine())
        other = to_fhir(Routine(affected=Side.RIGHT, items=[changed]))
        counts = [
            len(_extension(_resources(b, "ActivityDefinition")[0], "default-dose"))
            for b in (same, other)
        ]
        assert [0, 1] == counts

    def test_days_per_week_travels_when_fewer_than_the_weekdays(self):
        """Three of Mon-Fri keeps dayOfWeek for the allowed days and days-per-week 3 beside it."""
        weekdays = (
            Weekday.MONDAY,
            Weekday.TUESDAY,
            Weekday.WEDNESDAY,
            Weekday.THURSDAY,
            Weekday.FRIDAY,
        )
        timing = Timing(sessions_per_day=Range(min=1, max=1), days_per_week=3, weekdays=weekdays)
        fhir_timing = _resources(to_fhir(_routine(timing=timing)), "ActivityDefinition")[0][
            "timingTiming"
        ]
        expected = (["mon", "tue", "wed", "thu", "fri"], [3])
        actual = (
            fhir_timing["repeat"]["dayOfWeek"],
            [e["valueInteger"] for e in _extension(fhir_timing, "days-per-week")],
        )
        assert expected == actual


# -- hostile text ----------------------------------------------------------------------------


class TestHostileText:
    @pytest.mark.parametrize("version", VERSIONS)
    @pytest.mark.parametrize("hostile", HOSTILE)
    def test_hostile_text_stays_text(self, version, hostile):
        """Markup, quotes, line breaks, bidi marks and 100 KB names survive, escaped."""
        routine = _routine(name=hostile, steps=(hostile, "Second step."), cautions=(hostile,))
        bundle = to_fhir(routine, version=version)
        texts = ["".join(div.itertext()) for div in _divs(bundle)]
        tags = {el.tag for div in _divs(bundle) for el in div.iter()}
        expected = (routine, True, set())
        actual = (
            from_fhir(_parsed_again(bundle, version)),
            any(_as_xml_reads(hostile) in t for t in texts),
            tags - ALLOWED_TAGS,
        )
        assert expected == actual

    @settings(max_examples=20)
    @given(routine=routines())
    def test_every_narrative_is_escaped_xhtml(self, routine):
        """Each text.div parses as XHTML, holds only div/p/b/ul/li and shows every name."""
        for version in VERSIONS:
            bundle = to_fhir(routine, version=version)
            divs = _divs(bundle)
            shown = "".join("".join(d.itertext()) for d in divs)
            expected = (set(), True, {"generated"})
            actual = (
                {el.tag for d in divs for el in d.iter()} - ALLOWED_TAGS,
                all(_as_xml_reads(p.exercise.name) in shown for p in routine),
                {e["resource"]["text"]["status"] for e in bundle["entry"]},
            )
            assert expected == actual

    @pytest.mark.parametrize("char", ["\x00", "\x01", "\x07", "\x1b", "\x0b", "\ufffe", "\ud800"])
    def test_control_characters_are_rejected_naming_the_field(self, char):
        """Text FHIR cannot carry raises InvalidValueError naming the field and the character."""
        if unsafe_character(char) is not None:  # the model refuses it before any export
            with pytest.raises(InvalidValueError) as caught:
                _routine(steps=(f"Lift{char}slowly",))
            field = "steps[0]"
        else:
            routine = _routine(steps=(f"Lift{char}slowly",))
            with pytest.raises(InvalidValueError) as caught:
                to_fhir(routine)
            field = "items[ankle-eversion].exercise.steps[0]"
        expected = (field, True, True)
        actual = (
            caught.value.field,
            f"U+{ord(char):04X} at position 4" in str(caught.value),
            "remove it" in str(caught.value),
        )
        assert expected == actual

    @settings(max_examples=50)
    @given(note=st.text(st.characters(codec="utf-8"), min_size=1, max_size=10).filter(str.strip))
    def test_log_notes_either_export_cleanly_or_are_refused(self, note):
        """A note with a forbidden character is refused; any other note is exported as is."""
        if unsafe_character(note) is not None:  # the model refuses it before any export
            with pytest.raises(InvalidValueError):
                ExerciseLog(
                    on=dt.date(2026, 11, 24),
                    exercise_id="towel-scrunches",
                    side=None,
                    sets=1,
                    reps=10,
                    notes=note,
                )
            return
        log = ExerciseLog(
            on=dt.date(2026, 11, 24),
            exercise_id="towel-scrunches",
            side=None,
            sets=1,
            reps=10,
            pain=2,
            notes=note,
        )
        if FORBIDDEN.search(note):
            with pytest.raises(InvalidValueError):
                to_fhir([log])
            return
        notes = [n["text"] for n in _resources(to_fhir([log]), "Observation")[0]["note"]]
        assert note == notes[-1]

    @settings(max_examples=20)
    @given(routine=routines())
    def test_no_exported_string_holds_a_forbidden_character(self, routine):
        """Every string anywhere in an R4 or R5 export is one FHIR can carry."""
        strings = [
            s for v in VERSIONS for s in _walk(to_fhir(routine, version=v)) if isinstance(s, str)
        ]
        assert [] == [s[:40] for s in strings if FORBIDDEN.search(s)]


# -- plans -----------------------------------------------------------------------------------


def _sessions(plan: Plan) -> list[tuple[dt.datetime, dt.datetime, str]]:
    # Compared as UTC instants: Python never finds a time in a repeated hour equal to
    # the same instant written with another tzinfo (here, FHIR's fixed offset).
    return [
        (s.start.astimezone(dt.UTC), s.end.astimezone(dt.UTC), item.exercise_id)
        for day in plan.days
        for s in day.sessions
        for item in s.items
    ]


class TestPlanExport:
    @settings(max_examples=20)
    @given(plan=PLANS)
    def test_fhir_resources_reads_every_plan_export(self, plan):
        """fhir.resources validates every plan export, R4 and R5, and writes back our JSON."""
        bundles = [json.loads(json.dumps(to_fhir(plan, version=v))) for v in VERSIONS]
        assert bundles == [_parsed_again(b, v) for b, v in zip(bundles, VERSIONS, strict=True)]

    @pytest.mark.parametrize("version", VERSIONS)
    @settings(max_examples=20)
    @given(plan=PLANS)
    def test_every_planned_item_is_a_dated_activity(self, version, plan):
        """Each planned item becomes one activity dated by its session, following its definition."""
        bundle = to_fhir(plan, version=version)
        care_plan = _resources(bundle, "CarePlan")[0]
        found = _by_url(bundle)
        dated = []
        for activity in care_plan.get("activity", []):
            if version == "R4":
                holder, period = activity["detail"], activity["detail"]["scheduledPeriod"]
            else:
                holder = found[activity["plannedActivityReference"]["reference"]]
                period = holder["occurrencePeriod"]
            code = found[holder["instantiatesCanonical"][0]]["code"]["coding"][0]
            dated.append(
                (
                    dt.datetime.fromisoformat(period["start"]).astimezone(dt.UTC),
                    dt.datetime.fromisoformat(period["end"]).astimezone(dt.UTC),
                    code["code"],
                )
            )
        assert _sessions(plan) == dated

    @settings(max_examples=20)
    @given(plan=PLANS)
    def test_days_fallbacks_and_zone_travel_in_extensions(self, plan):
        """The plan's dates, zone, sessions and fallbacks are kept on the CarePlan."""
        care_plan = _resources(to_fhir(plan), "CarePlan")[0]
        expected = (
            [d.date.isoformat() for d in plan.days],
            [plan.tz],
            len(plan.fallbacks),
            sum(len(d.sessions) for d in plan.days),
        )
        actual = (
            [e["valueDate"] for e in _extension(care_plan, "plan-day")],
            [e["valueCode"] for e in _extension(care_plan, "time-zone")],
            len(_extension(care_plan, "fallback")),
            len(_extension(care_plan, "plan-session")),
        )
        assert expected == actual

    @settings(max_examples=30)
    @given(plan=PLANS)
    def test_plan_from_fhir_gives_the_same_plan(self, plan):
        """Reading a plan's R4 or R5 export back (after a JSON trip) gives the same plan."""
        bundles = [json.loads(json.dumps(to_fhir(plan, version=v))) for v in VERSIONS]
        read = [plan_from_fhir(b) for b in bundles]
        expected = [(plan, _sessions(plan))] * 2
        assert expected == [(p, _sessions(p)) for p in read]

    def test_routine_names_label_a_plans_activities(self, catalogue_routine, scheduled_plan):
        """Given the routine, the definition of each activity bears its exercise's name."""
        routine, plan = catalogue_routine, scheduled_plan
        bundle = to_fhir(plan, routine=routine)
        found = _by_url(bundle)
        details = [a["detail"] for a in _resources(bundle, "CarePlan")[0]["activity"]]
        definitions = [found[d["instantiatesCanonical"][0]] for d in details]
        names = {p.exercise.id: p.exercise.name for p in routine}
        expected = (
            [(names[c], names[c], names[c]) for _, _, c in _sessions(plan)],
            plan,
        )
        actual = (
            [
                (d["title"], d["code"]["text"], d["code"]["coding"][0]["display"])
                for d in definitions
            ],
            plan_from_fhir(bundle),
        )
        assert expected == actual

    def test_routine_is_only_for_plans(self):
        """Passing a routine to label anything but a plan is refused."""
        with pytest.raises(InvalidTypeError, match="'routine' labels the activities of a plan"):
            to_fhir(_routine(), routine=_routine())

    def test_plan_from_fhir_refuses_a_routine(self):
        """plan_from_fhir reads plans only and says so when given a routine's bundle."""
        with pytest.raises(DocumentError, match="no CarePlan of a footdrop plan"):
            plan_from_fhir(to_fhir(_routine()))

    def test_from_fhir_refuses_a_plan(self):
        """from_fhir reads routines only and says so when given a plan's bundle."""
        plan = Plan(tz="Europe/London", days=[])
        with pytest.raises(DocumentError, match="no CarePlan of a footdrop routine"):
            from_fhir(to_fhir(plan))


# -- pain logs -------------------------------------------------------------------------------


class TestPainObservations:
    @pytest.mark.parametrize("version", VERSIONS)
    @settings(max_examples=25)
    @given(logs=LOGS)
    def test_every_pain_score_is_one_loinc_observation(self, version, logs):
        """Each pain score (during or next morning) is an Observation 72514-3 with its value."""
        bundle = json.loads(json.dumps(to_fhir(logs, version=version)))
        observations = _resources(bundle, "Observation")
        expected = [
            (day.isoformat(), score, "72514-3", "http://loinc.org")
            for log in logs
            for day, score in (
                (log.on, log.pain),
                (log.on + dt.timedelta(days=1), log.pain_next_morning),
            )
            if score is not None
        ]
        actual = [
            (
                o["effectiveDateTime"],
                o["valueInteger"],
                o["code"]["coding"][0]["code"],
                o["code"]["coding"][0]["system"],
            )
            for o in observations
        ]
        assert (expected, bundle) == (actual, _parsed_again(bundle, version))

    def test_the_note_names_the_exercise_and_timepoint(self):
        """An Observation's note says which exercise and when the pain was felt."""
        log = ExerciseLog(
            on=dt.date(2026, 11, 24),
            exercise_id="ankle-inversion",
            side=Side.RIGHT,
            sets=2,
            reps=12,
            pain_next_morning=4,
        )
        observation = _resources(to_fhir([log]), "Observation")[0]
        note = observation["note"][0]["text"]
        expected = (True, True, "2026-11-25", ["next-morning"])
        actual = (
            "ankle-inversion" in note,
            "morning after" in note,
            observation["effectiveDateTime"],
            [e["valueCode"] for e in _extension(observation, "pain-timepoint")],
        )
        assert expected == actual


# -- errors ----------------------------------------------------------------------------------


class TestErrors:
    def test_unknown_version_is_refused(self):
        """Only R4 and R5 are offered; anything else names the choices."""
        with pytest.raises(InvalidValueError, match=r"'R4' or 'R5'"):
            to_fhir(_routine(), version="R3")  # type: ignore[arg-type]

    def test_other_objects_are_refused(self):
        """Exporting something that is not a routine, plan or logs raises InvalidTypeError."""
        with pytest.raises(InvalidTypeError, match=r"footdrop\.Routine"):
            to_fhir({"resourceType": "CarePlan"})  # type: ignore[arg-type]

    def test_subject_reference_is_used(self):
        """A given subject reference replaces the placeholder on the CarePlan."""
        care_plan = _resources(to_fhir(_routine(), subject="Patient/123"), "CarePlan")[0]
        assert {"reference": "Patient/123"} == care_plan["subject"]

    def test_bad_subject_is_refused(self):
        """A subject with spaces is not a FHIR reference."""
        with pytest.raises(InvalidValueError, match="'subject'"):
            to_fhir(_routine(), subject="Patient 123")

    def test_a_bundle_that_breaks_a_model_rule_names_its_path(self):
        """A tampered current level outside the range is a DocumentError with its path."""
        bundle = to_fhir(_routine())
        detail = bundle["entry"][0]["resource"]["activity"][0]["detail"]
        level = _extension(detail, "current-level")[0]
        next(p for p in level["extension"] if p["url"] == "reps")["valueInteger"] = 99
        with pytest.raises(DocumentError) as caught:
            from_fhir(bundle)
        expected = ["$.entry[0].resource.activity[0].detail"]
        assert expected == [p.path for p in caught.value.problems]

    @pytest.mark.parametrize(
        "bundle",
        [
            {},
            {"resourceType": "Patient"},
            {"resourceType": "Bundle", "entry": "nope"},
            {"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "CarePlan"}}]},
        ],
    )
    def test_foreign_documents_raise_document_error(self, bundle):
        """Anything that is not our routine bundle raises DocumentError, never a KeyError."""
        with pytest.raises(DocumentError):
            from_fhir(bundle)


# -- the real programme ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalogue_routine() -> Routine:
    return Routine.from_catalogue(affected=Side.RIGHT)


@pytest.fixture(scope="module")
def scheduled_plan(catalogue_routine) -> Plan:
    day = footdrop.Availability.daily(start=dt.time(7, 30), end=dt.time(21), tz="Europe/London")
    # 2026-03-29 is the spring clock change in London.
    return footdrop.schedule(
        catalogue_routine, start=dt.date(2026, 3, 27), days=5, availability=day
    )


class TestRealProgramme:
    @pytest.mark.parametrize("version", VERSIONS)
    def test_the_catalogue_routine_exports_and_reads_back(self, version, catalogue_routine):
        """The article's whole programme is valid FHIR and reads back unchanged."""
        routine = catalogue_routine
        bundle = json.loads(json.dumps(to_fhir(routine, version=version)))
        expected = (bundle, routine, len(routine))
        actual = (
            _parsed_again(bundle, version),
            from_fhir(bundle),
            len(_resources(bundle, "ActivityDefinition")),
        )
        assert expected == actual

    @pytest.mark.parametrize("version", VERSIONS)
    def test_a_scheduled_plan_across_the_clock_change_keeps_every_instant(
        self, version, scheduled_plan
    ):
        """A real scheduled plan is valid FHIR and dates every item at its session's instants."""
        plan = scheduled_plan
        bundle = json.loads(json.dumps(to_fhir(plan, version=version)))
        found = _by_url(bundle)
        periods = []
        for activity in _resources(bundle, "CarePlan")[0]["activity"]:
            if version == "R4":
                period = activity["detail"]["scheduledPeriod"]
            else:
                period = found[activity["plannedActivityReference"]["reference"]][
                    "occurrencePeriod"
                ]
            periods.append(
                (
                    dt.datetime.fromisoformat(period["start"]),
                    dt.datetime.fromisoformat(period["end"]),
                )
            )
        expected = (bundle, [(s, e) for s, e, _ in _sessions(plan)], plan)
        assert expected == (_parsed_again(bundle, version), periods, plan_from_fhir(bundle))


# -- reading damaged bundles -----------------------------------------------------------------

BROKEN_VALUES = (None, True, 0, -1, 1.5, "", "x", "2026-13-45", [], [1], {}, {"url": 1})


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside *node*, the root excluded."""
    found = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*path, key)))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found.extend(_paths(value, (*path, i)))
    return found


@st.composite
def damaged(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    """A bundle of a small routine or plan with one value replaced or one key removed."""
    if kind == "routine":
        model: Any = _routine(cautions=("Hold on to a counter.",))
    else:
        model = draw(PLANS.filter(lambda p: any(d.sessions for d in p.days)))
    bundle = json.loads(json.dumps(to_fhir(model, version=draw(st.sampled_from(VERSIONS)))))
    path = draw(st.sampled_from(_paths(bundle)))
    parent = bundle
    for step in path[:-1]:
        parent = parent[step]
    if isinstance(parent, dict) and draw(st.booleans()):
        del parent[path[-1]]
    else:
        parent[path[-1]] = draw(st.sampled_from(BROKEN_VALUES))
    return bundle


class TestDamagedBundles:
    @settings(max_examples=150)
    @given(bundle=damaged("routine"))
    def test_from_fhir_reads_or_raises_document_error(self, bundle):
        """A damaged routine bundle gives a valid Routine or a DocumentError, nothing else."""
        try:
            result = from_fhir(bundle)
        except DocumentError as exc:
            result = exc
        assert isinstance(result, Routine | DocumentError)

    @settings(max_examples=100)
    @given(bundle=damaged("plan"))
    def test_plan_from_fhir_reads_or_raises_document_error(self, bundle):
        """A damaged plan bundle gives a valid Plan or a DocumentError, nothing else."""
        try:
            result = plan_from_fhir(bundle)
        except DocumentError as exc:
            result = exc
        assert isinstance(result, Plan | DocumentError)
