"""The model layer: footdrop's immutable value objects.

Kinds, ranges, doses, exercises, the rule protocol, prescriptions, routines,
availability, plans, logs and decisions. Everything here imports only
:mod:`footdrop.exceptions` and ``footdrop._validators``. Import the public names
from :mod:`footdrop` (``footdrop.Routine``); the modules in this package are private.
"""
