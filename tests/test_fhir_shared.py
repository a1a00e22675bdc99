"""Tests for the shared work of footdrop.export.fhir: one definition per distinct planned item."""

import copy
import datetime as dt
import json

import attrs
import pytest
from fhir.resources.bundle import Bundle as BundleR5
from fhir.resources.R4B.bundle import Bundle as BundleR4
from hypothesis import given, settings

import footdrop
from footdrop.export import _fhir_write
from footdrop.export.fhir import plan_from_fhir, to_fhir, to_fhir_json
from footdrop.testing import strategies as fst

VERSIONS = ("R4", "R5")
BUNDLES = {"R4": BundleR4, "R5": BundleR5}
DAY = footdrop.Availability.daily(start=dt.time(7, 30), end=dt.time(21), tz="Europe/London")
ROUTINE = footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT)
PLAN = footdrop.schedule(ROUTINE, start=dt.date(2026, 3, 23), days=14, availability=DAY)


def resources(bundle, kind):
    return [e["resource"] for e in bundle.get("entry", []) if e["resource"]["resourceType"] == kind]


def holders(bundle, version):
    """The activity details (R4) or ServiceRequests (R5) of a plan's bundle, in order."""
    care_plan = resources(bundle, "CarePlan")[0]
    by_url = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    if version == "R4":
        return [a["detail"] for a in care_plan.get("activity", [])]
    return [by_url[a["plannedActivityReference"]["reference"]] for a in care_plan["activity"]]


def without_fallbacks(plan):
    """*plan* without fallbacks, whose random reasons may hold text FHIR cannot carry."""
    return attrs.evolve(plan, days=[attrs.evolve(d, fallbacks=()) for d in plan.days])


def items_of(plan):
    return [i for d in plan.days for s in d.sessions for i in s.items]


class TestSharedDefinitions:
    @pytest.mark.parametrize("version", VERSIONS)
    def test_one_definition_per_distinct_item(self, version):
        """A plan's bundle holds one ActivityDefinition per distinct item, each one named."""
        bundle = to_fhir(PLAN, version=version, routine=ROUTINE)
        definitions = {d["url"]: d for d in resources(bundle, "ActivityDefinition")}
        named = [h["instantiatesCanonical"][0] for h in holders(bundle, version)]
        expected = (len(set(items_of(PLAN))), len(items_of(PLAN)), set(definitions))
        assert expected == (len(definitions), len(named), set(named))

    @pytest.mark.parametrize("version", VERSIONS)
    def test_each_activity_names_the_definition_of_its_item(self, version):
        """The definition an activity names has that item's exercise, side and reps."""
        bundle = to_fhir(PLAN, version=version)
        definitions = {d["url"]: d for d in resources(bundle, "ActivityDefinition")}
        found = []
        for holder in holders(bundle, version):
            definition = definitions[holder["instantiatesCanonical"][0]]
            side = [e["valueCode"] for e in definition.get("extension", [])]
            reps = definition["dosage"][0].get("doseAndRate", [{}])[0].get("doseQuantity", {})
            found.append(
                (definition["code"]["coding"][0]["code"], side or [None], reps.get("value"))
            )
        expected = [
            (i.exercise_id, [None if i.side is None else i.side.value], i.reps)
            for i in items_of(PLAN)
        ]
        assert expected == found

    @pytest.mark.parametrize("version", VERSIONS)
    def test_valid_fhir_that_reads_back(self, version):
        """The shared bundle is valid FHIR (fhir.resources writes it back as is) and reads back."""
        bundle = json.loads(json.dumps(to_fhir(PLAN, version=version, routine=ROUTINE)))
        parsed = json.loads(BUNDLES[version].model_validate(bundle).model_dump_json())
        assert (bundle, PLAN) == (parsed, plan_from_fhir(bundle))

    def test_read_back_items_are_shared(self):
        """plan_from_fhir builds each distinct item once, as schedule() does."""
        items = items_of(plan_from_fhir(to_fhir(PLAN)))
        assert len(set(items)) == len({id(i) for i in items})

    def test_the_digest_does_not_write_the_plan_as_json(self, monkeypatch):
        """The bundle's key is found without serialising the whole plan again."""
        written = []
        real = _fhir_write.dumps

        def spy(obj, **kwargs):
            written.append(type(obj).__name__)
            return real(obj, **kwargs)

        monkeypatch.setattr(_fhir_write, "dumps", spy)
        monkeypatch.setattr("footdrop.export.fhir.dumps", spy)
        to_fhir(PLAN)
        assert {"PlanItem"} == set(written)

    @settings(max_examples=30)
    @given(plan=fst.plans(max_days=3).map(without_fallbacks))
    def test_ids_follow_the_content(self, plan):
        """Equal plans give the same bundle id; changing one item's sets changes it."""
        first = to_fhir(plan)["id"]
        same = to_fhir(copy.deepcopy(plan))["id"]
        changed = []
        for d, day in enumerate(plan.days):
            for s, session in enumerate(day.sessions):
                if session.items:
                    item = session.items[0]
                    other = attrs.evolve(item, sets=item.sets % 10 + 1)
                    sessions = list(day.sessions)
                    sessions[s] = attrs.evolve(session, items=(other, *session.items[1:]))
                    days = list(plan.days)
                    days[d] = attrs.evolve(day, sessions=sessions)
                    changed.append(to_fhir(attrs.evolve(plan, days=days))["id"])
        assert (first, [True] * len(changed)) == (same, [c != first for c in changed])


class TestFhirJson:
    @pytest.mark.parametrize("version", VERSIONS)
    def test_compact_text_of_the_bundle(self, version):
        """to_fhir_json() is the bundle of to_fhir() as one line of JSON."""
        text = to_fhir_json(PLAN, version=version, routine=ROUTINE)
        assert (to_fhir(PLAN, version=version, routine=ROUTINE), 1) == (
            json.loads(text),
            len(text.splitlines()),
        )

    def test_indented_text_for_people(self):
        """to_fhir_json(indent=2) is the standard library's indented text."""
        expected = json.dumps(to_fhir(PLAN), indent=2, ensure_ascii=False)
        assert expected == to_fhir_json(PLAN, indent=2)
