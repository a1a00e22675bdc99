"""FHIR edits that stop or change care are read in or refused, never ignored (issue 11, item 7)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import footdrop
from footdrop import Availability, Routine, Side, Weekday, safety
from footdrop.exceptions import DocumentError
from footdrop.export.fhir import from_fhir, plan_from_fhir, to_fhir

VERSIONS = ("R4", "R5")
ROUTINE = Routine.from_catalogue(affected=Side.LEFT, only=["ankle-eversion", "towel-scrunches"])
DAY = Availability.daily(start=dt.time(8), end=dt.time(20), tz="Europe/London")
SCREENING = safety.screen(
    {flag.id: False for flag in safety.RED_FLAGS},
    taken_at=dt.datetime(2026, 11, 23, 7, tzinfo=dt.UTC),
)
PLAN = footdrop.schedule(
    ROUTINE, start=dt.date(2026, 11, 23), days=2, availability=DAY, screening=SCREENING
)
CARE_PLAN = "$.entry[0].resource"


def _holder(bundle, index):
    """The i-th activity's detail (R4) or ServiceRequest (R5), and its JSON path."""
    activity = bundle["entry"][0]["resource"]["activity"][index]
    if "detail" in activity:
        return activity["detail"], f"{CARE_PLAN}.activity[{index}].detail"
    url = activity["plannedActivityReference"]["reference"]
    for i, entry in enumerate(bundle["entry"]):
        if entry["fullUrl"] == url:
            return entry["resource"], f"$.entry[{i}].resource"
    raise AssertionError(url)


def _paths(caught):
    return [p.path for p in caught.value.problems]


def _routine_bundle(version):
    return json.loads(json.dumps(to_fhir(ROUTINE, version=version)))


def _plan_bundle(version):
    return json.loads(json.dumps(to_fhir(PLAN, version=version, routine=ROUTINE)))


