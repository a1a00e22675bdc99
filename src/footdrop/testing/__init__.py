"""Helpers for testing code built on footdrop, and Hypothesis strategies.

Importing this package needs Hypothesis (a test dependency, not a runtime one).

.. versionadded:: 0.1.0
"""
