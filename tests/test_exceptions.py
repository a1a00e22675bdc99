"""Tests for footdrop.exceptions: one hierarchy, each error also a fitting built-in."""

import inspect

import pytest

from footdrop import exceptions
from footdrop.exceptions import (
    DocumentError,
    FootdropError,
    InfeasibilityReason,
    InfeasibleScheduleError,
    InvalidTypeError,
    InvalidValueError,
    MissingExtraError,
    Problem,
    RedFlagError,
    SchemaVersionError,
    UnknownExerciseError,
)

BUILTIN_OF = [
    (InvalidValueError, ValueError),
    (InvalidTypeError, TypeError),
    (UnknownExerciseError, KeyError),
    (DocumentError, ValueError),
    (SchemaVersionError, ValueError),
    (InfeasibleScheduleError, ValueError),
    (RedFlagError, RuntimeError),
    (MissingExtraError, ImportError),
]


class TestHierarchy:
    @pytest.mark.parametrize(("error", "builtin"), BUILTIN_OF)
    def test_each_error_is_a_footdrop_error_and_a_builtin(self, error, builtin):
        """Each error can be caught as FootdropError or as the fitting built-in."""
        assert issubclass(error, FootdropError)
        assert issubclass(error, builtin)

    def test_every_exported_exception_derives_from_the_root(self):
        """Every exception class in footdrop.exceptions.__all__ is a FootdropError."""
        classes = [getattr(exceptions, n) for n in exceptions.__all__]
        errors = [c for c in classes if inspect.isclass(c) and issubclass(c, BaseException)]
        assert [] == [e.__name__ for e in errors if not issubclass(e, FootdropError)]

    def test_schema_version_error_is_a_document_error(self):
        """A schema-version problem is caught with the other document problems."""
        assert issubclass(SchemaVersionError, DocumentError)


class TestInvalidValues:
    def test_value_error_carries_its_data(self):
        """InvalidValueError keeps field, value and fix."""
        error = InvalidValueError(
            "'reps' must be within 1..100 (got 0).", field="reps", value=0, fix="use 1 or more"
        )
        assert ("reps", 0, "use 1 or more") == (error.field, error.value, error.fix)
        assert "'reps' must be within 1..100 (got 0)." == str(error)

    def test_type_error_carries_its_data(self):
        """InvalidTypeError keeps field, value and the expected type."""
        error = InvalidTypeError(
            "'reps' must be a whole number (got '3').", field="reps", value="3", expected="int"
        )
        assert ("reps", "3", "int") == (error.field, error.value, error.expected)


class TestUnknownExercise:
    def test_message_suggests_the_nearest(self):
        """The message names the nearest ids; str() is a sentence, not a repr."""
        error = UnknownExerciseError("ankle-evrsion", ["ankle-eversion", "ankle-inversion"])
        assert (
            "unknown exercise id 'ankle-evrsion': did you mean 'ankle-eversion' or "
            "'ankle-inversion'?"
        ) == str(error)
        assert ("ankle-eversion", "ankle-inversion") == error.suggestions

    def test_without_suggestions_points_to_the_list(self):
        """With nothing near, the message says how to list the ids."""
        error = UnknownExerciseError("xyz")
        assert () == error.suggestions
        assert "footdrop.catalogue().keys()" in str(error)

    def test_caught_as_key_error(self):
        """Code that catches KeyError catches an unknown id."""

        def look_up():
            raise UnknownExerciseError("xyz")  # noqa: EM101 - the id is the argument

        with pytest.raises(KeyError):
            look_up()


