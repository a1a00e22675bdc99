"""footdrop.batch: many people at once, in one process and on Dask."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import footdrop
from footdrop import batch
from footdrop.exceptions import DocumentError, InvalidTypeError, InvalidValueError
from footdrop.testing import random_requests

sys.path.insert(0, str(Path(__file__).parent))
from recurring import every_other_day  # the helper module lives beside this file

PEOPLE = random_requests(60, seed=7, days=14, infeasible_share=0.1)


def _alone(request: batch.Request) -> batch.Result:
    """The result of planning *request* with footdrop.schedule on its own."""
    try:
        plan = footdrop.schedule(
            request.routine,
            start=request.start,
            days=request.days,
            availability=request.availability,
        )
    except footdrop.exceptions.InfeasibleScheduleError as error:
        return batch.Result(
            person_id=request.person_id,
            error="InfeasibleScheduleError",
            message=str(error),
            reasons=[r.message for r in error.reasons],
        )
    return batch.Result(person_id=request.person_id, plan=plan)


@pytest.fixture(scope="module")
def results() -> list[batch.Result]:
    return list(batch.plan_many(PEOPLE))


class TestPlanMany:
    def test_each_person_gets_what_schedule_gives_alone(self, results):
        """A batch result equals planning that person alone, in the requests' order."""
        assert [_alone(r) for r in PEOPLE] == results

    @settings(max_examples=15, deadline=None)
    @given(st.lists(st.integers(0, len(PEOPLE) - 1), min_size=1, max_size=8))
    def test_results_do_not_depend_on_who_else_is_in_the_batch(self, picks):
        """A person's result is the same whoever shares the batch, in whatever order."""
        chosen = [PEOPLE[i] for i in picks]
        expected = [_alone(r) for r in chosen]
        assert expected == list(batch.plan_many(chosen))

    def test_an_infeasible_person_is_a_result_and_the_batch_goes_on(self, results):
        """People whose plan cannot be made get the explanation; the others still get plans."""
        failed = [r for r in results if not r.ok]
        assert failed, "the population should include people with a ten-minute day"
        assert all(r.error == "InfeasibleScheduleError" and r.reasons for r in failed)
        assert all(r.plan is None and "no plan fits" in (r.message or "") for r in failed)
        assert any(r.ok for r in results[results.index(failed[0]) :])

    def test_items_are_shared_across_people(self, results):
        """Equal plan items across different people's plans are one object."""
        items = [
            item
            for r in results
            if r.plan is not None
            for day in r.plan.days
            for session in day.sessions
            for item in session.items
        ]
        by_value: dict[footdrop.PlanItem, int] = {}
        for item in items:
            by_value.setdefault(item, id(item))
        assert len(by_value) == len({id(item) for item in items})
        assert len(by_value) < len(items) / 10

    def test_a_red_flag_stops_that_person_only(self):
        """A person whose screening has a red flag gets the urgent-care message, not a plan."""
        from footdrop import safety

        answers = {flag.id: flag.id == "both-legs" for flag in safety.RED_FLAGS}
        taken = dt.datetime(2027, 1, 1, 8, tzinfo=dt.UTC)
        flagged = attrs.evolve(PEOPLE[0], screening=safety.screen(answers, taken_at=taken))
        first, second = batch.plan_many([flagged, PEOPLE[1]])
        assert ("RedFlagError", None) == (first.error, first.plan)
        assert "emergency" in (first.message or "")
        assert second.ok == _alone(PEOPLE[1]).ok

    def test_a_wrong_element_is_named_by_its_position(self):
        """An element that is not a Request raises InvalidTypeError naming its index."""
        with pytest.raises(InvalidTypeError, match=r"'requests\[1\]' must be a footdrop.batch"):
            list(batch.plan_many([PEOPLE[0], "person-2"]))

    def test_durations_must_be_a_duration_model(self):
        """A wrong durations argument is refused before any planning."""
        with pytest.raises(InvalidTypeError, match=r"must be a footdrop\.DurationModel"):
            batch.plan_many(PEOPLE, durations=3)  # type: ignore[arg-type]


class TestRequest:
    @pytest.mark.parametrize(
        ("field", "value", "error"),
        [
            ("days", 0, InvalidValueError),
            ("days", True, InvalidTypeError),
            ("start", dt.datetime(2027, 1, 1, tzinfo=dt.UTC), InvalidTypeError),
            ("person_id", "", InvalidValueError),
            ("routine", "full", InvalidTypeError),
        ],
    )
    def test_bad_fields_are_refused(self, field, value, error):
        """Each field is checked, and the error names it."""
        fields = {
            "person_id": "p",
            "routine": PEOPLE[0].routine,
            "availability": PEOPLE[0].availability,
            "start": dt.date(2027, 1, 1),
            "days": 7,
        }
        with pytest.raises(error, match=field):
            batch.Request(**{**fields, field: value})


