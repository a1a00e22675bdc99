"""Tests for the footdrop command: end to end through subprocesses, plus a few in-process."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zoneinfo
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import footdrop
import footdrop.safety
from footdrop import cli
from footdrop.cli import _args as cli_args
from footdrop.cli import _output as cli_output
from footdrop.journal import JOURNAL_VERSION, Journal
from footdrop.serialisation import dumps, loads

START = "2026-11-24"
ZONE = "Europe/London"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """An environment whose journal and data folder live in the test's own folder."""
    return {
        **os.environ,
        "FOOTDROP_JOURNAL": str(tmp_path / "journal.sqlite3"),
        "XDG_DATA_HOME": str(tmp_path / "share"),
        "TZ": ZONE,
        "PYTHONWARNINGS": "error::DeprecationWarning",
    }


def run(
    env: dict[str, str], *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m footdrop ARGS`` and return the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "footdrop", *args],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=120,
        check=False,
    )


@pytest.fixture
def call(env, monkeypatch, capsys):
    """Run footdrop.cli.main in this process (quicker), with the same environment as run()."""
    for key in ("FOOTDROP_JOURNAL", "XDG_DATA_HOME", "TZ"):
        monkeypatch.setenv(key, env[key])

    def call(*args: str) -> subprocess.CompletedProcess[str]:
        status = cli.main(list(args))
        captured = capsys.readouterr()
        return subprocess.CompletedProcess(list(args), status, captured.out, captured.err)

    return call


def error_line(process: subprocess.CompletedProcess[str]) -> str:
    """The single error line a failed command printed."""
    lines = [line for line in process.stderr.splitlines() if not line.startswith("footdrop: note:")]
    assert 1 == len(lines), process.stderr
    assert lines[0].startswith("footdrop: error: "), process.stderr
    assert "Traceback" not in process.stderr
    return lines[0]


def journal_path(env: dict[str, str]) -> Path:
    return Path(env["FOOTDROP_JOURNAL"])


def screening_file(folder: Path, *, hours_ago: float = 1, **flags: bool) -> str:
    """A screening JSON file taken *hours_ago* (by the real clock); *flags* answer yes."""
    answers = {
        flag.id: flags.get(flag.id.replace("-", "_"), False) for flag in footdrop.safety.RED_FLAGS
    }
    taken = dt.datetime.now(dt.UTC) - dt.timedelta(hours=hours_ago)
    path = folder / f"screening-{len(list(folder.glob('screening-*')))}.json"
    path.write_text(dumps(footdrop.safety.screen(answers, taken_at=taken)), encoding="utf-8")
    return str(path)


class TestHelp:
    def test_help_lists_every_command(self, env):
        """The top-level --help exits 0 and lists every command with an example."""
        done = run(env, "--help")
        assert 0 == done.returncode
        for command in ("plan", "catalogue", "check", "log", "history", "progress"):
            assert command in done.stdout
        assert "examples:" in done.stdout

    @pytest.mark.parametrize(
        "command", ["plan", "catalogue", "check", "log", "history", "progress"]
    )
    def test_every_command_has_help_with_an_example(self, command, capsys):
        """Each command's --help exits 0 and shows an example of itself."""
        assert 0 == cli.main([command, "--help"])
        shown = capsys.readouterr().out
        assert "examples:" in shown
        assert f"footdrop {command}" in shown.split("examples:")[1]

    def test_help_imports_nothing_heavy(self, env):
        """--help loads no export, no extra, and no cattrs, sqlite3, platformdirs or tzlocal."""
        script = (
            "import sys, contextlib, io\n"
            "from footdrop import cli\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    cli.main(['--help'])\n"
            "heavy = {'icalendar', 'pandas', 'matplotlib', 'cattrs', 'sqlite3',\n"
            "         'platformdirs', 'tzlocal'}\n"
            "print(sorted(m for m in sys.modules\n"
            "             if m.split('.')[0] in heavy or m.startswith('footdrop.export.')))\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
        )
        assert "[]\n" == done.stdout, done.stderr

    def test_no_command_is_a_usage_error(self, env):
        """The bare command exits 2 with one error line."""
        done = run(env)
        assert 2 == done.returncode
        assert "name a command" in error_line(done)

    def test_unknown_option_is_one_line(self, capsys):
        """An unknown option exits 2 with one line naming it and pointing at --help."""
        assert 2 == cli.main(["plan", "--colour", "red"])
        err = capsys.readouterr().err.strip().splitlines()
        assert 1 == len(err)
        assert "--colour" in err[0]
        assert "footdrop plan --help" in err[0]

    def test_version(self, capsys):
        """--version prints the installed version."""
        assert 0 == cli.main(["--version"])
        assert f"footdrop {footdrop.__version__}\n" == capsys.readouterr().out


