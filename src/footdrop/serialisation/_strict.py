"""The standard library's JSON parser with footdrop's strict hooks, in one place.

:func:`parse_strict` is the one call both readers make: ``loads`` for a whole document
(:mod:`footdrop.serialisation._json`, which turns what it raises into problems with
their paths) and the one-pass plan reader for the pieces of one
(:mod:`footdrop.serialisation._read`, which gives up at anything it raises). Sharing it
means a piece is refused for exactly what the whole document would be refused for:
``NaN`` and ``Infinity``, a key repeated in one object, control characters in strings,
malformed text.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["Repeated", "parse_strict"]


def _reject_constant(name: str) -> Any:
    msg = f"{name} is not valid JSON: write a finite number"
    raise ValueError(msg)


class Repeated(dict[str, Any]):
    """A JSON object that held one or more keys twice (the names are in ``repeated``)."""

    repeated: tuple[str, ...] = ()


def _marked(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Build a JSON object, noting repeated keys instead of letting the last one win."""
    built: dict[str, Any] = {}
    repeated: list[str] = []
    for key, value in pairs:
        if key in built:
            repeated.append(key)
        built[key] = value
    if not repeated:
        return built
    marked = Repeated(built)
    marked.repeated = tuple(dict.fromkeys(repeated))
    return marked


def parse_strict(text: str) -> tuple[Any, bool]:
    """*text* parsed by :func:`json.loads` with the strict hooks, and whether a key repeated.

    When a key repeated, each object that repeated one is a :class:`Repeated` naming
    them (only then is the tree worth walking for them).

    Raises:
        json.JSONDecodeError: The text is not JSON.
        ValueError: It holds ``NaN``, ``Infinity`` or ``-Infinity``.
        RecursionError: It is nested too deeply for the parser.
    """
    repeats: list[bool] = []

    def build(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        built = dict(pairs)
        if len(built) == len(pairs):
            return built
        repeats.append(True)
        return _marked(pairs)

    data = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=build)
    return data, bool(repeats)
