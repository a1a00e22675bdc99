"""The system's time zone and today's date: the only clock footdrop reads.

.. versionadded:: 0.1.0
"""

# Imports inside functions keep start-up quick.
# ruff: noqa: PLC0415

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path


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


def system_zone(
    environ: dict[str, str] | os._Environ[str] | None = None,
    localtime: str | os.PathLike[str] = "/etc/localtime",
) -> tuple[str, str | None]:
    """The system's IANA time zone, and a note when it had to be guessed.

    Reads ``TZ`` (an IANA name, with or without a leading ``:``, or a path into
    a ``zoneinfo`` folder), then the ``/etc/localtime`` link (Linux, macOS).
    When neither names a zone, returns ``"UTC"`` with a note saying so.

    Args:
        environ: The environment (``os.environ`` if not given).
        localtime: The path of the system's local-time link.

    Returns:
        ``(zone, note)``: the zone name, and ``None`` or a sentence for stderr.

    Example:
        >>> system_zone({"TZ": "Europe/London"})
        ('Europe/London', None)
        >>> system_zone({"TZ": ":/usr/share/zoneinfo/America/New_York"})
        ('America/New_York', None)
        >>> system_zone({}, localtime="/nonexistent")[0]
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
    try:
        target = os.path.realpath(localtime) if Path(localtime).is_symlink() else ""
    except OSError:
        target = ""
    from_link = _zone_from_path(target) if target else None
    if from_link:
        return from_link, None
    note = (
        "could not tell this computer's time zone (no IANA name in TZ or /etc/localtime): "
        "using UTC; pass --tz ZONE, e.g. --tz Europe/London"
    )
    return "UTC", note


def _now() -> dt.datetime:
    """Now, time-zone aware, in the system's zone (UTC when it cannot be told)."""
    import zoneinfo

    # With _today, the only clock reads in footdrop: when a screening is taken or judged.
    return dt.datetime.now(zoneinfo.ZoneInfo(system_zone()[0]))


def _today(tz: str) -> dt.date:
    import zoneinfo

    # The only clock read in footdrop: the command line's default dates.
    return dt.datetime.now(zoneinfo.ZoneInfo(tz)).date()