class TestPlan:
    def test_text_timetable(self, env):
        """The text plan shows every day, sessions with times, and exercises by name."""
        done = run(env, "plan", "--affected", "left", "--start", START, "--tz", ZONE)
        assert 0 == done.returncode, done.stderr
        days = [dt.date(2026, 11, 24) + dt.timedelta(days=i) for i in range(7)]
        for day in days:
            assert f"{day:%a %d %b %Y}" in done.stdout
        assert "Ankle eversion" in done.stdout
        assert "the default programme" in done.stdout

    def test_json_reads_back_as_a_plan(self, env):
        """--format json prints a document footdrop.serialisation.loads reads as a Plan."""
        done = run(
            env,
            "plan",
            "--format",
            "json",
            "--start",
            START,
            "--days",
            "3",
            "--tz",
            ZONE,
            "--window",
            "07:30-09:00",
            "--window",
            "18:00-21:30",
        )
        assert 0 == done.returncode, done.stderr
        plan = loads(done.stdout, footdrop.Plan)
        assert ZONE == plan.tz
        assert [dt.date(2026, 11, 24 + i) for i in range(3)] == [d.date for d in plan.days]
        zone = zoneinfo.ZoneInfo(ZONE)
        windows = ((dt.time(7, 30), dt.time(9)), (dt.time(18), dt.time(21, 30)))
        for day in plan.days:
            for session in day.sessions:
                start, end = session.start.astimezone(zone), session.end.astimezone(zone)
                assert any(a <= start.time() and end.time() <= b for a, b in windows)

    def test_same_plan_as_the_library(self, call, env):
        """The command's JSON plan equals footdrop.schedule() called with the same inputs."""
        done = call(
            "plan",
            "--format",
            "json",
            "--start",
            START,
            "--affected",
            "right",
            "--tz",
            "America/New_York",
        )
        routine = footdrop.Routine.from_catalogue(affected=footdrop.Side.RIGHT)
        availability = footdrop.Availability.daily(
            start=dt.time(8), end=dt.time(20), tz="America/New_York"
        )
        expected = footdrop.schedule(
            routine, start=dt.date(2026, 11, 24), days=7, availability=availability
        )
        assert expected == loads(done.stdout, footdrop.Plan)

    def test_ics_to_a_file_with_progress(self, env, tmp_path):
        """--format ics -o FILE writes a calendar with one event per session, showing progress."""
        target = tmp_path / "week.ics"
        done = run(
            env,
            "plan",
            "--format",
            "ics",
            "--start",
            START,
            "--tz",
            ZONE,
            "-o",
            str(target),
            "--progress",
        )
        assert 0 == done.returncode, done.stderr
        assert "" == done.stdout
        assert "footdrop: planning 7 day(s)..." in done.stderr
        assert "footdrop: done in" in done.stderr
        icalendar = pytest.importorskip("icalendar")
        calendar = icalendar.Calendar.from_ical(target.read_bytes())
        events = [c for c in calendar.walk() if c.name == "VEVENT"]
        plan = self._library_plan()
        assert sum(len(d.sessions) for d in plan.days) == len(events)

    def test_fhir_is_a_bundle(self, env):
        """--format fhir prints a FHIR Bundle as JSON."""
        done = run(env, "plan", "--format", "fhir", "--start", START, "--days", "2")
        assert 0 == done.returncode, done.stderr
        bundle = json.loads(done.stdout)
        assert "Bundle" == bundle["resourceType"]
        assert bundle["entry"]

    def test_html_handout(self, env):
        """--format html prints an HTML page naming the exercises."""
        done = run(env, "plan", "--format", "html", "--start", START, "--days", "2")
        assert 0 == done.returncode, done.stderr
        assert "<html" in done.stdout.lower()
        assert "Ankle eversion" in done.stdout

    def test_routine_file_is_used(self, call, env, tmp_path):
        """--routine FILE plans that routine: only its exercises appear."""
        routine = footdrop.Routine.from_catalogue(
            affected=footdrop.Side.RIGHT, only=["ankle-alphabet", "towel-scrunches"]
        )
        path = tmp_path / "routine.json"
        path.write_text(dumps(routine))
        done = call("plan", "--routine", str(path), "--format", "json", "--start", START)
        assert 0 == done.returncode, done.stderr
        plan = loads(done.stdout, footdrop.Plan)
        ids = {i.exercise_id for d in plan.days for s in d.sessions for i in s.items}
        assert {"ankle-alphabet", "towel-scrunches"} == ids

    def test_default_start_is_today(self, call, env):
        """Without --start the plan starts today in the chosen zone."""
        before = dt.datetime.now(zoneinfo.ZoneInfo("Asia/Tokyo")).date()
        done = call("plan", "--format", "json", "--days", "1", "--tz", "Asia/Tokyo")
        after = dt.datetime.now(zoneinfo.ZoneInfo("Asia/Tokyo")).date()
        assert loads(done.stdout, footdrop.Plan).days[0].date in {before, after}

    @pytest.mark.parametrize(
        ("args", "needle"),
        [
            (["--start", "2026-02-30"], "not a real date"),
            (["--start", "24/11/2026"], "YYYY-MM-DD"),
            (["--window", "21:00-19:00"], "ends before it starts"),
            (["--window", "7-9"], "HH:MM-HH:MM"),
            (["--tz", "Mars/Olympus"], "not a known IANA time zone"),
            (["--days", "0"], "--days"),
            (["--format", "docx"], "invalid choice"),
        ],
    )
    def test_usage_errors(self, args, needle, capsys):
        """Bad dates, windows, zones, counts and formats exit 2 with one line naming them."""
        assert 2 == cli.main(["plan", *args])
        err = capsys.readouterr().err.strip().splitlines()
        assert 1 == len(err)
        assert err[0].startswith("footdrop: error: ")
        assert needle in err[0]

    def test_bad_window_through_a_process(self, env):
        """A window that ends before it starts exits 2 with one line, no traceback."""
        done = run(env, "plan", "--window", "21:00-19:00")
        assert 2 == done.returncode
        assert "ends before it starts" in error_line(done)

    def test_missing_and_invalid_routine_files(self, call, env, tmp_path):
        """A missing routine file and an invalid one each exit 1 with one line naming the file."""
        missing = call("plan", "--routine", str(tmp_path / "nope.json"))
        assert 1 == missing.returncode
        assert "cannot read" in error_line(missing)
        bad = tmp_path / "bad.json"
        bad.write_text('{"schema_version": 1, "affected": "middle", "items": []}')
        invalid = call("plan", "--routine", str(bad))
        assert 1 == invalid.returncode
        assert str(bad) in error_line(invalid)

    def test_infeasible_plan_fails_with_reasons(self, env):
        """A window too short for the routine exits 1 and says why."""
        done = run(env, "plan", "--window", "08:00-08:05", "--start", START)
        assert 1 == done.returncode
        assert "footdrop: error: no plan fits" in done.stderr
        assert "Traceback" not in done.stderr

    def test_unwritable_output(self, call, env, tmp_path):
        """-o into a folder that does not exist exits 1 and writes nothing."""
        target = tmp_path / "no" / "plan.json"
        done = call("plan", "--format", "json", "-o", str(target))
        assert 1 == done.returncode
        assert "cannot write" in error_line(done)
        assert not target.parent.exists()

    @staticmethod
    def _library_plan() -> footdrop.Plan:
        routine = footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT)
        availability = footdrop.Availability.daily(start=dt.time(8), end=dt.time(20), tz=ZONE)
        return footdrop.schedule(
            routine, start=dt.date(2026, 11, 24), days=7, availability=availability
        )


