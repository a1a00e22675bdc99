"""Exit statuses, the errors that end a command, and lazy imports for the commands.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

# ``typing`` is imported only by type checkers, so the command starts without it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final
    from typing import final as final  # noqa: PLC0414 - re-exported: the CLI modules take it from here
else:

    def final(cls: type) -> type:
        """At run time the decorator is a no-op: it tells only type checkers something."""
        return cls


# footdrop.exceptions (and attrs with it) is imported inside the functions that need it:
# ``footdrop --help`` must not pay for it.

#: Exit status of a command that did what it was asked.
EXIT_OK: Final = 0
#: Exit status of a command that failed (bad file, violations, journal error, ...).
EXIT_FAILURE: Final = 1
#: Exit status of a command line that is wrong (unknown option, bad value, ...), or of a
#: plan or progression with no valid red-flag screening to run under.
EXIT_USAGE: Final = 2
#: Exit status of a command stopped by a red flag: the urgent-care message is on stderr.
EXIT_RED_FLAG: Final = 3

PROG: Final = "footdrop"
FORMATS: Final = ("text", "json", "ics", "fhir", "html", "md", "csv", "pdf")
DEFAULT_WINDOW: Final = "08:00-20:00"
#: Plans at least this long show a progress indicator on a terminal.
LONG_PLAN_DAYS: Final = 28
MAX_DAYS: Final = 3660
#: --rescreen-days: the lowest, the default and the highest (footdrop.safety's bounds,
#: repeated here so that --help imports nothing heavy; a test keeps them in step).
RESCREEN_DAYS_LIMITS: Final = (1, 7, 28)


class UsageError(Exception):
    """The command line is wrong: exit 2 with this message."""


class CommandError(Exception):
    """The command failed for a reason the message explains: exit 1."""


def _need(module: str, name: str, feature: str) -> Any:
    """Import *name* from *module* when a command needs it."""
    import importlib  # noqa: PLC0415 - only for a command that runs

    from footdrop.exceptions import MissingExtraError  # noqa: PLC0415 - see the imports

    try:
        found = importlib.import_module(module)
        return getattr(found, name)
    except MissingExtraError:
        raise
    except ModuleNotFoundError as exc:
        missing = exc.name or ""
        if missing.startswith("footdrop"):
            msg = f"{feature} is not available yet in this footdrop ({module}.{name} is missing)"
            raise CommandError(msg) from None
        extras = {"icalendar": "ical", "pandas": "notebook", "fpdf": "pdf"}
        extra = extras.get(missing.split(".")[0], missing)
        raise MissingExtraError(extra=extra, package=missing, feature=feature) from None
    except AttributeError:
        msg = f"{feature} is not available yet in this footdrop ({module}.{name} is missing)"
        raise CommandError(msg) from None


def _one_line(exc: BaseException) -> str:
    """An exception's message; a document error with one problem fits on one line."""
    from footdrop.exceptions import DocumentError  # noqa: PLC0415 - see the imports

    if isinstance(exc, DocumentError) and len(exc.problems) == 1:
        return str(exc.problems[0])
    return str(exc)
