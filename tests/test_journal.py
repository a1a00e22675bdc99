"""Tests for footdrop.journal: the SQLite store of routines, logs and decisions."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import footdrop
from footdrop import ExerciseLog, Side
from footdrop import journal as journal_module
from footdrop.exceptions import FootdropError, JournalError, JournalRecordError
from footdrop.journal import (
    APPLICATION_ID,
    JOURNAL_VERSION,
    MIGRATIONS,
    Journal,
    Migration,
    default_path,
)
from footdrop.testing import strategies as fs

DAY = dt.date(2026, 11, 24)
EXERCISES = ("ankle-eversion", "ankle-inversion", "hip-rotation-slides", "towel-scrunches")


def make_log(
    on: dt.date = DAY,
    exercise_id: str = "ankle-eversion",
    side: Side | None = None,
    session: int = 1,
    reps: int = 10,
) -> ExerciseLog:
    return ExerciseLog(
        on=on, exercise_id=exercise_id, side=side, sets=2, session=session, reps=reps
    )


logs_strategy = st.builds(
    ExerciseLog,
    on=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31)),
    exercise_id=st.sampled_from(EXERCISES),
    side=st.none() | st.sampled_from(Side),
    sets=st.integers(0, 10),
    session=st.integers(1, 12),
    reps=st.none() | st.integers(0, 1000),
    hold_seconds=st.none() | st.integers(0, 3600),
    pain=st.none() | st.integers(0, 10),
    pain_next_morning=st.none() | st.integers(0, 10),
    fell=st.booleans(),
    notes=st.none() | fs.texts(),
)


def fresh_path() -> Path:
    return Path(tempfile.mkdtemp(prefix="footdrop-journal-")) / "journal.sqlite3"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "journal.sqlite3"


class TestDefaultPath:
    @pytest.fixture
    def home(self, monkeypatch):
        """A home folder of /home/ada, without XDG_DATA_HOME."""
        monkeypatch.setenv("HOME", "/home/ada")
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
        return Path("/home/ada")

    def test_linux_uses_local_share(self, home):
        """Without XDG_DATA_HOME, Linux keeps the journal under ~/.local/share/footdrop."""
        found = default_path(environ={}, platform="linux")
        assert home / ".local/share/footdrop/journal.sqlite3" == found

    @given(st.lists(st.from_regex(r"[a-z]{1,8}", fullmatch=True), min_size=1, max_size=4))
    def test_linux_honours_absolute_xdg_data_home(self, parts):
        """An absolute XDG_DATA_HOME holds the footdrop folder."""
        base = "/" + "/".join(parts)
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("XDG_DATA_HOME", base)
            found = default_path(environ={}, platform="linux")
        assert Path(base) / "footdrop" / "journal.sqlite3" == found

    def test_linux_ignores_relative_xdg_data_home(self, home, monkeypatch):
        """A relative XDG_DATA_HOME is invalid by the XDG spec and is ignored."""
        monkeypatch.setenv("XDG_DATA_HOME", "data")
        found = default_path(environ={}, platform="linux")
        assert home / ".local/share/footdrop/journal.sqlite3" == found

    def test_macos_uses_application_support(self, home):
        """On macOS the journal lives under ~/Library/Application Support."""
        found = default_path(environ={}, platform="darwin")
        assert home / "Library/Application Support/footdrop/journal.sqlite3" == found

    def test_windows_uses_local_app_data(self, monkeypatch):
        """Windows keeps the journal in the local (not the roaming) application data folder."""
        import platformdirs.windows

        folders = {"CSIDL_LOCAL_APPDATA": "/u/AppData/Local", "CSIDL_APPDATA": "/u/AppData/Roaming"}
        monkeypatch.setattr(platformdirs.windows, "get_win_folder", folders.__getitem__)
        found = default_path(environ={}, platform="win32")
        assert Path("/u/AppData/Local/footdrop/journal.sqlite3") == found

    def test_windows_keeps_using_an_earlier_roaming_journal(self, tmp_path, monkeypatch):
        """A journal an earlier footdrop left in the roaming folder is used until a local one is."""
        import platformdirs.windows

        local, roaming = tmp_path / "Local", tmp_path / "Roaming"
        folders = {"CSIDL_LOCAL_APPDATA": str(local), "CSIDL_APPDATA": str(roaming)}
        monkeypatch.setattr(platformdirs.windows, "get_win_folder", folders.__getitem__)
        assert local / "footdrop" / "journal.sqlite3" == default_path(environ={}, platform="win32")
        (roaming / "footdrop").mkdir(parents=True)
        (roaming / "footdrop" / "journal.sqlite3").touch()
        old = roaming / "footdrop" / "journal.sqlite3"
        assert old == default_path(environ={}, platform="win32")
        (local / "footdrop").mkdir(parents=True)
        (local / "footdrop" / "journal.sqlite3").touch()
        assert local / "footdrop" / "journal.sqlite3" == default_path(environ={}, platform="win32")

    def test_this_machine_follows_platformdirs(self):
        """Without a platform, the folder is platformdirs' user data folder of this machine."""
        import platformdirs

        expected = platformdirs.user_data_path() / "footdrop" / "journal.sqlite3"
        assert expected == default_path(environ={})

    def test_environment_variable_wins(self):
        """FOOTDROP_JOURNAL overrides the platform folder on every platform."""
        for platform in ("linux", "darwin", "win32"):
            found = default_path(environ={"FOOTDROP_JOURNAL": "/x/j.db"}, platform=platform)
            assert Path("/x/j.db") == found

    @pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="XDG_DATA_HOME is Unix's")
    def test_default_folder_is_created(self, tmp_path, monkeypatch):
        """Opening the default journal creates its folder."""
        monkeypatch.setenv("FOOTDROP_JOURNAL", "")
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
        with Journal() as journal:
            assert tmp_path / "share" / "footdrop" / "journal.sqlite3" == journal.path
        assert (tmp_path / "share" / "footdrop" / "journal.sqlite3").is_file()


