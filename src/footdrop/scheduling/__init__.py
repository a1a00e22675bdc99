"""The scheduling layer: duration estimates, the day and horizon searches, explanations.

It imports the models only, and shares nothing with :mod:`footdrop.checking`.
Call it through :func:`footdrop.schedule` and :func:`footdrop.iter_schedule`; the
modules in this package are private.
"""
