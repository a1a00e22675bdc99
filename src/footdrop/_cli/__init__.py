"""The parts of the ``footdrop`` command; :mod:`footdrop.cli` is its public face.

- :mod:`~footdrop._cli.common`: exit statuses, the errors that end a command, lazy imports.
- :mod:`~footdrop._cli.zone`: the system's time zone and today's date (the only clock read).
- :mod:`~footdrop._cli.args`: the value types of the options (dates, windows, numbers).
- :mod:`~footdrop._cli.parser`: the argument parser and every command's options.
- :mod:`~footdrop._cli.inputs`: reading documents, the journal, the routine and the windows.
- :mod:`~footdrop._cli.output`: writing results, the progress indicator, text renderings.
- :mod:`~footdrop._cli.plan_commands`: ``plan``, ``catalogue`` and ``check``.
- :mod:`~footdrop._cli.journal_commands`: ``log``, ``history`` and ``progress``.

Every module here imports only the standard library and :mod:`footdrop.exceptions` at
the top, so ``footdrop --help`` starts quickly; the commands import the rest lazily.

.. versionadded:: 0.1.0
"""