class TestOpening:
    def test_new_journal_is_marked_and_in_wal_mode(self, path):
        """A new journal carries footdrop's application id, the schema version and WAL mode."""
        Journal(path).close()
        raw = sqlite3.connect(path)
        try:
            assert APPLICATION_ID == raw.execute("PRAGMA application_id").fetchone()[0]
            assert JOURNAL_VERSION == raw.execute("PRAGMA user_version").fetchone()[0]
            assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        finally:
            raw.close()

    def test_empty_file_becomes_a_journal(self, path):
        """A zero-byte file (from touch) is set up as a new journal."""
        path.touch()
        with Journal(path) as journal:
            assert JOURNAL_VERSION == journal.schema_version

    def test_text_file_is_refused(self, path):
        """A file that is not SQLite at all is refused as not a journal, and left alone."""
        path.write_text("shopping list\n" * 100)
        with pytest.raises(JournalError, match="not a footdrop journal") as info:
            Journal(path)
        assert str(path) == info.value.path
        assert "shopping list\n" * 100 == path.read_text()

    def test_other_database_is_refused(self, path):
        """Another program's SQLite database is refused and not modified."""
        raw = sqlite3.connect(path)
        raw.execute("CREATE TABLE notes (x)")
        raw.commit()
        raw.close()
        before = path.read_bytes()
        with pytest.raises(JournalError, match="another program's SQLite database"):
            Journal(path)
        assert before == path.read_bytes()

    def test_newer_schema_is_refused(self, path):
        """A journal from a newer footdrop is refused with an upgrade hint."""
        Journal(path).close()
        raw = sqlite3.connect(path)
        raw.execute(f"PRAGMA user_version = {JOURNAL_VERSION + 1}")
        raw.commit()
        raw.close()
        with pytest.raises(JournalError, match=r"newer footdrop.*upgrade footdrop") as info:
            Journal(path)
        assert "upgrade footdrop" == info.value.fix

    def test_folder_is_refused(self, tmp_path):
        """A folder is not a journal file."""
        with pytest.raises(JournalError, match="is a folder"):
            Journal(tmp_path)

    def test_missing_folder_is_refused(self, tmp_path):
        """A path in a folder that does not exist is an error, and nothing is created."""
        target = tmp_path / "nowhere" / "journal.sqlite3"
        with pytest.raises(JournalError, match="does not exist"):
            Journal(target)
        assert not target.parent.exists()

    def test_errors_are_footdrop_and_os_errors(self, path):
        """JournalError is both a FootdropError and an OSError."""
        path.write_text("nope" * 100)
        with pytest.raises(FootdropError):
            Journal(path)
        with pytest.raises(OSError):
            Journal(path)

    def test_closed_journal_says_so(self, path):
        """Using a closed journal raises a JournalError, not an sqlite3 error."""
        journal = Journal(path)
        journal.close()
        with pytest.raises(JournalError, match="closed"):
            journal.logs()
        with pytest.raises(JournalError, match="closed"):
            journal.add_log(make_log())


