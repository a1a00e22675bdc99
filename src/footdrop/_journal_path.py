"""Where the journal lives when no path is given.

Only the standard library and platformdirs: the command line asks for the path (and
whether a journal is there) without importing :mod:`footdrop.journal`, its SQLite
code or the models. :mod:`footdrop.journal` re-exports :func:`default_path`,
:data:`ENV_VAR` and :data:`FILE_NAME`, their public names.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["ENV_VAR", "FILE_NAME", "default_path"]

#: The environment variable that names the journal file, overriding the platform default.
ENV_VAR: Final = "FOOTDROP_JOURNAL"

#: The journal's file name inside the data directory.
FILE_NAME: Final = "journal.sqlite3"


def default_path(
    *,
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
) -> Path:
    r"""Where the journal lives when no path is given.

    ``FOOTDROP_JOURNAL`` wins when set. Otherwise the per-user data folder that
    `platformdirs <https://platformdirs.readthedocs.io/>`_ names for the
    platform, with a ``footdrop`` folder inside it and the file
    ``journal.sqlite3`` in that:

    * Linux and other Unix systems: ``$XDG_DATA_HOME/footdrop`` when
      ``XDG_DATA_HOME`` is an absolute path, else ``~/.local/share/footdrop``;
    * macOS: ``~/Library/Application Support/footdrop``;
    * Windows: ``%LOCALAPPDATA%\footdrop``, usually
      ``C:\Users\<name>\AppData\Local\footdrop`` (local, not roaming: a journal
      is a file on this computer, not a setting to copy between computers). A
      journal that an earlier footdrop kept in the roaming folder
      (``%APPDATA%\footdrop``) is still used while no local one exists, so no
      history is left behind.

    Args:
        environ: The environment to read ``FOOTDROP_JOURNAL`` from (``os.environ``
            if not given).
        platform: A ``sys.platform`` value whose convention to follow (this
            machine's if not given). The folders themselves come from this
            process's environment (``HOME``, ``XDG_DATA_HOME``, ``LOCALAPPDATA``).

    Returns:
        The journal's path (which may not exist yet).

    Example:
        >>> default_path(environ={"FOOTDROP_JOURNAL": "/data/anna.sqlite3"}).as_posix()
        '/data/anna.sqlite3'
        >>> default_path().name
        'journal.sqlite3'

    .. versionadded:: 0.1.0
    """
    env = os.environ if environ is None else environ
    if env.get(ENV_VAR):
        return Path(env[ENV_VAR]).expanduser()
    found = _data_folder(platform) / "footdrop" / FILE_NAME
    if (platform or sys.platform).startswith("win") and not found.exists():
        roaming = _roaming_folder() / "footdrop" / FILE_NAME
        if roaming.exists():
            return roaming
    return found


def _roaming_folder() -> Path:
    """Windows' roaming application data folder, where footdrop kept its journal before."""
    from platformdirs.windows import Windows  # noqa: PLC0415 - Windows only

    return Windows(roaming=True).user_data_path


def _data_folder(platform: str | None) -> Path:
    """The per-user data folder of *platform* (this machine's if ``None``), from platformdirs."""
    # Imported here: only the journal's commands pay for platformdirs.
    import platformdirs  # noqa: PLC0415

    if platform is None:
        found: Path = platformdirs.user_data_path()
        return found
    from platformdirs.macos import MacOS  # noqa: PLC0415
    from platformdirs.unix import Unix  # noqa: PLC0415
    from platformdirs.windows import Windows  # noqa: PLC0415

    dirs: type[platformdirs.api.PlatformDirsABC] = Unix
    if platform.startswith("win"):
        dirs = Windows
    elif platform == "darwin":
        dirs = MacOS
    return dirs().user_data_path