class TestCatalogue:
    def test_lists_every_exercise(self, env):
        """The catalogue command lists every exercise id of the catalogue."""
        done = run(env, "catalogue")
        assert 0 == done.returncode
        listed = [line.split()[0] for line in done.stdout.splitlines()[: len(footdrop.catalogue())]]
        assert list(footdrop.catalogue()) == listed

    def test_one_exercise_in_full(self, capsys):
        """One exercise shows its steps, cautions, dose and the source of every number."""
        exercise = footdrop.catalogue()["ankle-eversion"]
        assert 0 == cli.main(["catalogue", "ankle-eversion"])
        shown = capsys.readouterr().out
        for text in (*exercise.steps, *exercise.cautions):
            assert text in shown
        for name in exercise.default_numbers():
            field = name.split(".")[1].replace("_", " ")
            assert f"  {field} " in shown
            assert exercise.source_of(name).basis.value in shown

    def test_json_reads_back(self, call, env):
        """--format json of one exercise reads back as the same Exercise."""
        done = call("catalogue", "single-leg-stance", "--format", "json")
        assert footdrop.catalogue()["single-leg-stance"] == loads(done.stdout, footdrop.Exercise)

    def test_unknown_id_suggests_the_nearest(self, env):
        """An unknown id exits 2 and suggests the nearest id."""
        done = run(env, "catalogue", "ankle-eversoin")
        assert 2 == done.returncode
        assert "did you mean 'ankle-eversion'" in error_line(done)