class TestReadOnly:
    def test_reads_work_and_writes_are_refused(self, path):
        """A read-only journal reads its logs and refuses every write."""
        with Journal(path) as journal:
            journal.add_log(make_log())
        with Journal(path, read_only=True) as journal:
            assert (make_log(),) == journal.logs()
            with pytest.raises(JournalError, match="read-only"):
                journal.add_log(make_log(session=2))
        with Journal(path) as journal:
            assert 1 == journal.count_logs()

    def test_missing_file_is_not_created(self, path):
        """Opening a missing journal read-only is an error and creates nothing."""
        with pytest.raises(JournalError, match="no journal here yet"):
            Journal(path, read_only=True)
        assert not path.exists()

    @pytest.mark.skipif(
        not hasattr(os, "geteuid") or os.geteuid() == 0,
        reason="root writes through file permissions",
    )
    def test_read_only_file_refuses_writes(self, path):
        """A journal file without write permission gives a clear read-only error."""
        with Journal(path) as journal:
            journal.add_log(make_log())
        path.chmod(0o444)
        try:
            with pytest.raises(JournalError, match="read-only"), Journal(path) as journal:
                journal.add_log(make_log(session=2))
        finally:
            path.chmod(0o644)


class TestLogs:
    @settings(max_examples=25)
    @given(st.lists(logs_strategy, max_size=12, unique_by=lambda log: log.key))
    def test_logs_round_trip_by_date(self, logs):
        """Every recorded log reads back equal, ordered by date, then as recorded."""
        with Journal(fresh_path()) as journal:
            for log in logs:
                journal.add_log(log)
            expected = tuple(sorted(logs, key=lambda log: log.on))
            assert expected == journal.logs()
            assert len(logs) == journal.count_logs()

    @settings(max_examples=25)
    @given(
        st.lists(logs_strategy, min_size=1, max_size=8, unique_by=lambda log: log.key), st.data()
    )
    def test_a_clash_records_nothing(self, logs, data):
        """A batch holding a key already recorded is refused whole: nothing is added."""
        clash = data.draw(st.sampled_from(logs))
        with Journal(fresh_path()) as journal:
            journal.add_log(clash)
            fresh = [log for log in logs if log is not clash]
            with pytest.raises(JournalRecordError) as info:
                journal.add_logs([*fresh, clash])
            assert (clash,) == journal.logs()
        assert clash.exercise_id in info.value.key

    def test_duplicate_is_refused_not_dropped(self, path):
        """The same log twice is an error naming it and the fix; the first stays as it was."""
        first = make_log(reps=10)
        with Journal(path) as journal:
            journal.add_log(first)
            with pytest.raises(JournalRecordError, match="already holds a log") as info:
                journal.add_log(make_log(reps=12))
            assert (first,) == journal.logs()
        assert "use session=2" == info.value.fix
        assert isinstance(info.value, ValueError)

    def test_same_day_other_session_is_kept(self, path):
        """A second sitting on the same day is a separate log."""
        with Journal(path) as journal:
            journal.add_logs([make_log(session=1), make_log(session=2)])
            assert (1, 2) == tuple(log.session for log in journal.logs())

    def test_sided_and_unsided_keys_differ(self, path):
        """Left, right and no side are three different keys."""
        logs = [make_log(exercise_id="hip-rotation-slides", side=side) for side in (None, *Side)]
        with Journal(path) as journal:
            assert 3 == journal.add_logs(logs)

    def test_filters(self, path):
        """logs() keeps the dates and the exercise asked for."""
        logs = [
            make_log(on=DAY + dt.timedelta(days=i), exercise_id=EXERCISES[i % 2]) for i in range(6)
        ]
        with Journal(path) as journal:
            journal.add_logs(logs)
            since = journal.logs(since=DAY + dt.timedelta(days=2))
            until = journal.logs(until=DAY + dt.timedelta(days=1))
            only = journal.logs(exercise_id=EXERCISES[1])
        assert tuple(logs[2:]) == since
        assert tuple(logs[:2]) == until
        assert tuple(logs[1::2]) == only

    def test_non_log_is_a_type_error(self, path):
        """Recording something that is not an ExerciseLog raises a TypeError naming it."""
        with Journal(path) as journal, pytest.raises(TypeError, match="logs\\[0\\]"):
            journal.add_logs(["ankle-eversion"])  # type: ignore[list-item]


