"""The system's time zone and today's date: the only clock footdrop reads.

.. versionadded:: 0.1.0
"""

# Imports inside functions keep start-up quick.
# ruff: noqa: PLC0415

from __future__ import annotations

import os

# ``typing`` is imported only by type checkers, so the command starts without it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable


def _valid_zone(name: str) -> bool:
    import zoneinfo

    if not name or name.startswith("/") or ".." in name:
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def _zone_from_path(path: str) -> str | None:
    marker = "zoneinfo/"
    if marker not in path:
        return None
    name = path.rsplit(marker, 1)[1]
    if name.startswith(("posix/", "right/")):
        name = name.split("/", 1)[1]
    return name if _valid_zone(name) else None


def _tzlocal_zone() -> str | None:
    """The system's IANA zone name as tzlocal reads it (Windows, macOS, Linux, BSD)."""
    import tzlocal

    name: str | None = tzlocal.get_localzone_name()
    return name


def system_zone(
    environ: dict[str, str] | os._Environ[str] | None = None,
    *,
    lookup: Callable[[], str | None] | None = None,
) -> tuple[str, str | None]:
    """The system's IANA time zone, and a note when it had to be guessed.

    Reads ``TZ`` (an IANA name, with or without a leading ``:``, or a path into
    a ``zoneinfo`` folder), then asks `tzlocal <https://pypi.org/project/tzlocal/>`_,
    which reads the system's setting on every platform: the ``/etc/localtime``
    link and ``/etc/timezone`` on Linux and the BSDs, the same link on macOS, and
    the registry on Windows, whose zone names it maps to IANA names. When nothing
    names a zone, returns ``"UTC"`` with a note saying so.

    Args:
        environ: The environment (``os.environ`` if not given).
        lookup: What asks the system for its zone name (tzlocal if not given);
            ``None`` from it, or an error, means the system names no zone.

    Returns:
        ``(zone, note)``: the zone name, and ``None`` or a sentence for stderr.

    Example:
        >>> system_zone({"TZ": "Europe/London"})
        ('Europe/London', None)
        >>> system_zone({"TZ": ":/usr/share/zoneinfo/America/New_York"})
        ('America/New_York', None)
        >>> system_zone({}, lookup=lambda: "Asia/Tokyo")
        ('Asia/Tokyo', None)
        >>> system_zone({}, lookup=lambda: None)[0]
        'UTC'

    .. versionadded:: 0.1.0
    """
    env = os.environ if environ is None else environ
    tz = env.get("TZ", "").strip().removeprefix(":")
    if tz:
        if _valid_zone(tz):
            return tz, None
        from_path = _zone_from_path(tz)
        if from_path:
            return from_path, None
    import zoneinfo

    ask = _tzlocal_zone if lookup is None else lookup
    try:
        found = ask()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError, LookupError):
        found = None
    if found and _valid_zone(found):
        return found, None
    note = (
        "could not tell this computer's time zone (no IANA name in TZ or the system settings): "
        "using UTC; pass --tz ZONE, e.g. --tz Europe/London"
    )
    return "UTC", note


def _now() -> dt.datetime:
    """Now, time-zone aware, in the system's zone (UTC when it cannot be told)."""
    import datetime as dt
    import zoneinfo

    # With _today, the only clock reads in footdrop: when a screening is taken or judged.
    return dt.datetime.now(zoneinfo.ZoneInfo(system_zone()[0]))


def _today(tz: str) -> dt.date:
    import datetime as dt
    import zoneinfo

    # The only clock read in footdrop: the command line's default dates.
    return dt.datetime.now(zoneinfo.ZoneInfo(tz)).date()
