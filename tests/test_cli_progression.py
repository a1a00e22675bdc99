"""Progression safety through the command line: `footdrop log` then `footdrop progress`."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from typing import TYPE_CHECKING

import attrs
import pytest

import footdrop
from footdrop import cli
from footdrop.journal import Journal

if TYPE_CHECKING:
    from pathlib import Path

START = dt.date(2026, 11, 16)


@pytest.fixture
def journal(tmp_path: Path, monkeypatch) -> Path:
    """A temporary journal, data folder and time zone for this test only."""
    path = tmp_path / "journal.sqlite3"
    monkeypatch.setenv("FOOTDROP_JOURNAL", str(path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setenv("TZ", "Europe/London")
    return path


@pytest.fixture
def call(journal, capsys):
    def call(*args: str) -> subprocess.CompletedProcess[str]:
        status = cli.main(list(args))
        captured = capsys.readouterr()
        return subprocess.CompletedProcess(list(args), status, captured.out, captured.err)

    return call


def _day(offset: int) -> str:
    return (START + dt.timedelta(days=offset)).isoformat()


def _log_toe_raises(call, days, *extra: str) -> None:
    for offset in days:
        done = call(
            "log",
            "toe-raise-negatives",
            "--sets",
            "2",
            "--reps",
            "10",
            "--on",
            _day(offset),
            *extra,
        )
        assert 0 == done.returncode, done.stderr


def _progress(call, offset: int, screening: str) -> dict:
    done = call(
        "progress", "--on", _day(offset), "--affected", "left", "--format", "json",
        "--screening", screening,
    )  # fmt: skip
    assert 0 == done.returncode, done.stderr
    return json.loads(done.stdout)


def _item(document: dict, exercise_id: str) -> dict:
    return next(p for p in document["routine"]["items"] if p["exercise"]["id"] == exercise_id)


class TestThroughTheCommandLine:
    def test_logs_without_pain_do_not_progress(self, call, clear_screening):
        """A week of `footdrop log` without --pain: `footdrop progress` raises nothing."""
        _log_toe_raises(call, range(8))
        document = _progress(call, 8, clear_screening)
        assert 10 == _item(document, "toe-raise-negatives")["current"]["reps"]
        assert not [d for d in document["decisions"] if d["outcome"] == "applied"]

    def test_logs_with_low_pain_progress_once_a_week(self, call, clear_screening):
        """A week of logs at pain 2 raises toe raises by one rep, once."""
        _log_toe_raises(call, range(8), "--pain", "2")
        document = _progress(call, 8, clear_screening)
        assert 11 == _item(document, "toe-raise-negatives")["current"]["reps"]
        again = _progress(call, 9, clear_screening)
        assert 11 == _item(again, "toe-raise-negatives")["current"]["reps"]

    def test_a_late_next_morning_report_steps_back_down(self, call, journal, clear_screening):
        """A rise on day 8, then day 7's next-morning 8/10 reported late: day 9 steps back down."""
        _log_toe_raises(call, range(8), "--pain", "2")
        assert (
            11
            == _item(_progress(call, 8, clear_screening), "toe-raise-negatives")["current"]["reps"]
        )
        done = call(
            "log", "toe-raise-negatives", "--on", _day(7), "--pain-next-morning", "8"
        )  # fmt: skip
        assert 0 == done.returncode, done.stderr
        assert "recorded next-morning pain 8/10" in done.stdout
        document = _progress(call, 9, clear_screening)
        assert 10 == _item(document, "toe-raise-negatives")["current"]["reps"]
        (down,) = [d for d in document["decisions"] if d["outcome"] == "applied"]
        assert "late report of next-morning pain 8/10" in down["reason"]
        again = call("log", "toe-raise-negatives", "--on", _day(7), "--pain-next-morning", "2")
        assert 1 == again.returncode
        assert "already" in again.stderr

    def test_a_fall_flags_standing_work_and_holds_it(self, call, journal, clear_screening):
        """A fall in single-leg stance flags heel-and-toe walks too; good days do not lift it."""
        done = call(
            "log", "single-leg-stance", "--side", "left", "--sets", "2", "--hold", "5",
            "--support", "two-hands", "--pain", "1", "--fell", "--on", _day(0),
        )  # fmt: skip
        assert 0 == done.returncode, done.stderr
        document = _progress(call, 0, clear_screening)
        assert "fall" in (_item(document, "heel-and-toe-walks")["review"] or "")
        assert "fall" in (_item(document, "single-leg-stance")["review"] or "")
        for offset in range(1, 10):
            walk = call(
                "log", "heel-and-toe-walks", "--sets", "1", "--rounds", "3", "--pain", "1",
                "--on", _day(offset),
            )  # fmt: skip
            assert 0 == walk.returncode, walk.stderr
        later = _progress(call, 10, clear_screening)
        assert 3 == _item(later, "heel-and-toe-walks")["current"]["rounds"]
        with Journal(journal) as opened:
            assert opened.decisions()

    def test_a_log_of_the_other_side_on_affected_side_work_is_refused(self, call, journal):
        """Right-side stance on left-affected work exits 1 naming the fix; nothing is recorded."""
        routine = footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT)
        p = attrs.evolve(routine["single-leg-stance"], sides=footdrop.Sides.AFFECTED)
        with Journal(journal) as opened:
            opened.save_routine(routine.replace(p), on=START)
        done = call(
            "log", "single-leg-stance", "--side", "right", "--sets", "2", "--hold", "5",
            "--support", "two-hands", "--pain", "1", "--on", _day(1),
        )  # fmt: skip
        assert 1 == done.returncode
        assert "affected (left) side only" in done.stderr
        with Journal(journal) as opened:
            assert 0 == opened.count_logs()