class TestCheck:
    def test_valid_plan_passes_and_broken_plan_fails(self, env, tmp_path):
        """A plan from footdrop plan passes; one with an item pushed past its ceiling fails."""
        path = tmp_path / "plan.json"
        made = run(
            env, "plan", "--format", "json", "--start", START, "--days", "2", "-o", str(path)
        )
        assert 0 == made.returncode, made.stderr
        good = run(env, "check", str(path))
        assert 0 == good.returncode, good.stdout + good.stderr
        assert "no violations" in good.stdout
        document = json.loads(path.read_text())
        item = document["days"][0]["sessions"][0]["items"][0]
        item["sets"] = 10
        path.write_text(json.dumps(document))
        bad = run(env, "check", str(path))
        assert 1 == bad.returncode
        assert "violation(s)" in bad.stdout
        assert item["exercise_id"] in bad.stdout

    def test_not_a_plan(self, call, env, tmp_path):
        """A file that is not a plan document exits 1 with the problem and its path."""
        path = tmp_path / "plan.json"
        path.write_text('{"schema_version": 1, "tz": "Europe/London"}')
        done = call("check", str(path))
        assert 1 == done.returncode
        line = error_line(done)
        assert "days" in line
        assert "$" in line


class TestLogAndHistory:
    def test_log_then_history(self, env):
        """A log is stored, and history --format json prints it as a JSON list of logs."""
        done = run(
            env,
            "log",
            "hip-rotation-slides",
            "--side",
            "left",
            "--sets",
            "2",
            "--reps",
            "12",
            "--hold",
            "3",
            "--pain",
            "2",
            "--on",
            START,
        )
        assert 0 == done.returncode, done.stderr
        listed = run(env, "history", "--format", "json")
        logs = loads(listed.stdout, list[footdrop.ExerciseLog])
        expected = footdrop.ExerciseLog(
            on=dt.date(2026, 11, 24),
            exercise_id="hip-rotation-slides",
            side=footdrop.Side.LEFT,
            sets=2,
            reps=12,
            hold_seconds=3,
            pain=2,
        )
        assert [expected] == logs
        text = run(env, "history")
        assert "hip-rotation-slides" in text.stdout
        assert "pain 2/10" in text.stdout

    def test_history_of_a_new_journal_is_empty(self, call, env):
        """The history of a missing journal prints an empty JSON list and creates nothing."""
        done = call("history", "--format", "json")
        assert 0 == done.returncode
        assert [] == json.loads(done.stdout)
        assert not journal_path(env).exists()

    def test_duplicate_is_refused(self, env):
        """The same sitting twice (an explicit --session) exits 1 naming the log to amend."""
        args = ("log", "ankle-eversion", "--sets", "1", "--reps", "10", "--on", START)
        assert 0 == run(env, *args, "--session", "1").returncode
        again = run(env, *args, "--session", "1")
        assert 1 == again.returncode
        assert "log 1 already records" in error_line(again)
        assert "footdrop amend 1" in error_line(again)
        with Journal(journal_path(env)) as journal:
            assert 1 == journal.count_logs()

    @pytest.mark.parametrize(
        ("args", "needle"),
        [
            (["ankle-eversoin", "--sets", "1", "--reps", "10"], "did you mean 'ankle-eversion'"),
            (["ankle-eversion", "--sets", "1", "--reps", "10", "--pain", "11"], "from 0 to 10"),
            (["ankle-eversion", "--sets", "1", "--reps", "10", "--on", "2026-13-01"], "real date"),
            (["ankle-eversion", "--sets", "1", "--reps", "10", "--side", "left"], "leave out"),
            (["hip-rotation-slides", "--sets", "1", "--reps", "10"], "--side left|right"),
            (["ankle-eversion", "--sets", "1"], "--reps"),
            (["ankle-eversion", "--reps", "10"], "--sets"),
        ],
    )
    def test_usage_errors(self, args, needle, capsys, env, monkeypatch):
        """Unknown ids, pain 11, bad dates and missing or wrong sides exit 2; nothing is written."""
        monkeypatch.setenv("FOOTDROP_JOURNAL", env["FOOTDROP_JOURNAL"])
        assert 2 == cli.main(["log", *args])
        err = capsys.readouterr().err.strip().splitlines()
        assert 1 == len(err)
        assert needle in err[0]
        assert not journal_path(env).exists()

    def test_pain_eleven_through_a_process(self, env):
        """Pain 11 exits 2 with one line and no traceback."""
        done = run(env, "log", "ankle-eversion", "--sets", "1", "--reps", "10", "--pain", "11")
        assert 2 == done.returncode
        assert "--pain" in error_line(done)


