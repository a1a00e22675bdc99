"""The journal: a small SQLite store of one person's routine, logs and progression decisions.

The ``footdrop`` command keeps what it learns between runs here: the routine
(as footdrop's JSON), every :class:`~footdrop.ExerciseLog`, the decisions
``footdrop progress`` made, and every red-flag screening
(:class:`footdrop.safety.Screening`). It uses only the standard library's :mod:`sqlite3`.

* Every write is one ``BEGIN IMMEDIATE`` transaction: it is all there or not
  at all, even if the process is killed in the middle of it.
* WAL mode and a busy timeout let several processes read and write at once
  without losing anything; ``synchronous=FULL`` makes a returned write durable.
* ``PRAGMA application_id`` marks the file as a footdrop journal and
  ``PRAGMA user_version`` holds its schema version; older journals are
  migrated forward by :data:`MIGRATIONS`, newer ones are refused.
* A log that clashes with one already held (same :attr:`~footdrop.ExerciseLog.key`)
  is refused with :class:`~footdrop.exceptions.JournalRecordError`, never dropped
  or overwritten.

Example:
    >>> import datetime as dt, pathlib, tempfile
    >>> from footdrop import ExerciseLog, Side
    >>> from footdrop.journal import Journal
    >>> folder = tempfile.mkdtemp()
    >>> with Journal(pathlib.Path(folder) / "journal.sqlite3") as journal:
    ...     log_id = journal.add_log(ExerciseLog(on=dt.date(2026, 11, 24),
    ...                                          exercise_id="ankle-eversion",
    ...                                          side=None, sets=2, reps=10))
    ...     [log.reps for log in journal.logs()]
    [10]

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import time
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, final

import attrs

from footdrop import _journal_path
from footdrop._validators import instance_of, tuple_of
from footdrop.exceptions import (
    DocumentError,
    InvalidTypeError,
    InvalidValueError,
    JournalError,
    JournalRecordError,
)
from footdrop.model._log import ExerciseLog
from footdrop.model._routine import Routine
from footdrop.model._screening import Screening
from footdrop.serialisation import dumps, loads

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from types import TracebackType
    from typing import Self

    from footdrop.model._kinds import Side

__all__ = [
    "APPLICATION_ID",
    "ENV_VAR",
    "FILE_NAME",
    "JOURNAL_VERSION",
    "MIGRATIONS",
    "Correction",
    "Journal",
    "LogEntry",
    "Migration",
    "default_path",
]

#: The environment variable that names the journal file, overriding the platform default.
ENV_VAR: Final = _journal_path.ENV_VAR

#: The journal's file name inside the data directory.
FILE_NAME: Final = _journal_path.FILE_NAME

#: ``PRAGMA application_id`` of every footdrop journal: the bytes ``"FDJ1"``.
APPLICATION_ID: Final = 0x46444A31

#: How long a write waits for another process's write to finish, in seconds.
DEFAULT_TIMEOUT_SECONDS: Final = 30.0


@final
@attrs.frozen(kw_only=True)
class Migration:
    """One forward step of the journal's schema.

    Args:
        version: The schema version the step brings the journal to.
        summary: What changes, in a sentence.
        statements: The SQL statements, run in one transaction.

    .. versionadded:: 0.1.0
    """

    version: int
    summary: str
    statements: tuple[str, ...] = attrs.field(
        validator=tuple_of(instance_of(str, "an SQL statement"), "SQL statements")
    )


@final
@attrs.frozen(kw_only=True)
class LogEntry:
    """A log held in the journal, with the id that names it.

    Args:
        id: The log's id: give it to :meth:`Journal.amend_log` or
            :meth:`Journal.withdraw_log` (``footdrop amend``, ``footdrop withdraw``).
        log: The log as it stands now (after any amendment).

    .. versionadded:: 0.2.0
    """

    id: int = attrs.field(validator=attrs.validators.instance_of(int))
    log: ExerciseLog = attrs.field(validator=attrs.validators.instance_of(ExerciseLog))


# What a correction did to a log: replaced it with a corrected log, or took it out of the history.
_Action = Literal["amended", "withdrawn"]


@final
@attrs.frozen(kw_only=True)
class Correction:
    """One entry of the audit trail: a log amended or withdrawn, and what it was before.

    The journal never forgets a log: a withdrawn log leaves the history
    (:meth:`Journal.logs`) but stays here, and an amended log keeps its id while
    the version it replaced stays here.

    Args:
        id: The correction's own id (corrections are numbered in the order made).
        log_id: The id of the log corrected.
        action: ``"amended"`` or ``"withdrawn"``.
        on: The date the correction was made.
        reason: Why, in the person's words, or ``None``.
        before: The log as it was before this correction.
        after: The corrected log (``None`` for a withdrawal).

    .. versionadded:: 0.2.0
    """

    id: int
    log_id: int
    action: _Action
    on: dt.date
    reason: str | None
    before: ExerciseLog
    after: ExerciseLog | None


#: The schema's history, oldest first. Step ``i`` brings a journal from
#: version ``i`` to version ``i + 1``. Append steps; never edit one that shipped.
MIGRATIONS: Final[tuple[Migration, ...]] = (
    Migration(
        version=1,
        summary="Create the tables of logs, routines and decisions.",
        statements=(
            """
            CREATE TABLE logs (
                id INTEGER PRIMARY KEY,
                on_date TEXT NOT NULL,
                exercise_id TEXT NOT NULL,
                side TEXT NOT NULL,
                session INTEGER NOT NULL,
                body TEXT NOT NULL,
                UNIQUE (on_date, exercise_id, side, session)
            )
            """,
            """
            CREATE TABLE routines (
                id INTEGER PRIMARY KEY,
                on_date TEXT NOT NULL,
                body TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE decisions (
                id INTEGER PRIMARY KEY,
                on_date TEXT NOT NULL,
                routine_id INTEGER REFERENCES routines (id),
                body TEXT NOT NULL
            )
            """,
            "CREATE INDEX decisions_on_date ON decisions (on_date)",
        ),
    ),
    Migration(
        version=2,
        summary="Create the table of red-flag screenings.",
        statements=(
            """
            CREATE TABLE screenings (
                id INTEGER PRIMARY KEY,
                taken_at TEXT NOT NULL UNIQUE,
                body TEXT NOT NULL
            )
            """,
        ),
    ),
    Migration(
        version=3,
        summary="Create the table of clinicians' reviews, beside the decisions.",
        statements=(
            """
            CREATE TABLE reviews (
                id INTEGER PRIMARY KEY,
                on_date TEXT NOT NULL,
                body TEXT NOT NULL
            )
            """,
            "CREATE INDEX reviews_on_date ON reviews (on_date)",
        ),
    ),
    Migration(
        version=4,
        summary="Create the audit trail of amended and withdrawn logs.",
        statements=(
            """
            CREATE TABLE log_corrections (
                id INTEGER PRIMARY KEY,
                log_id INTEGER NOT NULL,
                action TEXT NOT NULL CHECK (action IN ('amended', 'withdrawn')),
                on_date TEXT NOT NULL,
                reason TEXT,
                before TEXT NOT NULL,
                after TEXT,
                CHECK ((action = 'withdrawn') = (after IS NULL))
            )
            """,
            "CREATE INDEX log_corrections_log_id ON log_corrections (log_id)",
        ),
    ),
)

#: The version of the journal's SQLite schema this footdrop writes, and the newest it opens.
#: It counts :data:`MIGRATIONS` and is not the ``schema_version`` of JSON documents
#: (:data:`footdrop.serialisation.SCHEMA_VERSION`).
JOURNAL_VERSION: Final = len(MIGRATIONS)


def __getattr__(name: str) -> Any:
    if name == "SCHEMA_VERSION":
        warnings.warn(
            "footdrop.journal.SCHEMA_VERSION is deprecated: use footdrop.journal.JOURNAL_VERSION "
            "(footdrop.serialisation.SCHEMA_VERSION is the version of JSON documents).",
            DeprecationWarning,
            stacklevel=2,
        )
        return JOURNAL_VERSION
    msg = f"module 'footdrop.journal' has no attribute {name!r}"
    raise AttributeError(msg)


# Where the journal lives: a module of the standard library and platformdirs only, so that
# the command line finds the path (and that no journal exists) without importing this one.
default_path = _journal_path.default_path


def _side_text(side: object) -> str:
    return "" if side is None else str(side)


def _describe_key(log: ExerciseLog) -> str:
    side = f" ({log.side.value})" if log.side is not None else ""
    return f"{log.exercise_id}{side} on {log.on.isoformat()}, session {log.session}"


@final
class Journal:
    """A journal file, open for reading and writing.

    Open it with a path, or with none for :func:`default_path`; use it as a
    context manager (or call :meth:`close`). One ``Journal`` belongs to one
    thread; several processes may open the same file at once.

    Args:
        path: The journal file; created (with its schema) when it does not exist,
            unless *read_only*. ``None`` means :func:`default_path`, whose
            folder is created as needed; the folder of a path you give must exist.
        read_only: Open for reading only: nothing is created or migrated, and
            every write raises :class:`~footdrop.exceptions.JournalError`.
        timeout_seconds: How long to wait for another process's write.

    Raises:
        footdrop.exceptions.JournalError: The file is not a journal, is from a newer
            footdrop, cannot be created or opened, or (with *read_only*) does not exist.

    Example:
        >>> import datetime as dt, pathlib, tempfile
        >>> import footdrop
        >>> from footdrop.journal import Journal
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "journal.sqlite3"
        >>> with Journal(path) as journal:
        ...     journal.save_routine(footdrop.Routine.from_catalogue(affected=footdrop.Side.LEFT),
        ...                          on=dt.date(2026, 11, 24))
        ...     journal.routine().affected
        <Side.LEFT: 'left'>

    .. versionadded:: 0.1.0
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        read_only: bool = False,
        timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
    ) -> None:
        self._path = Path(path).expanduser() if path is not None else default_path()
        self._is_read_only = read_only
        self._is_immutable = False
        self._is_blank = False
        self._connection = self._open(create_folder=path is None, timeout_seconds=timeout_seconds)

    # -- opening ---------------------------------------------------------------------------

    @property
    def path(self) -> Path:
        """The journal's file path."""
        return self._path

    @property
    def is_read_only(self) -> bool:
        """Whether the journal was opened for reading only."""
        return self._is_read_only

    @property
    def is_immutable(self) -> bool:
        """Whether the journal was read as immutable, from read-only media.

        Then nothing can be recorded here: the command line says so.

        .. versionadded:: 0.1.0
        """
        return self._is_immutable

    def __repr__(self) -> str:
        mode = ", read_only=True" if self._is_read_only else ""
        return f"Journal({str(self._path)!r}{mode})"

    def _error(self, message: str, fix: str | None = None) -> JournalError:
        return JournalError(f"{message} ({self._path})", path=str(self._path), fix=fix)

    def _open(self, *, create_folder: bool, timeout_seconds: float) -> sqlite3.Connection:
        path = self._path
        if path.is_dir():
            msg = (
                "the journal path is a folder, not a file: give a file path such as journal.sqlite3"
            )
            raise self._error(msg)
        exists = path.exists()
        if not exists and self._is_read_only:
            msg = "there is no journal here yet: record a log first, or check the path"
            raise self._error(msg)
        if not exists:
            if create_folder:
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    msg = f"cannot create the journal's folder: {exc.strerror or exc}"
                    raise self._error(msg) from None
            elif not path.parent.is_dir():
                msg = f"the folder {path.parent} does not exist: create it or choose another path"
                raise self._error(msg)
        mode = "ro" if self._is_read_only else "rwc"
        try:
            return self._connect(f"{path.absolute().as_uri()}?mode={mode}", timeout_seconds)
        except JournalError:
            if not self._is_read_only or _is_writable(path):
                raise
        # Read-only media: SQLite cannot make the -wal and -shm files it reads a journal
        # in WAL mode through. immutable=1 reads the file alone, with no locks; nothing
        # can change it meanwhile, as nothing can write to the media.
        self._is_immutable = True
        return self._connect(f"{path.absolute().as_uri()}?mode=ro&immutable=1", timeout_seconds)

    def _connect(self, uri: str, timeout_seconds: float) -> sqlite3.Connection:
        try:
            connection = sqlite3.connect(
                uri, uri=True, timeout=timeout_seconds, isolation_level=None
            )
        except sqlite3.Error as exc:
            raise self._translate(exc, "open") from None
        try:
            self._prepare(connection, timeout_seconds=timeout_seconds)
        except BaseException:
            connection.close()
            raise
        return connection

    def _prepare(self, connection: sqlite3.Connection, *, timeout_seconds: float) -> None:
        try:
            connection.execute(f"PRAGMA busy_timeout = {int(timeout_seconds * 1000)}")
            version, application_id, tables = self._identity(connection)
        except sqlite3.Error as exc:
            raise self._translate(exc, "open") from None
        is_blank = application_id == 0 and version == 0 and tables == 0
        if not is_blank and application_id != APPLICATION_ID:
            msg = (
                "this file is not a footdrop journal (it is another program's SQLite database): "
                "choose another path"
            )
            raise self._error(msg)
        if version > JOURNAL_VERSION:
            msg = (
                f"the journal is from a newer footdrop (schema version {version}; this footdrop "
                f"reads up to {JOURNAL_VERSION}): upgrade footdrop to open it"
            )
            raise self._error(msg, fix="upgrade footdrop")
        if self._is_read_only:
            # A blank file (0 bytes, or another process creating the journal right now)
            # reads as an empty journal; the first write gives it its tables.
            self._is_blank = is_blank
            if is_blank:
                return
            if version < JOURNAL_VERSION:
                msg = (
                    f"the journal needs upgrading from schema version {version} to "
                    f"{JOURNAL_VERSION}: open it once for writing"
                )
                raise self._error(msg)
            return
        try:
            self._set_wal(connection, timeout_seconds=timeout_seconds)
            connection.execute("PRAGMA synchronous = FULL")
            connection.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as exc:
            raise self._translate(exc, "open") from None
        if version < JOURNAL_VERSION:
            self._migrate(connection)

    @staticmethod
    def _identity(connection: sqlite3.Connection) -> tuple[int, int, int]:
        # One statement, so one snapshot: read separately, a journal that another
        # process creates meanwhile could show its tables but not yet its id.
        version, application_id, tables = connection.execute(
            "SELECT v.user_version, a.application_id, (SELECT count(*) FROM sqlite_schema)"
            " FROM pragma_user_version AS v, pragma_application_id AS a"
        ).fetchone()
        return int(version), int(application_id), int(tables)

    @staticmethod
    def _set_wal(connection: sqlite3.Connection, *, timeout_seconds: float) -> None:
        # Switching a new file to WAL needs a moment of exclusive access, and SQLite
        # does not always call the busy handler for it: retry until the timeout.
        deadline = time.monotonic() + timeout_seconds
        while True:
            try:
                connection.execute("PRAGMA journal_mode = WAL").fetchone()
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)
            else:
                return

    def _migrate(self, connection: sqlite3.Connection) -> None:
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                # Read again inside the transaction: another process may have migrated.
                version = int(connection.execute("PRAGMA user_version").fetchone()[0])
                for step in MIGRATIONS[version:]:
                    for statement in step.statements:
                        connection.execute(statement)
                    connection.execute(f"PRAGMA user_version = {step.version}")
                connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                connection.execute("COMMIT")
            except BaseException:
                _rollback(connection)
                raise
        except sqlite3.Error as exc:
            raise self._translate(exc, "set up") from None

    def _translate(self, exc: sqlite3.Error, doing: str) -> JournalError:
        """Turn an sqlite3 error into a JournalError that says what to do."""
        name = getattr(exc, "sqlite_errorname", "") or ""
        text = str(exc)
        if (
            not self._is_read_only
            and (
                name.startswith(("SQLITE_CANTOPEN", "SQLITE_READONLY"))
                or "unable to open" in text
                or "readonly" in text
            )
            and self._path.exists()
            and not _is_writable(self._path)
        ):
            msg = (
                f"cannot {doing} the journal: it is read-only (on read-only media, or its "
                "folder cannot be written): nothing can be recorded; 'footdrop history' "
                "still reads it"
            )
        elif name.startswith("SQLITE_READONLY") or "readonly" in text:
            msg = (
                f"cannot {doing} the journal: it is read-only: check the file's and its "
                "folder's permissions, or choose another path"
            )
        elif name == "SQLITE_FULL" or "is full" in text:
            msg = (
                f"cannot {doing} the journal: the disk is full: nothing was written; free some "
                "space and try again"
            )
        elif name.startswith("SQLITE_BUSY") or name == "SQLITE_LOCKED" or "locked" in text:
            msg = (
                f"cannot {doing} the journal: another program kept it locked for too long: "
                "nothing was written; try again"
            )
        elif name.startswith("SQLITE_CORRUPT") or "malformed" in text:
            msg = (
                f"cannot {doing} the journal: it is damaged ({text}): restore it from a backup; "
                "'footdrop history --skip-bad' shows what can still be read"
            )
        elif name.startswith("SQLITE_NOTADB") or "not a database" in text:
            msg = (
                "this file is not a footdrop journal (nor any SQLite database): choose another path"
            )
        elif name.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
            msg = (
                f"cannot {doing} the journal: the file cannot be opened ({text}): "
                "check its permissions"
            )
        elif name.startswith("SQLITE_IOERR"):
            msg = (
                f"cannot {doing} the journal: the disk reported an error ({text}): "
                "nothing was written"
            )
        else:
            msg = f"cannot {doing} the journal: {text}"
        return self._error(msg)

    # -- context ---------------------------------------------------------------------------

    def close(self) -> None:
        """Close the journal (idempotent)."""
        self._connection.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        """The journal's schema version (``PRAGMA user_version``)."""
        return int(self._read(lambda c: c.execute("PRAGMA user_version").fetchone()[0]))

    def quick_check(self) -> tuple[str, ...]:
        """SQLite's ``PRAGMA quick_check``: ``()`` for a sound journal, else what is wrong.

        It reads every page and checks the structure of each table and index, but
        not that indexes match their tables, so it takes a moment where
        :meth:`integrity_check` may take long. A file too damaged to check at all
        gives one line saying so.

        .. versionadded:: 0.1.0
        """
        try:
            found = self._connection.execute("PRAGMA quick_check").fetchall()
        except sqlite3.ProgrammingError as exc:
            msg = f"the journal is closed: open it again ({exc})"
            raise self._error(msg) from None
        except sqlite3.DatabaseError as exc:
            return (str(exc),)
        lines = tuple(str(row[0]) for row in found)
        return () if lines == ("ok",) else lines

    def integrity_check(self) -> tuple[str, ...]:
        """SQLite's ``PRAGMA integrity_check``: ``("ok",)`` for a sound journal."""
        return tuple(
            str(row[0])
            for row in self._read(lambda c: c.execute("PRAGMA integrity_check").fetchall())
        )

    # -- transactions ----------------------------------------------------------------------

    def _read(self, work: Callable[[sqlite3.Connection], Any]) -> Any:
        try:
            return work(self._connection)
        except sqlite3.ProgrammingError as exc:
            msg = f"the journal is closed: open it again ({exc})"
            raise self._error(msg) from None
        except sqlite3.Error as exc:
            raise self._translate(exc, "read") from None

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` transaction: committed whole, or rolled back whole."""
        if self._is_read_only:
            msg = "cannot write to the journal: it was opened read-only"
            raise self._error(msg, fix="open it without read_only")
        connection = self._connection
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.ProgrammingError as exc:
            msg = f"the journal is closed: open it again ({exc})"
            raise self._error(msg) from None
        except sqlite3.Error as exc:
            raise self._translate(exc, "write to") from None
        try:
            yield connection
            connection.execute("COMMIT")
        except sqlite3.Error as exc:
            _rollback(connection)
            raise self._translate(exc, "write to") from None
        except BaseException:
            _rollback(connection)
            raise

    # -- logs ------------------------------------------------------------------------------

    def add_log(self, log: ExerciseLog) -> int:
        """Record one log; durable when this returns.

        Returns:
            The log's id, for :meth:`amend_log` and :meth:`withdraw_log` (ids are
            never reused, not even those of withdrawn logs).

        Raises:
            footdrop.exceptions.JournalRecordError: The journal holds a log with the
                same key (date, exercise, side and session) already.
            footdrop.exceptions.JournalError: The journal cannot be written.
        """
        return self._insert_logs((log,))[0]

    def add_logs(self, logs: Iterable[ExerciseLog]) -> int:
        """Record several logs in one transaction: all of them, or (on any error) none.

        Args:
            logs: The logs; no two may share a key, nor clash with one held already.

        Returns:
            How many logs were recorded.

        Raises:
            footdrop.exceptions.JournalRecordError: A log's key is held already, or
                repeats within *logs*; nothing was recorded.
            footdrop.exceptions.JournalError: The journal cannot be written.
            footdrop.exceptions.InvalidTypeError: An item is not an ExerciseLog.
        """
        return len(self._insert_logs(tuple(logs)))

    def _insert_logs(self, batch: tuple[Any, ...]) -> list[int]:
        """Insert *batch* in one transaction and return the new logs' ids."""
        for i, log in enumerate(batch):
            if not isinstance(log, ExerciseLog):
                msg = f"'logs[{i}]' must be an ExerciseLog (got {log!r:.80})."
                raise InvalidTypeError(msg, field=f"logs[{i}]", value=log, expected="ExerciseLog")
        rows = [
            (
                log.on.isoformat(),
                log.exercise_id,
                _side_text(log.side),
                log.session,
                dumps(log, indent=None),
            )
            for log in batch
        ]
        ids: list[int] = []
        with self._write() as connection:
            next_id = _next_log_id(connection)
            for log, row in zip(batch, rows, strict=True):
                try:
                    connection.execute(
                        "INSERT INTO logs (id, on_date, exercise_id, side, session, body) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        (next_id, *row),
                    )
                except sqlite3.IntegrityError:
                    key = _describe_key(log)
                    msg = (
                        f"the journal already holds a log for {key}: nothing was recorded; "
                        "record a second sitting on the same day with the next session number "
                        f"({self._path})"
                    )
                    raise JournalRecordError(
                        msg,
                        path=str(self._path),
                        key=key,
                        fix=f"use session={log.session + 1}",
                    ) from None
                ids.append(next_id)
                next_id += 1
        return ids

    def logs(
        self,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        exercise_id: str | None = None,
    ) -> tuple[ExerciseLog, ...]:
        """The logs held, by date, then in the order they were recorded.

        Args:
            since: Keep logs on or after this date.
            until: Keep logs on or before this date.
            exercise_id: Keep logs of this exercise.

        Raises:
            footdrop.exceptions.JournalError: The journal cannot be read, or holds a
                record this footdrop cannot read.
        """
        found = self.entries(since=since, until=until, exercise_id=exercise_id)
        return tuple(entry.log for entry in found)

    def readable_logs(self) -> tuple[tuple[ExerciseLog, ...], tuple[JournalError, ...]]:
        """Every log that can still be read, and an error naming each row that cannot.

        For a damaged journal: each row is read on its own, so one bad row (or a
        damaged page under it) costs that row only. The logs come by date, then in
        the order they were recorded.

        Raises:
            footdrop.exceptions.JournalError: Not even the list of rows can be read.

        .. versionadded:: 0.1.0
        """
        if self._is_blank:
            return (), ()
        try:
            ids = self._connection.execute("SELECT id FROM logs ORDER BY id").fetchall()
        except sqlite3.DatabaseError:
            # The table's pages are damaged: list the rows through the key's index,
            # which holds every row's id, then read each row on its own.
            query = "SELECT id FROM logs INDEXED BY sqlite_autoindex_logs_1 ORDER BY on_date"
            ids = self._read(lambda c: c.execute(query).fetchall())
        found: list[tuple[str, int, ExerciseLog]] = []
        bad: list[JournalError] = []
        for (row_id,) in ids:
            query = "SELECT on_date, body FROM logs WHERE id = ?"
            try:
                row = self._connection.execute(query, (row_id,)).fetchone()
                log = loads(row[1], ExerciseLog)
            except (sqlite3.DatabaseError, DocumentError, TypeError) as exc:
                reason = (
                    "; ".join(f"{p.message} @ {p.path}" for p in exc.problems)
                    if isinstance(exc, DocumentError)
                    else str(exc)
                )
                bad.append(self._error(f"log {row_id} cannot be read: {reason}"))
                continue
            found.append((str(row[0]), int(row_id), log))
        found.sort(key=lambda t: (t[0], t[1]))
        return tuple(log for _, _, log in found), tuple(bad)

    def count_logs(self) -> int:
        """How many logs the journal holds."""
        if self._is_blank:
            return 0
        return int(self._read(lambda c: c.execute("SELECT count(*) FROM logs").fetchone()[0]))

    def _load(self, body: str, cls: Any, what: str) -> Any:
        try:
            return loads(body, cls)
        except DocumentError as exc:
            found = "; ".join(f"{p.message} @ {p.path}" for p in exc.problems)
            msg = f"the journal's {what} cannot be read: {found}"
            raise self._error(msg) from None

    # -- routines and decisions ------------------------------------------------------------

    def routine(self) -> Routine | None:
        """The routine saved last, or ``None`` when none has been saved."""
        if self._is_blank:
            return None
        row = self._read(
            lambda c: c.execute("SELECT id, body FROM routines ORDER BY id DESC LIMIT 1").fetchone()
        )
        if row is None:
            return None
        routine: Routine = self._load(row[1], Routine, f"routine {row[0]}")
        return routine

    def routines(self) -> tuple[tuple[dt.date, Routine], ...]:
        """Every routine saved, oldest first, each with the date it was saved for."""
        if self._is_blank:
            return ()
        rows = self._read(
            lambda c: c.execute("SELECT id, on_date, body FROM routines ORDER BY id").fetchall()
        )
        return tuple(
            (dt.date.fromisoformat(on), self._load(body, Routine, f"routine {row_id}"))
            for row_id, on, body in rows
        )

    def save_routine(self, routine: Routine, *, on: dt.date) -> None:
        """Save *routine* as the current one (earlier ones stay in the history).

        Args:
            routine: The routine.
            on: The date it takes effect.

        Raises:
            footdrop.exceptions.JournalError: The journal cannot be written.
        """
        self.record_progress(routine, (), on=on)

    def record_progress(self, routine: Routine, decisions: Iterable[Any], *, on: dt.date) -> None:
        """Save a new routine and the decisions that led to it, in one transaction.

        Args:
            routine: The routine after progression.
            decisions: The decisions (``footdrop.progression.Decision``), stored as JSON.
            on: The date of the progression.

        Raises:
            footdrop.exceptions.JournalError: The journal cannot be written; nothing was saved.
        """
        routine_body = dumps(routine, indent=None)
        bodies = [dumps(decision, indent=None) for decision in decisions]
        day = on.isoformat()
        with self._write() as connection:
            cursor = connection.execute(
                "INSERT INTO routines (on_date, body) VALUES (?, ?)", (day, routine_body)
            )
            routine_id = cursor.lastrowid
            connection.executemany(
                "INSERT INTO decisions (on_date, routine_id, body) VALUES (?, ?, ?)",
                [(day, routine_id, body) for body in bodies],
            )

    def decisions(self, *, on: dt.date | None = None) -> tuple[Any, ...]:
        """The progression decisions held (``footdrop.progression.Decision``), oldest first.

        Args:
            on: Keep only the decisions made for this date.
        """
        from footdrop.model._decision import Decision  # noqa: PLC0415 - read only with decisions

        if self._is_blank:
            return ()
        if on is None:
            rows = self._read(
                lambda c: c.execute("SELECT id, body FROM decisions ORDER BY id").fetchall()
            )
        else:
            rows = self._read(
                lambda c: c.execute(
                    "SELECT id, body FROM decisions WHERE on_date = ? ORDER BY id",
                    (on.isoformat(),),
                ).fetchall()
            )
        return tuple(self._load(body, Decision, f"decision {row_id}") for row_id, body in rows)

    def report_next_morning(
        self,
        *,
        on: dt.date,
        exercise_id: str,
        side: Side | None,
        session: int = 1,
        pain: int,
    ) -> ExerciseLog:
        """Add the next-morning pain to a log held already (the report of the morning after).

        The log keeps every other field; a log that has next-morning pain
        already is never overwritten.

        Args:
            on: The date of the session (not of the morning).
            exercise_id: The exercise.
            side: The side, or ``None``.
            session: The session number.
            pain: Pain the next morning, NRS 0-10.

        Returns:
            The log as now held.

        Raises:
            footdrop.exceptions.JournalRecordError: No such log is held, or it reports
                next-morning pain already; nothing was changed.
            footdrop.exceptions.InvalidValueError: *pain* is outside 0-10.
            footdrop.exceptions.JournalError: The journal cannot be written.

        .. versionadded:: 0.2.0
        """
        row_key = (on.isoformat(), exercise_id, _side_text(side), session)
        with self._write() as connection:
            row = connection.execute(
                "SELECT id, body FROM logs WHERE on_date = ? AND exercise_id = ? AND side = ? "
                "AND session = ?",
                row_key,
            ).fetchone()
            side_text = f" {side.value} side" if side else ""
            where = f"{exercise_id}{side_text} on {on}, session {session}"
            if row is None:
                msg = (
                    f"the journal holds no log for {where}: log the session first, then its "
                    f"next-morning pain ({self._path})"
                )
                raise JournalRecordError(msg, path=str(self._path), key=where)
            held: ExerciseLog = self._load(row[1], ExerciseLog, f"log {row[0]}")
            if held.pain_next_morning is not None:
                msg = (
                    f"the log for {where} reports next-morning pain "
                    f"{held.pain_next_morning}/10 already: nothing was changed ({self._path})"
                )
                raise JournalRecordError(msg, path=str(self._path), key=where)
            log = attrs.evolve(held, pain_next_morning=pain)
            connection.execute(
                "UPDATE logs SET body = ? WHERE id = ?", (dumps(log, indent=None), row[0])
            )
            # The audit trail keeps the log as it was, as for any amendment; the report is
            # dated the morning after the session it belongs to.
            self._note(
                connection,
                log_id=int(row[0]),
                action="amended",
                on=on + dt.timedelta(days=1),
                reason="next-morning pain reported",
                before=held,
                after=log,
            )
        return log

    # -- reviews ---------------------------------------------------------------------------

    def add_review(self, review: Any) -> None:
        """Record a clinician's review (``footdrop.progression.Review``) in the audit trail.

        Record it with the routine it changed: apply it with
        ``footdrop.progression.record_review`` and save that routine too.

        Raises:
            footdrop.exceptions.InvalidTypeError: *review* is not a ``Review``.
            footdrop.exceptions.JournalError: The journal cannot be written.

        .. versionadded:: 0.2.0
        """
        from footdrop.model._decision import Review  # noqa: PLC0415 - read only with reviews

        given: object = review
        if not isinstance(given, Review):
            msg = f"'review' must be a footdrop.progression.Review (got {given!r:.80})."
            raise InvalidTypeError(msg, field="review", value=given, expected="Review")
        body = dumps(review, indent=None)
        with self._write() as connection:
            connection.execute(
                "INSERT INTO reviews (on_date, body) VALUES (?, ?)",
                (review.on.isoformat(), body),
            )

    def reviews(self) -> tuple[Any, ...]:
        """The clinicians' reviews held (``footdrop.progression.Review``), oldest first.

        .. versionadded:: 0.2.0
        """
        from footdrop.model._decision import Review  # noqa: PLC0415 - read only with reviews

        rows = self._read(
            lambda c: c.execute("SELECT id, body FROM reviews ORDER BY id").fetchall()
        )
        return tuple(self._load(body, Review, f"review {row_id}") for row_id, body in rows)

    # -- screenings ------------------------------------------------------------------------

    def add_screening(self, screening: Screening) -> bool:
        """Record a red-flag screening (clear or not); durable when this returns.

        Screenings with red flags are kept too: they are the record that halts plans.

        Args:
            screening: A dated screening (its answers may be incomplete).

        Returns:
            ``True`` when recorded, ``False`` when the journal holds this very
            screening already (the same time and answers), so nothing was lost.

        Raises:
            footdrop.exceptions.InvalidTypeError: *screening* is not a Screening.
            footdrop.exceptions.InvalidValueError: *screening* is undated.
            footdrop.exceptions.JournalRecordError: Another screening is held for the same moment.
            footdrop.exceptions.JournalError: The journal cannot be written.

        .. versionadded:: 0.1.0
        """
        given: object = screening
        if not isinstance(given, Screening):
            msg = f"'screening' must be a footdrop.safety.Screening (got {given!r:.80})."
            raise InvalidTypeError(msg, field="screening", value=given, expected="Screening")
        if screening.taken_at is None:
            msg = (
                "'screening.taken_at' is missing: the journal keeps dated screenings only; "
                "record when the questions were answered."
            )
            raise InvalidValueError(msg, field="screening.taken_at", value=None)
        moment = _utc_text(screening.taken_at)
        body = dumps(screening, indent=None)
        with self._write() as connection:
            row = connection.execute(
                "SELECT body FROM screenings WHERE taken_at = ?", (moment,)
            ).fetchone()
            if row is not None:
                if self._load(row[0], Screening, f"screening of {moment}") == screening:
                    return False
                msg = (
                    f"the journal already holds a different screening taken at {moment}: "
                    f"nothing was recorded; give each screening its own time ({self._path})"
                )
                raise JournalRecordError(msg, path=str(self._path), key=f"screening at {moment}")
            connection.execute(
                "INSERT INTO screenings (taken_at, body) VALUES (?, ?)", (moment, body)
            )
        return True

    def screenings(self) -> tuple[Screening, ...]:
        """Every screening held, oldest first (by when it was taken).

        .. versionadded:: 0.1.0
        """
        rows = self._read(
            lambda c: c.execute(
                "SELECT taken_at, body FROM screenings ORDER BY taken_at, id"
            ).fetchall()
        )
        return tuple(self._load(body, Screening, f"screening of {at}") for at, body in rows)

    def last_screening(self) -> Screening | None:
        """The screening taken last, or ``None`` when none is held.

        .. versionadded:: 0.1.0
        """
        row = self._read(
            lambda c: c.execute(
                "SELECT taken_at, body FROM screenings ORDER BY taken_at DESC, id DESC LIMIT 1"
            ).fetchone()
        )
        if row is None:
            return None
        found: Screening = self._load(row[1], Screening, f"screening of {row[0]}")
        return found

    # -- corrections -----------------------------------------------------------------------

    def entries(
        self,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        exercise_id: str | None = None,
    ) -> tuple[LogEntry, ...]:
        """The logs held with their ids, in the order of :meth:`logs`.

        Args:
            since: Keep logs on or after this date.
            until: Keep logs on or before this date.
            exercise_id: Keep logs of this exercise.

        Raises:
            footdrop.exceptions.JournalError: The journal cannot be read.

        .. versionadded:: 0.2.0
        """
        if self._is_blank:
            return ()
        clauses, values = [], []
        if since is not None:
            clauses.append("on_date >= ?")
            values.append(since.isoformat())
        if until is not None:
            clauses.append("on_date <= ?")
            values.append(until.isoformat())
        if exercise_id is not None:
            clauses.append("exercise_id = ?")
            values.append(exercise_id)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        query = f"SELECT id, body FROM logs{where} ORDER BY on_date, id"  # noqa: S608 - fixed clauses
        rows = self._read(lambda c: c.execute(query, values).fetchall())
        return tuple(
            LogEntry(id=int(row_id), log=self._load(body, ExerciseLog, f"log {row_id}"))
            for row_id, body in rows
        )

    def entry(self, log_id: int) -> LogEntry:
        """The log with id *log_id*.

        Raises:
            footdrop.exceptions.JournalRecordError: No log has this id (it was
                withdrawn, or never recorded); the message says which.

        .. versionadded:: 0.2.0
        """
        if self._is_blank:
            raise self._no_log(log_id)
        row = self._read(
            lambda c: c.execute("SELECT body FROM logs WHERE id = ?", (log_id,)).fetchone()
        )
        if row is None:
            raise self._no_log(log_id)
        return LogEntry(id=log_id, log=self._load(row[0], ExerciseLog, f"log {log_id}"))

    def _no_log(self, log_id: int) -> JournalRecordError:
        withdrawn = (
            None
            if self._is_blank
            else self._read(
                lambda c: c.execute(
                    "SELECT on_date FROM log_corrections WHERE log_id = ? AND action = 'withdrawn'",
                    (log_id,),
                ).fetchone()
            )
        )
        if withdrawn is not None:
            msg = (
                f"log {log_id} was withdrawn on {withdrawn[0]}: it stays in the audit trail "
                f"but cannot be changed; record the correct log afresh ({self._path})"
            )
        else:
            msg = (
                f"the journal holds no log with id {log_id}: list the ids with "
                f"'footdrop history' ({self._path})"
            )
        return JournalRecordError(msg, path=str(self._path), key=f"log {log_id}")

    def next_session(self, on: dt.date, exercise_id: str, side: Side | None) -> int:
        """The first session number not yet logged for *exercise_id* and *side* on *on*.

        Withdrawn logs free their session number.

        .. versionadded:: 0.2.0
        """
        if self._is_blank:
            return 1
        rows = self._read(
            lambda c: c.execute(
                "SELECT session FROM logs WHERE on_date = ? AND exercise_id = ? AND side = ?",
                (on.isoformat(), exercise_id, _side_text(side)),
            ).fetchall()
        )
        taken = {int(row[0]) for row in rows}
        return next(n for n in range(1, len(taken) + 2) if n not in taken)

    def amend_log(
        self, log_id: int, log: ExerciseLog, *, on: dt.date, reason: str | None = None
    ) -> Correction:
        """Replace the log *log_id* with *log*, keeping the old version in the audit trail.

        The log keeps its id. Its exercise and side cannot change (withdraw it
        and record a new log instead); its date, session and every value can.

        Args:
            log_id: The log to amend.
            log: The corrected log.
            on: The date the correction is made.
            reason: Why, or ``None``.

        Returns:
            The audit-trail entry.

        Raises:
            footdrop.exceptions.JournalRecordError: No log has this id, the exercise
                or side differ, or the new date and session clash with another log.
            footdrop.exceptions.InvalidTypeError: *log* is not an ExerciseLog.
            footdrop.exceptions.JournalError: The journal cannot be written.

        .. versionadded:: 0.2.0
        """
        given: object = log
        if not isinstance(given, ExerciseLog):
            msg = f"'log' must be an ExerciseLog (got {given!r:.80})."
            raise InvalidTypeError(msg, field="log", value=given, expected="ExerciseLog")
        with self._write() as connection:
            before = self._held(connection, log_id)
            if (before.exercise_id, before.side) != (log.exercise_id, log.side):
                msg = (
                    f"log {log_id} is of {_describe_key(before)}: an amendment cannot change "
                    "the exercise or the side; withdraw it and record a new log instead "
                    f"({self._path})"
                )
                raise JournalRecordError(msg, path=str(self._path), key=f"log {log_id}")
            try:
                connection.execute(
                    "UPDATE logs SET on_date = ?, session = ?, body = ? WHERE id = ?",
                    (log.on.isoformat(), log.session, dumps(log, indent=None), log_id),
                )
            except sqlite3.IntegrityError:
                key = _describe_key(log)
                msg = (
                    f"the journal already holds another log for {key}: nothing was changed; "
                    f"choose another session number ({self._path})"
                )
                raise JournalRecordError(msg, path=str(self._path), key=key) from None
            return self._note(
                connection,
                log_id=log_id,
                action="amended",
                on=on,
                reason=reason,
                before=before,
                after=log,
            )

    def withdraw_log(self, log_id: int, *, on: dt.date, reason: str | None = None) -> Correction:
        """Take the log *log_id* out of the history, keeping it in the audit trail.

        Its date and session are free again, so the correct log can be recorded.

        Args:
            log_id: The log to withdraw.
            on: The date the withdrawal is made.
            reason: Why, or ``None``.

        Returns:
            The audit-trail entry.

        Raises:
            footdrop.exceptions.JournalRecordError: No log has this id.
            footdrop.exceptions.JournalError: The journal cannot be written.

        .. versionadded:: 0.2.0
        """
        with self._write() as connection:
            before = self._held(connection, log_id)
            connection.execute("DELETE FROM logs WHERE id = ?", (log_id,))
            return self._note(
                connection,
                log_id=log_id,
                action="withdrawn",
                on=on,
                reason=reason,
                before=before,
                after=None,
            )

    def corrections(self, *, log_id: int | None = None) -> tuple[Correction, ...]:
        """The audit trail: every amendment and withdrawal, in the order made.

        Args:
            log_id: Keep the corrections of this log only.

        .. versionadded:: 0.2.0
        """
        if self._is_blank:
            return ()
        query = "SELECT id, log_id, action, on_date, reason, before, after FROM log_corrections"
        values: tuple[int, ...] = ()
        if log_id is not None:
            query += " WHERE log_id = ?"
            values = (log_id,)
        rows = self._read(lambda c: c.execute(query + " ORDER BY id", values).fetchall())
        return tuple(
            Correction(
                id=int(row_id),
                log_id=int(of),
                action=action,
                on=dt.date.fromisoformat(day),
                reason=reason,
                before=self._load(before, ExerciseLog, f"correction {row_id}"),
                after=None
                if after is None
                else self._load(after, ExerciseLog, f"correction {row_id}"),
            )
            for row_id, of, action, day, reason, before, after in rows
        )

    def _held(self, connection: sqlite3.Connection, log_id: int) -> ExerciseLog:
        row = connection.execute("SELECT body FROM logs WHERE id = ?", (log_id,)).fetchone()
        if row is None:
            raise self._no_log(log_id)
        held: ExerciseLog = self._load(row[0], ExerciseLog, f"log {log_id}")
        return held

    def _note(
        self,
        connection: sqlite3.Connection,
        *,
        log_id: int,
        action: _Action,
        on: dt.date,
        reason: str | None,
        before: ExerciseLog,
        after: ExerciseLog | None,
    ) -> Correction:
        cursor = connection.execute(
            "INSERT INTO log_corrections (log_id, action, on_date, reason, before, after) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                log_id,
                action,
                on.isoformat(),
                reason,
                dumps(before, indent=None),
                None if after is None else dumps(after, indent=None),
            ),
        )
        return Correction(
            id=int(cursor.lastrowid or 0),
            log_id=log_id,
            action=action,
            on=on,
            reason=reason,
            before=before,
            after=after,
        )


def _utc_text(moment: dt.datetime) -> str:
    """*moment* in UTC as fixed-width ISO text, so that text order is time order."""
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _is_writable(path: Path) -> bool:
    """Whether *path* and its folder can be written (false on read-only media, even for root)."""
    try:
        if os.statvfs(path).f_flag & os.ST_RDONLY:
            return False
    except (AttributeError, OSError):  # no statvfs on Windows
        pass
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _next_log_id(connection: sqlite3.Connection) -> int:
    """The next log id: after every id held or withdrawn, so an id is never given twice."""
    has_trail = connection.execute(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'log_corrections'"
    ).fetchone()[0]
    trail = "coalesce((SELECT max(log_id) FROM log_corrections), 0)" if has_trail else "0"
    row = connection.execute(
        f"SELECT max(coalesce((SELECT max(id) FROM logs), 0), {trail})"  # noqa: S608 - fixed text
    ).fetchone()
    return int(row[0]) + 1


def _rollback(connection: sqlite3.Connection) -> None:
    if connection.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
