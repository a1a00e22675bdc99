"""Tests for footdrop.journal's corrections: log ids, amendments, withdrawals, the audit trail."""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from footdrop import ExerciseLog
from footdrop.exceptions import JournalRecordError
from footdrop.journal import MIGRATIONS, Correction, Journal, LogEntry

DAY = dt.date(2026, 11, 24)


def eversion(session: int = 1, reps: int = 12, on: dt.date = DAY) -> ExerciseLog:
    return ExerciseLog(
        on=on, exercise_id="ankle-eversion", side=None, sets=1, session=session, reps=reps
    )


@pytest.fixture
def journal(tmp_path: Path):
    with Journal(tmp_path / "journal.sqlite3") as opened:
        yield opened


class TestIds:
    def test_add_log_returns_the_id_entries_show(self, journal):
        """add_log returns an id, and entries() pairs each log with it."""
        first = journal.add_log(eversion(1))
        second = journal.add_log(eversion(2))
        assert [LogEntry(id=first, log=eversion(1)), LogEntry(id=second, log=eversion(2))] == list(
            journal.entries()
        )

    def test_a_withdrawn_id_is_never_given_again(self, journal):
        """Withdrawing the newest log does not let the next log take its id."""
        first = journal.add_log(eversion(1))
        journal.withdraw_log(first, on=DAY)
        again = journal.add_log(eversion(1))
        assert again > first

    def test_next_session_skips_the_sittings_held(self, journal):
        """The next free sitting is the lowest number not logged, withdrawn ones freed."""
        assert 1 == journal.next_session(DAY, "ankle-eversion", None)
        first = journal.add_log(eversion(1))
        journal.add_log(eversion(2))
        assert 3 == journal.next_session(DAY, "ankle-eversion", None)
        journal.withdraw_log(first, on=DAY)
        assert 1 == journal.next_session(DAY, "ankle-eversion", None)
        assert 1 == journal.next_session(DAY, "ankle-inversion", None)


class TestAmend:
    def test_late_next_morning_pain_goes_to_the_right_log(self, journal):
        """Amending keeps the id, shows the new version and keeps the old in the trail."""
        log_id = journal.add_log(eversion())
        amended = attrs.evolve(eversion(), pain_next_morning=3)
        correction = journal.amend_log(log_id, amended, on=DAY + dt.timedelta(days=1))
        assert (LogEntry(id=log_id, log=amended),) == journal.entries()
        assert (correction,) == journal.corrections()
        assert ("amended", eversion(), amended) == (
            correction.action,
            correction.before,
            correction.after,
        )

    def test_exercise_and_side_cannot_change(self, journal):
        """An amendment that names another exercise is refused; nothing changes."""
        log_id = journal.add_log(eversion())
        other = attrs.evolve(eversion(), exercise_id="ankle-inversion")
        with pytest.raises(JournalRecordError, match="cannot change the exercise or the side"):
            journal.amend_log(log_id, other, on=DAY)
        assert (eversion(),) == journal.logs()
        assert () == journal.corrections()

    def test_amend_into_another_logs_sitting_is_refused(self, journal):
        """Moving a log onto a sitting another log holds is refused, naming the clash."""
        journal.add_log(eversion(1))
        second = journal.add_log(eversion(2))
        with pytest.raises(JournalRecordError, match="session 1"):
            journal.amend_log(second, eversion(1, reps=14), on=DAY)
        assert (eversion(1), eversion(2)) == journal.logs()

    def test_unknown_and_withdrawn_ids_are_named(self, journal):
        """An unknown id says how to list ids; a withdrawn one says when it was withdrawn."""
        with pytest.raises(JournalRecordError, match="no log with id 9"):
            journal.amend_log(9, eversion(), on=DAY)
        log_id = journal.add_log(eversion())
        journal.withdraw_log(log_id, on=DAY, reason="wrong exercise")
        with pytest.raises(JournalRecordError, match=f"log {log_id} was withdrawn on 2026-11-24"):
            journal.entry(log_id)


class TestWithdraw:
    def test_the_correct_log_is_no_longer_a_duplicate(self, journal):
        """After a withdrawal the same sitting can be logged again, correctly."""
        wrong = journal.add_log(eversion(reps=120 // 10))
        with pytest.raises(JournalRecordError):
            journal.add_log(eversion(reps=10))
        correction = journal.withdraw_log(wrong, on=DAY, reason="typed 12 for 10")
        journal.add_log(eversion(reps=10))
        assert (eversion(reps=10),) == journal.logs()
        assert (
            Correction(
                id=correction.id,
                log_id=wrong,
                action="withdrawn",
                on=DAY,
                reason="typed 12 for 10",
                before=eversion(reps=12),
                after=None,
            )
            == journal.corrections(log_id=wrong)[0]
        )

    def test_the_trail_refuses_a_withdrawal_with_an_after(self, journal):
        """The table itself refuses a withdrawal that carries a replacement."""
        with pytest.raises(sqlite3.IntegrityError):
            journal._connection.execute(
                "INSERT INTO log_corrections (log_id, action, on_date, before, after) "
                "VALUES (1, 'withdrawn', '2026-11-24', '{}', '{}')"
            )


class TestMigration:
    def test_a_version_one_journal_is_migrated_and_keeps_its_logs(self, tmp_path):
        """A journal from just before the audit trail opens, keeps its logs and corrects them."""
        path = tmp_path / "old.sqlite3"
        with Journal(path) as journal:
            journal.add_log(eversion())
            journal._connection.execute("DROP TABLE log_corrections")
            journal._connection.execute(f"PRAGMA user_version = {len(MIGRATIONS) - 1}")
        with Journal(path) as journal:
            assert len(MIGRATIONS) == journal.schema_version
            (entry,) = journal.entries()
            journal.withdraw_log(entry.id, on=DAY)
            assert () == journal.logs()


operations = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(1, 3), st.integers(1, 30)),
        st.tuples(st.just("amend"), st.integers(0, 20), st.integers(1, 30)),
        st.tuples(st.just("withdraw"), st.integers(0, 20), st.integers(0, 0)),
    ),
    max_size=25,
)


class TestNothingIsLost:
    @settings(max_examples=40, deadline=None)
    @given(operations)
    def test_trail_and_live_logs_account_for_every_log_ever_recorded(self, steps):
        """Every log ever recorded or replaced is live or in the trail, and ids stay unique."""
        with tempfile.TemporaryDirectory() as folder, Journal(Path(folder) / "j.sqlite3") as j:
            ever: list[tuple[int, ExerciseLog]] = []
            for action, a, b in steps:
                try:
                    if action == "add":
                        ever.append((j.add_log(eversion(a, reps=b)), eversion(a, reps=b)))
                    elif ever:
                        log_id = ever[a % len(ever)][0]
                        if action == "amend":
                            new = eversion(j.entry(log_id).log.session, reps=b)
                            j.amend_log(log_id, new, on=DAY)
                            ever.append((log_id, new))
                        else:
                            j.withdraw_log(log_id, on=DAY)
                except JournalRecordError:
                    pass  # a clash or an id already withdrawn: refused, nothing changed
            live = {entry.id: entry.log for entry in j.entries()}
            trail = j.corrections()
            withdrawn = {c.log_id for c in trail if c.action == "withdrawn"}
            kept = {(c.log_id, c.before) for c in trail} | set(live.items())
            assert set(ever) <= kept
            assert {log_id for log_id, _ in ever} == set(live) | withdrawn
            assert not set(live) & withdrawn
            for entry_id, log in live.items():
                last = [c.after for c in trail if c.log_id == entry_id]
                assert (last[-1] if last else log) == log
