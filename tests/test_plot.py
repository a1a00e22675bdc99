"""Tests for footdrop.export.plot: the artists drawn, on the Agg backend."""

from __future__ import annotations

import datetime as dt
import io
import sys
import warnings
import zoneinfo

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import footdrop
from footdrop import DayPlan, ExerciseLog, Plan, PlanItem, Session, Side
from footdrop.exceptions import InvalidTypeError, MissingExtraError
from footdrop.export import plot as fplot
from footdrop.export.plot import DecisionLike, plot_adherence, plot_progress, plot_week
from footdrop.testing import strategies as fst

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg", force=True)
from matplotlib.dates import num2date  # noqa: E402 - after the backend is chosen
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.text import Annotation  # noqa: E402

LONDON = zoneinfo.ZoneInfo("Europe/London")
MONDAY = dt.date(2026, 11, 23)
ITEM = PlanItem(exercise_id="ankle-eversion", side=None, sets=1, reps=10)


def session(day: dt.date, hour: int, minute: int = 0, length: int = 20, items=(ITEM,)) -> Session:
    start = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)
    return Session(start=start, end=start + dt.timedelta(minutes=length), items=items)


def week(days: int = 7) -> Plan:
    out = []
    for offset in range(days):
        day = MONDAY + dt.timedelta(days=offset)
        sessions = [] if day.weekday() == 6 else [session(day, 8, 30), session(day, 18, 0, 45)]
        out.append(DayPlan(date=day, sessions=sessions))
    return Plan(tz="Europe/London", days=out)


def bars(ax) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


@attrs.frozen
class Change:
    """A stand-in for a progression decision, with only the attributes the protocol names."""

    on: dt.date
    exercise_id: str
    lever: str
    after: object


def log(day: int, reps: int | None = 10, **fields) -> ExerciseLog:
    defaults = {"exercise_id": "ankle-eversion", "side": None, "sets": 2}
    return ExerciseLog(on=MONDAY + dt.timedelta(days=day), reps=reps, **{**defaults, **fields})


class TestPlotWeek:
    def test_one_bar_per_session(self):
        """Six days of two sessions and a rest day draw twelve bars."""
        ax = plot_week(week())
        expected = 12
        assert expected == len(bars(ax))

    def test_bars_span_the_local_times(self):
        """Each bar starts at the session's local hour and is as tall as it lasts."""
        plan = week()
        ax = plot_week(plan)
        expected = [
            (x, s.start.hour + s.start.minute / 60, s.duration.total_seconds() / 3600)
            for x, d in enumerate(plan.days)
            for s in d.sessions
        ]
        actual = [
            (round(b.get_x() + b.get_width() / 2), float(b.get_y()), float(b.get_height()))
            for b in bars(ax)
        ]
        assert [x for row in expected for x in row] == pytest.approx(
            [x for row in actual for x in row]
        )

    def test_labels_count_exercises_and_rest_days(self):
        """Each bar is labelled with its number of exercises, each rest day with "rest"."""
        ax = plot_week(week())
        expected = ["1", "1"] * 6 + ["rest"]
        assert sorted(expected) == sorted(texts(ax))

    def test_an_exercise_on_both_sides_counts_once(self):
        """A session of one exercise on the left and right legs is labelled 1, not 2."""
        items = (attrs.evolve(ITEM, side=Side.LEFT), attrs.evolve(ITEM, side=Side.RIGHT))
        plan = Plan(
            tz="Europe/London",
            days=[DayPlan(date=MONDAY, sessions=[session(MONDAY, 8, items=items)])],
        )
        expected = ["1"]
        assert expected == texts(plot_week(plan))

    def test_only_the_first_days(self):
        """A ten-day plan draws only its first seven days by default, all with days=None."""
        expected = (12, 18)
        assert expected == (
            len(bars(plot_week(week(10)))),
            len(bars(plot_week(week(10), days=None))),
        )

    @settings(max_examples=10)
    @given(fst.plans(max_days=3))
    def test_bars_equal_sessions_for_any_plan(self, plan):
        """For any plan of up to three days, there is one bar per session."""
        ax = plot_week(plan)
        assert sum(len(d.sessions) for d in plan.days) == len(bars(ax))

    def test_draws_on_a_given_axes(self):
        """Given an axes, the plot draws on it and returns it."""
        ax = Figure().add_subplot()
        assert ax is plot_week(week(), ax=ax)

    def test_saves_a_png(self, tmp_path):
        """The figure saves as a PNG file with the Agg backend, no window needed."""
        path = tmp_path / "week.png"
        plot_week(week()).figure.savefig(path)
        expected = b"\x89PNG\r\n\x1a\n"
        assert expected == path.read_bytes()[:8]

    def test_bad_plan(self):
        """Anything but a Plan is refused."""
        with pytest.raises(InvalidTypeError, match=r"'plan' must be a footdrop\.Plan"):
            plot_week([])

    def test_missing_matplotlib_names_the_extra(self, monkeypatch):
        """Without matplotlib, plot_week raises MissingExtraError naming the notebook extra."""
        monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
        with pytest.raises(MissingExtraError) as info:
            plot_week(week())
        expected = ("notebook", "matplotlib")
        assert expected == (info.value.extra, info.value.package)
        assert 'pip install "footdrop[notebook]"' in str(info.value)


