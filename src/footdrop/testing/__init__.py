"""Helpers for testing code built on footdrop, and Hypothesis strategies.

* :func:`check_rule`: a contract test for custom progression rules.
* :func:`random_requests`: random people to plan, for batch tests and benchmarks.
* :mod:`footdrop.testing.strategies`: Hypothesis strategies for every model,
  logs, histories and progression cases.

Importing this package needs Hypothesis (a test dependency, not a runtime one).

.. versionadded:: 0.1.0
"""

from footdrop.testing._check_rule import check_rule
from footdrop.testing._population import random_requests

__all__ = ["check_rule", "random_requests"]
