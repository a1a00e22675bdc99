"""The value types of the command's options: dates, windows, whole numbers, effort, zones.

Each turns an option's text into a value or raises :class:`argparse.ArgumentTypeError`
with a message saying how to write it.

.. versionadded:: 0.1.0
"""

# datetime is imported inside the functions that use it: --help does not need it.
# ruff: noqa: PLC0415

from __future__ import annotations

import argparse
import re

from footdrop.cli._zone import _valid_zone

# ``typing`` is imported only by type checkers, so the command starts without it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WINDOW = re.compile(r"(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})")


def _date(text: str) -> dt.date:
    import datetime as dt

    if not _DATE.fullmatch(text.strip()):
        msg = f"{text!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-11-24"
        raise argparse.ArgumentTypeError(msg)
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as exc:
        msg = f"{text!r} is not a real date ({exc}): write it as YYYY-MM-DD"
        raise argparse.ArgumentTypeError(msg) from None


def _window(text: str) -> tuple[dt.time, dt.time]:
    import datetime as dt

    match = _WINDOW.fullmatch(text.strip())
    if not match:
        msg = f"{text!r} is not a window: write it as HH:MM-HH:MM, e.g. 07:30-21:30"
        raise argparse.ArgumentTypeError(msg)
    hours_a, minutes_a, hours_b, minutes_b = (int(g) for g in match.groups())
    try:
        start, end = dt.time(hours_a, minutes_a), dt.time(hours_b, minutes_b)
    except ValueError:
        msg = f"{text!r} is not a window: hours run 00-23 and minutes 00-59"
        raise argparse.ArgumentTypeError(msg) from None
    if end <= start:
        msg = (
            f"the window {text} ends before it starts: write the earlier time first; "
            "split a window that crosses midnight in two"
        )
        raise argparse.ArgumentTypeError(msg)
    return start, end


def _whole(lo: int, hi: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or not lo <= value <= hi:
            msg = f"must be a whole number from {lo} to {hi} (got {text!r})"
            raise argparse.ArgumentTypeError(msg)
        return value

    parse.__name__ = "whole number"
    return parse


def _effort(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 <= value <= 12:
        msg = f"must be a number from 0 to 12 on the Borg CR10 scale (got {text!r})"
        raise argparse.ArgumentTypeError(msg)
    return value


def _zone(text: str) -> str:
    if not _valid_zone(text):
        msg = f"{text!r} is not a known IANA time zone: use a name like Europe/London"
        raise argparse.ArgumentTypeError(msg)
    return text
