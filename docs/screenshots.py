"""Write the pictures the docs show: the printed handout's first page and each plot.

Run from a clone, with the ``notebook`` extra and Chromium installed::

    .venv/bin/python docs/screenshots.py

It writes ``docs/_static/handout.png`` (a headless-Chromium screenshot of the HTML
handout for one week of the built-in programme) and one PNG per plot, each reduced to a
small palette so the images stay small in the repository. Everything is built from
fixed dates, so running it again changes a picture only when the output changed.
"""

# ruff: noqa: INP001, T201, S603

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import footdrop
from footdrop.export.html import HandoutDetails, handout
from footdrop.export.plot import plot_adherence, plot_progress, plot_week
from footdrop.progression import SteadyImprover, simulate
from footdrop.testing import logs_following

STATIC = Path(__file__).parent / "_static"
START = dt.date(2026, 11, 23)
BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def _browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    sys.exit("docs/screenshots.py needs Chromium: apt-get install chromium")


def _small(path: Path, colours: int = 16) -> None:
    """Reduce a PNG to a small palette (Pillow comes with matplotlib)."""
    from PIL import Image  # noqa: PLC0415 - installed with matplotlib

    with Image.open(path) as image:
        reduced = image.convert("RGB").quantize(colors=colours)
    reduced.save(path, optimize=True)


def _week() -> tuple[footdrop.Routine, footdrop.Plan]:
    routine = footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT)
    day = footdrop.Availability.daily(start=dt.time(7, 30), end=dt.time(21), tz="Europe/London")
    plan = footdrop.schedule(routine, start=START, days=7, availability=day)
    return routine, plan


def handout_png() -> Path:
    """The first printed page of the handout, as Chromium draws it."""
    routine, plan = _week()
    details = HandoutDetails(
        patient="Anna Smith",
        clinician="Sam Patel",
        clinic="Riverside Physiotherapy",
        review_on=START + dt.timedelta(days=21),
    )
    target = STATIC / "handout.png"
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "handout.html"
        page.write_text(handout(plan, routine=routine, details=details), encoding="utf-8")
        subprocess.run(
            [_browser(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--window-size=900,1000", f"--screenshot={target}", page.as_uri()],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
    _small(target)
    return target


def plot_pngs() -> list[Path]:
    """Each plot of footdrop.export.plot, drawn from fixed, simulated data."""
    routine, plan = _week()
    four_weeks = footdrop.schedule(
        routine, start=START, days=28,
        availability=footdrop.Availability.daily(
            start=dt.time(7, 30), end=dt.time(21), tz="Europe/London"),
    )  # fmt: skip
    one = footdrop.Routine.from_catalogue(
        affected=footdrop.Side.LEFT, only=["ankle-eversion", "single-leg-stance"]
    )
    run = simulate(one, SteadyImprover(), start=START, weeks=12)
    written = []
    figures = {
        "plot-week.png": plot_week(plan).figure,
        "plot-progress.png": plot_progress(
            run.history, run.decisions, exercise_id="ankle-eversion"
        ).figure,
        "plot-adherence.png": plot_adherence(
            four_weeks, logs_following(four_weeks, skip_every=3), routine=routine
        ).figure,
    }
    for name, figure in figures.items():
        target = STATIC / name
        figure.savefig(target, dpi=80)
        _small(target, colours=32)
        written.append(target)
    return written


def main() -> None:
    """Write every picture and say where."""
    STATIC.mkdir(exist_ok=True)
    for path in (handout_png(), *plot_pngs()):
        print(f"wrote {path} ({path.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
