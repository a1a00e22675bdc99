"""The handout printed by a real browser: headless Chromium, pages counted with pypdf.

CI installs Chromium (``.ci/run``) and sets ``CI=true``; there a missing browser fails
these tests. On a machine without Chromium and without ``CI`` set, they are skipped.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
from typing import TYPE_CHECKING

import pytest

import footdrop
from footdrop.export.html import HandoutDetails, handout
from footdrop.export.pdf import handout_pdf

if TYPE_CHECKING:
    from pathlib import Path

pypdf = pytest.importorskip("pypdf")

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
MAX_PAGES = 4
START = dt.date(2026, 11, 23)


def browser() -> str:
    """The Chromium binary; fails in CI when it is missing, skips elsewhere."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI"):
        pytest.fail("Chromium is not installed, but CI must run the browser tests (see .ci/run)")
    pytest.skip("Chromium is not installed (CI installs it; set CI=true to make this fail)")
    raise AssertionError  # pragma: no cover - pytest.skip raised


def week() -> tuple[footdrop.Routine, footdrop.Plan]:
    routine = footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT)
    day = footdrop.Availability.daily(start=dt.time(7, 30), end=dt.time(21), tz="Europe/London")
    return routine, footdrop.schedule(routine, start=START, days=7, availability=day)


def print_to_pdf(page: str, folder: Path) -> list[str]:
    """Print an HTML page with headless Chromium; return each PDF page's text."""
    source = folder / "handout.html"
    target = folder / "handout.pdf"
    source.write_text(page, encoding="utf-8")
    subprocess.run(
        [browser(), "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--user-data-dir={folder / 'profile'}", f"--print-to-pdf={target}", source.as_uri()],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return [p.extract_text() for p in pypdf.PdfReader(target).pages]


def assert_tick_sheet_on_page_one(pages: list[str], routine: footdrop.Routine) -> None:
    assert len(pages) <= MAX_PAGES, f"{len(pages)} pages"
    first = pages[0]
    assert "Tick a box each time you do an exercise" in first
    for prescription in routine.items:  # every row of the sheet is on page 1
        assert prescription.exercise.name in first
    assert "Stay safe" in first
    assert "Your exercises" not in first
    assert pages[1].lstrip().startswith("Your exercises")


class TestPrintedHandout:
    @pytest.mark.parametrize("paper", ["a4", "letter"])
    def test_built_in_week_prints_on_at_most_four_pages(self, tmp_path, paper):
        """Chromium prints the built-in week in <= 4 pages, the whole tick sheet on page 1."""
        routine, plan = week()
        details = HandoutDetails(patient="Anna Smith", clinician="Sam Patel",
                                 clinic="Riverside Physiotherapy", contact="0123 456 789",
                                 review_on=dt.date(2026, 12, 14))  # fmt: skip
        pages = print_to_pdf(handout(plan, routine=routine, details=details, paper=paper), tmp_path)
        assert_tick_sheet_on_page_one(pages, routine)
        assert "Riverside Physiotherapy" in pages[0]

    def test_pdf_export_counts_the_same(self):
        """The PDF export of the same week also fits 4 pages with the tick sheet on page 1."""
        routine, plan = week()
        data = handout_pdf(plan, routine=routine)
        pages = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages]
        assert_tick_sheet_on_page_one(pages, routine)


class TestWithoutChromium:
    def test_fails_in_ci(self, monkeypatch):
        """With CI set and no Chromium, the browser tests fail rather than skip."""
        monkeypatch.setattr(shutil, "which", lambda _name: None)
        monkeypatch.setenv("CI", "true")
        with pytest.raises(pytest.fail.Exception, match=r"\.ci/run"):
            browser()

    def test_skips_elsewhere(self, monkeypatch):
        """Without CI set and no Chromium, they are skipped with the reason."""
        monkeypatch.setattr(shutil, "which", lambda _name: None)
        monkeypatch.delenv("CI", raising=False)
        with pytest.raises(pytest.skip.Exception, match="Chromium is not installed"):
            browser()