class TestDocumentErrors:
    def test_lists_every_problem_with_its_path(self):
        """The message lists each problem on its own line with its JSON path."""
        error = DocumentError(
            [
                Problem(path="$.dose.reps", message="'reps' must lie within 1..100 (got 0-15)"),
                Problem(path="$.name", message="'name' must be text (got 5)"),
            ]
        )
        assert (
            "the document has 2 problem(s):\n"
            "  - 'reps' must lie within 1..100 (got 0-15) @ $.dose.reps\n"
            "  - 'name' must be text (got 5) @ $.name"
        ) == str(error)
        assert 2 == len(error.problems)

    def test_newer_schema_asks_to_upgrade(self):
        """A newer schema version says to upgrade footdrop."""
        error = SchemaVersionError(found=3, supported=1)
        assert (3, 1) == (error.found, error.supported)
        assert "newer than the 1 this footdrop reads: upgrade footdrop" in str(error)
        assert "$.schema_version" == error.problems[0].path

    @pytest.mark.parametrize("found", ["1", True, 0])
    def test_malformed_schema_version(self, found):
        """A malformed version names the allowed range and shows what was found."""
        error = SchemaVersionError(found=found, supported=1)
        assert f"(got {found!r})" in str(error)
        assert "upgrade" not in str(error)


class TestOtherErrors:
    def test_infeasible_lists_reasons(self):
        """InfeasibleScheduleError keeps its reasons and lists their messages."""
        reason = InfeasibilityReason(
            constraint="spacing",
            message="ankle-eversion needs 2 sessions 3 h apart.",
            exercise_id="ankle-eversion",
            needed=180,
            available=120,
            unit="minutes",
        )
        error = InfeasibleScheduleError([reason])
        assert (reason,) == error.reasons
        assert "  - ankle-eversion needs 2 sessions 3 h apart." in str(error)
        assert "ankle-eversion needs 2 sessions 3 h apart." == str(reason)

    def test_red_flag_carries_advice(self):
        """RedFlagError keeps the flags and the urgent-care advice."""
        error = RedFlagError("stop", flags=["new weakness"], advice="Call emergency services.")
        assert (("new weakness",), "Call emergency services.") == (error.flags, error.advice)

    def test_missing_extra_names_the_install_command(self):
        """MissingExtraError says exactly what to install."""
        error = MissingExtraError(extra="ical", package="icalendar", feature="iCalendar export")
        assert 'pip install "footdrop[ical]"' in str(error)
        assert ("ical", "icalendar", "icalendar") == (error.extra, error.package, error.name)

    def test_problem_is_immutable(self):
        """Problems are frozen value objects."""
        problem = Problem(path="$", message="bad")
        with pytest.raises(AttributeError):
            problem.path = "$.x"  # type: ignore[misc]


PICKLE_SAMPLES = [
    InvalidValueError("'reps' must be within 1..100 (got 0).", field="reps", value=0, fix="use 1"),
    InvalidTypeError("'reps' must be a whole number.", field="reps", value="1", expected="int"),
    UnknownExerciseError("ankle-eversoin", ["ankle-eversion"]),
    DocumentError([Problem(path="$.reps", message="'reps' is required but missing")]),
    SchemaVersionError(found=99, supported=1),
    InfeasibleScheduleError(
        [InfeasibilityReason(constraint="spacing", message="too tight", needed=240.0)]
    ),
    RedFlagError("stop", flags=["sudden-weakness"], advice="call for help"),
    MissingExtraError(extra="ical", package="icalendar", feature="calendar export"),
    exceptions.JournalError("not a journal", path="journal.sqlite3", fix="choose another file"),
]


class TestPickling:
    @pytest.mark.parametrize("error", PICKLE_SAMPLES, ids=lambda e: type(e).__name__)
    def test_round_trips_with_message_and_attributes(self, error):
        """Errors survive pickling (multiprocessing, task queues) with message and data."""
        import pickle

        copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object
        assert type(error) is type(copy)
        assert str(error) == str(copy)
        assert vars(error) == vars(copy)

    def test_missing_extra_keeps_the_package_name(self):
        """The ImportError ``name`` of MissingExtraError survives pickling."""
        import pickle

        error = MissingExtraError(extra="ical", package="icalendar", feature="calendar export")
        assert "icalendar" == pickle.loads(pickle.dumps(error)).name  # noqa: S301


class TestSchemaVersionMessage:
    def test_missing_version_says_missing(self):
        """A document without schema_version is told the key is missing, not '(got None)'."""
        error = SchemaVersionError(found=None, supported=1)
        assert "'schema_version' is missing" in str(error)
        assert "None" not in str(error)
