"""The compact JSON writer of :func:`footdrop.export.fhir.to_fhir_json`: orjson when installed.

Both writers give the same bytes. orjson and the standard library agree on every string
(both escape only the quote, the backslash and the characters below U+0020, the same way), on whole
numbers and booleans; they spell a float differently only when Python writes it with an
exponent (``1e-05``, which orjson writes ``0.00001``, and ``1e+16``). A value holding such a
float, a number orjson cannot write (beyond 64 bits), a lone surrogate or anything but plain
JSON types goes to the standard library, so the choice of writer never shows in the text.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Final

from footdrop.serialisation._fast import optional_orjson, standard_compact

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["json_engine", "standard"]

_SEPARATORS: Final = (",", ":")
# Python writes a float with an exponent below this size and from 1e16 up (see float.__repr__).
_SMALLEST_PLAIN: Final = 1e-4
_LARGEST_PLAIN: Final = 1e16


#: *data* as compact JSON, by the standard library (the reference spelling).
standard = standard_compact


def _spelt_apart(data: Any) -> bool:
    """Whether *data* holds a float the two writers spell differently, or a type orjson changes.

    Only ``dict``, ``list``, ``str``, ``int``, ``bool`` and plain floats are written alike;
    anything else (a subclass, an enum, a tuple) is left to the standard library.
    """
    stack = [data]
    while stack:
        value = stack.pop()
        kind = type(value)
        if kind is dict:
            stack.extend(value.values())
        elif kind is list:
            stack.extend(value)
        elif kind is float:
            size = abs(value)
            if not math.isfinite(size) or size >= _LARGEST_PLAIN or 0 < size < _SMALLEST_PLAIN:
                return True
        elif kind is not str and kind is not int and kind is not bool and value is not None:
            return True
    return False


def json_engine() -> Callable[[Any], str]:
    """The compact writer to use: orjson when it is installed, else :func:`standard`."""
    orjson = optional_orjson()
    if orjson is None:
        return standard

    def encode(data: Any) -> str:
        if _spelt_apart(data):
            return standard(data)
        try:
            text: str = orjson.dumps(data).decode()
        except orjson.JSONEncodeError:  # a lone surrogate, a number beyond 64 bits
            return standard(data)
        return text

    return encode