class TestJsonLines:
    def test_round_trip(self, results):
        """Results read back from JSON Lines equal the results written."""
        lines = list(batch.to_json_lines(results))
        assert len(results) == len(lines)
        assert all("\n" not in line for line in lines)
        assert results == list(batch.from_json_lines(io.StringIO("\n".join(lines) + "\n")))

    @pytest.mark.parametrize(
        ("line", "words"),
        [
            ("{", "not JSON"),
            ("[]", "exactly the keys"),
            (
                json.dumps(
                    {
                        "schema_version": 99,
                        "person_id": "p",
                        "plan": None,
                        "error": None,
                        "message": None,
                        "reasons": [],
                    }
                ),
                "schema_version is 99",
            ),
        ],
    )
    def test_a_bad_line_is_named(self, line, words):
        """A line that is not a result raises DocumentError naming the line number."""
        with pytest.raises(DocumentError, match=r"line 2 ") as caught:
            list(batch.from_json_lines(["", line]))
        assert words in str(caught.value)

    def test_a_bad_plan_names_its_line_and_path(self, results):
        """A plan that does not load names the line and the JSON path inside it."""
        record = json.loads(next(batch.to_json_lines(r for r in results if r.ok)))
        record["plan"]["tz"] = "Mars/Olympus"
        with pytest.raises(DocumentError, match=r"line 1's plan") as caught:
            list(batch.from_json_lines([json.dumps(record)]))
        assert "$.tz" in str(caught.value)


class TestSessionsFrame:
    def test_one_row_per_session_item_with_the_person(self, results):
        """The table has a row per planned item, tagged with the person's id."""
        frame = batch.sessions_frame(results)
        planned = {
            r.person_id: sum(len(s.items) for d in r.plan.days for s in d.sessions)
            for r in results
            if r.plan is not None
        }
        assert planned == frame.groupby("person_id").size().to_dict()
        assert "person_id" == frame.columns[0]

    def test_no_plans_give_an_empty_table_with_the_columns(self):
        """A batch where nobody has a plan gives no rows, but the same columns."""
        frame = batch.sessions_frame([batch.Result(person_id="p", error="X", message="m")])
        assert 0 == len(frame)
        assert ["person_id", *footdrop.export.frame.PLAN_COLUMNS] == list(frame.columns)


class TestDask:
    def test_a_bag_gives_the_single_process_results(self, results):
        """plan_bag over partitions gives the same results, in order, as plan_many."""
        import dask.bag

        bag = dask.bag.from_sequence(PEOPLE, npartitions=4)
        assert results == batch.plan_bag(bag).compute(scheduler="sync")

    def test_plan_bag_wants_a_bag(self):
        """A list is refused with a hint to make a bag."""
        with pytest.raises(InvalidTypeError, match=r"dask\.bag\.from_sequence"):
            batch.plan_bag(PEOPLE)  # type: ignore[arg-type]

    @pytest.mark.slow
    def test_a_two_worker_cluster_gives_the_single_process_results(self, tmp_path):
        """On a 2-worker LocalCluster, a few hundred people plan as in one process."""
        import dask.bag
        from dask.distributed import Client, LocalCluster

        people = random_requests(300, seed=11, days=28)
        expected = list(batch.plan_many(people))
        with (
            LocalCluster(
                n_workers=2,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
            ) as cluster,
            Client(cluster),
        ):
            bag = dask.bag.from_sequence(people, npartitions=6)
            planned = batch.plan_bag(bag)
            paths = planned.map_partitions(batch.to_json_lines).to_textfiles(
                str(tmp_path / "plans-*.jsonl")
            )
            computed = planned.compute()
        assert expected == computed
        assert 6 == len(paths)
        read = []
        for path in sorted(paths):
            with Path(path).open(encoding="utf-8") as stream:
                read.extend(batch.from_json_lines(stream))
        assert expected == read


def _alone_or_error(request: batch.Request) -> tuple[str | None, object]:
    """What footdrop.schedule gives *request* alone: its days, or the error's kind and text."""
    try:
        plan = footdrop.schedule(
            request.routine,
            start=request.start,
            days=request.days,
            availability=request.availability,
        )
    except footdrop.exceptions.FootdropError as error:
        return type(error).__name__, str(error)
    return None, plan.days


