"""Exports: one module per output format.

* :mod:`footdrop.export.fhir`: FHIR R4 and R5 bundles (plain dicts).
* :mod:`footdrop.export.ical`: iCalendar (needs ``footdrop[ical]``).
* :mod:`footdrop.export.html`: printable handouts and notebook HTML.
* :mod:`footdrop.export.markdown`: the handout as Markdown.
* :mod:`footdrop.export.pdf`: the handout as PDF (needs ``footdrop[pdf]``).
* :mod:`footdrop.export.csv`: a plan as CSV, one row per session item.
* :mod:`footdrop.export.frame`: pandas DataFrames (needs ``footdrop[notebook]``).
* :mod:`footdrop.export.plot`: matplotlib plots (needs ``footdrop[notebook]``).

Exports import the core; the core never imports them.

.. versionadded:: 0.1.0
"""