class TestPlotProgress:
    def test_one_dose_line_per_exercise(self):
        """Two exercises give two dose lines, with the daily volume over sets and sessions."""
        logs = [
            log(0, 10), log(0, 10, session=2), log(1, 12),
            log(0, None, exercise_id="single-leg-stance", side=Side.LEFT, hold_seconds=5),
        ]  # fmt: skip
        ax = plot_progress(logs)
        lines = {line.get_label(): [float(y) for y in line.get_ydata()] for line in ax.get_lines()}
        expected = {
            "ankle-eversion (reps a day)": [40.0, 24.0],
            "single-leg-stance (s held a day)": [10.0],
        }
        assert expected == lines

    def test_dates_on_the_x_axis(self):
        """The dose line's x values are the logs' dates."""
        ax = plot_progress([log(0), log(3)])
        (line,) = ax.get_lines()
        expected = [MONDAY, MONDAY + dt.timedelta(days=3)]
        assert expected == [num2date(x).date() for x in line.get_xdata()]

    def test_pain_on_a_twin_axis(self):
        """Pain during and next morning are drawn on a 0-10 twin axis, highest of each day."""
        logs = [log(0, pain=2), log(0, pain=4, session=2), log(1, pain_next_morning=1)]
        ax = plot_progress(logs)
        (pain_ax,) = [a for a in ax.figure.axes if a is not ax]
        lines = {ln.get_label(): [float(y) for y in ln.get_ydata()] for ln in pain_ax.get_lines()}
        expected = {
            "pain during (highest, 0-10)": [4.0],
            "pain next morning (highest, 0-10)": [1.0],
            "pain gate: stop above 5/10": [5.0, 5.0],
        }
        assert expected == {k: v for k, v in lines.items() if not k.startswith("_")}
        assert "pain gate 5/10" in [t.get_text() for t in pain_ax.texts]
        expected = (0, 10.5)
        assert expected == pain_ax.get_ylim()

    def test_no_pain_axis_without_pain(self):
        """Without pain scores, no twin axis is drawn."""
        ax = plot_progress([log(0), log(1)])
        assert [ax] == ax.figure.axes

    def test_decisions_are_numbered_markers_keyed_to_a_table(self):
        """Each decision is a numbered marker; a table under the plot says what each number did."""
        decisions = [
            Change(MONDAY + dt.timedelta(days=1), "ankle-eversion", "sets", 2),
            Change(MONDAY, "ankle-eversion", "reps", 12),
        ]
        ax = plot_progress([log(0), log(1)], decisions)
        numbers = [t.get_text() for t in ax.texts if isinstance(t, Annotation)]
        assert ["1", "2"] == numbers
        assert 1 == len(ax.get_lines())  # markers are not lines
        (key_ax,) = [a for a in ax.figure.axes if a is not ax and a.tables]
        cells = key_ax.tables[0].get_celld()
        rows = [[cells[r, c].get_text().get_text() for c in range(5)] for r in (1, 2)]
        expected = [
            ["1", "23 Nov", "ankle-eversion", "reps to 12", "applied"],
            ["2", "24 Nov", "ankle-eversion", "sets to 2", "applied"],
        ]
        assert expected == rows

    def test_real_decisions(self):
        """footdrop.progression.Decision fits the protocol; before and blocked status are shown."""
        from footdrop.progression import Decision, Outcome

        decision = Decision(
            on=MONDAY, exercise_id="ankle-eversion", lever="reps", before=10, after=10,
            rule="engine", evidence=(), reason="pain above 5", outcome=Outcome.BLOCKED,
        )  # fmt: skip
        assert isinstance(decision, DecisionLike)
        ax = plot_progress([log(0)], [decision])
        (key_ax,) = [a for a in ax.figure.axes if a is not ax and a.tables]
        cells = key_ax.tables[0].get_celld()
        expected = ["1", "23 Nov", "ankle-eversion", "reps stays 10", "not applied"]
        assert expected == [cells[1, c].get_text().get_text() for c in range(5)]

    def test_a_repeated_hold_is_keyed_once(self):
        """Three days of the same held rise are one row of the key; an applied change is its own."""
        from footdrop.progression import Decision, Outcome

        def held(day: int, outcome: Outcome = Outcome.BLOCKED) -> Decision:
            return Decision(
                on=MONDAY + dt.timedelta(days=day), exercise_id="ankle-eversion", lever="reps",
                before=10, after=10 if outcome is Outcome.BLOCKED else 11,
                rule="double-progression", evidence=(), reason="a week at a level",
                outcome=outcome,
            )  # fmt: skip

        ax = plot_progress([log(0)], [held(0), held(1), held(2), held(3, Outcome.APPLIED)])
        (key_ax,) = [a for a in ax.figure.axes if a is not ax and a.tables]
        cells = key_ax.tables[0].get_celld()
        rows = sorted({r for r, _ in cells if r > 0})
        expected = [["23 Nov", "not applied"], ["26 Nov", "applied"]]
        assert expected == [
            [cells[r, 1].get_text().get_text(), cells[r, 4].get_text().get_text()] for r in rows
        ]

    def test_key_goes_in_the_legend_on_a_given_axes(self):
        """On the caller's axes there is no room for a table: the key is in the legend."""
        ax = Figure().add_subplot()
        plot_progress([log(0)], [Change(MONDAY, "ankle-eversion", "reps", 12)], ax=ax)
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert "1: 23 Nov ankle-eversion reps to 12 (applied)" in labels
        assert [ax] == ax.figure.axes

    def test_long_keys_say_how_many_more(self):
        """More decisions than the key's rows: the last row says how many are not listed."""
        decisions = [
            Change(MONDAY + dt.timedelta(days=i), "ankle-eversion", "reps", 10 + i)
            for i in range(fplot.MAX_KEY_ROWS + 4)
        ]
        ax = plot_progress([log(0)], decisions)
        (key_ax,) = [a for a in ax.figure.axes if a is not ax and a.tables]
        cells = key_ax.tables[0].get_celld()
        last = [cells[fplot.MAX_KEY_ROWS, c].get_text().get_text() for c in range(3)]
        assert ["...", "", "5 more decisions"] == last

    @pytest.mark.parametrize(
        ("days", "expected"),
        [
            (3, ["23 Nov", "24 Nov", "25 Nov"]),
            (14, ["23 Nov", "25 Nov", "27 Nov", "29 Nov", "1 Dec", "3 Dec", "5 Dec"]),
            (42, ["23 Nov", "30 Nov", "7 Dec", "14 Dec", "21 Dec", "28 Dec"]),
            (182, ["Dec", "Jan 2027", "Feb", "Mar", "Apr", "May"]),
        ],
    )
    def test_date_ticks_suit_the_span(self, days, expected):
        """Ticks are whole days for days, Mondays for weeks, months for half a year."""
        logs = [log(0), log(days - 1)]
        ax = plot_progress(logs)
        ax.figure.draw_without_rendering()
        low, high = ax.get_xlim()
        shown = [t.get_text() for t in ax.get_xticklabels() if low <= t.get_position()[0] <= high]
        assert expected == shown

    @pytest.mark.parametrize("weeks", [1, 12, 26])
    def test_no_layout_warning(self, weeks):
        """Drawing a long history with many decisions raises no warning at all."""
        logs = [log(d) for d in range(0, weeks * 7, 2)]
        decisions = [Change(MONDAY + dt.timedelta(days=d), "ankle-eversion", "reps", 10 + d)
                     for d in range(0, weeks * 7, 3)]  # fmt: skip
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            plot_progress(logs, decisions).figure.savefig(io.BytesIO(), format="png")
        assert [] == [str(w.message) for w in caught]

    def test_filter_by_exercise(self):
        """exercise_id keeps only that exercise's logs and decisions."""
        logs = [log(0), log(0, exercise_id="towel-scrunches")]
        decisions = [Change(MONDAY, "towel-scrunches", "reps", 12)]
        ax = plot_progress(logs, decisions, exercise_id="ankle-eversion")
        expected = ["ankle-eversion (reps a day)"]
        assert expected == [line.get_label() for line in ax.get_lines()]

    def test_empty(self):
        """No logs and no decisions draw an empty plot that says so."""
        ax = plot_progress([])
        expected = (["no logs yet"], 0)
        assert expected == (texts(ax), len(ax.get_lines()))

    @settings(max_examples=10)
    @given(fst.exercise_logs(on=MONDAY).map(lambda x: [x]))
    def test_any_log_gives_one_dose_line(self, logs):
        """Any single log draws exactly one dose line with one point."""
        ax = plot_progress(logs)
        expected = [1]
        assert expected == [len(line.get_xdata()) for line in ax.get_lines()]

    def test_saves_a_png(self, tmp_path):
        """The progress figure saves as a PNG."""
        path = tmp_path / "progress.png"
        plot_progress(
            [log(0, pain=3), log(2, 12)], [Change(MONDAY, "ankle-eversion", "reps", 12)]
        ).figure.savefig(path)
        expected = b"\x89PNG\r\n\x1a\n"
        assert expected == path.read_bytes()[:8]

    @pytest.mark.parametrize(
        ("logs", "decisions", "field"),
        [
            ("logs", (), "logs"),
            ([1], (), "logs[0]"),
            ([], [object()], "decisions[0]"),
            ([], 3, "decisions"),
        ],
    )
    def test_bad_input(self, logs, decisions, field):
        """Things that are not logs or decisions are refused, naming where they are."""
        with pytest.raises(InvalidTypeError) as info:
            plot_progress(logs, decisions)
        assert field == info.value.field

    def test_catalogue_routine_logs(self):
        """Logs for every catalogue exercise give one line each."""
        ids = list(footdrop.catalogue())
        logs = [log(0, exercise_id=i) for i in ids]
        assert len(ids) == len(plot_progress(logs).get_lines())