class TestRoutines:
    def test_no_routine_yet(self, path):
        """A new journal holds no routine."""
        with Journal(path) as journal:
            assert journal.routine() is None
            assert () == journal.routines()

    def test_latest_routine_wins_and_history_is_kept(self, path):
        """routine() is the last saved; routines() keeps every one with its date."""
        left = footdrop.Routine.from_catalogue(affected=Side.LEFT)
        right = footdrop.Routine.from_catalogue(affected=Side.RIGHT)
        with Journal(path) as journal:
            journal.save_routine(left, on=DAY)
            journal.save_routine(right, on=DAY + dt.timedelta(days=7))
            assert right == journal.routine()
            assert ((DAY, left), (DAY + dt.timedelta(days=7), right)) == journal.routines()


class TestDecisions:
    def test_progress_step_round_trips(self, path):
        """record_progress keeps the routine and every decision, with its evidence, exactly."""
        from footdrop.progression import Decision, Outcome

        evidence = (make_log(on=DAY - dt.timedelta(days=1)), make_log(on=DAY, reps=15))
        decisions = (
            Decision(
                on=DAY,
                exercise_id="ankle-eversion",
                lever="reps",
                before=10,
                after=11,
                rule="double-progression",
                evidence=evidence,
                reason="Every set hit the top.",
                outcome=Outcome.APPLIED,
            ),
            Decision(
                on=DAY,
                exercise_id="ankle-inversion",
                lever="reps",
                before=10,
                after=10,
                rule="engine",
                evidence=(),
                reason="Too little evidence.",
                outcome=Outcome.BLOCKED,
            ),
        )
        routine = footdrop.Routine.from_catalogue(affected=Side.RIGHT)
        with Journal(path) as journal:
            journal.record_progress(routine, decisions, on=DAY)
            assert routine == journal.routine()
            assert decisions == journal.decisions()
            assert decisions == journal.decisions(on=DAY)
            assert () == journal.decisions(on=DAY + dt.timedelta(days=1))

    def test_failed_progress_step_saves_nothing(self, path):
        """A progress step that cannot be written leaves neither routine nor decisions."""
        routine = footdrop.Routine.from_catalogue(affected=Side.LEFT)
        with Journal(path) as journal:
            journal._connection.execute("PRAGMA query_only = ON")
            with pytest.raises(JournalError, match="read-only"):
                journal.record_progress(routine, (), on=DAY)
            journal._connection.execute("PRAGMA query_only = OFF")
            assert journal.routine() is None


class TestMigrations:
    def test_the_old_name_still_works_and_warns(self):
        """footdrop.journal.SCHEMA_VERSION still gives the journal's version, with a warning."""
        with pytest.warns(DeprecationWarning, match="JOURNAL_VERSION"):
            old = journal_module.SCHEMA_VERSION
        assert JOURNAL_VERSION == old

    def test_an_unknown_name_is_an_attribute_error(self):
        """Other missing names still raise AttributeError."""
        with pytest.raises(AttributeError, match="no attribute 'NOPE'"):
            _ = journal_module.NOPE

    def test_steps_are_numbered_in_order(self):
        """Step i brings the journal to version i + 1, and the newest is JOURNAL_VERSION."""
        assert list(range(1, len(MIGRATIONS) + 1)) == [m.version for m in MIGRATIONS]
        assert JOURNAL_VERSION == MIGRATIONS[-1].version

    def test_older_journal_is_migrated_forward(self, path, monkeypatch):
        """Opening a journal of an older version runs the new steps and keeps every log."""
        with Journal(path) as journal:
            journal.add_log(make_log())
        step = Migration(
            version=JOURNAL_VERSION + 1,
            summary="Add a table of notes.",
            statements=("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)",),
        )
        monkeypatch.setattr(journal_module, "MIGRATIONS", (*MIGRATIONS, step))
        monkeypatch.setattr(journal_module, "JOURNAL_VERSION", JOURNAL_VERSION + 1)
        with Journal(path) as journal:
            assert JOURNAL_VERSION + 1 == journal.schema_version
            assert (make_log(),) == journal.logs()
        raw = sqlite3.connect(path)
        try:
            tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_schema")}
        finally:
            raw.close()
        assert "notes" in tables

    def test_read_only_open_does_not_migrate(self, path, monkeypatch):
        """A read-only open of an older journal asks for one writable open instead."""
        Journal(path).close()
        step = Migration(version=JOURNAL_VERSION + 1, summary="x", statements=("SELECT 1",))
        monkeypatch.setattr(journal_module, "MIGRATIONS", (*MIGRATIONS, step))
        monkeypatch.setattr(journal_module, "JOURNAL_VERSION", JOURNAL_VERSION + 1)
        with pytest.raises(JournalError, match="needs upgrading"):
            Journal(path, read_only=True)


