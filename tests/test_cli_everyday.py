"""Tests for the everyday commands, used as a patient or clinician would.

Logging, amending, withdrawing, the history, adherence and progress, all through the command line.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import footdrop
from footdrop import cli
from footdrop.cli._log_values import plausible_bound
from footdrop.cli._zone import _today
from footdrop.journal import Journal

ZONE = "Europe/London"


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A journal of the test's own, in the environment footdrop.cli.main reads."""
    values = {"FOOTDROP_JOURNAL": str(tmp_path / "journal.sqlite3"), "TZ": ZONE}
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    return {**os.environ, **values}


@pytest.fixture
def call(env, capsys):
    """Run footdrop.cli.main in this process and return what it printed and its status."""

    def call(*args: str) -> subprocess.CompletedProcess[str]:
        status = cli.main(list(args))
        captured = capsys.readouterr()
        return subprocess.CompletedProcess(list(args), status, captured.out, captured.err)

    return call


def today() -> dt.date:
    return _today(ZONE)


def days_ago(n: int) -> str:
    return (today() - dt.timedelta(days=n)).isoformat()


def logs(env: dict[str, str]) -> tuple[footdrop.ExerciseLog, ...]:
    with Journal(env["FOOTDROP_JOURNAL"]) as journal:
        return journal.logs()


def error(done: subprocess.CompletedProcess[str]) -> str:
    """The one error line a refused command printed."""
    lines = done.stderr.strip().splitlines()
    assert 1 == len(lines), done.stderr
    assert lines[0].startswith("footdrop: error: ")
    return lines[0]


class TestLogSittings:
    def test_a_second_eversion_sitting_needs_no_session_number(self, call, env):
        """Two eversion logs on one day become sittings 1 and 2 without --session."""
        first = call("log", "ankle-eversion", "--sets", "1", "--reps", "12", "--hold", "4")
        second = call("log", "ankle-eversion", "--sets", "1", "--reps", "11", "--hold", "4")
        assert (0, 0) == (first.returncode, second.returncode), second.stderr
        assert "session 2, as log 2" in second.stdout
        assert [1, 2] == [log.session for log in logs(env)]

    def test_a_sitting_beyond_the_daily_ceiling_is_kept_with_a_note(self, call, env):
        """A fourth eversion sitting is recorded, and the note names the ceiling of 3 a day."""
        for _ in range(4):
            done = call("log", "ankle-eversion", "--sets", "1", "--reps", "10")
        assert 0 == done.returncode
        assert "at most 3 a day" in done.stdout
        assert 4 == len(logs(env))


class TestLogMeasures:
    def test_ankle_alphabet_is_logged_in_letters(self, call, env):
        """--letters records the alphabet traced; --reps is refused for it, naming --letters."""
        done = call("log", "ankle-alphabet", "--side", "left", "--sets", "1", "--letters", "26")
        assert 0 == done.returncode, done.stderr
        refused = call("log", "ankle-alphabet", "--side", "left", "--sets", "1", "--reps", "26")
        assert 2 == refused.returncode
        assert "not dosed in reps" in error(refused)
        assert "--letters" in error(refused)
        assert [26] == [log.reps for log in logs(env)]

    def test_heel_and_toe_walks_are_logged_in_rounds_and_steps(self, call, env):
        """--rounds and --steps record a walk; history words them as rounds of steps."""
        done = call("log", "heel-and-toe-walks", "--sets", "1", "--rounds", "4", "--steps", "10")
        assert 0 == done.returncode, done.stderr
        (log,) = logs(env)
        assert (4, 10) == (log.reps, log.steps)
        assert "1 x 4 rounds of 10 steps" in call("history").stdout

    @pytest.mark.parametrize(
        ("args", "needle"),
        [
            (["towel-scrunches", "--sets", "1", "--letters", "5"], "not dosed in letters"),
            (["toe-raise-negatives", "--sets", "2", "--reps", "10", "--hold", "3"], "holds"),
            (["ankle-eversion", "--sets", "1", "--rounds", "3"], "not dosed in rounds"),
            (["ankle-eversion", "--sets", "1", "--reps", "10", "--support", "one-hand"], "support"),
            (["ankle-eversion", "--sets", "1", "--hold", "4"], "with --reps N"),
            (["ankle-eversion", "--sets", "1", "--reps", "0"], "--sets 0"),
        ],
    )
    def test_a_measure_must_be_the_exercises_own(self, call, env, args, needle):
        """Another exercise's measure, a missing count or a zero count exit 2; nothing is kept."""
        done = call("log", *args)
        assert 2 == done.returncode
        assert needle in error(done)
        assert not Path(env["FOOTDROP_JOURNAL"]).exists()