class TestRoutine:
    @pytest.mark.parametrize("version", VERSIONS)
    def test_unedited_bundle_reads_back_unchanged(self, version):
        """The guard passes what to_fhir wrote: the same routine comes back."""
        assert ROUTINE == from_fhir(_routine_bundle(version))

    @pytest.mark.parametrize("version", VERSIONS)
    def test_do_not_perform_is_refused_at_its_path(self, version):
        """doNotPerform: true on an activity is refused, naming the field's path."""
        bundle = _routine_bundle(version)
        holder, path = _holder(bundle, 1)
        holder["doNotPerform"] = True
        with pytest.raises(DocumentError, match="must not be done") as caught:
            from_fhir(bundle)
        assert [f"{path}.doNotPerform"] == _paths(caught)

    @pytest.mark.parametrize(
        ("version", "status"),
        [
            ("R4", "cancelled"),
            ("R4", "stopped"),
            ("R4", "on-hold"),
            ("R4", "entered-in-error"),
            ("R4", "completed"),
            ("R4", "unknown"),
            ("R5", "revoked"),
            ("R5", "on-hold"),
            ("R5", "completed"),
            ("R5", "entered-in-error"),
            ("R5", "draft"),
        ],
    )
    def test_activity_status_that_stops_care_is_refused(self, version, status):
        """An activity cancelled, stopped, held or in error is refused at its status."""
        bundle = _routine_bundle(version)
        holder, path = _holder(bundle, 0)
        holder["status"] = status
        with pytest.raises(DocumentError, match=status) as caught:
            from_fhir(bundle)
        assert [f"{path}.status"] == _paths(caught)
        assert "never reads such a bundle back as if unchanged" in str(caught.value)

    @settings(max_examples=40)
    @given(
        version=st.sampled_from(VERSIONS),
        status=st.one_of(st.text(max_size=12), st.integers(), st.none(), st.lists(st.text())),
    )
    def test_only_care_going_on_reads_back(self, version, status):
        """Whatever the status, the routine reads back only when care goes on as exported."""
        bundle = _routine_bundle(version)
        holder, path = _holder(bundle, 0)
        holder["status"] = status
        going_on = {"R4": ("scheduled", "not-started", "in-progress"), "R5": ("active",)}
        if status in going_on[version]:
            assert ROUTINE == from_fhir(bundle)
        else:
            with pytest.raises(DocumentError) as caught:
                from_fhir(bundle)
            assert [f"{path}.status"] == _paths(caught)

    def test_activity_in_progress_goes_on(self):
        """An R4 activity marked in-progress is care going on: read as before."""
        bundle = _routine_bundle("R4")
        _holder(bundle, 0)[0]["status"] = "in-progress"
        assert ROUTINE == from_fhir(bundle)

    @pytest.mark.parametrize("version", VERSIONS)
    def test_missing_activity_status_is_refused(self, version):
        """Without a status footdrop cannot tell care goes on: refused."""
        bundle = _routine_bundle(version)
        holder, path = _holder(bundle, 0)
        del holder["status"]
        with pytest.raises(DocumentError, match="no 'status'") as caught:
            from_fhir(bundle)
        assert [f"{path}.status"] == _paths(caught)

    @pytest.mark.parametrize("version", VERSIONS)
    @pytest.mark.parametrize("status", ["revoked", "completed", "entered-in-error", "on-hold"])
    def test_care_plan_status_that_stops_care_is_refused(self, version, status):
        """A revoked, completed, erroneous or held CarePlan is refused at its status."""
        bundle = _routine_bundle(version)
        bundle["entry"][0]["resource"]["status"] = status
        with pytest.raises(DocumentError) as caught:
            from_fhir(bundle)
        assert [f"{CARE_PLAN}.status"] == _paths(caught)

    @pytest.mark.parametrize(
        ("version", "key"), [("R4", "scheduledTiming"), ("R5", "occurrenceTiming")]
    )
    def test_edited_timing_is_read_into_the_routine(self, version, key):
        """Weekdays edited on the order are read in: the prescription follows the edit."""
        bundle = _routine_bundle(version)
        holder, _ = _holder(bundle, 1)
        holder[key]["repeat"]["dayOfWeek"] = ["mon", "wed", "fri"]
        read = from_fhir(bundle)
        timing = read["towel-scrunches"].timing
        assert (Weekday.MONDAY, Weekday.WEDNESDAY, Weekday.FRIDAY) == timing.weekdays
        assert 3 == timing.days_per_week
        assert ROUTINE["ankle-eversion"] == read["ankle-eversion"]

    @pytest.mark.parametrize(
        ("version", "key"), [("R4", "scheduledTiming"), ("R5", "occurrenceTiming")]
    )
    @pytest.mark.parametrize(
        "edit",
        [
            {"boundsPeriod": {"end": "2026-12-01"}},
            {"count": 10},
            {"periodUnit": "wk"},
        ],
        ids=["ends", "count", "weekly"],
    )
    def test_timing_edit_footdrop_cannot_follow_is_refused(self, version, key, edit):
        """An end date, a count or a weekly period on the order is refused, not dropped."""
        bundle = _routine_bundle(version)
        holder, path = _holder(bundle, 0)
        holder[key]["repeat"].update(edit)
        with pytest.raises(DocumentError) as caught:
            from_fhir(bundle)
        (where,) = _paths(caught)
        assert where.startswith(f"{path}.{key}")

    @pytest.mark.parametrize(
        ("version", "key"), [("R4", "scheduledTiming"), ("R5", "occurrenceTiming")]
    )
    def test_every_other_day_edit_is_read_in(self, version, key):
        """An order edited to every 2 days is read into the prescription as that recurrence."""
        bundle = _routine_bundle(version)
        holder, _ = _holder(bundle, 1)
        holder[key]["repeat"]["period"] = 2
        timing = from_fhir(bundle)["towel-scrunches"].timing
        assert timing.recurrence is not None
        assert 2 == timing.recurrence.interval_days

    def test_edited_definition_timing_is_refused_too(self):
        """The ActivityDefinition's timing is held to the same rule."""
        bundle = _routine_bundle("R4")
        holder, _ = _holder(bundle, 0)
        url = holder["instantiatesCanonical"][0]
        (index,) = [i for i, e in enumerate(bundle["entry"]) if e["fullUrl"] == url]
        bundle["entry"][index]["resource"]["timingTiming"]["repeat"]["count"] = 3
        with pytest.raises(DocumentError) as caught:
            from_fhir(bundle)
        (where,) = _paths(caught)
        assert where.startswith(f"$.entry[{index}].resource.timingTiming")


