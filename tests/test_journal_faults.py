"""Journal faults tried for real: racing first writers, kills, a full disk, damage, new versions.

Every test runs processes: the journal's promises are about files and processes, not objects.
Nothing acknowledged may be lost, and every failure must be one clear line.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from typing import TYPE_CHECKING, Any

import pytest

from footdrop import ExerciseLog, cli, journal
from footdrop.journal import Journal

if TYPE_CHECKING:
    from pathlib import Path

START = dt.date(2000, 1, 1)
# Four processes, each logging through the command's own code path, one log per call.
LOGGER = """
import datetime as dt, os, sys, time
from footdrop import cli
path, first, count, go = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
while not os.path.exists(go):
    time.sleep(0.002)
for i in range(first, first + count):
    day = (dt.date(2000, 1, 1) + dt.timedelta(days=i)).isoformat()
    if cli.main(["log", "towel-scrunches", "--sets", "1", "--reps", "5", "--on", day,
                 "--journal", path]) != 0:
        sys.exit(1)
"""
# A writer that acknowledges each log on stdout once add_log has returned.
WRITER = """
import datetime as dt, sys
from footdrop import ExerciseLog
from footdrop.exceptions import JournalError
from footdrop.journal import Journal
path, pages = sys.argv[1], int(sys.argv[2])
print("ready", flush=True)
try:
    with Journal(path) as journal:
        if pages:
            journal._connection.execute(f"PRAGMA max_page_count = {pages}")
        for i in range(100_000):
            journal.add_log(ExerciseLog(on=dt.date(2000, 1, 1) + dt.timedelta(days=i),
                                        exercise_id="towel-scrunches", side=None, sets=1, reps=5,
                                        notes="x" * 200))
            print(i, flush=True)
except JournalError as exc:
    print("error", str(exc).replace(chr(10), "<newline>"), flush=True)
with Journal(path, read_only=True) as journal:
    print("held", journal.count_logs(), "check", len(journal.quick_check()), flush=True)
"""


def footdrop(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "footdrop", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )


@functools.cache
def can_unshare() -> bool:
    """Whether this machine lets a process mount in a namespace of its own (tmpfs, read-only)."""
    if shutil.which("unshare") is None:
        return False
    done = subprocess.run(["unshare", "-rm", "true"], capture_output=True, check=False)
    return done.returncode == 0


def held(path: Path) -> set[str]:
    with Journal(path, read_only=True) as journal:
        return {log.on.isoformat() for log in journal.logs()}


def make_journal(path: Path, count: int) -> None:
    with Journal(path) as journal:
        journal.add_logs(
            ExerciseLog(
                on=START + dt.timedelta(days=i),
                exercise_id="towel-scrunches",
                side=None,
                sets=1,
                reps=5,
            )
            for i in range(count)
        )


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    lines = done.stderr.strip().splitlines()
    assert 1 == len(lines), done.stderr
    assert lines[0].startswith("footdrop: error: ")
    return lines[0]


class TestFirstUse:
    def test_four_first_writers_keep_every_log(self, tmp_path: Path):
        """Four 'footdrop log' loops on a fresh path, at once: none fails, all 1,000 logs kept."""
        path, go = tmp_path / "journal.sqlite3", tmp_path / "go"
        writers = [
            subprocess.Popen(
                [sys.executable, "-c", LOGGER, str(path), str(k * 250), "250", str(go)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for k in range(4)
        ]
        time.sleep(0.3)
        go.touch()
        errors = [w.communicate(timeout=300)[1] for w in writers]
        assert [(0, "")] * 4 == [(w.returncode, e) for w, e in zip(writers, errors, strict=True)]
        expected = {(START + dt.timedelta(days=i)).isoformat() for i in range(1000)}
        assert expected == held(path)

    def test_a_zero_byte_file_becomes_a_journal(self, tmp_path: Path):
        """A file made by touch is read as an empty journal, then takes the first log."""
        path = tmp_path / "journal.sqlite3"
        path.touch()
        empty = footdrop("history", "--journal", str(path))
        logged = footdrop(
            "log", "towel-scrunches", "--sets", "1", "--reps", "5", "--on", "2026-03-01",
            "--journal", str(path),
        )  # fmt: skip
        expected = (0, "", 0, {"2026-03-01"})
        assert expected == (empty.returncode, empty.stderr, logged.returncode, held(path))


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX only")
class TestKills:
    @pytest.mark.parametrize("seed", range(6))
    def test_a_kill_at_a_random_point_loses_nothing_acknowledged(self, tmp_path: Path, seed: int):
        """SIGKILL during creation or writing: the journal opens, sound, with every ack'd log."""
        path = tmp_path / "journal.sqlite3"
        delay = random.Random(seed).uniform(0.0, 0.6)  # noqa: S311 - a reproducible kill time
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout is not None
        assert "ready" == writer.stdout.readline().strip()
        time.sleep(delay)
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
        lines = writer.stdout.read().split("\n")[:-1]  # a line cut by the kill is no ack
        acknowledged = {(START + dt.timedelta(days=int(n))).isoformat() for n in lines if n}
        with Journal(path) as journal:
            expected = ((), True)
            found = {log.on.isoformat() for log in journal.logs()}
            assert expected == (journal.quick_check(), acknowledged <= found)