class TestSharedDays:
    def test_a_long_lived_store_forgets_routines_past_its_bound(self, monkeypatch):
        """Renewing keeps routines' prepared values and items only up to a bound."""
        from footdrop.scheduling import _day

        monkeypatch.setattr(_day, "_MAX_PREPARED", 2)
        monkeypatch.setattr(_day, "_MAX_ITEMS", 3)
        days = _day.SharedDays()
        durations = footdrop.DurationModel()
        base = footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT)
        for baseline in range(4):  # four distinct routines, as progressed doses make
            routine = attrs.evolve(base, baseline_pain=baseline)
            days.prepared(routine, durations)
            days._items[routine] = routine  # stands in for the plan items of its days
        days.renew()
        assert (len(days._prepared), len(days._items)) == (0, 0)
        days.prepared(base, durations)
        days.renew()
        assert len(days._prepared) == 1  # within the bound: kept

    @settings(max_examples=12, deadline=None)
    @given(
        st.lists(st.integers(0, len(PEOPLE) - 1), min_size=2, max_size=6),
        st.sampled_from([20, 40, 120, 400, 250_000]),
    )
    def test_shared_solutions_charge_the_budget_as_searching_alone(self, picks, steps):
        """With any search budget, a batch gives each person what they get alone.

        A small budget makes some people stop with ScheduleBudgetError; a day solved
        for someone else earlier in the batch must not let them through, nor stop
        them at a different step.
        """
        from unittest import mock

        from footdrop.scheduling import _day

        chosen = [PEOPLE[i] for i in picks]
        with mock.patch.object(_day, "SEARCH_STEPS", steps):
            expected = [_alone_or_error(r) for r in chosen]
            got = [
                (r.error, r.message) if r.plan is None else (None, r.plan.days)
                for r in batch.plan_many(chosen)
            ]
        assert expected == got

    def test_a_small_budget_stops_some_people_in_the_batch(self):
        """The property above meets budget errors, not only plans (so it can fail)."""
        from unittest import mock

        from footdrop.scheduling import _day

        with mock.patch.object(_day, "SEARCH_STEPS", 20):
            errors = {r.error for r in batch.plan_many(PEOPLE[:20])}
        assert "ScheduleBudgetError" in errors

    def test_scheduler_built_sessions_pass_their_own_checks(self, results):
        """Sessions and days the scheduler builds without re-checking are valid models."""
        for result in results:
            if result.plan is None:
                continue
            for day in result.plan.days:
                assert attrs.evolve(day) == day
                for session in day.sessions:
                    assert attrs.evolve(session) == session


class TestSharingAcrossPeople:
    @settings(max_examples=10, deadline=None)
    @given(
        st.integers(0, 2**32 - 1),
        st.integers(1, 35),
        st.sampled_from([0.0, 0.3]),
    )
    def test_random_people_get_what_schedule_gives_alone(self, seed, days, share):
        """For any random population, each batch result is the person's lone result."""
        people = random_requests(24, seed=seed, days=days, infeasible_share=share)
        assert [_alone(r) for r in people] == list(batch.plan_many(people))

    def test_people_across_a_clock_change_get_what_they_get_alone(self):
        """Planners share weekly patterns only when their windows agree in real minutes."""
        routine = PEOPLE[0].routine
        night_and_day = footdrop.Availability(
            tz="Europe/London",
            windows=[
                footdrop.Window(start=dt.time(0, 30), end=dt.time(3)),
                footdrop.Window(start=dt.time(7), end=dt.time(21)),
            ],
        )
        people = [
            batch.Request(
                person_id=f"p{n}",
                routine=routine,
                availability=night_and_day,
                start=dt.date(2027, 3, 15) + dt.timedelta(days=n),
                days=14,
            )
            for n in range(0, 28, 2)
        ]
        changed = [p.availability.intervals_on(dt.date(2027, 3, 28)) for p in people[:1]]
        assert changed[0][0][1].utcoffset() != changed[0][0][0].utcoffset()
        assert [_alone(r) for r in people] == list(batch.plan_many(people))

    def test_a_plan_the_budget_might_not_reach_alone_is_made_again(self, monkeypatch):
        """When the shared stores cannot vouch for the budget, the person is planned afresh."""
        from footdrop.scheduling._day import SharedDays

        renewed = []
        renew = SharedDays.renew

        def counting(self: SharedDays) -> None:
            renewed.append(1)
            renew(self)

        monkeypatch.setattr(SharedDays, "is_exact", lambda self, spent: False)
        monkeypatch.setattr(SharedDays, "renew", counting)
        chosen = PEOPLE[:12]
        assert [_alone(r) for r in chosen] == list(batch.plan_many(chosen))
        assert len(renewed) == len(chosen)

    def test_stores_start_afresh_before_they_near_the_budget(self, monkeypatch):
        """A batch whose stores hold many steps renews them, and results stay the lone ones."""
        from footdrop.scheduling._day import SharedDays

        renewed = []
        renew = SharedDays.renew

        def counting(self: SharedDays) -> None:
            renewed.append(1)
            renew(self)

        monkeypatch.setattr(batch, "_RENEW_STEPS", 0)
        monkeypatch.setattr(SharedDays, "renew", counting)
        chosen = PEOPLE[:12]
        assert [_alone(r) for r in chosen] == list(batch.plan_many(chosen))
        assert renewed

    def test_is_exact_counts_the_steps_held_and_spent(self):
        """SharedDays.is_exact says yes exactly while held plus spent steps fit the budget."""
        from footdrop.scheduling._day import SEARCH_STEPS, SharedDays
        from footdrop.scheduling._scheduler import schedule_shared

        days = SharedDays()
        person = PEOPLE[0]
        schedule_shared(
            person.routine,
            start=person.start,
            days=person.days,
            availability=person.availability,
            durations=None,
            screening=None,
            shared=days,
        )
        held = days.steps
        assert held > 0
        assert days.last_budget is not None
        assert days.is_exact(SEARCH_STEPS - held)
        assert not days.is_exact(SEARCH_STEPS - held + 1)

    def test_people_with_the_same_windows_share_prepared_patterns(self):
        """Planners of one routine whose dates bring the same windows share one cache."""
        from footdrop.scheduling._day import SharedDays
        from footdrop.scheduling._duration import DurationModel
        from footdrop.scheduling._scheduler import _planner

        first, second = (
            attrs.evolve(PEOPLE[0], start=dt.date(2027, 6, 7) + dt.timedelta(weeks=n))
            for n in range(2)
        )
        days = SharedDays()
        made = [
            _planner(p.routine, p.start, p.availability, DurationModel(), p.days, shared=days)
            for p in (first, second)
        ]
        caches = [m.calendar for m in made]
        assert caches[0] is caches[1]
        assert "patterns" in caches[0]
        checks = [m.plain_checks(0, {0, 1}) for m in made]
        assert checks[0][0] is checks[1][0]
        assert checks[0][1] == checks[1][1]
        lone = _planner(first.routine, first.start, first.availability, DurationModel(), 14)
        assert lone.calendar is not caches[0]
        assert lone.calendar == {"patterns": caches[0]["patterns"]}  # its own, the same patterns
        assert lone.plain_checks(0, {0, 1})[0] is not checks[0][0]

    def test_a_threads_partitions_share_one_store(self):
        """Partitions planned by one thread reuse its store; each result is still the lone one."""
        from footdrop.scheduling._duration import DurationModel

        first = batch._plan_partition(PEOPLE[:10], DurationModel())
        days = batch._PARTITION_DAYS.days
        held = days.steps
        again = batch._plan_partition(PEOPLE[:10], DurationModel())
        assert days is batch._PARTITION_DAYS.days
        assert held == days.steps  # every day of the second partition was found in the store
        assert [_alone(r) for r in PEOPLE[:10]] == first == again