class TestJournalErrors:
    def test_not_a_journal(self, env):
        """A journal path holding another file exits 1, says so, and leaves the file alone."""
        journal_path(env).write_text("my notes\n" * 50)
        done = run(env, "log", "ankle-eversion", "--sets", "1", "--reps", "10")
        assert 1 == done.returncode
        assert "not a footdrop journal" in error_line(done)
        assert "my notes\n" * 50 == journal_path(env).read_text()

    def test_newer_journal(self, env):
        """A journal from a newer footdrop exits 1 and asks for an upgrade."""
        Journal(journal_path(env)).close()
        raw = sqlite3.connect(journal_path(env))
        raw.execute(f"PRAGMA user_version = {JOURNAL_VERSION + 1}")
        raw.commit()
        raw.close()
        done = run(env, "history")
        assert 1 == done.returncode
        assert "upgrade footdrop" in error_line(done)

    def test_journal_option_beats_the_environment(self, call, env, tmp_path):
        """--journal PATH is used instead of FOOTDROP_JOURNAL."""
        other = tmp_path / "other.sqlite3"
        done = run(
            env, "log", "ankle-eversion", "--sets", "1", "--reps", "10", "--journal", str(other)
        )
        assert 0 == done.returncode, done.stderr
        assert other.exists()
        assert not journal_path(env).exists()

    def test_default_journal_folder_is_created(self, env, tmp_path):
        """Without --journal or FOOTDROP_JOURNAL, the journal is made in the XDG data folder."""
        del env["FOOTDROP_JOURNAL"]
        done = run(env, "log", "ankle-eversion", "--sets", "1", "--reps", "10")
        assert 0 == done.returncode, done.stderr
        expected = tmp_path / "share" / "footdrop" / "journal.sqlite3"
        with Journal(expected) as journal:
            assert 1 == journal.count_logs()

    def test_folder_as_journal(self, env, tmp_path):
        """A folder given as the journal exits 1 with a clear line."""
        done = run(
            env, "log", "ankle-eversion", "--sets", "1", "--reps", "10", "--journal", str(tmp_path)
        )
        assert 1 == done.returncode
        assert "is a folder" in error_line(done)

    def test_read_only_journal(self, env, monkeypatch, capsys):
        """A journal SQLite cannot write to exits 1 with a read-only message; nothing changes."""
        monkeypatch.setenv("FOOTDROP_JOURNAL", env["FOOTDROP_JOURNAL"])
        assert 0 == cli.main(
            ["log", "ankle-eversion", "--sets", "1", "--reps", "10", "--on", START]
        )
        self._pragma_on_open(monkeypatch, "PRAGMA query_only = ON")
        capsys.readouterr()
        status = cli.main(
            ["log", "ankle-eversion", "--sets", "1", "--reps", "10", "--on", "2026-11-25"]
        )
        assert 1 == status
        assert "read-only" in capsys.readouterr().err
        monkeypatch.undo()
        with Journal(journal_path(env)) as journal:
            assert 1 == journal.count_logs()

    def test_full_disk(self, env, monkeypatch, capsys):
        """A full disk exits 1 saying so; the journal keeps what it had and passes its check."""
        monkeypatch.setenv("FOOTDROP_JOURNAL", env["FOOTDROP_JOURNAL"])
        assert 0 == cli.main(
            ["log", "ankle-eversion", "--sets", "1", "--reps", "10", "--on", START]
        )
        with Journal(journal_path(env)) as journal:
            pages = journal._connection.execute("PRAGMA page_count").fetchone()[0]
        self._pragma_on_open(monkeypatch, f"PRAGMA max_page_count = {pages}")
        capsys.readouterr()
        status = cli.main(
            [
                "log",
                "ankle-eversion",
                "--sets",
                "1",
                "--reps",
                "10",
                "--notes",
                "x" * 20_000,
                "--on",
                "2026-11-25",
            ]
        )
        assert 1 == status
        assert "disk is full" in capsys.readouterr().err
        monkeypatch.undo()
        with Journal(journal_path(env)) as journal:
            assert 1 == journal.count_logs()
            assert ("ok",) == journal.integrity_check()

    @staticmethod
    def _pragma_on_open(monkeypatch: pytest.MonkeyPatch, pragma: str) -> None:
        """Run *pragma* on every journal connection opened from now on."""
        original = Journal._set_wal

        def set_wal(connection: sqlite3.Connection, *, timeout_seconds: float) -> None:
            original(connection, timeout_seconds=timeout_seconds)
            connection.execute(pragma)

        monkeypatch.setattr(Journal, "_set_wal", staticmethod(set_wal))


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX only")
class TestKilledCommand:
    def test_killed_log_commands_leave_a_sound_journal(self, env):
        """Log commands killed at any moment: every exit-0 log is kept, the journal is sound."""
        finished = []
        for i, delay in enumerate((None, 0.05, 0.15, 0.25, 0.35, None, 0.3)):
            day = (dt.date(2026, 11, 1) + dt.timedelta(days=i)).isoformat()
            args = ["log", "towel-scrunches", "--sets", "2", "--reps", "10", "--on", day]
            process = subprocess.Popen(
                [sys.executable, "-m", "footdrop", *args],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            if delay is not None:
                time.sleep(delay)
                process.send_signal(signal.SIGKILL)
            if 0 == process.wait(timeout=60):
                finished.append(dt.date.fromisoformat(day))
        with Journal(journal_path(env)) as journal:
            assert ("ok",) == journal.integrity_check()
            held = [log.on for log in journal.logs()]
        assert 2 <= len(finished)
        assert set(finished) <= set(held)
        assert len(held) == len(set(held))


class TestProgress:
    def test_progress_stores_the_new_routine_and_plan_uses_it(self, call, env):
        """The progress command prints and saves decisions and next doses; plan then uses them."""
        for session, day in enumerate(("2026-11-22", "2026-11-23"), 1):
            done = call(
                "log",
                "ankle-eversion",
                "--sets",
                "1",
                "--reps",
                "15",
                "--hold",
                "5",
                "--pain",
                "1",
                "--on",
                day,
                "--session",
                str(session),
            )
            assert 0 == done.returncode, done.stderr
        screening = screening_file(journal_path(env).parent)
        done = run(
            env,
            *("progress", "--on", START, "--affected", "left", "--format", "json"),
            *("--screening", screening),
        )
        assert 0 == done.returncode, done.stderr
        document = json.loads(done.stdout)
        with Journal(journal_path(env)) as journal:
            saved = journal.routine()
            decisions = journal.decisions()
        assert saved is not None
        assert document["routine"] == json.loads(dumps(saved))
        assert len(document["decisions"]) == len(decisions)
        text = run(env, "progress", "--on", "2026-11-25")
        assert 0 == text.returncode, text.stderr
        assert "Next doses:" in text.stdout
        planned = run(env, "plan", "--start", START, "--days", "1")
        assert "saved in the journal" in planned.stdout

    def test_affected_side_must_agree(self, call, env):
        """--affected that disagrees with the saved routine exits 1 and says why."""
        with Journal(journal_path(env)) as journal:
            journal.save_routine(
                footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT),
                on=dt.date(2026, 11, 24),
            )
        screening = screening_file(journal_path(env).parent)
        done = call("plan", "--affected", "right", "--screening", screening)
        assert 1 == done.returncode
        assert "disagrees" in error_line(done)


