"""Tests for footdrop.export.plot: the artists drawn, on the Agg backend."""

from __future__ import annotations

import datetime as dt
import sys
import zoneinfo

import attrs
import pytest
from hypothesis import given, settings

import footdrop
from footdrop import DayPlan, ExerciseLog, Plan, PlanItem, Session, Side
from footdrop.exceptions import InvalidTypeError, MissingExtraError
from footdrop.export.plot import DecisionLike, plot_progress, plot_week
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
        }
        assert expected == {k: v for k, v in lines.items() if not k.startswith("_")}
        expected = (0, 10.5)
        assert expected == pain_ax.get_ylim()

    def test_no_pain_axis_without_pain(self):
        """Without pain scores, no twin axis is drawn."""
        ax = plot_progress([log(0), log(1)])
        assert [ax] == ax.figure.axes

    def test_decisions_are_marked(self):
        """Each decision adds a vertical line and a label with its lever and new value."""
        decisions = [
            Change(MONDAY, "ankle-eversion", "reps", 12),
            Change(MONDAY, "ankle-eversion", "sets", 2),
        ]
        ax = plot_progress([log(0), log(1)], decisions)
        notes = [t.get_text() for t in ax.texts if isinstance(t, Annotation)]
        expected = ["ankle-eversion: reps ->12", "ankle-eversion: sets ->2"]
        assert expected == notes
        expected = 1 + 2
        assert expected == len(ax.get_lines())

    def test_real_decisions(self):
        """footdrop.progression.Decision fits the protocol; before and blocked status are shown."""
        from footdrop.progression import Decision, Outcome

        decision = Decision(
            on=MONDAY, exercise_id="ankle-eversion", lever="reps", before=10, after=10,
            rule="engine", evidence=(), reason="pain above 5", outcome=Outcome.BLOCKED,
        )  # fmt: skip
        assert isinstance(decision, DecisionLike)
        ax = plot_progress([log(0)], [decision])
        notes = [t.get_text() for t in ax.texts if isinstance(t, Annotation)]
        expected = ["ankle-eversion: reps 10->10 (not applied)"]
        assert expected == notes

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
