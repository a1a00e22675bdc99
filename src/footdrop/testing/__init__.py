"""Helpers for testing code built on footdrop, and Hypothesis strategies.

* :func:`check_rule`: a contract test for custom progression rules.
* :func:`random_requests`: random people to plan, for batch tests and benchmarks.
* :func:`logs_following`: logs of a plan done as planned, some sittings skipped.
* :mod:`footdrop.testing.strategies`: Hypothesis strategies for every model,
  logs, histories and progression cases.

Importing this package needs Hypothesis (a test dependency, not a runtime one).
Its names are imported on first use (PEP 562): Hypothesis's entry point imports
``footdrop.testing._hook`` in every program that imports Hypothesis, and that
should not load footdrop's models.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from footdrop.testing._check_rule import check_rule
    from footdrop.testing._plan_logs import logs_following
    from footdrop.testing._population import random_requests

__all__ = ["check_rule", "logs_following", "random_requests"]

_LAZY = {
    "check_rule": "footdrop.testing._check_rule",
    "logs_following": "footdrop.testing._plan_logs",
    "random_requests": "footdrop.testing._population",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'footdrop.testing' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value