class TestFullDisk:
    def test_a_full_disk_is_one_line_and_keeps_every_acknowledged_log(self, tmp_path: Path):
        """On a tiny tmpfs (or with a page limit) writing stops with one line; nothing is lost."""
        path = tmp_path / "journal.sqlite3"
        if can_unshare():
            folder = tmp_path / "small"
            folder.mkdir()
            path = folder / "journal.sqlite3"
            command = [
                "unshare", "-rm", "sh", "-c",
                f'mount -t tmpfs -o size=160k tmpfs "{folder}" && exec "$0" "$@"',
                sys.executable, "-c", WRITER, str(path), "0",
            ]  # fmt: skip
        else:
            command = [sys.executable, "-c", WRITER, str(path), "40"]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        lines = done.stdout.strip().splitlines()
        acknowledged = sum(line.isdigit() for line in lines)
        error = [line for line in lines if line.startswith("error ")]
        expected = (0, 1, True, f"held {acknowledged} check 0")
        assert expected == (
            done.returncode,
            len(error),
            "the disk is full" in error[0] and "<newline>" not in error[0],
            lines[-1],
        ), done.stderr
        assert acknowledged > 0


class TestDamage:
    def test_a_truncated_journal_fails_history_and_progress_in_one_line(
        self, tmp_path: Path, clear_screening: str
    ):
        """A journal cut to half its size: history and progress exit 1 with one clear line."""
        path = tmp_path / "journal.sqlite3"
        make_journal(path, 400)
        size = path.stat().st_size
        with path.open("r+b") as file:
            file.truncate(size // 2)
        history = footdrop("history", "--journal", str(path))
        progress = footdrop(
            "progress", "--affected", "left", "--journal", str(path), "--on", "2027-03-01",
            "--screening", clear_screening,
        )  # fmt: skip
        expected = (1, True, 1, True)
        assert expected == (
            history.returncode,
            "damaged" in one_line(history),
            progress.returncode,
            "damaged" in one_line(progress),
        )

    def test_one_unreadable_row_is_named_and_the_rest_shown_on_request(
        self, tmp_path: Path, clear_screening: str
    ):
        """A row that cannot be read is named; --skip-bad lists the others and warns of it."""
        path = tmp_path / "journal.sqlite3"
        make_journal(path, 5)
        raw = sqlite3.connect(path)
        with raw:
            raw.execute("UPDATE logs SET body = '{not json' WHERE id = 3")
        raw.close()
        plain = footdrop("history", "--journal", str(path))
        progress = footdrop(
            "progress", "--affected", "left", "--journal", str(path), "--on", "2027-03-01",
            "--screening", clear_screening,
        )  # fmt: skip
        skipping = footdrop("history", "--skip-bad", "--journal", str(path))
        expected = (1, True, 1, True, 0, 4, ["warning: skipped log 3 cannot be read"])
        assert expected == (
            plain.returncode,
            "log 3" in one_line(plain),
            progress.returncode,
            "log 3" in one_line(progress),
            skipping.returncode,
            skipping.stdout.count("towel-scrunches"),
            [line[:37] for line in skipping.stderr.splitlines()],
        )

    def test_a_damaged_page_fails_the_quick_check(self, tmp_path: Path):
        """Garbage over a page of the logs table is caught by the check, in one line."""
        path = tmp_path / "journal.sqlite3"
        make_journal(path, 400)
        middle = path.stat().st_size // 4096 // 2  # a page of the logs table
        with path.open("r+b") as file:
            file.seek(4096 * middle)
            file.write(b"\xff" * 2000)
        done = footdrop("history", "--journal", str(path))
        assert (1, True) == (done.returncode, "damaged" in one_line(done))

    def test_a_newer_journal_is_refused_in_one_line(self, tmp_path: Path):
        """A journal from a newer footdrop: log, history and progress each say to upgrade."""
        path = tmp_path / "journal.sqlite3"
        make_journal(path, 3)
        raw = sqlite3.connect(path)
        raw.execute("PRAGMA user_version = 99")
        raw.close()
        runs = [
            footdrop("history", "--journal", str(path)),
            footdrop(
                "progress", "--affected", "left", "--journal", str(path), "--on", "2027-03-01"
            ),
            footdrop(
                "log", "towel-scrunches", "--sets", "1", "--reps", "5", "--journal", str(path)
            ),
        ]
        assert [(1, True)] * 3 == [(d.returncode, "upgrade footdrop" in one_line(d)) for d in runs]
        assert 3 == len(held_unchecked(path))


def held_unchecked(path: Path) -> list[int]:
    raw = sqlite3.connect(path)
    try:
        return [row[0] for row in raw.execute("SELECT id FROM logs")]
    finally:
        raw.close()


def pretend_read_only_media(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without namespaces: make every open but an immutable one fail, as on such media."""
    connect = sqlite3.connect

    def refuse_plain(database: str, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        if "immutable=1" not in database:
            msg = "unable to open database file"
            raise sqlite3.OperationalError(msg)
        return connect(database, *args, **kwargs)

    monkeypatch.setattr(journal, "_is_writable", lambda _path: False)
    monkeypatch.setattr(journal.sqlite3, "connect", refuse_plain)


def in_process(*args: str) -> tuple[int, str, str]:
    """Run the command in this process: its status, standard output and standard error."""
    out_buffer, err_buffer = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out_buffer), contextlib.redirect_stderr(err_buffer):
        status = cli.main(list(args))
    return status, out_buffer.getvalue(), err_buffer.getvalue()


class TestReadOnlyMedia:
    def test_history_reads_read_only_media_and_says_nothing_can_be_recorded(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ):
        """On read-only media (no -wal/-shm can be made) history lists the logs, with a note."""
        folder = tmp_path / "media"
        folder.mkdir()
        path = folder / "journal.sqlite3"
        make_journal(path, 3)
        if can_unshare():
            mount = f'mount --bind "{folder}" "{folder}" && mount -o remount,bind,ro "{folder}"'
            script = f'{mount} && "$0" -m footdrop history --journal "{path}"'
            done = subprocess.run(
                ["unshare", "-rm", "sh", "-c", script, sys.executable],
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            out, err, status = done.stdout, done.stderr, done.returncode
        else:  # no namespaces: make SQLite's ordinary read-only open fail as on such media
            pretend_read_only_media(monkeypatch)
            status, out, err = in_process("history", "--journal", str(path))
        expected = (0, 3, True)
        assert expected == (
            status,
            out.count("towel-scrunches"),
            "read-only media" in err and "nothing can be recorded" in err,
        ), err

    def test_logging_to_read_only_media_is_one_line(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ):
        """Recording on read-only media fails with one line naming the cause."""
        folder = tmp_path / "media"
        folder.mkdir()
        path = folder / "journal.sqlite3"
        make_journal(path, 1)
        if can_unshare():
            mount = f'mount --bind "{folder}" "{folder}" && mount -o remount,bind,ro "{folder}"'
            script = (
                f'{mount} && "$0" -m footdrop log towel-scrunches --sets 1 --reps 5 '
                f'--on 2026-03-01 --journal "{path}"'
            )
            done = subprocess.run(
                ["unshare", "-rm", "sh", "-c", script, sys.executable],
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
        else:
            pretend_read_only_media(monkeypatch)
            status, out, err = in_process(
                "log", "towel-scrunches", "--sets", "1", "--reps", "5", "--on", "2026-03-01",
                "--journal", str(path),
            )  # fmt: skip
            done = subprocess.CompletedProcess([], status, out, err)
        assert (1, True) == (done.returncode, "read-only" in one_line(done))
