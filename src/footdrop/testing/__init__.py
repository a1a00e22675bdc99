"""Helpers for testing code built on footdrop, and Hypothesis strategies.

* :func:`check_rule`: a contract test for custom progression rules.
* :mod:`footdrop.testing.strategies`: Hypothesis strategies for every model,
  logs, histories and progression cases.

Importing this package needs Hypothesis (a test dependency, not a runtime one).
Its names are imported on first use (PEP 562): Hypothesis's entry point imports
``footdrop.testing._hook`` in every program that imports Hypothesis, and that
should not load footdrop's models.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from footdrop.testing._check_rule import check_rule

__all__ = ["check_rule"]


def __getattr__(name: str) -> Any:
    if name == "check_rule":
        from footdrop.testing._check_rule import check_rule  # noqa: PLC0415 - on first use

        globals()[name] = check_rule
        return check_rule
    msg = f"module 'footdrop.testing' has no attribute {name!r}"
    raise AttributeError(msg)