class TestArguments:
    @given(
        st.times().map(lambda t: t.replace(second=0, microsecond=0)),
        st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    )
    def test_windows_parse_or_are_refused(self, start, end):
        """HH:MM-HH:MM parses to its two times when it ends later, and is refused otherwise."""
        text = f"{start:%H:%M}-{end:%H:%M}"
        if end > start:
            assert (start, end) == cli_args._window(text)
        else:
            with pytest.raises(argparse.ArgumentTypeError, match="ends before it starts"):
                cli_args._window(text)

    @given(st.integers(-50, 50))
    def test_pain_is_whole_zero_to_ten(self, value):
        """Pain is accepted exactly when it is a whole number from 0 to 10."""
        parse = cli_args._whole(0, 10)
        if 0 <= value <= 10:
            assert value == parse(str(value))
        else:
            with pytest.raises(argparse.ArgumentTypeError, match="from 0 to 10"):
                parse(str(value))

    @given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
    def test_dates_round_trip(self, day):
        """Every ISO date parses to itself."""
        assert day == cli_args._date(day.isoformat())


class TestProgressIndicator:
    class Terminal(io.StringIO):
        """A text stream that says it is a terminal."""

        def isatty(self) -> bool:
            return True

    def test_terminal_shows_a_spinner_then_the_time(self):
        """On a terminal the indicator animates on one line, then prints the elapsed time."""
        stream = self.Terminal()
        progress = cli_output._Progress(stream, enabled=True)
        progress.step("planning 90 day(s)")
        time.sleep(0.35)
        progress.done()
        shown = stream.getvalue()
        assert "\rfootdrop: planning 90 day(s)..." in shown
        assert shown.rstrip().rsplit("\x1b[K", 1)[-1].startswith("footdrop: done in")

    def test_disabled_shows_nothing(self):
        """A disabled indicator writes nothing."""
        stream = self.Terminal()
        progress = cli_output._Progress(stream, enabled=False)
        progress.step("planning")
        progress.done()
        assert "" == stream.getvalue()


