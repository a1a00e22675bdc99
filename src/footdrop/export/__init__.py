"""Exports: one module per output format.

* :mod:`footdrop.export.fhir`: FHIR R4 and R5 bundles (plain dicts).
* :mod:`footdrop.export.ical`: iCalendar (needs ``footdrop[ical]``).
* :mod:`footdrop.export.html`: printable handouts and notebook HTML.
* :mod:`footdrop.export.frame`: pandas DataFrames (needs ``footdrop[notebook]``).

Exports import the core; the core never imports them.

.. versionadded:: 0.1.0
"""