class TestPlan:
    @pytest.mark.parametrize("version", VERSIONS)
    def test_unedited_plan_reads_back_with_its_screening(self, version):
        """A screened plan comes back whole, the screening with it."""
        read = plan_from_fhir(_plan_bundle(version))
        assert PLAN == read
        assert SCREENING == read.screening

    @pytest.mark.parametrize("version", VERSIONS)
    def test_do_not_perform_on_an_item_is_refused(self, version):
        """DoNotPerform on one dated item is refused at its path."""
        bundle = _plan_bundle(version)
        holder, path = _holder(bundle, 2)
        holder["doNotPerform"] = True
        with pytest.raises(DocumentError) as caught:
            plan_from_fhir(bundle)
        assert [f"{path}.doNotPerform"] == _paths(caught)

    @pytest.mark.parametrize(
        ("version", "status"), [("R4", "cancelled"), ("R4", "on-hold"), ("R5", "revoked")]
    )
    def test_item_status_that_stops_care_is_refused(self, version, status):
        """A cancelled or held item is refused at its status."""
        bundle = _plan_bundle(version)
        holder, path = _holder(bundle, 0)
        holder["status"] = status
        with pytest.raises(DocumentError) as caught:
            plan_from_fhir(bundle)
        assert [f"{path}.status"] == _paths(caught)

    @pytest.mark.parametrize("version", VERSIONS)
    def test_completed_item_is_still_the_plan(self, version):
        """An item marked completed (done) changes no care: the plan reads as before."""
        bundle = _plan_bundle(version)
        _holder(bundle, 0)[0]["status"] = "completed"
        assert PLAN == plan_from_fhir(bundle)

    @pytest.mark.parametrize("version", VERSIONS)
    @pytest.mark.parametrize("status", ["revoked", "completed", "entered-in-error", "on-hold"])
    def test_care_plan_status_is_refused(self, version, status):
        """A plan's CarePlan that is no longer active is refused at its status."""
        bundle = _plan_bundle(version)
        bundle["entry"][0]["resource"]["status"] = status
        with pytest.raises(DocumentError) as caught:
            plan_from_fhir(bundle)
        assert [f"{CARE_PLAN}.status"] == _paths(caught)

    @pytest.mark.parametrize(
        ("version", "key"), [("R4", "scheduledPeriod"), ("R5", "occurrencePeriod")]
    )
    def test_moved_item_is_refused(self, version, key):
        """An item moved to another time is refused at its period, not read at the old time."""
        bundle = _plan_bundle(version)
        holder, path = _holder(bundle, 1)
        start = dt.datetime.fromisoformat(holder[key]["start"]) + dt.timedelta(hours=1)
        holder[key]["start"] = start.isoformat()
        with pytest.raises(DocumentError, match="its time was edited") as caught:
            plan_from_fhir(bundle)
        assert [f"{path}.{key}"] == _paths(caught)

    def test_edited_screening_cannot_claim_a_red_flag(self):
        """A screening extension edited to a red flag is refused at the extension."""
        bundle = _plan_bundle("R4")
        for extension in bundle["entry"][0]["resource"]["extension"]:
            if extension["url"].endswith("/screening"):
                extension["valueString"] = extension["valueString"].replace(
                    '"is_yes":false', '"is_yes":true', 1
                )
        with pytest.raises(DocumentError) as caught:
            plan_from_fhir(bundle)
        assert any("red flag" in p.message.lower() for p in caught.value.problems)