_ROUTINES = (
    PEOPLE[0].routine,
    footdrop.Routine.from_catalogue(affected=footdrop.Side.RIGHT, only=["ankle-eversion"]),
    every_other_day(PEOPLE[0].routine),
)
_ZONES = ("Europe/London", "America/New_York", "Australia/Lord_Howe", "UTC")


@st.composite
def _crowds(draw: st.DrawFn) -> list[batch.Request]:
    """People who share a routine and windows, in different zones, dates and skipped dates."""
    routine = draw(st.sampled_from(_ROUTINES))
    opens = draw(st.sampled_from([0, 6 * 60, 7 * 60 + 30]))
    length = draw(st.sampled_from([45, 3 * 60, 13 * 60]))
    window = footdrop.Window(
        start=dt.time(opens // 60, opens % 60),
        end=dt.time((opens + length) // 60, (opens + length) % 60),
    )
    rest = draw(st.sampled_from([(), (footdrop.Weekday.SUNDAY,)]))
    first = dt.date(2027, 3, 1) + dt.timedelta(days=draw(st.integers(0, 240)))
    people = []
    for n in range(draw(st.integers(2, 6))):
        start = first + dt.timedelta(days=draw(st.integers(0, 20)))
        skipped = draw(st.lists(st.integers(0, 20), max_size=2, unique=True))
        availability = footdrop.Availability(
            tz=draw(st.sampled_from(_ZONES)),
            windows=[window],
            rest_weekdays=rest,
            skipped_dates=[start + dt.timedelta(days=d) for d in skipped],
        )
        people.append(
            batch.Request(
                person_id=f"p{n}",
                routine=routine,
                availability=availability,
                start=start,
                days=draw(st.integers(7, 21)),
            )
        )
    return people


class TestCrowds:
    @settings(max_examples=25, deadline=None)
    @given(_crowds())
    def test_people_sharing_a_routine_get_what_they_get_alone(self, people):
        """Each batch result is the lone one, whatever the zones, dates and skipped dates.

        The people share a routine (one has a recurrence) and windows, across clock
        changes, rest days and skipped dates.
        """
        assert [_alone(r) for r in people] == list(batch.plan_many(people))