class TestSystemZone:
    @given(st.sampled_from(sorted(zoneinfo.available_timezones() - {"localtime"})))
    def test_tz_names_are_taken(self, name):
        """Any IANA name in TZ is the system zone, with or without a leading colon."""
        assert (name, None) == cli.system_zone({"TZ": name})
        assert (name, None) == cli.system_zone({"TZ": f":{name}"})

    def test_the_system_setting_is_asked_without_tz(self):
        """Without TZ, the zone is the one the system names (through tzlocal)."""
        assert ("Asia/Tokyo", None) == cli.system_zone({}, lookup=lambda: "Asia/Tokyo")

    def test_tzlocal_is_asked_by_default(self):
        """By default the system is asked through tzlocal, which every platform supports."""
        import tzlocal

        expected = tzlocal.get_localzone_name() or "UTC"
        assert expected == cli.system_zone({})[0]

    @pytest.mark.parametrize(
        "lookup",
        [lambda: None, lambda: "", lambda: "Not/AZone", lambda: (_ for _ in ()).throw(OSError())],
        ids=["none", "empty", "unknown", "error"],
    )
    def test_falls_back_to_utc_with_a_note(self, lookup):
        """When nothing names a zone, UTC is used and a note says how to choose."""
        zone, note = cli.system_zone({"TZ": "nonsense"}, lookup=lookup)
        assert "UTC" == zone
        assert note is not None
        assert "--tz" in note