class TestFullDisk:
    def test_full_disk_writes_nothing_and_says_so(self, path):
        """A full disk mid-batch is a clear error; the journal keeps what it had and is sound."""
        with Journal(path) as journal:
            journal.add_log(make_log())
            pages = journal._connection.execute("PRAGMA page_count").fetchone()[0]
            journal._connection.execute(f"PRAGMA max_page_count = {pages}")
            big = [make_log(on=DAY + dt.timedelta(days=i + 1), reps=i % 1000) for i in range(400)]
            with pytest.raises(JournalError, match="disk is full"):
                journal.add_logs(big)
            assert (make_log(),) == journal.logs()
            assert ("ok",) == journal.integrity_check()


WRITER = """
import datetime as dt, os, sys, time
from footdrop import ExerciseLog
from footdrop.journal import Journal

path, exercise, go = sys.argv[1], sys.argv[2], sys.argv[5]
count, batch = int(sys.argv[3]), int(sys.argv[4])
print("ready", flush=True)
while go != "-" and not os.path.exists(go):
    time.sleep(0.005)
start = dt.date(2000, 1, 1)
with Journal(path) as journal:
    for first in range(0, count, batch):
        logs = [
            ExerciseLog(on=start + dt.timedelta(days=i), exercise_id=exercise, side=None,
                        sets=2, reps=10)
            for i in range(first, min(first + batch, count))
        ]
        journal.add_logs(logs)
        for log in logs:
            print(log.on.isoformat(), log.exercise_id, flush=True)
"""


def start_writer(
    path: Path, exercise: str, count: int, batch: int, go: str
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), exercise, str(count), str(batch), go],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


class TestConcurrency:
    def test_two_processes_lose_nothing(self, path, tmp_path):
        """Two processes writing 500 logs each, at once, into a new journal leave 1,000 logs."""
        go = tmp_path / "go"
        writers = [start_writer(path, ex, 500, 1, str(go)) for ex in EXERCISES[:2]]
        for writer in writers:
            assert writer.stdout is not None
            assert "ready" == writer.stdout.readline().strip()
        go.touch()
        outputs = [writer.communicate(timeout=120) for writer in writers]
        assert [0, 0] == [writer.returncode for writer in writers], outputs
        with Journal(path) as journal:
            logs = journal.logs()
            assert ("ok",) == journal.integrity_check()
        assert 1000 == len(logs)
        assert {(ex, 500) for ex in EXERCISES[:2]} == {
            (ex, sum(log.exercise_id == ex for log in logs)) for ex in EXERCISES[:2]
        }


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX only")
class TestKill:
    @pytest.mark.parametrize("after", [1, 37, 250])
    def test_killed_writer_leaves_a_sound_journal(self, path, after):
        """A SIGKILLed writer leaves a sound journal: every acknowledged log, whole batches."""
        batch = 5
        writer = start_writer(path, "ankle-eversion", 100_000, batch, "-")
        assert writer.stdout is not None
        assert "ready" == writer.stdout.readline().strip()
        acknowledged = []
        while len(acknowledged) < after:
            line = writer.stdout.readline()
            assert line, writer.stderr.read() if writer.stderr else ""
            acknowledged.append(line.split())
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
        # Read through the same buffered reader as readline() above: communicate() would
        # read the pipe directly and miss what that reader already holds.
        rest = writer.stdout.read()
        # A line cut short by the kill is no acknowledgement: only whole lines count.
        whole_lines = rest.split("\n")[:-1]
        acknowledged += [line.split() for line in whole_lines if line.strip()]
        assert -signal.SIGKILL == writer.returncode
        with Journal(path) as journal:
            assert ("ok",) == journal.integrity_check()
            held = {(log.on.isoformat(), log.exercise_id) for log in journal.logs()}
        assert {tuple(key) for key in acknowledged} <= held
        assert 0 == len(held) % batch
