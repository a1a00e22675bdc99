"""The Hypothesis entry-point hook, kept apart so it resolves during a circular import.

When :mod:`footdrop.testing.strategies` is what first imports Hypothesis,
Hypothesis runs its entry points while that module is still half-built. The
hook is imported there before Hypothesis, so the entry point always resolves;
it registers nothing until the module is complete, and the module calls it
once more at its end.
"""

from __future__ import annotations

import sys

__all__ = ["_hypothesis_setup_hook"]


def _hypothesis_setup_hook() -> None:
    """Register footdrop's strategies with :func:`hypothesis.strategies.from_type`.

    Hypothesis calls this through the ``hypothesis`` entry point declared in
    footdrop's ``pyproject.toml``. Enums (``Side``, ``Weekday``, ...) need no
    registration: ``st.from_type`` samples their members already.

    .. versionadded:: 0.1.0
    """
    module = sys.modules.get("footdrop.testing.strategies")
    registry = getattr(module, "_REGISTRY", None)
    if registry is None:  # still importing: the module calls this again when complete
        return
    from hypothesis import strategies  # noqa: PLC0415 - Hypothesis may still be importing

    for cls, strategy in registry.items():
        strategies.register_type_strategy(cls, strategy)
