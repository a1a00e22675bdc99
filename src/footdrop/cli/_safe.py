"""Text made inert for a terminal: the escaper every line the command prints goes through.

Kept apart from ``_output`` so that printing a usage error imports only this.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import re

from footdrop.cli._common import final

# ``typing`` is imported only by type checkers, so the command starts without it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import IO, Any


#: What a terminal would act on rather than show: C0 controls but tab and newline,
#: DEL, C1 controls (CSI among them), lone surrogates, and the bidirectional
#: controls that reorder what is shown (the Trojan Source characters).
_TERMINAL_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def terminal_safe(text: str, *, html: bool = False) -> str:
    r"""*text* with every character a terminal would interpret shown as an escape.

    Each becomes ``\uXXXX``, which reads as what it is on a terminal and is the
    same string again inside JSON; with *html*, ``&#xXXXX;``, the same text to a
    browser.

    Example:
        >>> print(terminal_safe("30 sets\x1b[2K of \u202e10 reps"))
        30 sets\u001b[2K of \u202e10 reps
    """
    if html:
        return _TERMINAL_UNSAFE.sub(lambda m: f"&#x{ord(m.group()):04X};", text)
    return _TERMINAL_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@final
class SafeStream:
    """A text stream that passes every write through :func:`terminal_safe`.

    The command line writes its standard output through one, so no text from a
    routine, a journal or a document reaches the terminal raw.
    """

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(terminal_safe(text))

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