def planned_week(days: int = 14) -> Plan:
    """Two exercises a day, eversion twice, for *days* days from MONDAY."""
    out = []
    for offset in range(days):
        day = MONDAY + dt.timedelta(days=offset)
        items = (ITEM, PlanItem(exercise_id="towel-scrunches", side=None, sets=1, reps=10))
        out.append(DayPlan(date=day, sessions=[session(day, 8, items=items), session(day, 18)]))
    return Plan(tz="Europe/London", days=out)


class TestPlotAdherence:
    def test_cells_count_done_over_planned(self):
        """Each cell is done/planned sittings of one exercise in one week."""
        logs = [log(0), log(0, session=2), log(8), log(1, exercise_id="towel-scrunches")]
        ax = plot_adherence(planned_week(), logs)
        expected = ["2/14", "1/7", "1/14", "0/7"]
        assert expected == [t.get_text() for t in ax.texts]
        assert ["Ankle eversion", "Towel scrunches"] == [t.get_text() for t in ax.get_yticklabels()]
        assert ["week of\n23 Nov", "week of\n30 Nov"] == [
            t.get_text() for t in ax.get_xticklabels()
        ]

    def test_logs_outside_the_plan_are_counted_in_the_title(self):
        """A log dated outside the plan is not silently dropped: the title says so."""
        ax = plot_adherence(planned_week(7), [log(0), log(20)])
        assert "(1 log(s) outside the plan not shown)" in ax.get_title()

    def test_unplanned_weeks_show_a_dash(self):
        """An exercise not planned in a week shows '-' there."""
        plan = planned_week(14)
        first_week = [attrs.evolve(d, sessions=[d.sessions[1]]) for d in plan.days[:7]]
        ax = plot_adherence(attrs.evolve(plan, days=[*first_week, *plan.days[7:]]), [])
        assert ["0/7", "-", "0/14", "0/7"] == [t.get_text() for t in ax.texts]

    @settings(max_examples=15)
    @given(st.integers(1, 21), st.data())
    def test_done_never_exceeds_planned(self, days, data):
        """For any subset of the planned sittings logged, every cell reads done <= planned."""
        plan = planned_week(days)
        sittings = [
            (d.date, i.exercise_id, n)
            for d in plan.days
            for n, s in enumerate(d.sessions, 1)
            for i in s.items
            if i.exercise_id == "ankle-eversion"
        ]
        chosen = data.draw(st.lists(st.sampled_from(sittings), unique=True))
        logs = [log((day - MONDAY).days, session=n) for day, _, n in chosen]
        ax = plot_adherence(plan, logs)
        cells = [t.get_text().split("/") for t in ax.texts if "/" in t.get_text()]
        assert all(int(done) <= int(planned) for done, planned in cells)
        assert len(chosen) == sum(int(done) for done, _ in cells)

    def test_bad_input(self):
        """A plan that is not a Plan, or logs that are not logs, are refused by name."""
        with pytest.raises(InvalidTypeError, match="'plan'"):
            plot_adherence([], [])
        with pytest.raises(InvalidTypeError, match=r"'logs\[0\]'"):
            plot_adherence(planned_week(1), [1])