class TestReviewCommand:
    def _fall(self, call, clear_screening) -> None:
        done = call(
            "log", "single-leg-stance", "--side", "left", "--sets", "2", "--hold", "5",
            "--support", "two-hands", "--pain", "1", "--fell", "--on", _day(0),
        )  # fmt: skip
        assert 0 == done.returncode, done.stderr
        _progress(call, 0, clear_screening)

    def test_a_review_closes_the_flags_and_is_kept(self, call, journal, clear_screening):
        """`footdrop review` closes the named flag, keeps the review and saves the routine."""
        self._fall(call, clear_screening)
        done = call(
            "review", "single-leg-stance", "--by", "A. Physio", "--decision",
            "A trip on a rug; keep two hands on the counter", "--on", _day(1),
        )  # fmt: skip
        assert 0 == done.returncode, done.stderr
        with Journal(journal) as opened:
            routine = opened.routine()
            reviews = opened.reviews()
        assert routine is not None
        assert (None, "fall") == (
            routine["single-leg-stance"].review,
            "fall" if "fall" in (routine["heel-and-toe-walks"].review or "") else None,
        )
        assert [("A. Physio", ("single-leg-stance",))] == [(r.by, r.closes) for r in reviews]

    def test_no_exercise_named_closes_every_open_flag(self, call, journal, clear_screening):
        """Without exercise ids the review closes every flag that is open."""
        self._fall(call, clear_screening)
        done = call("review", "--by", "A. Physio", "--decision", "Seen in clinic", "--on", _day(1))
        assert 0 == done.returncode, done.stderr
        with Journal(journal) as opened:
            routine = opened.routine()
        assert routine is not None
        assert [] == [p.exercise.id for p in routine.items if p.review is not None]

    def test_an_exercise_without_a_flag_or_unknown_is_refused(self, call, clear_screening):
        """Closing a flag that is not open, or a misspelt id, fails and records nothing."""
        self._fall(call, clear_screening)
        unflagged = call("review", "ankle-eversion", "--by", "P", "--decision", "ok")
        misspelt = call("review", "single-leg-stanse", "--by", "P", "--decision", "ok")
        assert (1, 1) == (unflagged.returncode != 0, misspelt.returncode != 0)
        assert "single-leg-stance" in misspelt.stderr

    def test_a_review_in_the_future_is_refused(self, call, clear_screening):
        """A review dated after today is a usage error (exit 2)."""
        done = call("review", "--by", "P", "--decision", "ok", "--on", "2999-01-01")
        assert (2, True) == (done.returncode, "after today" in done.stderr)
