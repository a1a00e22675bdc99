"""Image tests for footdrop.export.plot: a layout regression fails against tests/baseline/.

pytest-mpl compares each returned figure with its baseline image (``--mpl`` is in the
project's pytest options). After a deliberate change to a plot, regenerate them with
``pytest tests/test_plot_images.py --mpl-generate-path=tests/baseline`` and look at them.
"""

from __future__ import annotations

import datetime as dt
import functools

import pytest

import footdrop
from footdrop.export.plot import plot_adherence, plot_progress, plot_week
from footdrop.progression import SteadyImprover, simulate
from footdrop.testing import logs_following

pytest.importorskip("pytest_mpl")
pytest.importorskip("matplotlib")

START = dt.date(2026, 11, 23)
IMAGE = pytest.mark.mpl_image_compare(style="default", tolerance=3, savefig_kwargs={"dpi": 60})


@functools.cache
def week() -> tuple[footdrop.Routine, footdrop.Plan]:
    routine = footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT)
    day = footdrop.Availability.daily(start=dt.time(7, 30), end=dt.time(21), tz="Europe/London")
    return routine, footdrop.schedule(routine, start=START, days=28, availability=day)


@functools.cache
def history(weeks: int):
    routine = footdrop.Routine.from_catalogue(
        affected=footdrop.Side.LEFT, only=["ankle-eversion", "single-leg-stance"]
    )
    return simulate(routine, SteadyImprover(), start=START, weeks=weeks)


@IMAGE
def test_week():
    """The week at a glance of the built-in programme."""
    plan = week()[1]
    ax = plot_week(plan)
    first_week = [day for day in plan.days if day.date < START + dt.timedelta(days=7)]
    sessions = sum(len(day.sessions) for day in first_week)
    assert (sessions, 7) == (len(ax.patches), len(ax.get_xticklabels()))
    return ax.figure


@IMAGE
def test_progress_over_12_weeks():
    """Twelve weeks of one exercise: stepped dose, numbered decisions, key table, pain gate."""
    run = history(12)
    ax = plot_progress(run.history, run.decisions, exercise_id="ankle-eversion")
    (key,) = [a for a in ax.figure.axes if a.tables]
    rows = {r for r, _ in key.tables[0].get_celld()} - {0}
    applied = [d for d in run.decisions if d.exercise_id == "ankle-eversion" and d.is_applied]
    assert "ankle-eversion" in ax.get_title()
    assert len(applied) <= len(rows) < len(run.decisions)
    return ax.figure


@IMAGE
def test_progress_over_3_days():
    """Three days: a tick per day, not per hour."""
    run = history(1)
    logs = [log for log in run.history if log.on < START + dt.timedelta(days=3)]
    decisions = [d for d in run.decisions if d.on < START + dt.timedelta(days=3)]
    ax = plot_progress(logs, decisions)
    days = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert (2, 3) == (len(ax.get_lines()), len(days))
    return ax.figure


@IMAGE
def test_adherence():
    """Planned against done for four weeks of the built-in programme."""
    routine, plan = week()
    ax = plot_adherence(plan, logs_following(plan, skip_every=3), routine=routine)
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert (sorted(p.exercise.name for p in routine.items), 4) == (
        sorted(names),
        len(ax.get_xticklabels()),
    )
    return ax.figure