class TestLogBounds:
    @pytest.mark.parametrize(
        ("args", "bound"),
        [
            (["--reps", "200"], "at most 30 reps"),
            (["--reps", "12", "--hold", "999"], "at most 10 s"),
            (["--sets", "3", "--reps", "12"], "at most 2 sets"),
        ],
    )
    def test_implausible_values_are_refused_with_the_bound(self, call, env, args, bound):
        """--reps 200, --hold 999 and 3 sets of eversion exit 2 naming the bound."""
        sets = [] if "--sets" in args else ["--sets", "1"]
        done = call("log", "ankle-eversion", *sets, *args)
        assert 2 == done.returncode
        assert bound in error(done)
        assert "ceiling" in error(done)

    def test_a_future_date_is_refused(self, call, env):
        """--on tomorrow exits 2 naming today's date."""
        tomorrow = (today() + dt.timedelta(days=1)).isoformat()
        done = call("log", "ankle-eversion", "--sets", "1", "--reps", "10", "--on", tomorrow)
        assert 2 == done.returncode
        assert f"after today ({today().isoformat()})" in error(done)

    def test_a_skipped_exercise_asks_for_no_reps(self, call, env):
        """--sets 0 records a skip with no dose; a dose given with it is refused."""
        done = call("log", "towel-scrunches", "--sets", "0", "--notes", "no towel")
        assert 0 == done.returncode, done.stderr
        assert done.stdout.startswith("skipped towel-scrunches")
        refused = call("log", "towel-scrunches", "--sets", "0", "--reps", "10")
        assert "leave out --reps" in error(refused)
        ((sets, reps),) = [(log.sets, log.reps) for log in logs(env)]
        assert (0, None) == (sets, reps)

    @given(
        name=st.sampled_from(["sets", "reps", "hold_seconds", "letters", "rounds", "steps"]),
        exercise_id=st.sampled_from(sorted(footdrop.catalogue())),
    )
    def test_the_bound_is_twice_the_ceiling_within_the_table_limit(self, name, exercise_id):
        """Every bound lies between the prescribed ceiling and the measure's own limit."""
        from footdrop.model._measures import by_name

        prescription = footdrop.Prescription(exercise=footdrop.catalogue()[exercise_id])
        prescribed = getattr(prescription.dose, name)
        if prescribed is None:
            return
        bound = plausible_bound(prescription, name)
        assert prescribed.max <= bound <= by_name(name).maximum
        assert bound == min(2 * prescribed.max, by_name(name).maximum)


