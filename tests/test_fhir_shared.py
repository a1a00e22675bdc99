"""Tests for the shared work of footdrop.export.fhir: one definition per distinct planned item."""

import contextlib
import copy
import datetime as dt
import html
import json
import re
import sys
import uuid

import attrs
import pytest
from fhir.resources.bundle import Bundle as BundleR5
from fhir.resources.R4B.bundle import Bundle as BundleR4
from hypothesis import given, settings
from hypothesis import strategies as st

import footdrop
from footdrop.exceptions import DocumentError, FootdropError
from footdrop.export import _fhir_codec, _fhir_json, _fhir_plan
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
        real = _fhir_plan.dumps

        def spy(obj, **kwargs):
            written.append(type(obj).__name__)
            return real(obj, **kwargs)

        monkeypatch.setattr(_fhir_plan, "dumps", spy)
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


# -- the slimmer bundle, and its JSON text ----------------------------------------------------

#: Characters FHIR text cannot carry, replaced in drawn texts so the export succeeds.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: What an R4 plan activity holds: when, which definition, and that care goes on.
DETAIL_KEYS = {"extension", "instantiatesCanonical", "status", "scheduledPeriod"}


def safe_fallbacks(plan):
    """*plan* with its fallbacks' texts made safe for FHIR (the screening keeps its own)."""
    days = [
        attrs.evolve(
            d,
            fallbacks=[
                attrs.evolve(
                    f, lever=FORBIDDEN.sub("?", f.lever), reason=FORBIDDEN.sub("?", f.reason)
                )
                for f in d.fallbacks
            ],
        )
        for d in plan.days
    ]
    return attrs.evolve(plan, days=days)


PLANS = fst.plans(max_days=3).map(safe_fallbacks)


@contextlib.contextmanager
def without_orjson():
    """Run the block as if orjson were not installed."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(sys.modules, "orjson", None)
        yield


def outcome(run):
    """What *run* returns, or the type and text of what it raises."""
    try:
        return run()
    except FootdropError as error:
        return (type(error), str(error))


def three_texts(obj, **options):
    """json.dumps() of to_fhir() in compact form, and to_fhir_json() with and without orjson."""
    reference = outcome(
        lambda: json.dumps(to_fhir(obj, **options), ensure_ascii=False, separators=(",", ":"))
    )
    fast = outcome(lambda: to_fhir_json(obj, **options))
    with without_orjson():
        standard = outcome(lambda: to_fhir_json(obj, **options))
    return reference, fast, standard


class TestSlimActivities:
    def test_r4_activities_hold_only_their_own_parts(self):
        """An R4 activity holds its day, session, period, status and definition, and no dose."""
        care_plan = resources(to_fhir(PLAN, routine=ROUTINE), "CarePlan")[0]
        details = [a["detail"] for a in care_plan["activity"]]
        assert [DETAIL_KEYS] * len(items_of(PLAN)) == [set(d) for d in details]

    @pytest.mark.parametrize("version", VERSIONS)
    def test_each_dose_is_written_once(self, version):
        """Only ActivityDefinitions hold a dosage, one per distinct item, in the JSON text."""
        text = to_fhir_json(PLAN, version=version, routine=ROUTINE)
        bundle = json.loads(text)
        with_dosage = [
            e["resource"]["resourceType"] for e in bundle["entry"] if "dosage" in e["resource"]
        ]
        expected = (["ActivityDefinition"] * len(set(items_of(PLAN))), len(set(items_of(PLAN))))
        assert expected == (with_dosage, text.count('"dosage":'))

    def test_r5_requests_name_no_code_and_no_dose(self):
        """An R5 ServiceRequest of a plan names its definition and period, not a code or a dose."""
        bundle = to_fhir(PLAN, version="R5", routine=ROUTINE)
        requests = resources(bundle, "ServiceRequest")
        expected = (len(items_of(PLAN)), set())
        assert expected == (len(requests), {k for r in requests for k in r} & {"code", "dosage"})

    def test_the_narrative_lists_every_session_with_its_items(self):
        """The CarePlan's narrative has one line per session with items, naming each item once."""
        care_plan = resources(to_fhir(PLAN, routine=ROUTINE), "CarePlan")[0]
        div = care_plan["text"]["div"]
        sessions = [s for d in PLAN.days for s in d.sessions if s.items]
        names = {p.exercise.id: p.exercise.name for p in ROUTINE}
        first = sessions[0]
        words = "; ".join(f"{names[i.exercise_id]}, {i.describe()}" for i in first.items)
        assert (len(sessions), True) == (div.count("<li>"), html.escape(words) in div)

    @pytest.mark.parametrize("version", VERSIONS)
    def test_an_activity_code_that_disagrees_is_refused(self, version):
        """A code added to an activity must agree with its definition's, or it is refused."""
        bundle = copy.deepcopy(to_fhir(PLAN, version=version))
        holder = holders(bundle, version)[0]
        code = {"coding": [{"system": "x", "code": "another-exercise"}]}
        holder["code"] = code if version == "R4" else {"concept": code}
        with pytest.raises(DocumentError, match="differs from the exercise"):
            plan_from_fhir(bundle)

    @pytest.mark.parametrize("version", VERSIONS)
    def test_an_activity_code_that_agrees_reads_back(self, version):
        """A bundle whose activities also carry their code (as before) still reads back."""
        bundle = copy.deepcopy(to_fhir(PLAN, version=version))
        for holder, item in zip(holders(bundle, version), items_of(PLAN), strict=True):
            code = {"coding": [{"system": "x", "code": item.exercise_id}]}
            holder["code"] = code if version == "R4" else {"concept": code}
        assert PLAN == plan_from_fhir(bundle)


