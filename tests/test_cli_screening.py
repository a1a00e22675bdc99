"""The command line's red-flag screening: asked, stored, read from a file, or refused."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from footdrop import Plan, cli, safety
from footdrop.cli._common import RESCREEN_DAYS_LIMITS
from footdrop.exceptions import InvalidValueError, JournalRecordError
from footdrop.journal import MIGRATIONS, Journal
from footdrop.serialisation import dumps, loads

IDS = tuple(flag.id for flag in safety.RED_FLAGS)
START = "2026-11-24"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """An environment whose journal lives in the test's own folder."""
    return {
        **os.environ,
        "FOOTDROP_JOURNAL": str(tmp_path / "journal.sqlite3"),
        "XDG_DATA_HOME": str(tmp_path / "share"),
        "TZ": "Europe/London",
    }


def run(env, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m footdrop ARGS`` with no terminal (stdin is empty)."""
    return subprocess.run(
        [sys.executable, "-m", "footdrop", *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )


class _Terminal(io.StringIO):
    """Typed answers, on what looks like a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def call(env, monkeypatch, capsys):
    """footdrop.cli.main in this process; ``typed`` (if given) is answered on a terminal."""
    for key in ("FOOTDROP_JOURNAL", "XDG_DATA_HOME", "TZ"):
        monkeypatch.setenv(key, env[key])

    def call(*args: str, typed: str | None = None) -> subprocess.CompletedProcess[str]:
        stdin = io.StringIO("") if typed is None else _Terminal(typed)
        monkeypatch.setattr(sys, "stdin", stdin)
        status = cli.main(list(args))
        captured = capsys.readouterr()
        return subprocess.CompletedProcess(list(args), status, captured.out, captured.err)

    return call


def journal(env) -> Path:
    return Path(env["FOOTDROP_JOURNAL"])


def taken(hours_ago: float) -> dt.datetime:
    return dt.datetime.now(dt.UTC) - dt.timedelta(hours=hours_ago)


def screening(*yes: str, hours_ago: float = 1) -> safety.Screening:
    answers = {i: i in yes for i in IDS}
    return safety.screen(answers, taken_at=taken(hours_ago), answered_by="patient")


def write(folder: Path, value: safety.Screening, name: str = "screening.json") -> str:
    path = folder / name
    path.write_text(dumps(value), encoding="utf-8")
    return str(path)


ALL_NO = "n\n" * len(IDS)


def _version_1_journal(path: Path) -> None:
    """A journal as footdrop wrote it before the screenings table (schema version 1)."""
    raw = sqlite3.connect(path)
    for statement in MIGRATIONS[0].statements:
        raw.execute(statement)
    raw.execute("INSERT INTO routines (on_date, body) VALUES ('2026-11-24', 'x')")
    raw.execute("PRAGMA user_version = 1")
    raw.execute("PRAGMA application_id = 1178880561")
    raw.commit()
    raw.close()


class TestFirstLook:
    def test_readme_command_runs_unscreened_with_a_notice(self, env):
        """`footdrop plan --affected left` with no terminal and no journal plans, saying so."""
        done = run(env, "plan", "--affected", "left")
        assert 0 == done.returncode, done.stderr
        assert "not screened for red flags" in done.stderr
        assert "--screening FILE" in done.stderr
        assert "Plan from" in done.stdout
        assert "Not screened for red flags" in done.stdout
        assert not journal(env).exists()

    def test_unscreened_plan_records_none(self, env):
        """The first look's JSON plan records that it was not screened."""
        done = run(env, "plan", "--format", "json", "--start", START, "--days", "1")
        assert 0 == done.returncode, done.stderr
        assert loads(done.stdout, Plan).screening is None


class TestRefusals:
    def test_journal_without_screening_exits_2(self, env):
        """With a journal, no terminal and no screening, plan exits 2 saying how to give one."""
        Journal(journal(env)).close()
        done = run(env, "plan", "--start", START)
        assert 2 == done.returncode
        assert "no red-flag screening is on record" in done.stderr
        assert "--screening FILE" in done.stderr
        assert "" == done.stdout

    def test_version_1_journal_is_migrated_then_asked_for(self, env):
        """A journal from before screenings is brought forward, then a screening is asked for."""
        _version_1_journal(journal(env))
        done = run(env, "plan", "--start", START)
        assert 2 == done.returncode
        assert "no red-flag screening is on record" in done.stderr
        with Journal(journal(env), read_only=True) as held:
            assert len(MIGRATIONS) == held.schema_version

    def test_progress_always_needs_a_screening(self, env):
        """The progress command without a screening or a terminal exits 2, even with no journal."""
        done = run(env, "progress", "--on", START)
        assert 2 == done.returncode
        assert "--screening FILE" in done.stderr

    def test_rescreen_without_a_terminal_exits_2(self, env, tmp_path):
        """--rescreen asks again, which needs a terminal."""
        done = run(env, "plan", "--rescreen")
        assert 2 == done.returncode
        assert "no terminal" in done.stderr

    def test_stale_file_exits_2_and_the_period_is_configurable(self, env, tmp_path):
        """A screening 8 days old is refused under the default 7 days, accepted under 14."""
        path = write(tmp_path, screening(hours_ago=8 * 24))
        done = run(env, "plan", "--screening", path)
        assert 2 == done.returncode
        assert "not within the last 7 day(s)" in done.stderr
        longer = run(env, "plan", "--screening", path, "--rescreen-days", "14")
        assert 0 == longer.returncode, longer.stderr

    def test_future_file_exits_2(self, env, tmp_path):
        """A screening dated two hours ahead cannot vouch for now."""
        done = run(env, "plan", "--screening", write(tmp_path, screening(hours_ago=-2)))
        assert 2 == done.returncode
        assert "not within the last" in done.stderr

    def test_incomplete_file_exits_2_naming_the_questions(self, env, tmp_path):
        """A file that leaves questions out is refused, naming them."""
        partial = safety.Screening(
            taken_at=taken(1), answers=[safety.Answer(flag=i, is_yes=False) for i in IDS[:6]]
        )
        done = run(env, "plan", "--screening", write(tmp_path, partial))
        assert 2 == done.returncode
        assert "dizziness, breathless" in done.stderr
        assert not journal(env).exists()

    def test_invalid_file_exits_1_with_its_path(self, env, tmp_path):
        """A file that is not a screening document exits 1 with the JSON path."""
        path = tmp_path / "bad.json"
        path.write_text('{"schema_version": 1, "answers": [{"flag": "chest-pain"}]}')
        done = run(env, "plan", "--screening", str(path))
        assert 1 == done.returncode
        assert "$.answers[0].is_yes" in done.stderr

    @pytest.mark.parametrize("days", ["0", "29", "x"])
    def test_period_bounds(self, call, days):
        """--rescreen-days is a whole number within 1..28."""
        assert 2 == call("plan", "--rescreen-days", days).returncode

    def test_limits_match_the_library(self):
        """The CLI's period bounds and default are footdrop.safety's."""
        expected = (1, safety.RESCREEN_DAYS, safety.MAX_RESCREEN_DAYS)
        assert expected == RESCREEN_DAYS_LIMITS


class TestRedFlags:
    def test_plan_with_a_red_flag_exits_3_with_advice(self, env, tmp_path):
        """A red flag in --screening stops plan: exit 3, the urgent-care message, no plan."""
        path = write(tmp_path, screening("speech-or-vision"))
        done = run(env, "plan", "--screening", path)
        assert 3 == done.returncode
        assert "RED FLAG (speech-or-vision)" in done.stderr
        assert safety.ADVICE[safety.FlagGroup.STROKE] in done.stderr
        assert "" == done.stdout

    def test_red_flag_on_record_keeps_halting(self, env, tmp_path):
        """A red flag stored in the journal halts later plans until a newer clear screening."""
        flagged = write(tmp_path, screening("both-legs"))
        assert 3 == run(env, "plan", "--screening", flagged).returncode
        with Journal(journal(env)) as held:
            assert ("both-legs",) == tuple(f.id for f in held.last_screening().flags)
        again = run(env, "plan", "--start", START)
        assert 3 == again.returncode
        assert "--rescreen" in again.stderr
        assert "cauda equina" in again.stderr
        clear = write(tmp_path, screening(hours_ago=0.5), "clear.json")
        assert 0 == run(env, "plan", "--screening", clear).returncode
        assert 0 == run(env, "plan", "--start", START).returncode

    def test_progress_with_a_red_flag_changes_nothing(self, env, tmp_path):
        """A progress command stopped by a red flag exits 3 and saves no routine."""
        done = run(env, "progress", "--screening", write(tmp_path, screening("chest-pain")))
        assert 3 == done.returncode
        assert "Stop exercising now" in done.stderr
        with Journal(journal(env)) as held:
            assert held.routine() is None
            assert () == held.decisions()


class TestStored:
    def test_file_screening_is_stored_and_recorded_in_the_plan(self, env, tmp_path):
        """--screening is kept in the journal and in the plan; the next plan reuses it."""
        value = screening()
        path = write(tmp_path, value)
        done = run(env, "plan", "--format", "json", "--screening", path, "--days", "1")
        assert 0 == done.returncode, done.stderr
        assert value == loads(done.stdout, Plan).screening
        with Journal(journal(env)) as held:
            assert (value,) == held.screenings()
        again = run(env, "plan", "--format", "json", "--days", "1")
        assert 0 == again.returncode, again.stderr
        assert "planning under the red-flag screening" in again.stderr
        assert value == loads(again.stdout, Plan).screening
        text = run(env, "plan", "--screening", path)  # the same file again
        assert 0 == text.returncode, text.stderr
        assert "Made under the red-flag screening of" in text.stdout
        assert "): clear." in text.stdout
        with Journal(journal(env)) as held:
            assert 1 == len(held.screenings())

    def test_old_screening_in_the_journal_is_due(self, env):
        """A journal screening older than the period no longer vouches: exit 2, no terminal."""
        with Journal(journal(env)) as held:
            held.add_screening(screening(hours_ago=7 * 24 + 1))
        done = run(env, "plan")
        assert 2 == done.returncode
        assert "older than 7 day(s)" in done.stderr


class TestAsked:
    def test_terminal_asks_every_question_and_stores_the_answers(self, call, env):
        """On a terminal the eight questions are asked; the answers go to the journal and plan."""
        done = call("plan", "--format", "json", "--days", "1", typed=ALL_NO + "p\n")
        assert 0 == done.returncode, done.stderr
        for flag in safety.RED_FLAGS:
            assert flag.question in done.stderr
        with Journal(journal(env)) as held:
            (stored,) = held.screenings()
        assert stored.is_clear
        assert safety.Respondent.PATIENT is stored.answered_by
        assert stored == loads(done.stdout, Plan).screening
        assert 0 == call("plan", "--days", "1").returncode  # reused, not asked again

    def test_a_yes_on_the_terminal_halts_and_is_stored(self, call, env):
        """Answering yes to chest pain stops the plan with exit 3 and keeps the record."""
        typed = "n\n" * 5 + "y\n" + "n\n" * 2 + "\n"
        done = call("plan", typed=typed)
        assert 3 == done.returncode
        assert "Stop exercising now" in done.stderr
        with Journal(journal(env)) as held:
            assert ("chest-pain",) == tuple(f.id for f in held.last_screening().flags)

    def test_unclear_answers_are_asked_again(self, call, env):
        """'maybe' is not an answer: the question is asked again."""
        done = call("plan", "--days", "1", typed="maybe\n" + ALL_NO + "nurse\nc\n")
        assert 0 == done.returncode, done.stderr
        assert "please answer y (yes) or n (no)" in done.stderr
        assert "please answer p (patient), c (clinician)" in done.stderr
        with Journal(journal(env)) as held:
            assert safety.Respondent.CLINICIAN is held.last_screening().answered_by

    def test_input_ending_early_records_nothing(self, call, env):
        """Input that ends mid-screening exits 2; nothing is planned or stored."""
        done = call("plan", typed="n\nn\n")
        assert 2 == done.returncode
        assert "not finished" in done.stderr
        assert "" == done.stdout
        assert not journal(env).exists()

    def test_due_screening_is_asked_again(self, call, env):
        """When the last screening is older than the period, the terminal asks again."""
        with Journal(journal(env)) as held:
            held.add_screening(screening(hours_ago=3 * 24))
        done = call("plan", "--rescreen-days", "2", "--days", "1", typed=ALL_NO + "\n")
        assert 0 == done.returncode, done.stderr
        with Journal(journal(env)) as held:
            assert 2 == len(held.screenings())

    def test_rescreen_asks_even_when_current(self, call, env):
        """--rescreen asks again after a new symptom, even within the period."""
        with Journal(journal(env)) as held:
            held.add_screening(screening(hours_ago=1))
        typed = "y\n" + "n\n" * 7 + "\n"
        assert 3 == call("plan", "--rescreen", typed=typed).returncode
        with Journal(journal(env)) as held:
            assert 2 == len(held.screenings())


class TestJournalScreenings:
    def test_round_trip_and_order(self, tmp_path):
        """Screenings come back equal, oldest first; the last is the latest taken."""
        older, newer = screening(hours_ago=30), screening("dizziness", hours_ago=2)
        with Journal(tmp_path / "j.sqlite3") as held:
            assert held.last_screening() is None
            assert held.add_screening(newer)
            assert held.add_screening(older)
            assert (older, newer) == held.screenings()
            assert newer == held.last_screening()

    def test_same_screening_twice_is_kept_once(self, tmp_path):
        """Recording the very same screening again changes nothing and says so."""
        value = screening()
        with Journal(tmp_path / "j.sqlite3") as held:
            assert held.add_screening(value)
            assert not held.add_screening(value)
            assert 1 == len(held.screenings())

    def test_different_screening_at_the_same_moment_is_refused(self, tmp_path):
        """Two different screenings at one instant clash; the first stays."""
        value = screening()
        other = safety.screen(
            {i: i == "both-legs" for i in IDS}, taken_at=value.taken_at, answered_by="clinician"
        )
        with Journal(tmp_path / "j.sqlite3") as held:
            held.add_screening(value)
            with pytest.raises(JournalRecordError, match="different screening"):
                held.add_screening(other)
            assert (value,) == held.screenings()

    def test_undated_screening_is_refused(self, tmp_path):
        """The journal keeps dated screenings only."""
        with Journal(tmp_path / "j.sqlite3") as held, pytest.raises(InvalidValueError):
            held.add_screening(safety.Screening())

    def test_version_1_journal_gains_the_table(self, tmp_path):
        """A journal of schema version 1 is migrated forward; its logs stay."""
        path = tmp_path / "old.sqlite3"
        _version_1_journal(path)
        with Journal(path) as held:
            assert len(MIGRATIONS) == held.schema_version
            assert held.add_screening(screening())
        tables = sqlite3.connect(path).execute("SELECT name FROM sqlite_schema").fetchall()
        assert ("screenings",) in tables
        assert "routines" in json.dumps(tables)