class TestAmendAndWithdraw:
    def test_a_late_next_morning_pain_goes_to_the_right_log(self, call, env):
        """The next morning, amend adds the pain to yesterday's log, which keeps its id."""
        call("log", "ankle-inversion", "--sets", "1", "--reps", "12", "--on", days_ago(1))
        call("log", "ankle-inversion", "--sets", "1", "--reps", "12", "--on", days_ago(1))
        done = call("amend", "1", "--pain-next-morning", "3")
        assert 0 == done.returncode, done.stderr
        assert "pain next morning none -> 3" in done.stdout
        assert [3, None] == [log.pain_next_morning for log in logs(env)]
        with Journal(env["FOOTDROP_JOURNAL"]) as journal:
            (correction,) = journal.corrections()
        assert (1, None) == (correction.log_id, correction.before.pain_next_morning)
        assert "next morning 3/10, amended" in call("history").stdout

    def test_a_morning_report_alone_finds_the_days_only_sitting_and_is_audited(self, call, env):
        """Log --pain-next-morning alone needs no --session for a day of one sitting."""
        call("log", "towel-scrunches", "--sets", "2", "--reps", "10", "--on", days_ago(1))
        done = call("log", "towel-scrunches", "--on", days_ago(1), "--pain-next-morning", "2")
        assert 0 == done.returncode, done.stderr
        assert [2] == [log.pain_next_morning for log in logs(env)]
        with Journal(env["FOOTDROP_JOURNAL"]) as journal:
            (correction,) = journal.corrections()
        assert ("amended", None) == (correction.action, correction.before.pain_next_morning)

    def test_a_morning_report_for_a_day_of_two_sittings_asks_which(self, call, env):
        """With two eversion sittings that day, the report alone asks for --session."""
        for _ in range(2):
            call("log", "ankle-eversion", "--sets", "1", "--reps", "12", "--on", days_ago(1))
        done = call("log", "ankle-eversion", "--on", days_ago(1), "--pain-next-morning", "2")
        assert 2 == done.returncode
        assert "--session N" in error(done)

    def test_a_withdrawn_log_no_longer_blocks_the_correct_one(self, call, env):
        """A log of the wrong sitting is withdrawn; the right one is then accepted."""
        call("log", "ankle-eversion", "--sets", "1", "--reps", "12", "--session", "1")
        refused = call("log", "ankle-eversion", "--sets", "1", "--reps", "10", "--session", "1")
        assert 1 == refused.returncode
        gone = call("withdraw", "1", "--reason", "typed 12 for 10")
        assert 0 == gone.returncode, gone.stderr
        again = call("log", "ankle-eversion", "--sets", "1", "--reps", "10", "--session", "1")
        assert 0 == again.returncode, again.stderr
        assert "as log 2" in again.stdout
        assert [10] == [log.reps for log in logs(env)]
        with Journal(env["FOOTDROP_JOURNAL"]) as journal:
            assert ["withdrawn"] == [c.action for c in journal.corrections()]

    def test_history_shows_the_ids_to_correct(self, call, env):
        """The history lists every log with its id first."""
        call("log", "ankle-eversion", "--sets", "1", "--reps", "12")
        call("log", "towel-scrunches", "--sets", "2", "--reps", "10")
        call("withdraw", "1")
        lines = call("history").stdout.splitlines()
        assert lines[0].split()[0] == "id"
        assert lines[1].split()[:3] == ["2", today().isoformat(), "towel-scrunches"]
        assert 3 == len([line for line in lines if line.strip()])

    @pytest.mark.parametrize(
        ("args", "status", "needle"),
        [
            (["amend", "9", "--pain", "2"], 2, "no log with id 9"),
            (["withdraw", "9"], 2, "no log with id 9"),
            (["amend", "1", "--reps", "200"], 2, "at most 30 reps"),
            (["amend", "1", "--letters", "3"], 2, "not dosed in letters"),
            (["amend", "1", "--reps", "12"], 2, "nothing to amend"),
            (["amend", "1", "--on", "2999-01-01"], 2, "after today"),
        ],
    )
    def test_refused_corrections_change_nothing(self, call, env, args, status, needle):
        """An unknown id, an implausible value or a no-op amendment is refused; the log stays."""
        call("log", "ankle-eversion", "--sets", "1", "--reps", "12")
        done = call(*args)
        assert status == done.returncode
        assert needle in error(done)
        assert [12] == [log.reps for log in logs(env)]

    def test_amending_to_skipped_clears_the_dose(self, call, env):
        """Amending with --sets 0 turns a sitting into a skip and drops its dose, saying so."""
        call("log", "ankle-eversion", "--sets", "1", "--reps", "12", "--hold", "4")
        done = call("amend", "1", "--sets", "0", "--notes", "did not do it after all")
        assert 0 == done.returncode, done.stderr
        assert "reps 12 -> none" in done.stdout
        ((sets, reps, hold),) = [(log.sets, log.reps, log.hold_seconds) for log in logs(env)]
        assert (0, None, None) == (sets, reps, hold)

    def test_a_withdrawn_log_cannot_be_amended(self, call, env):
        """Amending a withdrawn log exits 2 saying when it was withdrawn."""
        call("log", "ankle-eversion", "--sets", "1", "--reps", "12")
        call("withdraw", "1")
        done = call("amend", "1", "--pain", "1")
        assert 2 == done.returncode
        assert f"log 1 was withdrawn on {today().isoformat()}" in error(done)