class TestSameTextEitherWay:
    @pytest.mark.parametrize("version", VERSIONS)
    @settings(max_examples=40)
    @given(plan=PLANS)
    def test_plans_give_the_same_bytes_with_or_without_orjson(self, version, plan):
        """to_fhir_json() of a plan is json.dumps() of to_fhir() in compact form, orjson or not."""
        reference, fast, standard = three_texts(plan, version=version)
        assert (reference, reference) == (fast, standard)

    @pytest.mark.parametrize("version", VERSIONS)
    @settings(max_examples=30)
    @given(routine=fst.routines(), logs=st.lists(fst.exercise_logs(), max_size=3))
    def test_routines_and_logs_give_the_same_bytes(self, version, routine, logs):
        """The same holds for routines (floats in parameters) and pain logs."""
        texts = [three_texts(routine, version=version), three_texts(logs, version=version)]
        assert [(t[0], t[0]) for t in texts] == [(t[1], t[2]) for t in texts]

    def test_a_float_orjson_spells_otherwise_is_written_as_the_standard_library_does(self):
        """A parameter of 1e-05 is written 1e-05 with orjson too (orjson alone writes 0.00001)."""
        prescription = ROUTINE.items[0]
        parameter = footdrop.Parameter(name="band", value=1e-05, unit="kg")
        routine = attrs.evolve(
            ROUTINE, items=[attrs.evolve(prescription, parameters=[parameter]), *ROUTINE.items[1:]]
        )
        reference, fast, standard = three_texts(routine)
        assert (reference, reference, True) == (fast, standard, '"value":1e-05' in fast)

    @pytest.mark.parametrize("version", VERSIONS)
    @settings(max_examples=30)
    @given(plan=PLANS)
    def test_plans_read_back_from_the_text(self, version, plan):
        """plan_from_fhir reads the JSON text of to_fhir_json() back into the same plan."""
        assert plan == plan_from_fhir(json.loads(to_fhir_json(plan, version=version)))

    @pytest.mark.parametrize("version", VERSIONS)
    def test_the_built_in_plan_is_the_same_text_without_orjson(self, version):
        """The 14-day plan of the built-in routine gives the same bytes on both paths."""
        reference, fast, standard = three_texts(PLAN, version=version, routine=ROUTINE)
        assert (reference, reference) == (fast, standard)

    def test_orjson_writes_when_installed(self):
        """With orjson installed the writer is orjson's; without it, the standard library's."""
        fast = _fhir_json.json_engine()
        with without_orjson():
            standard = _fhir_json.json_engine()
        expected = (True, _fhir_json.standard, '{"a":"\ud800"}')
        assert expected == (fast is not standard, standard, fast({"a": "\ud800"}))


class TestIds:
    @given(parts=st.lists(st.text(st.characters(exclude_categories=["Cs"])), max_size=4))
    def test_new_id_is_the_uuid5_of_the_parts(self, parts):
        """new_id() gives uuid.uuid5 of footdrop's namespace and the parts joined by '/'."""
        namespace = uuid.uuid5(uuid.NAMESPACE_URL, _fhir_codec.BASE)
        assert str(uuid.uuid5(namespace, "/".join(parts))) == _fhir_codec.new_id(*parts)

    def test_ids_are_those_of_earlier_exports(self):
        """A plan's resource ids are those the fuller form had (the digest is unchanged)."""
        bundle = to_fhir(PLAN, version="R5", routine=ROUTINE)
        ids = [bundle["id"], *(bundle["entry"][i]["resource"]["id"] for i in (0, 1, -1))]
        expected = [
            "1aec2936-248e-5b58-bad1-9bab02bcc969",  # the Bundle
            "1fd9ca0b-573c-5d88-be81-8f4f24ab41ed",  # the CarePlan
            "2b51d7bc-aed4-5c5b-b23e-cdd3cefea289",  # the first ActivityDefinition
            "a1a6d82d-a527-54cc-82b6-298cc2e72f33",  # the last ServiceRequest
        ]
        assert expected == ids