class TestHistoryFilters:
    def test_a_misspelt_exercise_gets_did_you_mean(self, call, env):
        """Asking the history for ankle-eversoin exits 2 suggesting ankle-eversion."""
        call("log", "ankle-eversion", "--sets", "1", "--reps", "12")
        done = call("history", "--exercise", "ankle-eversoin")
        assert 2 == done.returncode
        assert "did you mean 'ankle-eversion'" in error(done)

    def test_an_empty_range_exits_2(self, call, env):
        """--since after --until exits 2 and offers the swapped range."""
        done = call("history", "--since", "2026-12-05", "--until", "2026-12-01")
        assert 2 == done.returncode
        assert "did you mean --since 2026-12-01 --until 2026-12-05" in error(done)

    def test_a_range_without_logs_says_how_many_there_are(self, call, env):
        """A valid range holding no logs exits 0 and says what the journal holds."""
        call("log", "ankle-eversion", "--sets", "1", "--reps", "12", "--on", days_ago(3))
        done = call("history", "--since", days_ago(1))
        assert 0 == done.returncode
        assert "holds 1 log(s)" in done.stdout


class TestJsonHistory:
    def test_json_history_is_still_a_list_of_logs(self, call, env):
        """The JSON history keeps its shape: a JSON list of logs (ids are in the text)."""
        call("log", "ankle-eversion", "--sets", "1", "--reps", "12")
        document = json.loads(call("history", "--format", "json").stdout)
        assert 1 == len(document)
        assert "ankle-eversion" == document[0]["exercise_id"]


@settings(max_examples=15, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.tuples(st.just("log"), st.integers(10, 15)),
            st.tuples(st.just("amend"), st.integers(10, 15)),
            st.tuples(st.just("withdraw"), st.integers(0, 0)),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_cli_corrections_never_lose_a_log(steps):
    """Through the command line, the live logs and the audit trail account for every log."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "journal.sqlite3")
        recorded = 0
        for action, reps in steps:
            if action == "log":
                args = ["log", "ankle-eversion", "--sets", "1", "--reps", str(reps)]
                status = cli.main([*args, "--session", str(1 + recorded % 12), "--journal", path])
                recorded += status == 0
            elif recorded:
                extra = ["--reps", str(reps)] if action == "amend" else []
                cli.main([action, str(recorded), *extra, "--journal", path])
        if not recorded:
            return
        with Journal(path) as journal:
            live = {entry.id for entry in journal.entries()}
            withdrawn = {c.log_id for c in journal.corrections() if c.action == "withdrawn"}
        assert set(range(1, recorded + 1)) == live | withdrawn
        assert not live & withdrawn


def log_full_eversion(call, day: str, session: int = 1) -> None:
    done = call(
        "log", "ankle-eversion", "--sets", "1", "--reps", "15", "--hold", "5", "--pain", "1",
        "--pain-next-morning", "0", "--on", day, "--session", str(session),
    )  # fmt: skip
    assert 0 == done.returncode, done.stderr


class TestProgress:
    @pytest.fixture
    def screened(self, clear_screening) -> list[str]:
        """A clear red-flag screening taken an hour ago, as progress requires."""
        return ["--screening", clear_screening]

    def test_dry_run_shows_the_decisions_and_saves_nothing(self, call, env, screened):
        """A clinician previews the next doses: the same decisions, and no routine is saved."""
        for n in (3, 2):
            log_full_eversion(call, days_ago(n))
        preview = call("progress", *screened, "--dry-run", "--affected", "left")
        assert 0 == preview.returncode, preview.stderr
        assert "Dry run: nothing was saved" in preview.stdout
        with Journal(env["FOOTDROP_JOURNAL"]) as journal:
            assert () == journal.routines()
            assert () == journal.decisions()
        done = call("progress", *screened, "--affected", "left")
        assert (
            preview.stdout.split("Decisions:")[1].split("Next doses:")[0]
            == (done.stdout.split("Decisions:")[1].split("Next doses:")[0])
        )
        with Journal(env["FOOTDROP_JOURNAL"]) as journal:
            assert 1 == len(journal.routines())

    def test_dry_run_json_says_nothing_was_saved(self, call, env, screened):
        """The JSON of a dry run says it was not saved; only the screening is recorded."""
        done = call("progress", *screened, "--dry-run", "--affected", "left", "--format", "json")
        assert 0 == done.returncode, done.stderr
        assert json.loads(done.stdout)["is_saved"] is False
        with Journal(env["FOOTDROP_JOURNAL"]) as journal:
            assert ((), (), 1) == (
                journal.routines(),
                journal.decisions(),
                len(journal.screenings()),
            )

    def test_an_on_before_the_last_progression_is_refused(self, call, env, screened):
        """Progress --on a date before the last progression exits 2 naming that date."""
        assert (
            0 == call("progress", *screened, "--affected", "left", "--on", days_ago(1)).returncode
        )
        done = call("progress", *screened, "--on", days_ago(5))
        assert 2 == done.returncode
        assert f"last progression, on {days_ago(1)}" in error(done)
        assert 0 == call("progress", *screened, "--on", days_ago(1), "--dry-run").returncode


class TestPlanRecordsItsInputs:
    def test_check_works_on_what_plan_wrote(self, call, env, tmp_path):
        """A plan for the right side in two windows checks clean with no options retyped."""
        out = str(tmp_path / "plan.json")
        windows = ["--window", "07:30-09:00", "--window", "18:00-21:30", "--tz", ZONE]
        done = call("plan", "--affected", "right", *windows, "--format", "json", "-o", out)
        assert 0 == done.returncode, done.stderr
        plan = footdrop.serialisation.loads(Path(out).read_text(), footdrop.Plan)
        assert footdrop.Side.RIGHT is plan.affected
        assert plan.availability is not None
        assert 2 == len(plan.availability.windows)
        checked = call("check", out)
        assert 0 == checked.returncode, checked.stdout
        assert "no violations" in checked.stdout
        assert "" == checked.stderr

    def test_windows_given_to_check_still_win(self, call, env, tmp_path):
        """Windows typed for check replace the recorded ones: a narrower window finds breaches."""
        out = str(tmp_path / "plan.json")
        call("plan", "--affected", "left", "--window", "07:30-21:30", "--format", "json", "-o", out)
        assert 1 == call("check", out, "--window", "08:00-09:00").returncode

    def test_a_plan_for_the_other_side_than_the_saved_routine_is_refused(self, call, env, tmp_path):
        """A right-side plan checked against a left-side routine in the journal exits 1."""
        out = str(tmp_path / "plan.json")
        call("plan", "--affected", "right", "--format", "json", "-o", out)
        with Journal(env["FOOTDROP_JOURNAL"]) as journal:
            journal.save_routine(
                footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT), on=today()
            )
        done = call("check", out)
        assert 1 == done.returncode
        assert "made for the right side" in error(done)

    def test_an_older_plan_document_still_loads(self):
        """A plan written before these fields reads back with neither."""
        text = '{"schema_version": 1, "tz": "Europe/London", "days": []}'
        plan = footdrop.serialisation.loads(text, footdrop.Plan)
        assert (None, None) == (plan.affected, plan.availability)


class TestAdherence:
    @pytest.fixture
    def week_plan(self, call, env, tmp_path) -> str:
        """A patient's week, planned a week ago, as footdrop plan wrote it."""
        out = str(tmp_path / "plan.json")
        args = ["plan", "--affected", "left", "--start", days_ago(6), "--days", "7"]
        done = call(*args, "--tz", ZONE, "--format", "json", "-o", out)
        assert 0 == done.returncode, done.stderr
        return out

    def test_a_week_against_the_plan_followed(self, call, env, week_plan):
        """Two eversion sittings logged out of the week's plan count as done for eversion."""
        log_full_eversion(call, days_ago(2), 1)
        log_full_eversion(call, days_ago(2), 2)
        done = call("adherence", "--plan", week_plan, "--format", "json")
        assert 0 == done.returncode, done.stderr
        document = json.loads(done.stdout)
        plan = footdrop.serialisation.loads(Path(week_plan).read_text(), footdrop.Plan)
        logs_now = logs(env)
        expected = footdrop.adherence(plan, logs_now)
        assert expected.total.planned == document["total"]["planned"]
        eversion = {e["exercise_id"]: e for e in document["by_exercise"]}["ankle-eversion"]
        assert (2, expected.exercise("ankle-eversion").planned) == (
            eversion["done"],
            eversion["planned"],
        )
        assert (days_ago(6), today().isoformat()) == (document["since"], document["until"])

    def test_text_summary_names_exercises_and_weeks(self, call, env, week_plan):
        """The text summary gives the total, one line per exercise by name, and the weeks."""
        log_full_eversion(call, days_ago(1))
        done = call("adherence", "--plan", week_plan)
        assert 0 == done.returncode, done.stderr
        assert "Done 1 of" in done.stdout
        assert "Ankle eversion" in done.stdout
        assert "week of" in done.stdout

    def test_without_a_plan_the_routine_is_planned_again(self, call, env):
        """With no --plan, the last 7 days are planned again and the logs counted against them."""
        log_full_eversion(call, days_ago(1))
        done = call("adherence", "--affected", "left", "--format", "json", "--tz", ZONE)
        assert 0 == done.returncode, done.stderr
        document = json.loads(done.stdout)
        assert 7 == len(document["by_day"])
        assert 1 == document["total"]["done"]

    def test_logs_of_exercises_the_plan_lacks_are_counted_apart(self, call, env, tmp_path):
        """A log of an exercise the plan does not hold is reported, not dropped or an error."""
        routine = footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT)
        only = footdrop.Routine(
            affected=routine.affected, items=[routine["ankle-eversion"]]
        )  # fmt: skip
        path = tmp_path / "routine.json"
        path.write_text(footdrop.serialisation.dumps(only))
        call("log", "towel-scrunches", "--sets", "2", "--reps", "10", "--on", days_ago(1))
        done = call("adherence", "--routine", str(path), "--tz", ZONE)
        assert 0 == done.returncode, done.stderr
        assert "1 log(s) of exercises this plan does not hold (towel-scrunches)" in done.stdout

    @pytest.mark.parametrize(
        ("args", "needle"),
        [
            (["--since", "2026-12-05", "--until", "2026-12-01"], "did you mean --since 2026-12-01"),
            (["--until", "2999-01-01"], "after today"),
        ],
    )
    def test_bad_ranges_exit_2(self, call, env, args, needle):
        """An empty range or a range reaching past today exits 2."""
        done = call("adherence", *args)
        assert 2 == done.returncode
        assert needle in error(done)

    def test_a_range_outside_the_plan_is_refused(self, call, env, week_plan):
        """Dates the given plan does not cover exit 2 naming the plan's span."""
        done = call("adherence", "--plan", week_plan, "--since", days_ago(30))
        assert 2 == done.returncode
        assert f"covers {days_ago(6)}" in error(done)
